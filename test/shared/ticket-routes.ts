/**
 * Route-level cases of `POST /v1/tickets` that every deploy target must pass the same way: the
 * Node app (test/pipeline/ticket-routes.test.ts, through `app.request`) and the Worker in workerd
 * (test/worker/worker.test.ts, over HTTP). Each target gives a `fetch`-like function and a way to
 * count rows; the cases register themselves with vitest's `describe`/`it`.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TEMPLATE_DRAFTER } from "../../src/ai/draft/template";

export const SHARED_API_KEY = "test-key-0123456789abcdef";

export interface RouteTarget {
  /** Sends a request to the app under test (no headers added). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Rows in a table, counted straight in the database. */
  countRows(table: "tickets" | "drafts" | "audit_events"): Promise<number>;
}

/** `t` is read when each case runs (the target starts in a `beforeAll`). */
export function ticketRouteCases(target: () => RouteTarget, apiKey = SHARED_API_KEY) {
  const call = (method: string, path: string, body?: unknown) =>
    target().fetch(path, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const ticket = (overrides: Record<string, unknown> = {}) => ({
    external_id: `shared-${randomBytes(5).toString("hex")}`,
    source: "api",
    requester: { email: "17580@customers.example" },
    subject: "",
    body: "I'm thinking about trying a different supplier. Your prices seem high compared to competitors.",
    ...overrides,
  });
  const problemOf = async (res: Response) => {
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    return res.json();
  };
  const counts = async () => [await target().countRows("tickets"), await target().countRows("drafts"), await target().countRows("audit_events")];

  describe("POST /v1/tickets (shared route cases)", () => {
    it("drafts a 15% retention offer for customer 17580 thinking of a cheaper supplier", async () => {
      const res = await call("POST", "/v1/tickets", ticket());
      expect(res.status).toBe(201);
      const r = await res.json();
      expect(r.customer).toMatchObject({ customer_id: "17580", total_orders: 3, lifetime_value: 215.72, days_since_last_purchase: 252 });
      expect(r.ticket.triage).toMatchObject({ family: "retention_risk", classifier: "offline-lr-v2" });
      expect(r.decision).toMatchObject({ offer_discount: true, discount_percent: 15, escalate: false });
      expect(r.draft).toMatchObject({ status: "pending_review", prompt: { name: "template", version: TEMPLATE_DRAFTER.version } });
      expect(r.draft.body).toContain("15%");
      expect(r.draft.guard.ok).toBe(true);
    });

    it("returns the first result with 200 for a repeated (source, external_id) and creates nothing", async () => {
      const body = ticket();
      const first = await (await call("POST", "/v1/tickets", body)).json();
      const before = await counts();
      const again = await call("POST", "/v1/tickets", { ...body, body: "a different text on the retry" });
      expect(again.status).toBe(200);
      const second = await again.json();
      expect(second.draft.id).toBe(first.draft.id);
      expect(second.ticket.id).toBe(first.ticket.id);
      expect(await counts()).toEqual(before);
    });

    it("makes one draft when the same ticket arrives twice at once", async () => {
      const body = ticket({ body: "My last order took forever to ship. This is getting frustrating." });
      const [a, b] = await Promise.all([call("POST", "/v1/tickets", body), call("POST", "/v1/tickets", body)]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      const [ja, jb] = [await a.json(), await b.json()];
      expect(ja.draft.id).toBe(jb.draft.id);
      expect(ja.decision).toMatchObject({ offer_discount: true, free_shipping: true, escalate: true });
    });

    it("names a missing field with 400 problem+json and a request id", async () => {
      const { body: _omit, ...noBody } = ticket();
      const res = await call("POST", "/v1/tickets", noBody);
      expect(res.status).toBe(400);
      const p = await problemOf(res);
      expect(p.invalid_params.map((x: { name: string }) => x.name)).toContain("body");
      expect(p.requestId).toBeTruthy();
    });

    it("names a field of the wrong type", async () => {
      const res = await call("POST", "/v1/tickets", ticket({ requester: { email: 42 } }));
      expect(res.status).toBe(400);
      expect((await problemOf(res)).invalid_params[0].name).toBe("requester.email");
    });

    it("refuses malformed JSON", async () => {
      const res = await call("POST", "/v1/tickets", "{not json");
      expect(res.status).toBe(400);
      expect((await problemOf(res)).title).toBe("Malformed JSON");
    });

    it("refuses a body over 1 MB with 413 and stores nothing", async () => {
      const before = await target().countRows("tickets");
      const res = await call("POST", "/v1/tickets", ticket({ body: "x".repeat(1_100_000) }));
      expect(res.status).toBe(413);
      await problemOf(res);
      expect(await target().countRows("tickets")).toBe(before);
    });

    it("stores nothing for an invalid ticket", async () => {
      const before = await target().countRows("tickets");
      expect((await call("POST", "/v1/tickets", ticket({ requester: {} }))).status).toBe(400);
      expect(await target().countRows("tickets")).toBe(before);
    });

    it("answers a bad draft id with 400 and an unknown one with 404", async () => {
      expect((await call("GET", "/v1/drafts/not-a-uuid")).status).toBe(400);
      const res = await call("GET", "/v1/drafts/00000000-0000-4000-8000-000000000000");
      expect(res.status).toBe(404);
      await problemOf(res);
    });

    it("requires the API key on /v1 and leaves /healthz open", async () => {
      const res = await target().fetch("/v1/drafts");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      await problemOf(res);
      expect((await target().fetch("/v1/drafts", { headers: { authorization: "Bearer wrong-key-0000000000" } })).status).toBe(401);
      const health = await target().fetch("/healthz");
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", db: "ok" });
    });
  });
}
