/**
 * Property: for every /v1 route, generated bodies, queries and paths never produce a 5xx, every
 * 4xx is problem+json, and the rows stored are exactly those of the accepted requests (a ticket per
 * 201, a revision per accepted regeneration, nothing for a refusal). Seeds are printed; see
 * arbitraries.ts to replay, bench/fuzz for the long run.
 */
import { randomBytes } from "node:crypto";
import { count, inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drafts, tickets } from "../../src/db/schema";
import { scenario } from "../helpers/app";
import { startHelpdeskApp, type HelpdeskTestApp } from "../helpdesks/helpers";
import { announce, anyJson, maybe, nastyString, oddDate, params, pathSegment, queryValue, wrongValue } from "./arbitraries";

let t: HelpdeskTestApp;
let draftId: string;
beforeAll(async () => {
  announce("api");
  t = await startHelpdeskApp({ queue: "db", worker: false });
  draftId = await freshDraft();
});
afterAll(async () => {
  await t?.close();
});

/** Checks an answer: never 5xx; a 4xx is problem+json. @returns the status and the body's text */
async function check(res: Response, what: string): Promise<{ status: number; text: string }> {
  const text = await res.text();
  if (res.status >= 500) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 300)}`);
  if (res.status >= 400) expect(res.headers.get("content-type"), `${what} ${res.status}`).toContain("application/problem+json");
  return { status: res.status, text };
}
const answered = async (res: Response, what: string) => (await check(res, what)).status;

/** A new ticket's pending draft, for the actions to work on. */
async function freshDraft(): Promise<string> {
  const r = (await (await t.call("POST", "/v1/tickets", scenario(3))).json()) as { draft: { id: string } };
  return r.draft.id;
}

const send = (method: string, path: string, body?: unknown, raw = false) =>
  t.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${t === undefined ? "" : "test-key-0123456789abcdef"}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body),
  });

/** A valid ticket, then up to three fields replaced by generated values (nested ones too). */
const FIELDS = [
  "external_id",
  "source",
  "requester",
  "requester.email",
  "requester.customer_id",
  "requester.name",
  "subject",
  "body",
  "channel",
  "created_at",
  "helpdesk_url",
  "extra",
] as const;
const fieldValue = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: wrongValue },
  { weight: 1, arbitrary: oddDate },
  {
    weight: 1,
    arbitrary: fc.constantFrom("javascript:alert(1)", "data:,x", "file:///etc/passwd", "http://", "https://[::1", "//x", "https://shop.example/t/1"),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const ticketBody = fc
  .record({
    base: fc.record({
      subject: fc.string({ maxLength: 40 }),
      body: fc.constantFrom("Where is my order?", "I'm thinking about trying a different supplier. Your prices seem high.", "¿Dónde está mi pedido? 📦"),
      name: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
      created_at: fc.option(fc.constantFrom("2011-12-01T10:00:00Z", "1970-01-01T00:00:00Z", "2100-12-31T23:59:59Z"), { nil: undefined }),
    }),
    changes: fc.array(fc.record({ field: fc.constantFrom(...FIELDS), value: fieldValue }), { maxLength: 3 }),
  })
  .map(({ base, changes }) => {
    const t: Record<string, unknown> = {
      external_id: `fuzz-${randomBytes(6).toString("hex")}`,
      source: "api",
      requester: { email: "17580@customers.example", name: base.name },
      subject: base.subject,
      body: base.body,
      created_at: base.created_at,
    };
    for (const c of changes) {
      const [a, b] = c.field.split(".") as [string, string | undefined];
      if (b && t[a] && typeof t[a] === "object") (t[a] as Record<string, unknown>)[b] = c.value;
      else t[a] = c.value;
    }
    return t;
  });

/** Rows of tickets whose external ids are in `ids`. */
const storedTickets = async (ids: string[]) =>
  ids.length
    ? t.rt.services.db.select({ id: tickets.id, externalId: tickets.externalId, source: tickets.source }).from(tickets).where(inArray(tickets.externalId, ids))
    : [];

describe("fuzz: /v1 routes", () => {
  it("POST /v1/tickets: never 5xx; a ticket is stored exactly for each accepted post", async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: ticketBody }, { weight: 1, arbitrary: anyJson }), async (body) => {
        const before = (await t.rt.services.db.select({ n: count() }).from(tickets))[0]!.n;
        const status = await answered(await send("POST", "/v1/tickets", body), "POST /v1/tickets");
        seen.set(status, (seen.get(status) ?? 0) + 1);
        const after = (await t.rt.services.db.select({ n: count() }).from(tickets))[0]!.n;
        const b = body as { external_id?: unknown; source?: unknown };
        if (status === 201) {
          expect(after).toBe(before + 1);
          const rows = await storedTickets([String(b.external_id).trim()]);
          expect(rows.some((r) => r.source === String(b.source).trim())).toBe(true);
        } else {
          expect(after, `status ${status} stored a ticket`).toBe(before);
        }
      }),
      params,
    );
    console.log(`[fuzz] POST /v1/tickets statuses: ${JSON.stringify(Object.fromEntries(seen))}`);
    // Not vacuous: the generated tickets are both accepted and refused.
    if (params.numRuns >= 20) expect([seen.get(201) ?? 0, seen.get(400) ?? 0].every((n) => n > 0)).toBe(true);
  });

  it("GET routes with generated paths and queries: never 5xx", async () => {
    const route = fc.oneof(
      pathSegment.map((p) => `/v1/tickets/${p}`),
      pathSegment.map((p) => `/v1/drafts/${p}`),
      pathSegment.map((p) => `/v1/customers/${p}`),
      pathSegment.map((p) => `/v1/customers/${p}/profile`),
      pathSegment.map((p) => `/v1/archetypes/${p}`),
      pathSegment.map((p) => `/v1/privacy-tasks/${p}`),
      pathSegment.map((p) => `/v1/helpdesk-posts/${p}`),
      fc
        .record(
          {
            status: queryValue,
            limit: queryValue,
            cursor: fc.oneof(
              queryValue,
              fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "").toString("base64url")),
              fc.tuple(oddDate, fc.oneof(fc.uuid(), nastyString)).map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
            ),
          },
          { requiredKeys: [] },
        )
        .map((q) => `/v1/drafts?${new URLSearchParams(q as Record<string, string>).toString().replace(/%25/g, "%")}`),
      fc.record({ state: queryValue, limit: queryValue }, { requiredKeys: [] }).map(
        (q) =>
          `/v1/jobs?${Object.entries(q)
            .map(([k, v]) => `${k}=${v}`)
            .join("&")}`,
      ),
      fc.record({ status: queryValue, limit: queryValue }, { requiredKeys: [] }).map(
        (q) =>
          `/v1/helpdesk-posts?${Object.entries(q)
            .map(([k, v]) => `${k}=${v}`)
            .join("&")}`,
      ),
      fc.record({ status: queryValue, limit: queryValue }, { requiredKeys: [] }).map(
        (q) =>
          `/v1/privacy-tasks?${Object.entries(q)
            .map(([k, v]) => `${k}=${v}`)
            .join("&")}`,
      ),
      queryValue.map((v) => `/v1/ledger?limit=${v}`),
    );
    await fc.assert(
      fc.asyncProperty(route, async (path) => {
        await answered(await send("GET", path), `GET ${path}`);
      }),
      params,
    );
  });

  it("draft actions, job and post retries, privacy changes, triage: never 5xx; a revision is stored exactly per accepted regeneration", async () => {
    const action = fc.oneof(
      fc.record({
        kind: fc.constant("regenerate"),
        id: fc.oneof(fc.constant("DRAFT"), pathSegment),
        body: fc.oneof(
          fc.record({ instruction: maybe(fc.constant("shorter"), nastyString), reviewer: maybe(fc.constant("a@b.c"), nastyString) }, { requiredKeys: [] }),
          anyJson,
        ),
      }),
      fc.record({
        kind: fc.constantFrom("approve", "reject"),
        id: fc.oneof(fc.constant("DRAFT"), pathSegment),
        body: fc.oneof(
          fc.record(
            {
              body: maybe(fc.constant("Thanks!"), nastyString),
              reason: maybe(fc.constant("no"), nastyString),
              reviewer: maybe(fc.constant("a@b.c"), nastyString),
            },
            { requiredKeys: [] },
          ),
          anyJson,
        ),
      }),
      fc.record({ kind: fc.constant("job"), id: pathSegment, body: fc.constant(undefined) }),
      fc.record({ kind: fc.constant("post"), id: pathSegment, body: fc.constant(undefined) }),
      fc.record({
        kind: fc.constant("privacy"),
        id: pathSegment,
        body: fc.oneof(
          fc.record({ status: maybe(fc.constantFrom("open", "completed", "refused")), note: maybe(fc.constant("done"), nastyString) }, { requiredKeys: [] }),
          anyJson,
        ),
      }),
      fc.record({
        kind: fc.constant("triage"),
        id: fc.constant(""),
        body: fc.oneof(fc.record({ text: maybe(fc.constant("where is my parcel"), nastyString) }, { requiredKeys: [] }), anyJson),
      }),
      fc.record({
        kind: fc.constant("raw"),
        id: fc.constantFrom("/v1/tickets", "/v1/triage"),
        body: fc.oneof(fc.string(), fc.constantFrom("{", '{"a":"\\u0000"}', '"\\udfff"', "[".repeat(10_000), "null")),
      }),
    );
    await fc.assert(
      fc.asyncProperty(action, async (a) => {
        // "DRAFT": the pending draft of the moment (a new one once it is approved or rejected).
        const id = a.id === "DRAFT" ? draftId : a.id;
        const revisionsBefore = (await t.rt.services.db.select({ n: count() }).from(drafts))[0]!.n;
        let res: Response;
        switch (a.kind) {
          case "regenerate":
            res = await send("POST", `/v1/drafts/${id}/regenerate`, a.body);
            break;
          case "approve":
          case "reject":
            res = await send("POST", `/v1/drafts/${id}/${a.kind}`, a.body);
            break;
          case "job":
            res = await send("POST", `/v1/jobs/${id}/retry`);
            break;
          case "post":
            res = await send("POST", `/v1/helpdesk-posts/${id}/retry`);
            break;
          case "privacy":
            res = await send("PATCH", `/v1/privacy-tasks/${id}`, a.body);
            break;
          case "triage":
            res = await send("POST", "/v1/triage", a.body);
            break;
          default:
            res = await send("POST", a.id, a.body, true);
        }
        const { status, text } = await check(res, `${a.kind} ${id}`);
        const revisionsAfter = (await t.rt.services.db.select({ n: count() }).from(drafts))[0]!.n;
        if (a.kind === "regenerate" && status === 201) {
          expect(revisionsAfter).toBe(revisionsBefore + 1);
          draftId = (JSON.parse(text) as { id: string }).id;
        } else if ((a.kind === "approve" || a.kind === "reject") && status === 200) {
          expect(revisionsAfter).toBe(revisionsBefore);
          draftId = await freshDraft();
        } else if (a.kind !== "raw" || status >= 400) {
          expect(revisionsAfter, `${a.kind} ${status} stored a revision`).toBe(revisionsBefore);
        }
      }),
      params,
    );
  });
});
