/**
 * Done-when check of issue 4: with the SHOPIFY_* variables pointing at the fake shop (the demo
 * store's customer 17580 served as Shopify records), the seed scenarios run through Shopify, and
 * approving the retention draft creates a real code that the sent reply and the ledger carry.
 */
import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { offers } from "../../src/db/schema";
import { scenario } from "../helpers/app";
import { FAKE_SECRET, useShopifyApp } from "./helpers";

const drafted: Record<number, { id: string; body: string }> = {};
const shop = useShopifyApp(["17580"], {
  // A shop far from UTC: its order dates are not the UTC ones (17580's last order, 2011-04-01 12:41 UTC, is 2 April in Auckland).
  tweakData: (data) => {
    data.ianaTimezone = "Pacific/Auckland";
  },
  // One customer, several approved offers in this suite: lift the 90-day offer budget, which approval
  // checks again (tested in test/pipeline), so these tests are about Shopify's codes alone.
  tweakRuntime: (rt) => {
    const policy = rt.services.policy();
    rt.services.policy = () => ({ ...policy, budgets: { ...policy.budgets, max_offers_per_customer_90d: 10 } });
  },
});

describe("the seed scenarios through Shopify", () => {
  it("drafts all three from Shopify's records of customer 17580", async () => {
    for (const n of [1, 2, 3] as const) {
      const res = await shop.call("POST", "/v1/tickets", scenario(n));
      expect(res.status).toBe(201);
      const r = await res.json();
      expect(r.customer).toMatchObject({ customer_id: "17580", total_orders: 3, lifetime_value: 215.72, stale: false });
      expect(r.decision.offer_discount).toBe(true);
      // The seed's recommendations, as on the demo store: 15% to stay, 10% back, 15% + free shipping for the delay.
      expect(r.decision.discount_percent).toBe({ 1: 15, 2: 10, 3: 15 }[n]);
      drafted[n] = r.draft;
    }
    const ops = shop.fake.requests.map((q) => q.operation);
    // Dates in the shop's time zone, read from Shopify at start-up.
    expect(ops).toContain("ShopTimeZone");
    expect(shop.rt.services.timeZone).toBe("Pacific/Auckland");
    expect(drafted[1]!.body).toContain("2011-04-02");
    expect(drafted[1]!.body).not.toContain("2011-04-01");
    expect(ops).toContain("CustomerByEmail");
    expect(ops).toContain("CustomerLastOrders");
    expect(shop.rt.services.store.kind).toBe("shopify");
  });

  it("approving the retention draft creates one code that the reply and the ledger carry", async () => {
    const r = { draft: drafted[1], decision: (await (await shop.call("GET", `/v1/drafts/${drafted[1]!.id}`)).json()).decision };
    const res = await shop.call("POST", `/v1/drafts/${r.draft!.id}/approve`, { reviewer: "agent@shop.example" });
    expect(res.status).toBe(200);
    const d = await res.json();
    const created = shop.fake.data.discounts.at(-1)!;
    expect(created.customerIds).toEqual(["gid://shopify/Customer/17580"]);
    expect(created.percentage).toBe(r.decision.discount_percent / 100);
    expect(d.body).toContain(created.code);
    const [offer] = await shop.rt.services.db.select().from(offers).where(eq(offers.draftId, r.draft!.id));
    expect(offer).toMatchObject({ discountCode: created.code, discountId: created.id });
  });

  it("refuses to approve when Shopify will not create the code, and approves on the retry with one code", async () => {
    // Scenario 2's draft (the suite lifts the 90-day budget, see beforeAll).
    const r = { draft: drafted[2] };
    shop.fake.inject(
      { kind: "userErrors", errors: [{ field: ["basicCodeDiscount"], code: "INTERNAL_ERROR", message: "try later" }] },
      { operation: "DiscountCodeBasicCreate" },
    );
    const before = shop.fake.data.discounts.length;
    const refused = await shop.call("POST", `/v1/drafts/${r.draft!.id}/approve`, {});
    expect(refused.status).toBe(502);
    expect((await refused.json()).user_errors[0].message).toBe("try later");
    expect((await (await shop.call("GET", `/v1/drafts/${r.draft!.id}`)).json()).status).toBe("pending_review");
    expect((await shop.call("POST", `/v1/drafts/${r.draft!.id}/approve`, {})).status).toBe(200);
    expect(shop.fake.data.discounts.length).toBe(before + 1);
  });

  it("drafts from the stored copy, marked stale, when Shopify is down", async () => {
    shop.fake.inject({ kind: "http", status: 503 }, { times: Infinity });
    await shop.rt.services.cache.del("shopify:email:17580@customers.example", "shopify:orders:gid://shopify/Customer/17580");
    const res = await shop.call("POST", "/v1/tickets", scenario(3));
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.customer).toMatchObject({ customer_id: "17580", stale: true });
    shop.fake.clearFaults();
  });

  it("serves POST /webhooks/shopify from the app: signed deliveries are taken, unsigned ones refused", async () => {
    const body = JSON.stringify({ id: 17580, admin_graphql_api_id: "gid://shopify/Customer/17580", email: "17580@customers.example" });
    const headers = (hmac: string | null) => ({
      "content-type": "application/json",
      "x-shopify-topic": "customers/update",
      "x-shopify-shop-domain": shop.rt.shopifyDeps!.client.shop,
      "x-shopify-api-version": "2025-01",
      "x-shopify-webhook-id": `e2e-${randomBytes(4).toString("hex")}`,
      ...(hmac ? { "x-shopify-hmac-sha256": hmac } : {}),
    });
    const signed = await shop.app.request("/webhooks/shopify", {
      method: "POST",
      headers: headers(createHmac("sha256", FAKE_SECRET).update(body).digest("base64")),
      body,
    });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ received: true, duplicate: false });
    expect((await shop.app.request("/webhooks/shopify", { method: "POST", headers: headers(null), body })).status).toBe(401);
  });
});
