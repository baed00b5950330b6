/**
 * The customer endpoints of the analytics audit (../shared/seeds/003): search by id, order number,
 * email or name (case-insensitive, paginated, on indexes), insights, and the journey, on a clone of
 * the demo store in the real PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { rowsOf } from "../../src/db/rows";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
  await t.rt.services.db.insert(customers).values({
    id: "gid://shopify/Customer/990001",
    email: "Ada.Lovelace@Example.com",
    firstName: "Ada",
    lastName: "Lovelace",
    country: "United Kingdom",
    source: "test",
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const get = async (path: string) => {
  const res = await t.call("GET", path);
  return { status: res.status, body: (await res.json()) as any };
};

describe("GET /v1/customers?query=", () => {
  it("finds a customer by legacy id, by GID and by order number, best match first", async () => {
    const byId = await get("/v1/customers?query=17580");
    expect(byId.status).toBe(200);
    expect(byId.body.items[0]).toMatchObject({ id: "17580", gid: "gid://shopify/Customer/17580", email: "17580@customers.example", matched: "id" });
    const byGid = await get(`/v1/customers?query=${encodeURIComponent("GID://shopify/Customer/17580")}`);
    expect(byGid.body.items[0]).toMatchObject({ id: "17580", matched: "id" });

    const order = rowsOf<{ name: string }>(
      await t.rt.services.db.execute(sql`select name from orders where customer_id = 'gid://shopify/Customer/17580' order by processed_at limit 1`),
    )[0]!;
    for (const q of [order.name, order.name.slice(1)]) {
      const r = await get(`/v1/customers?query=${encodeURIComponent(q)}`);
      expect(r.body.items.find((i: any) => i.matched === "order")).toMatchObject({ id: "17580", order_name: order.name });
    }
  });

  it("matches emails exactly or by prefix and names by prefix, whatever the case", async () => {
    expect((await get("/v1/customers?query=17580@CUSTOMERS.EXAMPLE")).body.items).toEqual([expect.objectContaining({ id: "17580", matched: "email" })]);
    const prefix = (await get("/v1/customers?query=17580@Cust")).body.items;
    expect(prefix).toEqual([expect.objectContaining({ id: "17580", matched: "email_prefix" })]);
    for (const q of ["ada", "ADA LOVE", "lovel", "ada.lovelace@"]) {
      const r = await get(`/v1/customers?query=${encodeURIComponent(q)}`);
      expect(r.body.items, q).toEqual([expect.objectContaining({ id: "990001", name: "Ada Lovelace" })]);
    }
    // LIKE wildcards in the query match themselves.
    expect((await get("/v1/customers?query=%25")).body.items).toEqual([]);
    expect((await get("/v1/customers?query=_")).body.items).toEqual([]);
  });

  it("pages through every match once, in order", async () => {
    // "1758" is the prefix of ten demo emails (17580-17589 that exist) and no id.
    const all = (await get("/v1/customers?query=1758&limit=100")).body.items.map((i: any) => i.id);
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`/v1/customers?query=1758&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...r.body.items.map((i: any) => i.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("names the bad parameter", async () => {
    const empty = await get("/v1/customers?query=%20");
    expect(empty.status).toBe(400);
    expect(empty.body.invalid_params).toEqual([expect.objectContaining({ name: "query" })]);
    expect((await get("/v1/customers")).body.invalid_params).toEqual([expect.objectContaining({ name: "query" })]);
    const cursor = await get("/v1/customers?query=ada&cursor=bm90LWEtY3Vyc29y");
    expect(cursor.status).toBe(400);
    expect(cursor.body.invalid_params).toEqual([expect.objectContaining({ name: "cursor" })]);
    expect((await get("/v1/customers?query=ada&limit=0")).body.invalid_params).toEqual([expect.objectContaining({ name: "limit" })]);
  });

  it("each way of searching can use its index", async () => {
    const db = t.rt.services.db;
    const plan = async (where: string) => {
      const rows = await db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        return rowsOf<Record<string, string>>(await tx.execute(sql.raw(`explain ${where}`)));
      });
      return rows.map((r) => Object.values(r)[0]).join("\n");
    };
    expect(await plan("select id from customers where lower(email) like 'ada%'")).toContain("customers_email_prefix_idx");
    expect(await plan("select id from customers where lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) like 'ada%'")).toContain(
      "customers_name_prefix_idx",
    );
    expect(await plan("select id from customers where lower(last_name) like 'love%'")).toContain("customers_last_name_prefix_idx");
    expect(await plan("select customer_id from orders where lower(name) in ('#536365', '536365')")).toContain("orders_name_lower_idx");
  });
});

describe("GET /v1/customers/:id/insights", () => {
  it("gives the console's alerts with type, impact, facts and suggested actions", async () => {
    const r = await get("/v1/customers/17580/insights");
    expect(r.status).toBe(200);
    expect(r.body.customer_id).toBe("gid://shopify/Customer/17580");
    // 252 days since the last order (the seed's figure): long inactivity, lapsed (>= 180 days) so high impact.
    const idle = r.body.insights.find((i: any) => i.type === "low_engagement");
    expect(idle).toMatchObject({
      impact: "high",
      message: "Long inactivity: 252 days since the last order.",
      facts: { days_since_last_purchase: 252, alert_after_days: 60 },
    });
    expect(idle.suggested_actions.length).toBeGreaterThan(0);
    for (const i of r.body.insights) expect(i.suggested_actions.join(" ")).not.toMatch(/\d+ ?%|discount code/i);
  });

  it("404s an unknown customer", async () => {
    expect((await get("/v1/customers/99999999/insights")).status).toBe(404);
  });
});

describe("GET /v1/customers/:id/journey", () => {
  it("lists orders, refunds, tickets, drafts and offers newest first, paginated without gaps", async () => {
    const posted = await t.call("POST", "/v1/tickets", scenario(1));
    expect(posted.status).toBe(201);
    const ticket = ((await posted.json()) as any).ticket;
    const full = await get("/v1/customers/17580/journey?limit=100");
    expect(full.status).toBe(200);
    const items = full.body.items as Array<{ at: string; kind: string; id: string; data: any }>;
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort().reverse());
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["order", "ticket", "draft"]));
    expect(items.find((i) => i.kind === "ticket")).toMatchObject({ id: ticket.id, data: { source: "api", status: "drafted" } });
    expect(items.filter((i) => i.kind === "order")).toHaveLength(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`/v1/customers/17580/journey?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...r.body.items.map((i: any) => `${i.kind}:${i.id}`));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(items.map((i) => `${i.kind}:${i.id}`));

    const orders = await get("/v1/customers/17580/journey?kinds=order");
    expect(orders.body.items.every((i: any) => i.kind === "order")).toBe(true);
  });

  it("names a bad kind and 404s an unknown customer", async () => {
    const bad = await get("/v1/customers/17580/journey?kinds=order,invoice");
    expect(bad.status).toBe(400);
    expect(bad.body.invalid_params[0].name).toMatch(/^kinds/);
    expect((await get("/v1/customers/99999999/journey")).status).toBe(404);
  });
});
