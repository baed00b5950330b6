/**
 * The MCP server, driven by the official SDK's own Client over both transports it serves:
 * Streamable HTTP at /mcp (the real app on a real port) and stdio (`src/cli/mcp.ts` as a child
 * process, as a local agent starts it), on clones of the demo store in the real PostgreSQL. Each
 * transport lists the tools, calls every tool, sends a bad argument, a wrong key, and an agent key
 * where a manager is needed.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/auth/api-keys";
import { openDb, type DbHandle } from "../../src/db/client";
import { rowsOf } from "../../src/db/rows";
import type { Db } from "../../src/db/types";
import { cloneDemoDatabase } from "../helpers/db";
import { scenario, startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";

const TOOLS = [
  "draft_reply",
  "get_customer_journey",
  "get_customer_orders",
  "get_customer_profile",
  "list_pending_drafts",
  "preview_decision",
  "search_customers",
  "triage_ticket",
];
const RETENTION_TEXT = scenario(1).body;

type Role = "agent" | "manager";
interface Harness {
  /** A connected client acting with a key of this role. */
  connect(role: Role): Promise<Client>;
  /** Connecting with a key the service never issued: rejected. */
  connectWrongKey(): Promise<Client>;
  db(): Db;
}

async function keys(db: Db) {
  const now = new Date();
  return {
    agent: (await createApiKey(db, { name: "mcp agent", role: "agent" }, "test", now)).key,
    manager: (await createApiKey(db, { name: "mcp manager", role: "manager" }, "test", now)).key,
  };
}

const call = async (c: Client, name: string, args: Record<string, unknown>) => (await c.callTool({ name, arguments: args })) as CallToolResult;
const data = (r: CallToolResult) => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.structuredContent as any;
};
const errorText = (r: CallToolResult) => {
  expect(r.isError).toBe(true);
  return (r.content[0] as { text: string }).text;
};
const counts = async (db: Db) =>
  rowsOf<Record<string, number>>(
    await db.execute(
      sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from drafts) as drafts, (select count(*)::int from offers) as offers, (select count(*)::int from audit_events) as audit`,
    ),
  )[0];

/** The same checks over either transport. */
function suite(name: string, harness: () => Harness) {
  describe(name, () => {
    let agent: Client;
    let manager: Client;
    beforeAll(async () => {
      agent = await harness().connect("agent");
      manager = await harness().connect("manager");
    }, 120_000);
    afterAll(async () => {
      await agent?.close();
      await manager?.close();
    });

    it("lists the tools and resources, and no tool approves, rejects or sends", async () => {
      const { tools } = await agent.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
      expect(tools.map((t) => t.name).join(" ")).not.toMatch(/approve|reject|send/);
      expect(tools.find((t) => t.name === "preview_decision")!.description).toMatch(/Role: manager/);
      expect(tools.find((t) => t.name === "get_customer_profile")!.inputSchema.required).toEqual(["customer_id"]);
      const { resources } = await agent.listResources();
      expect(resources.map((r) => r.uri).sort()).toEqual(["copilot://policy", "copilot://scoring/runs/latest"]);
    });

    it("looks a customer up: search, profile in the seed's shape with scores and insights, orders, journey", async () => {
      expect(data(await call(agent, "search_customers", { query: "17580@CUSTOMERS.example" })).items).toEqual([
        expect.objectContaining({ id: "17580", matched: "email" }),
      ]);
      const p = data(await call(agent, "get_customer_profile", { customer_id: "17580" }));
      // The seed's /api/mcp/customer/{id} fields (../shared/seeds/002), then ours.
      for (const k of [
        "customer_id",
        "archetype_id",
        "lifetime_value",
        "total_orders",
        "avg_order_value",
        "days_since_last_purchase",
        "customer_tenure_days",
        "churn_risk_score",
      ])
        expect(p).toHaveProperty(k);
      expect(p).toMatchObject({ customer_id: "17580", total_orders: 3, days_since_last_purchase: 252 });
      expect(p.rfm_segment).toEqual(expect.any(String));
      expect(p.insights.map((i: any) => i.type)).toContain("low_engagement");
      // Recommended products, each with the product of theirs it is often bought with.
      expect(p.recommendations).toHaveLength(5);
      expect(p.recommendations[0]).toMatchObject({
        product_id: expect.any(String),
        title: expect.any(String),
        because: { product_id: expect.any(String), title: expect.any(String) },
      });
      const o = data(await call(agent, "get_customer_orders", { customer_id: "gid://shopify/Customer/17580", limit: 2 }));
      expect(o.orders).toHaveLength(2);
      expect(o.orders[0].processed_at > o.orders[1].processed_at).toBe(true);
      const j = data(await call(agent, "get_customer_journey", { customer_id: "17580", kinds: ["order"], limit: 2 }));
      expect(j.items.map((e: any) => e.kind)).toEqual(["order", "order"]);
      expect(j.next_cursor).toEqual(expect.any(String));
      const rest = data(await call(agent, "get_customer_journey", { customer_id: "17580", kinds: ["order"], cursor: j.next_cursor }));
      expect(rest.items).toHaveLength(1);
      expect(errorText(await call(agent, "get_customer_profile", { customer_id: "99999999" }))).toMatch(/customer 99999999 not found/);
    });

    it("triages, previews the decision without storing anything (managers), drafts once per external id, and lists pending drafts", async () => {
      const tri = data(await call(agent, "triage_ticket", { text: RETENTION_TEXT }));
      expect(tri).toMatchObject({ family: "retention_risk", classifier: "offline-lr-v2" });

      const before = await counts(harness().db());
      const preview = data(await call(manager, "preview_decision", { text: RETENTION_TEXT, email: "17580@customers.example" }));
      expect(preview.decision).toMatchObject({ offer_discount: true, discount_percent: 15 });
      expect(preview.customer_id).toBe("gid://shopify/Customer/17580");
      expect(await counts(harness().db())).toEqual(before);

      const ext = `mcp-${Math.random().toString(36).slice(2)}`;
      const args = { external_id: ext, requester: { email: "17580@customers.example" }, body: RETENTION_TEXT };
      const first = data(await call(agent, "draft_reply", args));
      expect(first).toMatchObject({ created: true, ticket: { source: "mcp", external_id: ext }, draft: { status: "pending_review" } });
      // The pipeline decided what the preview said it would.
      expect(first.decision.discount_percent).toBe(preview.decision.discount_percent);
      const again = data(await call(agent, "draft_reply", args));
      expect(again).toMatchObject({ created: false, draft: { id: first.draft.id } });

      const pending = data(await call(agent, "list_pending_drafts", { limit: 100 }));
      expect(pending.items.map((d: any) => d.id)).toContain(first.draft.id);
      expect(pending.items.every((d: any) => d.status === "pending_review")).toBe(true);
    });

    it("serves the scoring run to any key and the policy to managers only", async () => {
      const run = await agent.readResource({ uri: "copilot://scoring/runs/latest" });
      expect(JSON.parse((run.contents[0] as { text: string }).text)).toMatchObject({ model: expect.any(String), converged: expect.any(Boolean) });
      const policy = await manager.readResource({ uri: "copilot://policy" });
      expect(JSON.parse((policy.contents[0] as { text: string }).text)).toMatchObject({
        churn_bands: { high: expect.any(Number) },
        max_discount_percent: expect.any(Number),
      });
      await expect(agent.readResource({ uri: "copilot://policy" })).rejects.toThrow(/manager or admin/);
    });

    it("names a bad argument", async () => {
      expect(errorText(await call(agent, "get_customer_profile", { customer_id: 17580 }))).toMatch(/customer_id/);
      expect(errorText(await call(agent, "search_customers", { query: "" }))).toMatch(/query/);
      expect(errorText(await call(agent, "draft_reply", { external_id: "x", requester: { email: "not-an-email" }, body: "hello" }))).toMatch(
        /requester.*email|email/,
      );
      expect(errorText(await call(agent, "draft_reply", { external_id: "x", requester: {}, body: "hello" }))).toMatch(
        /requester\.email: requester needs an email or a customer_id/,
      );
      expect(errorText(await call(agent, "list_pending_drafts", { cursor: "bm9wZQ" }))).toMatch(/cursor/);
    });

    it("refuses an agent key where a manager is needed, and a wrong key", async () => {
      expect(errorText(await call(agent, "preview_decision", { text: RETENTION_TEXT, customer_id: "17580" }))).toMatch(
        /preview_decision needs a manager or admin API key; this key's role is agent/,
      );
      await expect(harness().connectWrongKey()).rejects.toThrow();
    });
  });
}

// ---- Streamable HTTP: the app on a real port, the SDK's HTTP client transport.
let t: TestApp;
let server: ServerType;
let base: string;
let httpKeys: { agent: string; manager: string };
const httpClient = async (key: string) => {
  const c = new Client({ name: "test-agent", version: "1.0.0" });
  await c.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return c;
};

describe("MCP over Streamable HTTP", () => {
  beforeAll(async () => {
    t = await startTestApp({ redis: false });
    httpKeys = await keys(t.rt.services.db);
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 180_000);
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  suite("tools and resources", () => ({
    connect: (role) => httpClient(httpKeys[role]),
    connectWrongKey: () => httpClient(`sck_${"x".repeat(43)}`),
    db: () => t.rt.services.db,
  }));

  it("answers 401 problem+json without a key, and 405 to GET (stateless)", async () => {
    const res = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    const get = await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(get.status).toBe(405);
  });
});

// ---- stdio: `src/cli/mcp.ts` as a child process, as a local agent starts it.
/** This process's environment without the service's own settings (the child gets its own). */
const childEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(REDIS_URL|DATABASE_URL|API_KEY|COPILOT_API_KEY)$/.test(e[0])),
  );
describe("MCP over stdio (npm run mcp)", () => {
  let clone: Awaited<ReturnType<typeof cloneDemoDatabase>>;
  let handle: DbHandle;
  let stdioKeys: { agent: string; manager: string };
  const stderr: string[] = [];
  const stdioClient = async (key: string) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", path.resolve("src/cli/mcp.ts")],
      cwd: process.cwd(),
      env: { ...childEnv(), DATABASE_URL: clone.url, API_KEY: TEST_API_KEY, DEMO_IMPORT: "off", COPILOT_API_KEY: key },
      stderr: "pipe",
    });
    transport.stderr?.on("data", (b: Buffer) => stderr.push(b.toString()));
    const c = new Client({ name: "test-local-agent", version: "1.0.0" });
    await c.connect(transport);
    return c;
  };

  beforeAll(async () => {
    clone = await cloneDemoDatabase();
    handle = await openDb({ databaseUrl: clone.url, dataDir: "" });
    stdioKeys = await keys(handle.db);
  }, 180_000);
  afterAll(async () => {
    await handle?.close();
    await clone?.drop();
  });

  suite("tools and resources", () => ({
    connect: (role) => stdioClient(stdioKeys[role]),
    connectWrongKey: () => stdioClient(`sck_${"y".repeat(43)}`),
    db: () => handle.db,
  }));

  it("says why it refused a wrong key (stderr, exit before serving)", () => {
    expect(stderr.join("")).toMatch(/the API key in COPILOT_API_KEY is not valid/);
  });
});
