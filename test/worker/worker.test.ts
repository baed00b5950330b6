/**
 * The Workers target in workerd (the real Workers runtime, run locally by wrangler): the same app,
 * the same route cases as on Node, and the helpdesk pipeline through Cloudflare Queues (Miniflare's
 * local queues) to a pending draft, on a clone of the demo store in the machine's PostgreSQL.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drafts, scoringRuns, tickets } from "../../src/db/schema";
import { helpdeskDeliveries, queueJobs } from "../../src/db/schema-helpdesks";
import { zendeskHeaders, zendeskTicketCreated } from "../fakes/helpdesks/payloads";
import { waitFor } from "../helpdesks/helpers";
import { SHARED_API_KEY, ticketRouteCases } from "../shared/ticket-routes";
import { startWorkerUnderTest, type WorkerUnderTest } from "./harness";

let w: WorkerUnderTest;
beforeAll(async () => {
  w = await startWorkerUnderTest();
  w.fake.users.set("17580001", { email: "17580@customers.example", name: "Ann Customer" });
});
afterAll(async () => {
  await w?.close();
});

const api = (path: string, init: RequestInit = {}) =>
  w.fetch(path, { ...init, headers: { authorization: `Bearer ${SHARED_API_KEY}`, ...(init.headers ?? {}) } });
const postZendesk = (raw: string, headers = zendeskHeaders(raw)) => w.fetch("/webhooks/zendesk", { method: "POST", headers, body: raw });

ticketRouteCases(() => ({
  fetch: (path, init) => w.fetch(path, init),
  countRows: async (table) => {
    const res = (await w.db.execute(`select count(*)::int as n from ${table}` as never)) as unknown as { n: number }[];
    return Number(res[0]!.n);
  },
}));

describe("a signed Zendesk webhook on the Worker", () => {
  it("is acknowledged with 202, drafted by the queue consumer, and read back as a pending draft with its decision", async () => {
    const raw = JSON.stringify(
      zendeskTicketCreated("8001", "17580001", "I'm thinking about trying a different supplier. Your prices seem high compared to competitors."),
    );
    const res = await postZendesk(raw);
    expect(res.status).toBe(202);
    const ack = await res.json();
    expect(ack).toMatchObject({ status: "accepted" });

    // The queue consumer runs the pipeline; then the Worker's own API reads the draft back.
    const draftId = await waitFor(
      async () => {
        const [tk] = await w.db
          .select()
          .from(tickets)
          .where(and(eq(tickets.source, "zendesk"), eq(tickets.externalId, "8001")));
        if (!tk) return undefined;
        const view = await (await api(`/v1/tickets/${tk.id}`)).json();
        return view.drafts?.[0]?.id as string | undefined;
      },
      "the draft",
      60_000,
    );
    const draft = await (await api(`/v1/drafts/${draftId}`)).json();
    expect(draft.status).toBe("pending_review");
    expect(draft.decision).toMatchObject({ offer_discount: true, discount_percent: 15, escalate: false });
    expect(draft.body).toContain("15%");

    const [tk] = await w.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.source, "zendesk"), eq(tickets.externalId, "8001")));
    expect(tk).toMatchObject({ requesterEmail: "17580@customers.example", customerId: "gid://shopify/Customer/17580" });
    expect(w.fake.requests.some((r) => r.method === "GET" && r.path === "/api/v2/users/17580001.json")).toBe(true);
    const [delivery] = await w.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, ack.delivery_id));
    expect(delivery).toMatchObject({ status: "processed", draftId: draft.id });
    // The job went through Cloudflare Queues and is recorded as completed.
    const jobs = await (await api("/v1/jobs?state=completed")).json();
    expect(jobs.queue).toBe("cloudflare");
    expect(jobs.items.map((j: { id: string }) => j.id)).toContain(`in-${ack.delivery_id}`);
  });

  it("acknowledges a vendor retry of the same event as a duplicate and drafts nothing more", async () => {
    const raw = JSON.stringify(zendeskTicketCreated("8002", "17580001", "My last order took forever to ship. This is getting frustrating."));
    expect((await postZendesk(raw)).status).toBe(202);
    const again = await postZendesk(raw);
    expect(again.status).toBe(200);
    expect((await again.json()).status).toBe("duplicate");
    await waitFor(
      async () => (await w.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.ticketExternalId, "8002")))[0]?.status === "processed",
      "processed",
      60_000,
    );
    const [tk] = await w.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.source, "zendesk"), eq(tickets.externalId, "8002")));
    expect(await w.db.select().from(drafts).where(eq(drafts.ticketId, tk!.id))).toHaveLength(1);
  });

  it("serves the console's scripts from the bundle", async () => {
    const res = await w.fetch("/console/assets/diff.js");
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/diffWords/);
  });

  it("serves the OpenAPI document (with the Worker's webhooks) and the reference page, without a key", async () => {
    const res = await w.fetch("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/tickets", "/webhooks/{vendor}", "/v1/jobs"]));
    const docs = await w.fetch("/docs");
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-security-policy")).toMatch(/script-src [^;]*'sha256-/);
    expect(await docs.text()).toContain("/openapi.json");
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const raw = JSON.stringify(zendeskTicketCreated("8003", "17580001", "hello"));
    const res = await postZendesk(raw, { ...zendeskHeaders(raw), "x-zendesk-webhook-signature": "bm90IGEgc2lnbmF0dXJl" });
    expect(res.status).toBe(401);
    expect(await w.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.ticketExternalId, "8003"))).toHaveLength(0);
  });

  it("retries a job whose vendor API fails, then dead-letters it and lists it as failed", async () => {
    w.fake.failing = true;
    try {
      const raw = JSON.stringify(zendeskTicketCreated("8004", "17580999", "Where is my order?"));
      const ack = await (await postZendesk(raw)).json();
      const failed = await waitFor(
        async () => {
          const list = await (await api("/v1/jobs?state=failed")).json();
          return list.items.find((j: { id: string }) => j.id === `in-${ack.delivery_id}`);
        },
        "the dead letter",
        90_000,
      );
      expect(failed).toMatchObject({ state: "failed", attempts: 5, max_attempts: 5 });
      expect(failed.last_error).toContain("503");
      const [row] = await w.db
        .select()
        .from(queueJobs)
        .where(eq(queueJobs.id, `in-${ack.delivery_id}`));
      expect(row!.queue).toBe("cloudflare-tickets");
    } finally {
      w.fake.failing = false;
    }
  });
});

describe("the Worker's cron triggers", () => {
  it("runs the daily scoring refresh in the Worker for the demo store (18,536 orders, under the boundary)", async () => {
    const before = await w.db.select({ id: scoringRuns.id }).from(scoringRuns);
    const t0 = performance.now();
    await w.scheduled("30 3 * * *");
    const seconds = (performance.now() - t0) / 1000;
    const after = await w.db.select({ id: scoringRuns.id, model: scoringRuns.model }).from(scoringRuns);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)?.model).toBe("bgnbd-gg-v1");
    console.log(`worker cron scoring on the demo store: ${seconds.toFixed(1)} s wall in workerd`);
  });
});

describe("the MCP endpoint on the Worker", () => {
  it("lists the tools and calls one over Streamable HTTP (JSON-RPC, stateless)", async () => {
    const rpc = (body: unknown) =>
      api("/mcp", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify(body),
      });
    const list = await rpc({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    expect(list.status).toBe(200);
    const tools = ((await list.json()) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(["get_customer_profile", "draft_reply", "preview_decision"]));
    const called = await rpc({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_customer_profile", arguments: { customer_id: "17580" } } });
    const result = ((await called.json()) as { result: { structuredContent: { customer_id: string; total_orders: number } } }).result;
    expect(result.structuredContent).toMatchObject({ customer_id: "17580", total_orders: 3 });
    expect((await w.fetch("/mcp", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);
  });
});
