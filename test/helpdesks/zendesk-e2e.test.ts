/**
 * The "done when": a signed Zendesk ticket.created for demo customer 17580 yields one
 * pending draft, and approving it posts one comment to the (fake) Zendesk. Then the follow-up,
 * retries and the failing-vendor path, on the database queue.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, drafts, tickets } from "../../src/db/schema";
import { helpdeskDeliveries, helpdeskPosts } from "../../src/db/schema-helpdesks";
import { zendeskCommentAdded, zendeskHeaders, zendeskTicketCreated } from "../fakes/helpdesks/payloads";
import { startHelpdeskApp, waitFor, type HelpdeskTestApp } from "./helpers";

let t: HelpdeskTestApp;
beforeAll(async () => {
  t = await startHelpdeskApp({ queue: "db", env: { HELPDESK_REPLY_MODE: "public", HELPDESK_TAGGING: "on" } });
  t.fake.users.set("17580001", { email: "17580@customers.example", name: "Ann Customer" });
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.rt.services.db;
const draftsOf = async (externalId: string) => {
  const [tk] = await db()
    .select()
    .from(tickets)
    .where(and(eq(tickets.source, "zendesk"), eq(tickets.externalId, externalId)));
  return tk ? db().select().from(drafts).where(eq(drafts.ticketId, tk.id)).orderBy(drafts.revision) : [];
};

async function sendCreated(ticketId: string, text: string) {
  const raw = JSON.stringify(zendeskTicketCreated(ticketId, "17580001", text));
  return t.post("zendesk", raw, zendeskHeaders(raw));
}

describe("a signed Zendesk ticket.created for customer 17580", () => {
  it("is acknowledged with 202, drafted once for the real customer, and its approval posts one public comment", async () => {
    const res = await sendCreated("9001", "I'm thinking about trying a different supplier. Your prices seem high compared to competitors.");
    expect(res.status).toBe(202);
    const ack = await res.json();
    expect(ack.status).toBe("accepted");

    const [draft] = await waitFor(async () => {
      const ds = await draftsOf("9001");
      return ds.length ? ds : undefined;
    }, "the draft");
    expect(draft!.status).toBe("pending_review");
    expect(draft!.decision).toMatchObject({ offer_discount: true });
    const pct = (draft!.decision as { discount_percent: number }).discount_percent;
    expect(pct).toBeGreaterThan(0);
    const [ticket] = await db().select().from(tickets).where(eq(tickets.id, draft!.ticketId));
    expect(ticket).toMatchObject({
      requesterEmail: "17580@customers.example",
      customerId: "gid://shopify/Customer/17580",
      channel: "web_form",
      helpdeskUrl: "https://shop.zendesk.com/agent/tickets/9001",
    });
    // The requester's email came from the Zendesk users API.
    expect(t.fake.requests.some((r) => r.method === "GET" && r.path === "/api/v2/users/17580001.json")).toBe(true);
    // ... and is kept with the processed delivery.
    const delivery = await waitFor(
      async () =>
        (
          await db()
            .select()
            .from(helpdeskDeliveries)
            .where(and(eq(helpdeskDeliveries.ticketExternalId, "9001"), eq(helpdeskDeliveries.status, "processed")))
        )[0],
      "the processed delivery",
    );
    expect(delivery).toMatchObject({ status: "processed", draftId: draft!.id, ticket: { requester: { email: "17580@customers.example" } } });
    expect((await draftsOf("9001")).length).toBe(1);

    const approved = await t.call("POST", `/v1/drafts/${draft!.id}/approve`, { reviewer: "agent@shop.example" });
    expect(approved.status).toBe(200);
    // What is sent: the approved body (no Shopify here, so no code was created and the code sentence is gone).
    const sentBody: string = (await approved.json()).body;
    expect(sentBody).not.toContain("{{discount_code}}");
    await t.helpdesks.dispatchDraft(draft!.id);
    const post = await waitFor(
      async () =>
        (
          await db()
            .select()
            .from(helpdeskPosts)
            .where(and(eq(helpdeskPosts.draftId, draft!.id), eq(helpdeskPosts.status, "sent")))
        )[0],
      "the post",
    );

    const comments = t.fake.writes().filter((r) => r.path === "/api/v2/tickets/9001.json");
    expect(comments).toHaveLength(1);
    expect(comments[0]!.method).toBe("PUT");
    expect(comments[0]!.body).toEqual({ ticket: { comment: { body: sentBody, public: true } } });
    expect(comments[0]!.headers.authorization).toBe(`Basic ${Buffer.from("agent@shop.example/token:zd-token").toString("base64")}`);
    expect(post.externalId).toMatch(/^\d+$/);
    // Tags are written after the post is recorded as sent.
    const tagCall = await waitFor(async () => t.fake.writes().find((r) => r.path === "/api/v2/tickets/9001/tags.json"), "the tag call");
    expect(tagCall?.body).toEqual({ tags: expect.arrayContaining([`copilot:offer-${pct}`]) });
    const posted = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, draft!.id), eq(auditEvents.action, "draft.posted")));
    expect(posted).toHaveLength(1);

    // Dispatching again (a second approval hook, the reconciler) posts nothing more.
    await t.helpdesks.dispatchDraft(draft!.id);
    await t.helpdesks.reconcile();
    expect(t.fake.writes().filter((r) => r.path === "/api/v2/tickets/9001.json")).toHaveLength(1);
  });

  it("acknowledges a vendor retry of the same event as a duplicate and drafts nothing more", async () => {
    const raw = JSON.stringify(zendeskTicketCreated("9002", "17580001", "My last order took forever to ship. This is getting frustrating."));
    expect((await t.post("zendesk", raw, zendeskHeaders(raw))).status).toBe(202);
    const again = await t.post("zendesk", raw, zendeskHeaders(raw));
    expect(again.status).toBe(200);
    expect((await again.json()).status).toBe("duplicate");
    await waitFor(async () => (await draftsOf("9002")).length > 0, "the draft");
    await waitFor(
      async () => (await db().select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.ticketExternalId, "9002")))[0]?.status === "processed",
      "processed",
    );
    expect(await draftsOf("9002")).toHaveLength(1);
  });
});

describe("a customer's follow-up on the same Zendesk ticket", () => {
  it("produces a fresh draft that supersedes the pending one, once per comment", async () => {
    await sendCreated("9003", "What thread colors would you recommend based on my previous orders?");
    const [first] = await waitFor(async () => {
      const ds = await draftsOf("9003");
      return ds.length ? ds : undefined;
    }, "the first draft");
    const raw = JSON.stringify(zendeskCommentAdded("9003", "17580001", "77001", "Actually my last order took forever to ship and I'm frustrated."));
    expect((await t.post("zendesk", raw, zendeskHeaders(raw))).status).toBe(202);
    const all = await waitFor(async () => {
      const ds = await draftsOf("9003");
      return ds.length === 2 ? ds : undefined;
    }, "the follow-up draft");
    expect(all.map((d) => [d.revision, d.status])).toEqual([
      [1, "superseded"],
      [2, "pending_review"],
    ]);
    expect(all[0]!.id).toBe(first!.id);
    // The new draft answers the follow-up (a shipping complaint), not the first question.
    expect(all[1]!.body).toMatch(/apologise/i);
    expect(all[0]!.body).not.toMatch(/apologise/i);
    // The same comment delivered again (a retry with a new signature) changes nothing.
    const dup = await t.post("zendesk", raw, zendeskHeaders(raw));
    expect((await dup.json()).status).toBe("duplicate");
    expect(await draftsOf("9003")).toHaveLength(2);
  });
});

describe("a failing Zendesk API", () => {
  it("leaves the approved draft approved_unsent with the error, dead-letters the job, and a retry posts it once", async () => {
    await sendCreated("9004", "I'm thinking about trying a different supplier. Your prices seem high compared to competitors.");
    const [draft] = await waitFor(async () => {
      const ds = await draftsOf("9004");
      return ds.length ? ds : undefined;
    }, "the draft");
    t.fake.failing = true;
    await t.call("POST", `/v1/drafts/${draft!.id}/approve`, {});
    await t.helpdesks.dispatchDraft(draft!.id);
    const failedJob = await waitFor(async () => {
      const res = await (await t.call("GET", "/v1/jobs?state=failed")).json();
      return res.items.find((j: { data: { draftId?: string } }) => j.data.draftId === draft!.id);
    }, "the dead letter");
    expect(failedJob).toMatchObject({ attempts: 3, max_attempts: 3 });
    expect(failedJob.last_error).toContain("503");
    const [d] = await db().select().from(drafts).where(eq(drafts.id, draft!.id));
    expect(d!.status).toBe("approved_unsent");
    const post = await (await t.call("GET", `/v1/helpdesk-posts/${draft!.id}`)).json();
    expect(post).toMatchObject({ status: "failed", attempts: 3, external_id: null });
    expect(post.error).toMatch(/zendesk API PUT \/api\/v2\/tickets\/9004\.json answered 503/);
    expect(t.fake.writes().filter((r) => r.path === "/api/v2/tickets/9004.json")).toHaveLength(3);

    t.fake.failing = false;
    const retry = await t.call("POST", `/v1/helpdesk-posts/${draft!.id}/retry`);
    expect(retry.status).toBe(202);
    await waitFor(async () => (await (await t.call("GET", `/v1/helpdesk-posts/${draft!.id}`)).json()).status === "sent", "the retried post");
    const [after] = await db().select().from(drafts).where(eq(drafts.id, draft!.id));
    expect(after!.status).toBe("approved");
    expect(t.fake.writes().filter((r) => r.path === "/api/v2/tickets/9004.json")).toHaveLength(4);
    expect((await t.call("POST", `/v1/helpdesk-posts/${draft!.id}/retry`)).status).toBe(409);
  });
});

describe("the inbound requester look-up", () => {
  const deliveryOf = (res: Response) => res.json().then((b: { delivery_id: string }) => b.delivery_id);
  const settled = (id: string, status: string) =>
    waitFor(async () => {
      const [d] = await db().select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, id));
      return d?.status === status ? d : undefined;
    }, `delivery ${status}`);

  it("names its step and the Users API's answer on the delivery, and fails at once for a requester Zendesk does not know", async () => {
    const raw = JSON.stringify(zendeskTicketCreated("9101", "404404", "Where is my order?"));
    const id = await deliveryOf(await t.post("zendesk", raw, zendeskHeaders(raw)));
    const d = await settled(id, "failed");
    expect(d.error).toMatch(/^try 1 of 3: zendesk requester look-up: zendesk API GET \/api\/v2\/users\/404404\.json answered 404/);
    expect(d.error).not.toMatch(/post back/);
    expect(await draftsOf("9101")).toHaveLength(0);
    // Its job goes on to the dead letter (to be run again once the user exists), failing each try the same way.
    await waitFor(
      async () => ((await (await t.call("GET", "/v1/jobs?state=failed")).json()).items as { id: string }[]).some((j) => j.id === `in-${id}`),
      "the dead letter",
    );
    expect((await settled(id, "failed")).error).toMatch(/^try 3 of 3: zendesk requester look-up: .* answered 404/);
  });

  it("records each failed try of an unavailable Users API, fails the delivery after the last, and drafts it when retried", async () => {
    t.fake.failNext = 3;
    const raw = JSON.stringify(zendeskTicketCreated("9102", "17580001", "Where is my order?"));
    const id = await deliveryOf(await t.post("zendesk", raw, zendeskHeaders(raw)));
    const d = await settled(id, "failed");
    expect(d.error).toMatch(/^try 3 of 3: zendesk requester look-up: zendesk API GET \/api\/v2\/users\/17580001\.json answered 503/);
    // The delivery records the last try inside the job; the queue moves the job to its dead letter
    // just after. An operator retries from the dead letter, so the test waits for it there.
    const deadJob = await waitFor(async () => {
      const res = await (await t.call("GET", "/v1/jobs?state=failed")).json();
      return res.items.find((j: { id: string }) => j.id === `in-${id}`);
    }, "the dead letter");
    expect(deadJob).toMatchObject({ attempts: 3, max_attempts: 3 });
    expect((await t.call("POST", `/v1/jobs/in-${id}/retry`)).status).toBe(200);
    const done = await settled(id, "processed");
    expect(done).toMatchObject({ error: null, ticket: { requester: { email: "17580@customers.example" } } });
    expect(await draftsOf("9102")).toHaveLength(1);
    // A job that is not failed is named with its state (409), an unknown one is 404.
    await waitFor(
      async () => ((await (await t.call("GET", "/v1/jobs?state=completed")).json()).items as { id: string }[]).some((j) => j.id === `in-${id}`),
      "the completed job",
    );
    const again = await t.call("POST", `/v1/jobs/in-${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(/problem\+json/);
    expect(await again.json()).toMatchObject({ status: 409, state: "completed", detail: expect.stringMatching(/is completed, not failed/) });
    expect((await t.call("POST", "/v1/jobs/in-no-such-delivery/retry")).status).toBe(404);
  });
});
