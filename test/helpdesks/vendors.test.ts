/**
 * Per vendor: a correctly signed (or shared-secret) webhook is accepted and mapped to the product's
 * ticket shape; a tampered body, a wrong secret, or a stale timestamp is refused with 401 and stores
 * nothing; the reply is posted to a local fake of the vendor API, which records it; a failing API
 * surfaces as an error. Signatures are built here from each vendor's documented algorithm.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helpdeskDeliveries } from "../../src/db/schema-helpdesks";
import { postReply } from "../../src/helpdesks/outbound";
import { VendorApiError } from "../../src/helpdesks/types";
import {
  FRESHDESK_SECRET,
  freshdeskTemplate,
  frontHeaders,
  frontInbound,
  frontRuleHeaders,
  GORGIAS_SECRET,
  gorgiasTemplate,
  helpscoutConversation,
  helpscoutHeaders,
  sharedHeaders,
  zendeskHeaders,
  zendeskTicketCreated,
} from "../fakes/helpdesks/payloads";
import { startHelpdeskApp, testHelpdeskConfig, type HelpdeskTestApp } from "./helpers";

let t: HelpdeskTestApp;
beforeAll(async () => {
  t = await startHelpdeskApp({ queue: "db", worker: false });
});
afterAll(async () => {
  await t?.close();
});

const deliveryCount = async () => (await t.rt.services.db.select({ n: count() }).from(helpdeskDeliveries))[0]!.n;
async function delivery(id: string) {
  const [d] = await t.rt.services.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, id));
  if (!d) throw new Error(`no delivery ${id}`);
  return d;
}
const tamper = (raw: string) => raw.replace("Kim", "Kym").replace("supplier", "suppliar").replace("prices", "pricez");

async function expectRefused(res: Response, before: number) {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(await deliveryCount()).toBe(before);
}

describe("Zendesk webhooks", () => {
  const raw = JSON.stringify(zendeskTicketCreated("5501", "42", "<p>Hello, I'm thinking about a <b>cheaper</b> supplier.</p>"));
  it("accepts a valid signature and maps the event, leaving the email to fetch", async () => {
    const res = await t.post("zendesk", raw, zendeskHeaders(raw));
    expect(res.status).toBe(202);
    const d = await delivery((await res.json()).delivery_id);
    expect(d).toMatchObject({
      vendor: "zendesk",
      kind: "created",
      eventType: "zen:event-type:ticket.created",
      ticketExternalId: "5501",
      meta: { requester_id: "42" },
    });
    expect(d.ticket).toMatchObject({
      external_id: "5501",
      source: "zendesk",
      subject: "Thinking about other suppliers",
      body: "Hello, I'm thinking about a cheaper supplier.",
      channel: "web_form",
      helpdesk_url: "https://shop.zendesk.com/agent/tickets/5501",
    });
    expect((d.ticket as { requester: object }).requester).toEqual({});
  });
  it("refuses a tampered body", async () => {
    const before = await deliveryCount();
    await expectRefused(await t.post("zendesk", raw.replace("cheaper", "cheapest"), zendeskHeaders(raw)), before);
  });
  it("refuses a signature whose timestamp is older than five minutes", async () => {
    const before = await deliveryCount();
    const body = JSON.stringify(zendeskTicketCreated("5502", "42", "stale"));
    const res = await t.post("zendesk", body, zendeskHeaders(body, new Date(Date.now() - 6 * 60_000)));
    await expectRefused(res, before);
    expect((await res.json()).detail).toMatch(/timestamp/);
  });
  it("refuses a missing signature", async () => {
    const before = await deliveryCount();
    await expectRefused(await t.post("zendesk", raw, { "content-type": "application/json" }), before);
  });
  it("acknowledges and ignores an event type it does not draft for", async () => {
    const body = JSON.stringify({ ...zendeskTicketCreated("5503", "42", "x"), type: "zen:event-type:ticket.priority_changed" });
    const res = await t.post("zendesk", body, zendeskHeaders(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ignored" });
  });
  it("answers a malformed payload with 400 problem+json naming the field", async () => {
    const before = await deliveryCount();
    const body = JSON.stringify({ type: "zen:event-type:ticket.created", id: "e1", detail: { subject: "no id" } });
    const res = await t.post("zendesk", body, zendeskHeaders(body));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).invalid_params.map((p: { name: string }) => p.name)).toContain("detail.id");
    const notJson = "{not json";
    expect((await t.post("zendesk", notJson, zendeskHeaders(notJson))).status).toBe(400);
    expect(await deliveryCount()).toBe(before);
  });
  it("maps the trigger-template shape with the requester's email", async () => {
    const body = JSON.stringify({
      copilot_event: "ticket.created",
      ticket: {
        id: "5504",
        subject: "Prices",
        description: "Your prices seem high.",
        url: "shop.zendesk.com/agent/tickets/5504",
        via: "Mail",
        created_at: "April 17, 2024 17:18",
        requester: { id: "42", email: "17580@customers.example", name: "Ann" },
      },
    });
    const res = await t.post("zendesk", body, zendeskHeaders(body));
    expect(res.status).toBe(202);
    const d = await delivery((await res.json()).delivery_id);
    expect(d.ticket).toMatchObject({
      external_id: "5504",
      requester: { email: "17580@customers.example", name: "Ann" },
      body: "Your prices seem high.",
      helpdesk_url: "https://shop.zendesk.com/agent/tickets/5504",
    });
  });
});

describe("Help Scout webhooks", () => {
  const convo = helpscoutConversation(3301, "kim@example.org", [
    { id: 101, body: "<div>Where is my <i>order</i>?</div>", createdAt: "2024-04-17T10:00:00Z" },
    { id: 102, body: "<div>Any news?<br>Kim</div>", createdAt: "2024-04-18T10:00:00Z" },
  ]);
  const raw = JSON.stringify(convo);
  it("accepts a valid signature and maps the latest customer thread", async () => {
    const res = await t.post("helpscout", raw, helpscoutHeaders(raw, "convo.customer.reply.created"));
    expect(res.status).toBe(202);
    const d = await delivery((await res.json()).delivery_id);
    expect(d).toMatchObject({ kind: "follow_up", eventKey: "thread:102", meta: { customer_id: "987", thread_id: "102", message_id: "thread:102" } });
    expect(d.ticket).toMatchObject({
      external_id: "3301",
      source: "helpscout",
      requester: { email: "kim@example.org", name: "Kim Lee" },
      subject: "Where is my order?",
      body: "Any news?\nKim",
      channel: "email",
      helpdesk_url: "https://secure.helpscout.net/conversation/3301/4321/",
    });
  });
  it("refuses a tampered body", async () => {
    const before = await deliveryCount();
    await expectRefused(await t.post("helpscout", tamper(raw), helpscoutHeaders(raw, "convo.created")), before);
  });
  it("stores a replayed delivery once (Help Scout signs no timestamp, so replays are deduplicated instead)", async () => {
    const before = await deliveryCount();
    const res = await t.post("helpscout", raw, helpscoutHeaders(raw, "convo.customer.reply.created"));
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("duplicate");
    expect(await deliveryCount()).toBe(before);
  });
  it("ignores events it does not draft for", async () => {
    const res = await t.post("helpscout", raw, helpscoutHeaders(raw, "convo.assigned"));
    expect(await res.json()).toMatchObject({ status: "ignored" });
  });
});

describe("Front webhooks", () => {
  const raw = JSON.stringify(frontInbound("cnv_55", "msg_77", "kim@example.org", "<p>Can I get a discount?</p>"));
  it("answers the X-Front-Challenge handshake", async () => {
    const body = JSON.stringify({ type: "sync", authorization: { id: "cmp_123" } });
    const res = await t.post("front", body, { ...frontHeaders(body), "x-front-challenge": "ch4ll3nge" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ch4ll3nge");
  });
  it("accepts a valid signature and maps the inbound message", async () => {
    const res = await t.post("front", raw, frontHeaders(raw));
    expect(res.status).toBe(202);
    const d = await delivery((await res.json()).delivery_id);
    expect(d).toMatchObject({ eventKey: "msg:msg_77", ticketExternalId: "cnv_55" });
    expect(d.ticket).toMatchObject({
      source: "front",
      requester: { email: "kim@example.org", name: "Kim Lee" },
      subject: "Discount?",
      body: "Can I get a discount?",
      helpdesk_url: "https://app.frontapp.com/open/cnv_55",
      created_at: "2024-04-17T17:18:10.000Z",
    });
  });
  it("refuses a tampered body and a stale timestamp", async () => {
    const before = await deliveryCount();
    await expectRefused(await t.post("front", raw.replace("discount", "refund"), frontHeaders(raw)), before);
    await expectRefused(await t.post("front", raw, frontHeaders(raw, Date.now() - 10 * 60_000)), before);
  });
});

describe("Gorgias and Freshdesk webhooks (shared secret header)", () => {
  it("accepts the Gorgias template with the secret and maps it", async () => {
    const raw = JSON.stringify(gorgiasTemplate(7001, 91, "kim@example.org", "Your prices seem high compared to competitors."));
    const res = await t.post("gorgias", raw, sharedHeaders(GORGIAS_SECRET));
    expect(res.status).toBe(202);
    const d = await delivery((await res.json()).delivery_id);
    expect(d).toMatchObject({ kind: "created", eventKey: "msg:91", meta: { customer_id: "555" } });
    expect(d.ticket).toMatchObject({
      external_id: "7001",
      source: "gorgias",
      requester: { email: "kim@example.org" },
      body: "Your prices seem high compared to competitors.",
      helpdesk_url: "https://shop.gorgias.com/app/ticket/7001",
    });
  });
  it("refuses Gorgias without the secret or with a wrong one", async () => {
    const before = await deliveryCount();
    const raw = JSON.stringify(gorgiasTemplate(7002, 92, "kim@example.org", "hi"));
    await expectRefused(await t.post("gorgias", raw, { "content-type": "application/json" }), before);
    await expectRefused(await t.post("gorgias", raw, sharedHeaders(`${GORGIAS_SECRET}x`)), before);
  });
  it("accepts the Freshdesk template and turns its HTML description into text", async () => {
    const raw = JSON.stringify(freshdeskTemplate(8001, "kim@example.org", "<div>My order <b>never</b> arrived.<br/>Please help</div>"));
    const res = await t.post("freshdesk", raw, sharedHeaders(FRESHDESK_SECRET));
    expect(res.status).toBe(202);
    const d = await delivery((await res.json()).delivery_id);
    expect(d.ticket).toMatchObject({
      external_id: "8001",
      source: "freshdesk",
      body: "My order never arrived.\nPlease help",
      channel: "email",
      helpdesk_url: "https://shop.freshdesk.com/helpdesk/tickets/8001",
    });
  });
  it("refuses Freshdesk with a wrong secret, and a ticket without a requester email with 400", async () => {
    const before = await deliveryCount();
    const raw = JSON.stringify(freshdeskTemplate(8002, "kim@example.org", "x"));
    await expectRefused(await t.post("freshdesk", raw, sharedHeaders(GORGIAS_SECRET)), before);
    const noEmail = JSON.stringify(freshdeskTemplate(8003, "", "hello"));
    const res = await t.post("freshdesk", noEmail, sharedHeaders(FRESHDESK_SECRET));
    expect(res.status).toBe(400);
    expect((await res.json()).invalid_params[0].name).toMatch(/^ticket\.requester/);
    expect(await deliveryCount()).toBe(before);
  });
  it("answers 404 for a vendor that is not configured", async () => {
    expect((await t.post("intercom", "{}", sharedHeaders("x"))).status).toBe(404);
  });
});

describe("de-duplication on the vendor's ids, never the text", () => {
  const template = (commentId: string, text: string) =>
    JSON.stringify({
      copilot_event: "ticket.comment_added",
      ticket: {
        id: "5601",
        subject: "Prices",
        description: "first",
        latest_comment_html: `<p>${text}</p>`,
        comment_id: commentId,
        requester: { id: "42", email: "kim@example.org", name: "Kim" },
      },
    });

  it("stores two Zendesk template replies with the same words as two deliveries, keyed on their comment ids", async () => {
    const a = template("9001", "Any update?");
    const b = template("9002", "Any update?");
    const ra = await t.post("zendesk", a, zendeskHeaders(a));
    const rb = await t.post("zendesk", b, zendeskHeaders(b));
    expect([ra.status, rb.status]).toEqual([202, 202]);
    expect((await delivery((await rb.json()).delivery_id)).eventKey).toBe("tpl:5601:comment:9002");
    expect(await (await t.post("zendesk", a, zendeskHeaders(a))).json()).toMatchObject({ status: "duplicate" });
  });
  it("keys a Zendesk template reply without a comment id on Zendesk's invocation id, and refuses one with neither", async () => {
    const raw = template("", "Hello?");
    const res = await t.post("zendesk", raw, { ...zendeskHeaders(raw), "x-zendesk-webhook-invocation-id": "01J9INVOCATION" });
    expect((await delivery((await res.json()).delivery_id)).eventKey).toBe("tpl:5601:invocation:01J9INVOCATION");
    const refused = await t.post("zendesk", raw, zendeskHeaders(raw));
    expect(refused.status).toBe(400);
    expect((await refused.json()).invalid_params[0].name).toBe("ticket.comment_id");
  });
  it("stores two Freshdesk replies with the same words as two deliveries, without the 'Name : ' prefix", async () => {
    const raw = JSON.stringify({
      ...freshdeskTemplate(8101, "kim@example.org", "<div>first</div>", "customer_reply"),
      ticket: { ...freshdeskTemplate(8101, "kim@example.org", "").ticket, latest_public_comment: 'Kim Lee : <div dir="ltr">Any update?</div>' },
    });
    const first = await t.post("freshdesk", raw, sharedHeaders(FRESHDESK_SECRET));
    const second = await t.post("freshdesk", raw, sharedHeaders(FRESHDESK_SECRET));
    expect([first.status, second.status]).toEqual([202, 202]);
    const [a, b] = [await delivery((await first.json()).delivery_id), await delivery((await second.json()).delivery_id)];
    expect(a.eventKey).not.toBe(b.eventKey);
    expect(a.ticket).toMatchObject({ body: "Any update?" });
  });
  it("refuses a Gorgias message without its id with 400 naming message.id", async () => {
    const body = gorgiasTemplate(7101, 0, "kim@example.org", "hi");
    const raw = JSON.stringify({ ...body, message: { ...body.message, id: "" } });
    const res = await t.post("gorgias", raw, sharedHeaders(GORGIAS_SECRET));
    expect(res.status).toBe(400);
    expect((await res.json()).invalid_params[0].name).toBe("message.id");
  });
});

describe("shapes the vendors document", () => {
  it("builds the Help Scout link when the payload's is unusable (the docs' \"...\")", async () => {
    const convo = helpscoutConversation(3401, "kim@example.org", [{ id: 201, body: "Where?", createdAt: "2024-04-17T10:00:00Z" }]);
    const raw = JSON.stringify({ ...convo, _links: { web: { href: "..." } } });
    const res = await t.post("helpscout", raw, helpscoutHeaders(raw, "convo.created"));
    expect(res.status).toBe(202);
    expect((await delivery((await res.json()).delivery_id)).ticket).toMatchObject({ helpdesk_url: "https://secure.helpscout.net/conversation/3401/4321/" });
  });
  it("accepts a Help Scout conversation with no customer thread, to be read through the Mailbox API", async () => {
    const raw = JSON.stringify({
      id: 3402,
      number: 7,
      threads: 1,
      subject: "Help",
      primaryCustomer: { id: 1, email: "kim@example.org" },
      _embedded: { threads: [] },
    });
    const res = await t.post("helpscout", raw, helpscoutHeaders(raw, "convo.created"));
    expect(res.status).toBe(202);
    expect(await delivery((await res.json()).delivery_id)).toMatchObject({ eventKey: "convo:3402:convo.created:threads:1", ticket: { body: "" } });
  });
  it("refuses a Front rule webhook with 401 when the rule secret is not configured, naming what to set", async () => {
    const before = await deliveryCount();
    const { payload } = frontInbound("cnv_56", "msg_78", "kim@example.org", "<p>Hi</p>");
    const raw = JSON.stringify(payload);
    const res = await t.post("front", raw, frontRuleHeaders(raw));
    await expectRefused(res, before);
    expect((await res.json()).detail).toMatch(/rule webhook .*FRONT_RULE_WEBHOOK_SECRET.*application webhook/);
  });
  it("refuses a Front event preview (no message) with 400 naming the missing body", async () => {
    const event = frontInbound("cnv_57", "msg_79", "kim@example.org", "<p>Hi</p>");
    const { body: _body, text: _text, ...data } = event.payload.target.data;
    const raw = JSON.stringify({ ...event, payload: { ...event.payload, target: { ...event.payload.target, data } } });
    const res = await t.post("front", raw, frontHeaders(raw));
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.invalid_params[0].name).toBe("payload.target.data.body");
    expect(problem.detail).toMatch(/Send full event data/);
  });
});

describe("posting replies to each vendor's API (local fake)", () => {
  const cases = [
    { vendor: "zendesk", ext: "5501", pub: { method: "PUT", path: "/api/v2/tickets/5501.json" }, int: { method: "PUT", path: "/api/v2/tickets/5501.json" } },
    {
      vendor: "helpscout",
      ext: "3301",
      pub: { method: "POST", path: "/v2/conversations/3301/reply" },
      int: { method: "POST", path: "/v2/conversations/3301/notes" },
    },
    {
      vendor: "front",
      ext: "cnv_55",
      pub: { method: "POST", path: "/conversations/cnv_55/drafts" },
      int: { method: "POST", path: "/conversations/cnv_55/comments" },
    },
    {
      vendor: "gorgias",
      ext: "7001",
      pub: { method: "POST", path: "/api/tickets/7001/messages" },
      int: { method: "POST", path: "/api/tickets/7001/messages" },
    },
    {
      vendor: "freshdesk",
      ext: "8001",
      pub: { method: "POST", path: "/api/v2/tickets/8001/reply" },
      int: { method: "POST", path: "/api/v2/tickets/8001/notes" },
    },
  ] as const;

  for (const c of cases) {
    for (const mode of ["public", "internal"] as const) {
      it(`posts a ${mode} ${c.vendor} reply and returns the helpdesk's id`, async () => {
        const config = testHelpdeskConfig(t.fake.url, { HELPDESK_REPLY_MODE: mode });
        const n = t.fake.writes().length;
        const r = await postReply(c.vendor, { externalId: c.ext, requesterEmail: "kim@example.org" }, { body: "Hi Kim,\n\nThanks & welcome back." }, config, {
          meta: { customer_id: "987" },
        });
        expect(r.id).toMatch(/^(msg_|com_)?\d+$/);
        const [w] = t.fake.writes().slice(n);
        expect({ method: w!.method, path: w!.path }).toEqual(mode === "public" ? c.pub : c.int);
        const body = JSON.stringify(w!.body);
        expect(body).toMatch(/Thanks (&|&amp;) welcome back/);
        if (c.vendor === "zendesk") expect((w!.body as { ticket: { comment: { public: boolean } } }).ticket.comment.public).toBe(mode === "public");
        if (c.vendor === "gorgias") expect((w!.body as { channel: string }).channel).toBe(mode === "public" ? "email" : "internal-note");
        if (c.vendor === "freshdesk" && mode === "internal") expect((w!.body as { private: boolean }).private).toBe(true);
        if (c.vendor === "helpscout" && mode === "public") expect((w!.body as { customer: { id: number } }).customer).toEqual({ id: 987 });
      });
    }
    it(`surfaces a failing ${c.vendor} API as a VendorApiError with the status`, async () => {
      t.fake.failing = true;
      try {
        const err = await postReply(c.vendor, { externalId: c.ext, requesterEmail: "kim@example.org" }, { body: "x" }, testHelpdeskConfig(t.fake.url), {
          meta: {},
        }).catch((e) => e);
        expect(err).toBeInstanceOf(VendorApiError);
        expect(err.status).toBe(503);
      } finally {
        t.fake.failing = false;
      }
    });
  }
});
