/**
 * Look-ups, sync and discount codes against the fake over HTTP, on a real PostgreSQL clone and Redis.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDraftFacts } from "../../src/ai/draft/facts";
import { customers, drafts, fulfillments, orderLineItems, orders } from "../../src/db/schema";
import { shopifyDiscountCodes, shopifySyncState } from "../../src/db/schema-shopify";
import { approveDraft, prepareApprovalDiscount } from "../../src/pipeline/approve";
import { createShopifyDeps, createShopifyPort } from "../../src/shopify";
import { withDiscountCode } from "../../src/ai/draft/discount-code";
import { createDiscountCode, DiscountCreationError } from "../../src/shopify/discounts";
import { decimalToMinor, minorToDecimal } from "../../src/shopify/mapping";
import { ShopifyStore } from "../../src/shopify/store";
import { syncAllOrders } from "../../src/shopify/sync";
import { scenario, startTestApp, type TestApp } from "../helpers/app";
import { shopFromDemo, syntheticShop } from "../fakes/shopify/fixtures";
import type { FakeShopify } from "../fakes/shopify/server";
import { fakeShopAndClient } from "./helpers";

let t: TestApp;
const fakes: FakeShopify[] = [];
beforeAll(async () => {
  t = await startTestApp();
  await t.rt.dbHandle.migrate();
});
afterAll(async () => {
  for (const f of fakes) await f.stop();
  await t?.close();
});

async function shop(data = syntheticShop()) {
  const s = await fakeShopAndClient(data);
  fakes.push(s.fake);
  const store = new ShopifyStore({ db: t.rt.services.db, cache: t.rt.services.cache, client: s.client, ttlSeconds: 60 });
  return { ...s, store };
}

describe("money", () => {
  it("converts MoneyBag decimals to minor units by the currency's exponent, without float error", () => {
    expect(decimalToMinor("121.17", "GBP")).toBe(12117);
    expect(decimalToMinor("0.1", "GBP")).toBe(10);
    expect(decimalToMinor("1000", "JPY")).toBe(1000);
    expect(decimalToMinor("1.2345", "KWD")).toBe(1235);
    expect(decimalToMinor("-3.5", "EUR")).toBe(-350);
    expect(minorToDecimal(12117, "GBP")).toBe("121.17");
    expect(minorToDecimal(5, "GBP")).toBe("0.05");
    expect(() => decimalToMinor("abc", "GBP")).toThrow();
  });
});

describe("look-ups on the ticket path", () => {
  it("stores every line item of an order with more than one page of them (demo order #542717: 41 lines)", async () => {
    const s = await shop(await shopFromDemo(t.rt.services.db, ["17580"]));
    const r = await s.store.lastOrders("gid://shopify/Customer/17580", 5);
    const big = r.value.find((o) => o.name === "#542717")!;
    expect(big.line_items).toHaveLength(41);
    const stored = await t.rt.services.db.select().from(orderLineItems).where(eq(orderLineItems.orderId, big.id));
    expect(stored).toHaveLength(41);
    expect(s.fake.requests.filter((q) => q.operation === "OrderLineItems").length).toBeGreaterThanOrEqual(1);
  });

  it("finds a customer by email through Shopify, stores them, and answers the repeat from the cache", async () => {
    const s = await shop();
    const a = await s.store.findCustomerByEmail("Buyer2@Example.org");
    expect(a).toMatchObject({ stale: false, source: "shopify", value: { id: "gid://shopify/Customer/702", source: "shopify", firstName: "Buyer2" } });
    expect(s.fake.requests.at(-1)?.variables).toEqual({ query: 'email:"buyer2@example.org"' });
    const b = await s.store.findCustomerByEmail("buyer2@example.org");
    expect(b.source).toBe("cache");
    expect(s.fake.requests.filter((r) => r.operation === "CustomerByEmail")).toHaveLength(1);
    expect((await s.store.findCustomerByEmail("nobody@example.org")).value).toBeUndefined();
  });

  it("returns the last orders newest first with real tracking facts that reach the draft's facts", async () => {
    const s = await shop();
    const r = await s.store.lastOrders("gid://shopify/Customer/701", 3);
    expect(r.source).toBe("shopify");
    expect(r.value.map((o) => o.name)).toEqual(["#1004", "#1003", "#1002"]);
    expect(r.value[0]).toMatchObject({
      currency: "GBP",
      total_minor: 2199,
      financial_status: "PAID",
      fulfillment_status: "FULFILLED",
      line_items: [
        { title: "Linen Thread", variant_title: "Indigo", sku: "LT-IND", quantity: 2, unit_price_minor: 450 },
        { title: "Embroidery Hoop", variant_title: "20 cm", sku: null, quantity: 1, unit_price_minor: 1299 },
      ],
      fulfillments: [{ status: "DELIVERED", tracking_company: "Royal Mail", tracking_number: "RM123456785GB", delivered_at: "2026-04-05T12:30:00.000Z" }],
    });
    const facts = buildDraftFacts(null, r.value, { discount_percent: 0, free_shipping: false, escalate: false, follow_up_owner: null } as never, "en");
    expect(facts.recent_orders[0]!.tracking).toEqual([
      { company: "Royal Mail", number: "RM123456785GB", url: "https://www.royalmail.com/track-your-item#/tracking-results/RM123456785GB", delivered: true },
    ]);
    const stored = await t.rt.services.db.select().from(fulfillments).where(eq(fulfillments.orderId, "gid://shopify/Order/1004"));
    expect(stored[0]!.trackingNumber).toBe("RM123456785GB");
  });

  it("falls back to the stored copy, marked stale, when Shopify is down and the cache is cold", async () => {
    const s = await shop();
    await s.store.lastOrders("gid://shopify/Customer/702", 5); // stores them
    await s.store.invalidate("gid://shopify/Customer/702");
    s.fake.inject({ kind: "http", status: 503 }, { times: Infinity });
    const r = await s.store.lastOrders("gid://shopify/Customer/702", 5);
    expect(r).toMatchObject({ stale: true, source: "database" });
    expect(r.value.map((o) => o.name)).toEqual(["#1008", "#1007", "#1006", "#1005"]);
    expect(r.value[0]!.fulfillments[0]).toMatchObject({ tracking_company: "DHL Express", tracking_number: "JD014600003828437815", delivered_at: null });
    const c = await s.store.findCustomerByEmail("buyer2@example.org");
    expect(c.value?.id).toBe("gid://shopify/Customer/702"); // from the cache still
    const d = await s.store.findCustomerById("gid://shopify/Customer/702");
    expect(d).toMatchObject({ stale: true, source: "database", value: { email: "buyer2@example.org" } });
  });
});

describe("order sync", () => {
  it("pages through every order with cursors and resumes after a failure mid-way without redoing stored pages", async () => {
    const s = await shop(syntheticShop(5, 5)); // 25 orders
    await t.rt.services.db.delete(shopifySyncState);
    s.fake.inject({ kind: "http", status: 500 }, { operation: "OrdersPage", skip: 2, times: Infinity });
    await expect(syncAllOrders(t.rt.services.db, s.client, { pageSize: 4 })).rejects.toThrow();
    const [failed] = await t.rt.services.db.select().from(shopifySyncState);
    expect(failed).toMatchObject({ status: "failed", pages: 2, orders: 8 });
    expect(failed!.cursor).not.toBeNull();
    s.fake.clearFaults();
    const before = s.fake.requests.filter((r) => r.operation === "OrdersPage" && r.outcome === "ok").length;
    const r = await syncAllOrders(t.rt.services.db, s.client, { pageSize: 4 });
    expect(r).toMatchObject({ status: "done", resumed: true, pages: 5, orders: 17 });
    const okPages = s.fake.requests.filter((q) => q.operation === "OrdersPage" && q.outcome === "ok").slice(before);
    expect(okPages[0]!.variables.after).toBe(failed!.cursor);
    const stored = await t.rt.services.db.select().from(orders).where(eq(orders.source, "shopify"));
    for (let n = 1001; n <= 1025; n++) expect(stored.map((o) => o.id)).toContain(`gid://shopify/Order/${n}`);
    const [done] = await t.rt.services.db.select().from(shopifySyncState);
    expect(done).toMatchObject({ status: "done", pages: 7, orders: 25, cursor: null });
    // the next run is incremental
    const again = await syncAllOrders(t.rt.services.db, s.client, { pageSize: 4 });
    expect(again.query).toMatch(/^updated_at:>='/);
  });

  it("stays inside the cost bucket while syncing: no THROTTLED answer once the bucket is known", async () => {
    const s = await fakeShopAndClient(syntheticShop(8, 5), { bucket: { maximumAvailable: 1000, restoreRate: 50 } });
    fakes.push(s.fake);
    await t.rt.services.db.delete(shopifySyncState);
    const r = await syncAllOrders(t.rt.services.db, s.client, { pageSize: 5 });
    expect(r.orders).toBe(40);
    expect(s.fake.requests.filter((q) => q.outcome === "throttled")).toHaveLength(0);
    expect(s.clock.slept.length).toBeGreaterThan(0);
  });
});

describe("discount codes", () => {
  const req = (draftId: string, over: Partial<Parameters<typeof createDiscountCode>[2]> = {}) => ({
    draftId,
    customerGid: "gid://shopify/Customer/701",
    percent: 15,
    expiresAt: new Date("2026-12-21T00:00:00Z"),
    minimumSubtotalMinor: 2000,
    currency: "GBP",
    ...over,
  });

  it("creates one single-use, customer-specific code per draft, even when retried", async () => {
    const s = await shop();
    const id = "11111111-1111-4111-8111-111111111111";
    const a = await createDiscountCode(t.rt.services.db, s.client, req(id), new Date("2026-11-21T00:00:00Z"));
    const b = await createDiscountCode(t.rt.services.db, s.client, req(id), new Date("2026-11-21T00:00:00Z"));
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ code: a.code, shopifyId: a.shopifyId, created: false });
    expect(s.fake.data.discounts).toHaveLength(1);
    expect(s.fake.data.discounts[0]).toMatchObject({
      code: a.code,
      percentage: 0.15,
      customerIds: ["gid://shopify/Customer/701"],
      usageLimit: 1,
      appliesOncePerCustomer: true,
      endsAt: "2026-12-21T00:00:00.000Z",
      minimumSubtotal: "20.00",
    });
  });

  it("adopts the code an earlier attempt made when its answer was lost", async () => {
    const s = await shop();
    const id = "22222222-2222-4222-8222-222222222222";
    s.fake.inject({ kind: "disconnect" }, { operation: "DiscountCodeBasicCreate" }); // retried by the client
    const first = await createDiscountCode(t.rt.services.db, s.client, req(id));
    // A process that died after Shopify created the code but before recording it: the row says pending.
    await t.rt.services.db.update(shopifyDiscountCodes).set({ status: "pending", shopifyId: null }).where(eq(shopifyDiscountCodes.draftId, id));
    const again = await createDiscountCode(t.rt.services.db, s.client, req(id));
    expect(again).toMatchObject({ code: first.code, shopifyId: first.shopifyId, created: false });
    expect(s.fake.data.discounts.filter((d) => d.code === first.code)).toHaveLength(1);
  });

  it("reports Shopify's user errors and records the failure", async () => {
    const s = await shop();
    const id = "33333333-3333-4333-8333-333333333333";
    s.fake.inject(
      { kind: "userErrors", errors: [{ field: ["basicCodeDiscount", "customerGets"], code: "INVALID", message: "Customer gets is invalid" }] },
      { operation: "DiscountCodeBasicCreate" },
    );
    const err = await createDiscountCode(t.rt.services.db, s.client, req(id)).catch((e) => e);
    expect(err).toBeInstanceOf(DiscountCreationError);
    expect(err.userErrors).toEqual([{ field: ["basicCodeDiscount", "customerGets"], code: "INVALID", message: "Customer gets is invalid" }]);
    const [row] = await t.rt.services.db.select().from(shopifyDiscountCodes).where(eq(shopifyDiscountCodes.draftId, id));
    expect(row!.status).toBe("failed");
    expect(s.fake.data.discounts).toHaveLength(0);
  });

  it("puts the code into the offer's paragraph of the reply", () => {
    const body = "Hi Ada,\n\nAs a valued customer, I'd like to offer you 15% off your next order.\n\nBest wishes,\nSupport";
    const out = withDiscountCode(body, "THANKS15-ABC", new Date("2026-12-21T00:00:00Z"), "en");
    expect(out).toBe(
      "Hi Ada,\n\nAs a valued customer, I'd like to offer you 15% off your next order. Your personal code is THANKS15-ABC: enter it at checkout. It can be used once, until 2026-12-21.\n\nBest wishes,\nSupport",
    );
    expect(withDiscountCode("Use {{discount_code}} now", "X1", new Date(), "en")).toBe("Use X1 now");
  });
});

describe("approval of the retention draft", () => {
  it("creates the code for customer 17580, and a failed creation leaves the draft approvable", async () => {
    const data = await shopFromDemo(t.rt.services.db, ["17580"]);
    const s = await shop(data);
    const r = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
    expect(r.decision.offer_discount).toBe(true);
    const pct: number = r.decision.discount_percent; // 10 or 15 by the scoring run in force

    const withShop = { ...t.rt.services, shopify: createShopifyPort(t.rt.services.db, createShopifyDeps(t.rt.services, s.client, { ttlSeconds: 60 })) };
    s.fake.inject({ kind: "http", status: 503 }, { operation: "DiscountCodeBasicCreate", times: Infinity });
    const err = await prepareApprovalDiscount(withShop, r.draft.id).catch((e) => e);
    expect(err.status).toBe(502);
    const [still] = await t.rt.services.db.select().from(drafts).where(eq(drafts.id, r.draft.id));
    expect(still!.status).toBe("pending_review");

    s.fake.clearFaults();
    const code = await prepareApprovalDiscount(withShop, r.draft.id);
    expect(code?.code).toMatch(new RegExp(`^THANKS${pct}-[0-9A-F]{10}$`));
    expect(s.fake.data.discounts[0]!.percentage).toBe(pct / 100);
    expect(s.fake.data.discounts.map((d) => d.customerIds)).toEqual([["gid://shopify/Customer/17580"]]);
    // What approveDraft (src/pipeline/approve.ts) does: the code goes into the sent body and the ledger.
    const body = withDiscountCode(still!.body, code!.code, code!.expiresAt, still!.language);
    await approveDraft(t.rt.services.db, r.draft.id, "agent@shop.example", t.rt.services.clock.now(), body);
    const [approved] = await t.rt.services.db.select().from(drafts).where(eq(drafts.id, r.draft.id));
    expect(approved!.body).toContain(code!.code);
    const [c] = await t.rt.services.db.select().from(customers).where(eq(customers.id, "gid://shopify/Customer/17580"));
    expect(c).toBeDefined();
  });
});
