/**
 * The six causes of 500s found by trying malformed input (issue 16), each as it was reported:
 * 1. a NUL in any stored text (ticket fields, approval body, rejection reason, regeneration
 *    instruction, a helpdesk webhook's text);
 * 2. a lone UTF-16 surrogate in a ticket body or a webhook's text;
 * 3. `created_at: "0000-01-01T00:00:00Z"`;
 * 4. a well-formed draft cursor with bad contents;
 * 5. a NUL in a path parameter;
 * 6. a Front webhook whose `target.data.created_at` is 1e300.
 * Our own API refuses such input with 400 problem+json naming the field and stores nothing; a
 * webhook's text (which we do not control) has the characters replaced with U+FFFD, recorded with
 * the delivery, and the ticket is drafted. Also: a refused request leaves nothing half-stored, a
 * failure after the ticket is stored retries to a draft of the content first posted, and URL fields
 * take http(s) only.
 */
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickets } from "../../src/db/schema";
import { helpdeskDeliveries } from "../../src/db/schema-helpdesks";
import { frontHeaders, frontInbound, GORGIAS_SECRET, gorgiasTemplate, sharedHeaders } from "../fakes/helpdesks/payloads";
import { scenario } from "../helpers/app";
import { startHelpdeskApp, waitFor, type HelpdeskTestApp } from "../helpdesks/helpers";

let t: HelpdeskTestApp;
beforeAll(async () => {
  t = await startHelpdeskApp({ queue: "db" });
});
afterAll(async () => {
  await t?.close();
});

const ticketCount = async () => (await t.rt.services.db.select({ n: count() }).from(tickets))[0]!.n;
const storedTicket = async (source: string, externalId: string) =>
  (await t.rt.services.db.select().from(tickets).where(eq(tickets.externalId, externalId))).find((r) => r.source === source);

/** Asserts a 400 problem+json whose invalid_params name `field`. */
async function refused(res: Response, field: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const p = (await res.json()) as { invalid_params?: { name: string; reason: string }[] };
  expect(p.invalid_params?.map((i) => i.name)).toContain(field);
  return p;
}

const NUL = "\u0000";
const LONE = "price \udfff high";

/** Posts a signed Front webhook, expects 202, and waits for its ticket to be drafted. @returns the stored ticket */
async function postFrontDrafted(conv: string, raw: string) {
  const res = await t.post("front", raw, frontHeaders(raw));
  expect(res.status).toBe(202);
  return waitFor(async () => {
    const row = await storedTicket("front", conv);
    return row?.status === "drafted" ? row : undefined;
  }, "the front ticket drafted");
}

describe("1. a NUL character in stored text", () => {
  const fields: [string, (nul: string) => Record<string, unknown>][] = [
    ["external_id", (x) => ({ external_id: `nul${x}id` })],
    ["subject", (x) => ({ subject: `Hello${x}` })],
    ["body", (x) => ({ body: `My order${x} is late` })],
    ["channel", (x) => ({ channel: `email${x}` })],
    ["requester.name", (x) => ({ requester: { email: "17580@customers.example", name: `Kim${x}Lee` } })],
    ["requester.customer_id", (x) => ({ requester: { customer_id: `17580${x}` } })],
  ];
  for (const [field, over] of fields) {
    it(`POST /v1/tickets with a NUL in ${field}: 400 naming it, nothing stored`, async () => {
      const before = await ticketCount();
      const p = await refused(await t.call("POST", "/v1/tickets", scenario(3, over(NUL))), field);
      expect(JSON.stringify(p)).toMatch(/NUL/);
      expect(await ticketCount()).toBe(before);
    });
  }

  it("an approval body, a rejection reason and a regeneration instruction with a NUL: 400 naming each, the draft untouched", async () => {
    const r = (await (await t.call("POST", "/v1/tickets", scenario(3))).json()) as { draft: { id: string } };
    const id = r.draft.id;
    await refused(await t.call("POST", `/v1/drafts/${id}/approve`, { body: `Hi${NUL}` }), "body");
    await refused(await t.call("POST", `/v1/drafts/${id}/reject`, { reason: `no${NUL}` }), "reason");
    await refused(await t.call("POST", `/v1/drafts/${id}/regenerate`, { instruction: `shorter${NUL}` }), "instruction");
    await refused(await t.call("POST", `/v1/drafts/${id}/approve`, { reviewer: `a${NUL}` }), "reviewer");
    const after = (await (await t.call("GET", `/v1/drafts/${id}`)).json()) as { status: string; revision: number };
    expect(after).toMatchObject({ status: "pending_review", revision: 1 });
  });

  it("a helpdesk webhook's text with a NUL: accepted, the NUL replaced with U+FFFD and recorded, the ticket drafted", async () => {
    const id = 700_000 + Math.floor(Math.random() * 99_999);
    const raw = JSON.stringify(gorgiasTemplate(id, id + 1, "17580@customers.example", `Where is my order${NUL}? It is late`));
    const res = await t.post("gorgias", raw, sharedHeaders(GORGIAS_SECRET));
    expect(res.status).toBe(202);
    const tk = await waitFor(async () => {
      const row = await storedTicket("gorgias", String(id));
      return row?.status === "drafted" ? row : undefined;
    }, "the gorgias ticket drafted");
    expect(tk.body).toContain("order\uFFFD?");
    expect(tk.body).not.toContain(NUL);
    const [d] = await t.rt.services.db
      .select()
      .from(helpdeskDeliveries)
      .where(eq(helpdeskDeliveries.ticketExternalId, String(id)));
    expect(d?.meta).toMatchObject({ replaced_characters: expect.stringContaining("message.body_text") });
  });
});

describe("2. a lone UTF-16 surrogate", () => {
  it("in a ticket body: 400 naming body, nothing stored", async () => {
    const before = await ticketCount();
    const p = await refused(await t.call("POST", "/v1/tickets", scenario(1, { body: LONE })), "body");
    expect(JSON.stringify(p)).toMatch(/surrogate/);
    expect(await ticketCount()).toBe(before);
  });

  it("in a Front webhook's text: accepted, replaced with U+FFFD, the ticket drafted", async () => {
    const conv = `cnv_${randomBytes(4).toString("hex")}`;
    const raw = JSON.stringify(frontInbound(conv, `msg_${randomBytes(4).toString("hex")}`, "17580@customers.example", `<p>the ${LONE}</p>`));
    const tk = await postFrontDrafted(conv, raw);
    expect(tk.body).toContain("price \uFFFD high");
  });
});

describe("3. dates out of range", () => {
  for (const at of ["0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2101-01-01T00:00:00Z", "+275760-09-13T00:00:00Z"]) {
    it(`created_at ${at}: 400 naming created_at, nothing stored`, async () => {
      const before = await ticketCount();
      await refused(await t.call("POST", "/v1/tickets", scenario(3, { created_at: at })), "created_at");
      expect(await ticketCount()).toBe(before);
    });
  }
  it("created_at in range is stored as sent", async () => {
    const r = (await (await t.call("POST", "/v1/tickets", scenario(3, { created_at: "2011-12-01T10:00:00+01:00" }))).json()) as {
      ticket: { created_at: string };
    };
    expect(r.ticket.created_at).toBe("2011-12-01T09:00:00.000Z");
  });
});

describe("4. draft cursors with bad contents", () => {
  const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const cases: [string, string][] = [
    ["a non-UUID id", cursor(["2011-12-01T00:00:00.000Z", "not-a-uuid"])],
    ["a date at +275760", cursor(["+275760-09-13T00:00:00.000Z", "6a1f4d0e-1c2b-4f9a-9d7e-0b1c2d3e4f50"])],
    ["a date at -271821", cursor(["-271821-04-20T00:00:00.000Z", "6a1f4d0e-1c2b-4f9a-9d7e-0b1c2d3e4f50"])],
    ["a NUL in the id", cursor(["2011-12-01T00:00:00.000Z", `6a1f4d0e${NUL}`])],
    ["an object", cursor({ a: 1 })],
  ];
  for (const [what, c] of cases) {
    it(`${what}: 400 naming cursor`, async () => {
      await refused(await t.call("GET", `/v1/drafts?cursor=${c}`), "cursor");
    });
  }
  it("a cursor the API issued pages on", async () => {
    await t.call("POST", "/v1/tickets", scenario(2));
    await t.call("POST", "/v1/tickets", scenario(2));
    const first = (await (await t.call("GET", "/v1/drafts?limit=1")).json()) as { items: { id: string }[]; next_cursor: string };
    const next = await t.call("GET", `/v1/drafts?limit=1&cursor=${first.next_cursor}`);
    expect(next.status).toBe(200);
    const page = (await next.json()) as { items: { id: string }[] };
    expect(page.items[0]?.id).not.toBe(first.items[0]?.id);
  });
});

describe("5. a NUL or a bad id in a path", () => {
  for (const path of ["/v1/customers/17580%00", "/v1/customers/17580%00/profile", "/v1/tickets/abc%00", "/v1/drafts/%00/approve"]) {
    it(`${path}: 400 naming the parameter`, async () => {
      const method = path.endsWith("approve") ? "POST" : "GET";
      await refused(await t.call(method, path, method === "POST" ? {} : undefined), "id");
    });
  }
  it("POST /v1/jobs/a%00b/retry: 400 naming id", async () => {
    await refused(await t.call("POST", "/v1/jobs/a%00b/retry"), "id");
  });
  it("a well-formed id that names nothing is a 404", async () => {
    expect((await t.call("GET", "/v1/customers/99999999")).status).toBe(404);
    expect((await t.call("POST", "/v1/jobs/no-such-job/retry")).status).toBe(404);
  });
});

describe("6. a Front webhook with created_at 1e300", () => {
  it("is accepted (not a 500); the unreadable date is recorded and the ticket takes its arrival time", async () => {
    const conv = `cnv_${randomBytes(4).toString("hex")}`;
    const ev = frontInbound(conv, `msg_${randomBytes(4).toString("hex")}`, "17580@customers.example", "<p>Where is my parcel?</p>");
    ev.payload.target.data.created_at = 1e300;
    const raw = JSON.stringify(ev);
    const tk = await postFrontDrafted(conv, raw);
    expect(tk.createdAt.getUTCFullYear()).toBeGreaterThanOrEqual(1970);
    expect(tk.createdAt.getUTCFullYear()).toBeLessThanOrEqual(2100);
  });
});

describe("nothing half-stored", () => {
  it("a NUL in requester.name stores nothing; the same external_id then drafts the clean post", async () => {
    const bad = scenario(1, { subject: "first subject", requester: { email: "17580@customers.example", name: `Kim${NUL}` } });
    await refused(await t.call("POST", "/v1/tickets", bad), "requester.name");
    expect(await storedTicket("api", bad.external_id)).toBeUndefined();
    const res = await t.call("POST", "/v1/tickets", { ...bad, subject: "second subject", requester: { email: "17580@customers.example", name: "Kim Lee" } });
    expect(res.status).toBe(201);
    const r = (await res.json()) as { ticket: { subject: string } };
    expect(r.ticket.subject).toBe("second subject");
  });

  it("a failure after the ticket is stored retries to a draft of the content first posted", async () => {
    const s = t.rt.services;
    const classifier = s.classifier;
    let fail = true;
    s.classifier = {
      ...classifier,
      classify: async (text: string) => {
        if (fail) {
          fail = false;
          throw new Error("classifier down");
        }
        return classifier.classify(text);
      },
    } as typeof classifier;
    try {
      const first = scenario(1, { subject: "Prices", requester: { email: "17580@customers.example", name: "Kim Lee" } });
      const failed = await t.call("POST", "/v1/tickets", first);
      expect(failed.status).toBe(500);
      expect((await storedTicket("api", first.external_id))?.status).toBe("failed");
      // The retry carries other text: the stored ticket is what is drafted, as it was first posted.
      const res = await t.call("POST", "/v1/tickets", {
        ...first,
        subject: "Other",
        body: "Something else entirely",
        requester: { email: "17580@customers.example", name: "Someone Else" },
      });
      expect(res.status).toBe(201);
      const r = (await res.json()) as { ticket: { subject: string; body: string }; draft: { answered_message: string; body: string } };
      expect(r.ticket).toMatchObject({ subject: "Prices", body: first.body });
      expect(r.draft.answered_message).toBe(first.body);
      expect(r.draft.body).toContain("Kim");
      expect(r.draft.body).not.toContain("Someone");
    } finally {
      s.classifier = classifier;
    }
  });
});

describe("URL fields", () => {
  for (const url of ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "ftp://example.com/x"]) {
    it(`helpdesk_url ${url.slice(0, 12)}: 400 naming helpdesk_url`, async () => {
      await refused(await t.call("POST", "/v1/tickets", scenario(3, { helpdesk_url: url })), "helpdesk_url");
    });
  }
  it("an https URL is kept", async () => {
    const r = (await (await t.call("POST", "/v1/tickets", scenario(3, { helpdesk_url: "https://shop.zendesk.com/agent/tickets/1" }))).json()) as {
      ticket: { helpdesk_url: string };
    };
    expect(r.ticket.helpdesk_url).toBe("https://shop.zendesk.com/agent/tickets/1");
  });
});
