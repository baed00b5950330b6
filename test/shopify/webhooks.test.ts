/**
 * POST /webhooks/shopify against the real PostgreSQL clone and Redis: signatures with the library's
 * validator, de-duplication, work after the response, and the privacy topics.
 */
import { createHmac } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, customers, orders, storeMeta, tickets } from "../../src/db/schema";
import { shopifyWebhookEvents } from "../../src/db/schema-shopify";
import type { AppEnv } from "../../src/http/env";
import { createNodeShopifyClient } from "../../src/shopify/node";
import { ShopifyStore } from "../../src/shopify/store";
import { shopifyWebhookRoutes } from "../../src/routes/webhooks/shopify";
import type { ShopifyDeps } from "../../src/shopify/events";
import { scenario, startTestApp, type TestApp } from "../helpers/app";
import { syntheticShop } from "../fakes/shopify/fixtures";
import type { FakeShopData, FakeShopify } from "../fakes/shopify/server";
import { payload } from "../helpdesks/vendor-app";
import { FAKE_SECRET, fakeShopAndClient } from "./helpers";

let t: TestApp;
let fake: FakeShopify;
let deps: ShopifyDeps;
let app: Hono<AppEnv>;
let shop: string;
let data: FakeShopData;
const pending: Array<() => Promise<unknown>> = [];
const settle = async () => {
  while (pending.length) await pending.shift()!();
};

beforeAll(async () => {
  t = await startTestApp();
  await t.rt.dbHandle.migrate();
  data = syntheticShop();
  const s = await fakeShopAndClient(data);
  fake = s.fake;
  shop = s.config.shop;
  deps = {
    client: s.client,
    store: new ShopifyStore({ db: t.rt.services.db, cache: t.rt.services.cache, client: s.client, ttlSeconds: 60 }),
    // Held until the test runs it: proves the answer does not wait for the work, without a clock.
    defer: (task) => pending.push(task),
  };
  app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("services", t.rt.services);
    await next();
  });
  app.route("/webhooks/shopify", shopifyWebhookRoutes(deps));
});
afterAll(async () => {
  await fake?.stop();
  await t?.close();
});

const sign = (body: string, secret = FAKE_SECRET) => createHmac("sha256", secret).update(body, "utf8").digest("base64");
let seq = 0;
function deliver(topic: string, payload: unknown, opts: { hmac?: string | null; id?: string; shopDomain?: string } = {}) {
  return deliverRaw(topic, JSON.stringify(payload), opts);
}
/** Delivers a body exactly as given (Shopify's own bytes: big ids as JSON numbers, "/" escaped as "\/"). */
function deliverRaw(topic: string, body: string, opts: { hmac?: string | null; id?: string; shopDomain?: string } = {}) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": opts.shopDomain ?? shop,
    "x-shopify-api-version": "2025-01",
    "x-shopify-webhook-id": opts.id ?? `wh-${Date.now()}-${seq++}`,
  };
  if (opts.hmac !== null) headers["x-shopify-hmac-sha256"] = opts.hmac ?? sign(body);
  return app.request("/webhooks/shopify", { method: "POST", headers, body });
}
const events = async () => (await t.rt.services.db.select({ n: count() }).from(shopifyWebhookEvents))[0]!.n;

describe("signatures", () => {
  it('accepts the library\'s published vector: secret test_secret_key, body {"foo": "bar"}', async () => {
    const { config } = {
      config: { shop: "vector-shop.myshopify.com", accessToken: "x", apiSecret: "test_secret_key", apiVersion: "2025-01", cacheTtlSeconds: 60 },
    };
    const client = createNodeShopifyClient(config);
    const req = (hmac: string) =>
      new Request("http://localhost/webhooks/shopify", {
        method: "POST",
        headers: {
          "x-shopify-hmac-sha256": hmac,
          "x-shopify-topic": "orders/create",
          "x-shopify-shop-domain": config.shop,
          "x-shopify-api-version": "2025-01",
          "x-shopify-webhook-id": "v1",
        },
        body: '{"foo": "bar"}',
      });
    expect(await client.validateWebhook('{"foo": "bar"}', req("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="))).toMatchObject({
      ok: true,
      topic: "ORDERS_CREATE",
      webhookId: "v1",
    });
    expect(await client.validateWebhook('{"foo": "baz"}', req("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="))).toEqual({ ok: false, reason: "invalid_hmac" });
    expect(createHmac("sha256", "test_secret_key").update('{"foo": "bar"}').digest("base64")).toBe("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
  });

  it("rejects a bad signature with 401 and stores nothing", async () => {
    const before = await events();
    const res = await deliver("orders/create", { id: 1001 }, { hmac: sign("something else") });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await events()).toBe(before);
  });

  it("rejects a missing signature with 401 and stores nothing", async () => {
    const before = await events();
    expect((await deliver("orders/create", { id: 1001 }, { hmac: null })).status).toBe(401);
    expect(await events()).toBe(before);
  });

  it("rejects a body signed with another secret", async () => {
    const body = { id: 1001 };
    expect((await deliver("orders/create", body, { hmac: sign(JSON.stringify(body), "not-the-secret") })).status).toBe(401);
  });

  it("rejects a correctly signed delivery for another shop", async () => {
    expect((await deliver("orders/create", { id: 1001 }, { shopDomain: "other-shop.myshopify.com" })).status).toBe(401);
  });
});

describe("delivery", () => {
  it("answers 200 before the work, then stores the order read back through GraphQL", async () => {
    const res = await deliver("orders/create", { id: 1001, admin_graphql_api_id: "gid://shopify/Order/1001" }, { id: "wh-order-1001" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false });
    const [queued] = await t.rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, "wh-order-1001"));
    expect(queued!.status).toBe("received"); // nothing done yet: the work was deferred
    await settle();
    const [done] = await t.rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, "wh-order-1001"));
    expect(done).toMatchObject({ status: "done", payload: null, topic: "orders/create" });
    const [o] = await t.rt.services.db.select().from(orders).where(eq(orders.id, "gid://shopify/Order/1001"));
    expect(o).toMatchObject({ name: "#1001", source: "shopify", totalMinor: 2199, currency: "GBP", customerId: "gid://shopify/Customer/701" });
  });

  it("does a retried delivery (same X-Shopify-Webhook-Id) once", async () => {
    const before = fake.requests.length;
    const a = await deliver("orders/updated", { id: 1002 }, { id: "wh-dup" });
    const b = await deliver("orders/updated", { id: 1002 }, { id: "wh-dup" });
    expect(await a.json()).toMatchObject({ duplicate: false });
    expect(await b.json()).toMatchObject({ duplicate: true });
    await settle();
    expect(fake.requests.slice(before).filter((r) => r.operation === "OrderById")).toHaveLength(1);
  });

  it("keeps a failed event with its payload and succeeds on the retry pass", async () => {
    const { processPendingWebhooks } = await import("../../src/shopify/events");
    fake.inject({ kind: "http", status: 500 }, { operation: "OrderById", times: 3 });
    await deliver("refunds/create", { id: 5001, order_id: 1008 }, { id: "wh-refund" });
    await settle();
    let [ev] = await t.rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, "wh-refund"));
    expect(ev!.status).toBe("failed");
    expect(ev!.payload).toEqual({ id: 5001, order_id: 1008 });
    await processPendingWebhooks(t.rt.services, deps);
    [ev] = await t.rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, "wh-refund"));
    expect(ev).toMatchObject({ status: "done", attempts: 2 });
    const [o] = await t.rt.services.db.select().from(orders).where(eq(orders.id, "gid://shopify/Order/1008"));
    expect(o!.financialStatus).toBe("PARTIALLY_REFUNDED");
  });
});

describe("privacy topics", () => {
  it("customers/redact deletes the orders, anonymises the customer and their tickets, and says what it did", async () => {
    // The demo customer 17580 has 3 orders and a ticket here.
    await t.call("POST", "/v1/tickets", scenario(1));
    const gid = "gid://shopify/Customer/17580";
    await deliver(
      "customers/redact",
      { shop_id: 1, shop_domain: shop, customer: { id: 17580, email: "17580@customers.example", phone: null }, orders_to_redact: [] },
      { id: "wh-redact" },
    );
    await settle();
    const [ev] = await t.rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, "wh-redact"));
    expect(ev!.status).toBe("done");
    expect(ev!.result).toMatchObject({ customer: gid, customers_anonymised: 1, orders_deleted: 3, profiles_deleted: 1 });
    expect((ev!.result as { tickets_anonymised: number }).tickets_anonymised).toBeGreaterThanOrEqual(1);
    const [c] = await t.rt.services.db.select().from(customers).where(eq(customers.id, gid));
    expect(c).toMatchObject({ email: null, firstName: null, lastName: null });
    expect(c!.redactedAt).not.toBeNull();
    expect(await t.rt.services.db.select().from(orders).where(eq(orders.customerId, gid))).toHaveLength(0);
    const ts = await t.rt.services.db.select().from(tickets).where(eq(tickets.customerId, gid));
    expect(ts.every((x) => x.body === "[redacted]" && x.requesterEmail === null)).toBe(true);
    // the stored payload carried the email: cleared once processed
    expect(ev!.payload).toBeNull();
  });

  it("customers/data_request reports what is held without changing it", async () => {
    await deliver(
      "customers/data_request",
      { shop_domain: shop, customer: { id: 12347, email: "12347@customers.example" }, data_request: { id: 9999 } },
      { id: "wh-dr" },
    );
    await settle();
    const [ev] = await t.rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, "wh-dr"));
    expect(ev!.result).toMatchObject({ customer: "gid://shopify/Customer/12347", held: { customer: true, orders: 7 } });
    expect(await t.rt.services.db.select().from(orders).where(eq(orders.customerId, "gid://shopify/Customer/12347"))).toHaveLength(7);
  });
});

describe("Shopify's sample payloads (../shared/data/vendor-payloads/), ids kept to the last digit", () => {
  const ORDER = "gid://shopify/Order/820982911946154508";
  const CUSTOMER = "gid://shopify/Customer/706405506930370084";
  const eventOf = async (id: string) => (await t.rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, id)))[0];
  const orderLookups = () => fake.requests.filter((r) => r.operation === "OrderById").map((r) => r.variables.id);
  const auditFor = async (entityId: string, action: string) =>
    t.rt.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)));

  beforeAll(() => {
    // The samples' order and customer, as the shop's Admin API holds them.
    data.customers.push({
      id: CUSTOMER,
      email: "bob@biller.com",
      firstName: "Bob",
      lastName: "Biller",
      locale: "en",
      country: "CA",
      updatedAt: "2021-12-31T19:00:00-05:00",
    });
    data.orders.push({
      id: ORDER,
      name: "#9999",
      customerId: CUSTOMER,
      processedAt: "2022-01-01T00:00:00Z",
      updatedAt: "2022-01-01T00:00:00Z",
      currency: "USD",
      financialStatus: "VOIDED",
      fulfillmentStatus: "UNFULFILLED",
      shippingCountry: "US",
      lineItems: [{ title: "Aviator sunglasses", variantTitle: null, sku: "SKU2006-001", quantity: 1, unitPrice: "89.99" }],
      fulfillments: [],
      refunds: [],
    });
  });

  it("keeps the refunds/create order_id 820982911946154508 whole, asks the Admin API for that order and stores it", async () => {
    const before = orderLookups().length;
    await deliverRaw("refunds/create", payload("shopify-refunds-create.json"), { id: "sample-refund" });
    const stored = await eventOf("sample-refund");
    expect(stored?.payload).toMatchObject({
      order_id: "820982911946154508",
      id: "890088186047892319",
      refund_line_items: [{ subtotal: 89.99, line_item: { price: "89.99" } }],
    });
    await settle();
    expect(orderLookups().slice(before)).toEqual([ORDER]);
    expect(await eventOf("sample-refund")).toMatchObject({ status: "done", result: { order: ORDER, found: true } });
    const [o] = await t.rt.services.db.select().from(orders).where(eq(orders.id, ORDER));
    expect(o).toMatchObject({ name: "#9999", customerId: CUSTOMER, currency: "USD" });
  });

  it("reads orders/create and orders/updated by their admin_graphql_api_id", async () => {
    const before = orderLookups().length;
    await deliverRaw("orders/create", payload("shopify-orders-create.json"), { id: "sample-order-create" });
    await deliverRaw("orders/updated", payload("shopify-orders-updated.json"), { id: "sample-order-updated" });
    await settle();
    expect(orderLookups().slice(before)).toEqual([ORDER, ORDER]);
    expect(await eventOf("sample-order-updated")).toMatchObject({ status: "done", payload: null, result: { order: ORDER, found: true } });
  });

  it("stores customers/update for customer 706405506930370084", async () => {
    await deliverRaw("customers/update", payload("shopify-customers-update.json"), { id: "sample-customer-update" });
    await settle();
    expect(await eventOf("sample-customer-update")).toMatchObject({ status: "done", result: { customer: CUSTOMER, found: true } });
    const [c] = await t.rt.services.db.select().from(customers).where(eq(customers.id, CUSTOMER));
    expect(c).toMatchObject({ email: "bob@biller.com", firstName: "Bob", lastName: "Biller" });
  });

  it("answers the privacy samples: a data request reported, a customer redacted, each audited", async () => {
    await deliverRaw("customers/data_request", payload("shopify-customers-data_request.json"), { id: "sample-data-request" });
    await deliverRaw("customers/redact", payload("shopify-customers-redact.json"), { id: "sample-customer-redact" });
    await settle();
    const gid = "gid://shopify/Customer/191167";
    expect(await eventOf("sample-data-request")).toMatchObject({ status: "done", result: { customer: gid } });
    expect((await auditFor(gid, "customer.data_requested"))[0]?.changes).toMatchObject({ data_request_id: 9999 });
    expect(await eventOf("sample-customer-redact")).toMatchObject({ status: "done", result: { customer: gid } });
    expect(await auditFor(gid, "customer.redacted")).toHaveLength(1);
  });

  it("records app/uninstalled from the sample shop payload", async () => {
    await deliverRaw("app/uninstalled", payload("shopify-app-uninstalled.json"), { id: "sample-uninstalled" });
    await settle();
    expect(await eventOf("sample-uninstalled")).toMatchObject({ status: "done" });
    const [meta] = await t.rt.services.db.select().from(storeMeta).where(eq(storeMeta.key, "shopify_uninstalled"));
    expect(meta?.value).toMatchObject({ shop });
    expect(await auditFor(shop, "app.uninstalled")).toHaveLength(1);
  });

  // Last in the file: it anonymises every Shopify customer the earlier tests stored.
  it("redacts the shop on shop/redact and audits it", async () => {
    await deliverRaw("shop/redact", payload("shopify-shop-redact.json"), { id: "sample-shop-redact" });
    await settle();
    expect(await eventOf("sample-shop-redact")).toMatchObject({ status: "done" });
    expect(await auditFor(shop, "shop.redacted")).toHaveLength(1);
    const [c] = await t.rt.services.db.select().from(customers).where(eq(customers.id, CUSTOMER));
    expect(c).toMatchObject({ email: null, firstName: null });
  });
});
