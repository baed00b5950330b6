/**
 * The embedded default, for real: PGlite in-process, the committed migrations, the full demo-store
 * import of ../shared/data/online-retail, and profiles checked by hand against the CSV.
 */
import { count, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryCache } from "../../src/cache/memory";
import { fixedClock } from "../../src/clock";
import { findCustomerById } from "../../src/customers/repo";
import { openDb, type DbHandle } from "../../src/db/client";
import { customers, orderLineItems, orders, refunds } from "../../src/db/schema";
import { runScoringJob } from "../../src/jobs/score";
import { ProfileService } from "../../src/profile/service";
import { importOnlineRetail, type DemoImportResult } from "../../src/store/online-retail";
import { DEMO_FILE } from "../helpers/env";
import { createApp } from "../../src/app";
import { parseEnv } from "../../src/config/env";
import { bootstrap, nodeMounts } from "../../src/node/bootstrap";
import { silentLogger, TEST_API_KEY } from "../helpers/app";

let h: DbHandle;
let first: DemoImportResult;
const progress: string[] = [];

beforeAll(async () => {
  h = await openDb({ dataDir: ":memory:" });
  await h.migrate();
  first = await importOnlineRetail(h.db, DEMO_FILE, (l) => progress.push(l));
}, 300_000);
afterAll(async () => {
  await h?.close();
});

const n = async (q: Promise<Array<{ n: number }>>) => Number((await q)[0]!.n);

describe("the demo-store import", () => {
  it("imports 4,372 customers and 25,900 invoices of which 3,836 are cancellations", async () => {
    expect(first).toMatchObject({ skipped: false, customers: 4372, invoices: 25900, refunds: 3836, orders: 22064 });
    expect(await n(h.db.select({ n: count() }).from(customers))).toBe(4372);
    expect((await n(h.db.select({ n: count() }).from(orders))) + (await n(h.db.select({ n: count() }).from(refunds)))).toBe(25900);
    expect(await n(h.db.select({ n: count() }).from(refunds))).toBe(3836);
    expect(await n(h.db.select({ n: count() }).from(orderLineItems))).toBe(first.lineItems);
  });

  it("maps customers and orders to Shopify shapes, with guest orders attached to nobody", async () => {
    const c = await findCustomerById(h.db, "17580");
    expect(c).toMatchObject({ id: "gid://shopify/Customer/17580", email: "17580@customers.example", country: "United Kingdom" });
    const [o] = await h.db.select().from(orders).where(eq(orders.id, "gid://shopify/Order/548640"));
    expect(o).toMatchObject({ name: "#548640", customerId: "gid://shopify/Customer/17580", currency: "GBP", totalMinor: 4770 });
    expect(o!.processedAt.toISOString()).toBe("2011-04-01T12:41:00.000Z");
    expect(await n(h.db.select({ n: count() }).from(orders).where(isNull(orders.customerId)))).toBeGreaterThan(1000);
    const [r] = await h.db.select().from(refunds).where(eq(refunds.id, "gid://shopify/Refund/C536379"));
    expect(r!.amountMinor).toBeGreaterThan(0);
  });

  it("sets the store's as-of date to the day after the last invoice and reports progress", () => {
    expect(first.lastInvoiceAt).toBe("2011-12-09T12:50:00.000Z");
    expect(first.asOf).toBe("2011-12-10T00:00:00.000Z");
    expect(progress.some((l) => /read 500000 lines/.test(l))).toBe(true);
    expect(progress.at(-1)).toMatch(/done/);
  });

  it("imports nothing the second time", async () => {
    const before = await n(h.db.select({ n: count() }).from(orderLineItems));
    const again = await importOnlineRetail(h.db, DEMO_FILE);
    expect(again.skipped).toBe(true);
    expect(await n(h.db.select({ n: count() }).from(orderLineItems))).toBe(before);
  });

  it("keeps line items and order totals consistent", async () => {
    const [row] = await h.db
      .execute(sql`
      select count(*)::int as n from orders o
      where o.total_minor <> (select coalesce(sum(quantity * unit_price_minor), 0) from order_line_items li where li.order_id = o.id)`)
      .then((r) => (r as unknown as { rows: Array<{ n: number }> }).rows);
    expect(row!.n).toBe(0);
  });
});

describe("profiles checked by hand against the CSV", () => {
  let profiles: ProfileService;
  beforeAll(async () => {
    const asOf = new Date(first.asOf);
    const job = await runScoringJob(h.db, asOf);
    expect(job.written).toBe(true);
    profiles = new ProfileService(h.db, new MemoryCache(), fixedClock(asOf), { ttlSeconds: 60, currency: "GBP" });
  }, 120_000);

  // Figures from the CSV by hand: sum(Quantity * round(UnitPrice * 100)) per invoice, by customer.
  it.each([
    [
      "17580",
      {
        total_orders: 3,
        lifetime_value_minor: 21572,
        refund_count: 0,
        first_order_at: "2010-12-16T15:27:00.000Z",
        last_order_at: "2011-04-01T12:41:00.000Z",
        days_since_last_purchase: 252,
        customer_tenure_days: 358,
      },
    ],
    [
      "12347",
      {
        total_orders: 7,
        lifetime_value_minor: 431000,
        refund_count: 0,
        first_order_at: "2010-12-07T14:57:00.000Z",
        last_order_at: "2011-12-07T15:52:00.000Z",
        days_since_last_purchase: 2,
      },
    ],
    ["14911", { total_orders: 201, gross_sales_minor: 14382506, refund_count: 47, refund_amount_minor: 1125244, lifetime_value_minor: 14382506 - 1125244 }],
    ["16029", { total_orders: 63, gross_sales_minor: 8102484, refund_count: 13, refund_amount_minor: 3003223, last_order_at: "2011-11-01T10:27:00.000Z" }],
    ["12346", { total_orders: 1, gross_sales_minor: 7718360, refund_count: 1, lifetime_value_minor: 0 }],
  ])("customer %s", async (id, expected) => {
    const p = (await profiles.byId(id))!;
    expect(p).toMatchObject(expected);
    expect(p.avg_order_value_minor).toBe(Math.round(p.gross_sales_minor / p.total_orders));
    expect(p.lifetime_value).toBeCloseTo(p.lifetime_value_minor / 100, 10);
    expect(p.rfm_score).toMatch(/^[1-5]-[1-5]-[1-5]$/);
    expect(p.churn_risk_score).toBeGreaterThanOrEqual(0);
    expect(p.churn_risk_score).toBeLessThanOrEqual(1);
  });

  it("serves the 17580 profile in the seed's shape", async () => {
    const p = (await profiles.byId("17580"))!;
    for (const k of [
      "customer_id",
      "lifetime_value",
      "total_orders",
      "avg_order_value",
      "days_since_last_purchase",
      "customer_tenure_days",
      "churn_risk_score",
      "archetype_id",
    ]) {
      expect(p).toHaveProperty(k);
    }
    expect(p.lifetime_value).toBe(215.72);
    expect(p.churn_model).toMatch(/^bgnbd-gg-v1/);
  });
});

describe("the ticket pipeline on the embedded default", () => {
  it("drafts the seed's retention ticket for 17580 over HTTP on PGlite with the memory cache", async () => {
    const rt = await bootstrap(parseEnv({ API_KEY: TEST_API_KEY, DEMO_IMPORT: "off" }), { db: h, log: silentLogger });
    expect(rt.dbHandle.kind).toBe("pglite");
    const app = createApp(rt.services, nodeMounts(rt));
    const res = await app.request("/v1/tickets", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        external_id: "embedded-1",
        source: "api",
        requester: { email: "17580@customers.example" },
        subject: "",
        body: "I'm thinking about trying a different supplier. Your prices seem high compared to competitors.",
      }),
    });
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.decision).toMatchObject({ offer_discount: true, discount_percent: 15 });
    expect(r.draft.body).toContain("3 orders");
    const again = await app.request(`/v1/drafts/${r.draft.id}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect((await again.json()).status).toBe("pending_review");
  });
});
