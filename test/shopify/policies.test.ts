/**
 * With SHOPIFY_* pointing at the fake Admin server, the shop's legal policies are read (validated
 * against the 2025-01 schema by the fake), indexed at start beside the help articles, found by
 * search, cited by a draft of a ticket posted through the route, and refreshed by the sync and by a
 * shop/update webhook: a changed policy is re-indexed, a deleted one disappears.
 */
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { parseEnv } from "../../src/config/env";
import { policyArticles, policyHtmlToMarkdown } from "../../src/knowledge/shopify-policies";
import { shopifyWebhookEvents } from "../../src/db/schema-shopify";
import { bootstrap, nodeMounts, type NodeRuntime } from "../../src/node/bootstrap";
import { syncShopPolicies } from "../../src/shopify/sync";
import { silentLogger, TEST_API_KEY } from "../helpers/app";
import { cloneDemoDatabase } from "../helpers/db";
import { fakeShopDomain, fakeShopPolicies, syntheticShop } from "../fakes/shopify/fixtures";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify/server";
import { waitFor } from "../helpdesks/helpers";
import { FAKE_SECRET, FAKE_TOKEN } from "./helpers";

let fake: FakeShopify;
let rt: NodeRuntime;
let drop: () => Promise<void>;
const shop = fakeShopDomain();

beforeAll(async () => {
  const db = await cloneDemoDatabase();
  drop = db.drop;
  fake = await startFakeShopify({ accessToken: FAKE_TOKEN, data: { ...syntheticShop(1, 1), shopPolicies: fakeShopPolicies(shop) } });
  const env = parseEnv({
    DATABASE_URL: db.url,
    API_KEY: TEST_API_KEY,
    DEMO_IMPORT: "off",
    SHOPIFY_SHOP: shop,
    SHOPIFY_ADMIN_ACCESS_TOKEN: FAKE_TOKEN,
    SHOPIFY_API_SECRET: FAKE_SECRET,
    SHOPIFY_ADMIN_API_ORIGIN: fake.origin,
    STORE_TIMEZONE: "Europe/London",
  });
  rt = await bootstrap(env, { log: silentLogger, keyPrefix: `test:${randomBytes(4).toString("hex")}:` });
});
afterAll(async () => {
  await rt?.close();
  await fake?.stop();
  await drop?.();
});

describe("the shop's policies as knowledge", () => {
  it("are read from the Admin API at start and found by search with their section and URL", async () => {
    expect(fake.requests.filter((r) => r.operation === "ShopPolicies").map((r) => r.outcome)).toEqual(["ok"]);
    const r = await rt.services.knowledge!.search("Can I return perishable goods or custom products?", { limit: 3 });
    expect(r.hits[0]?.passage).toMatchObject({
      articleId: "shopify-refund-policy",
      articleTitle: "Refund policy",
      section: ["Exceptions / non-returnable items"],
      source: "shopify-policies",
    });
    const iceland = await rt.services.knowledge!.search("how much is shipping to Iceland?", { limit: 1 });
    expect(iceland.hits[0]?.passage).toMatchObject({
      id: "en/shopify-shipping-policy#shipping-to-iceland-and-the-faroe-islands",
      section: ["Shipping to Iceland and the Faroe Islands"],
      url: `https://${shop}/policies/shipping-policy#shipping-to-iceland-and-the-faroe-islands`,
    });
    expect(iceland.hits[0]?.passage.text).toContain("£55");
  });

  it("are cited by a draft: a ticket through the route gets the shop's own shipping policy, with its link", async () => {
    const app = createApp(rt.services, nodeMounts(rt));
    const res = await app.request("/v1/tickets", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        external_id: `iceland-${randomBytes(4).toString("hex")}`,
        source: "api",
        requester: { email: "someone@example.org" },
        subject: "",
        body: "Do you ship to Iceland? How much would that be?",
      }),
    });
    expect(res.status).toBe(201);
    const { draft } = (await res.json()) as {
      draft: { id: string; body: string; guard: { violations: unknown[] }; citations: Array<{ id: string; url: string | null }> };
    };
    expect(draft.body).toContain("Parcels to Iceland and the Faroe Islands cost £55 and take 6 to 9 business days.");
    expect(draft.guard.violations).toEqual([]);
    expect(draft.citations[0]).toEqual({
      id: "en/shopify-shipping-policy#shipping-to-iceland-and-the-faroe-islands",
      title: "Shipping policy",
      section: ["Shipping to Iceland and the Faroe Islands"],
      url: `https://${shop}/policies/shipping-policy#shipping-to-iceland-and-the-faroe-islands`,
    });
  });

  it("index beside the help articles, and a policy without a body is no article", async () => {
    const outcomes = await rt.services.knowledge!.index();
    expect(outcomes).toEqual([
      expect.objectContaining({ source: "markdown", added: 0, unchanged: 14 }),
      expect.objectContaining({ source: "shopify-policies", added: 0, unchanged: 3 }),
    ]);
  });

  it("are refreshed by the sync: a changed policy is re-indexed, a deleted one disappears", async () => {
    const refund = fake.data.shopPolicies!.find((p) => p.type === "REFUND_POLICY")!;
    refund.body = "<h2>Returns</h2><p>You have 60 days to send an item back.</p>";
    fake.data.shopPolicies = fake.data.shopPolicies!.filter((p) => p.type !== "PRIVACY_POLICY");
    const client = rt.shopifyDeps!.client;
    expect(await syncShopPolicies(rt.services.db, client)).toMatchObject({ changed: 1, removed: 1, unchanged: 1 });
    await rt.services.knowledge!.index("markdown"); // drops the cached vocabulary, as any indexing does
    const r = await rt.services.knowledge!.search("how many days to send an item back", { limit: 10 });
    expect(r.hits.find((h) => h.passage.articleId === "shopify-refund-policy")?.passage.text).toBe("You have 60 days to send an item back.");
    const privacy = await rt.services.knowledge!.search("erase my personal information", { limit: 10 });
    expect(privacy.hits.some((h) => h.passage.articleId === "shopify-privacy-policy")).toBe(false);
  });

  it("are read again on a signed shop/update webhook", async () => {
    const shipping = fake.data.shopPolicies!.find((p) => p.type === "SHIPPING_POLICY")!;
    shipping.body = `${shipping.body}<h2>Shipping to Greenland</h2><p>Greenland: 14 working days, £55.00 per order.</p>`;
    shipping.updatedAt = "2025-02-01T10:00:00Z";
    // The Shop resource, as Shopify sends it for shop/update (the same object as app/uninstalled's).
    const body = readFileSync(path.resolve(import.meta.dirname, "../../../shared/data/vendor-payloads/shopify-app-uninstalled.json"), "utf8");
    const app = createApp(rt.services, nodeMounts(rt));
    const res = await app.request("/webhooks/shopify", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "shop/update",
        "x-shopify-shop-domain": shop,
        "x-shopify-api-version": "2025-01",
        "x-shopify-webhook-id": "wh-shop-update-1",
        "x-shopify-hmac-sha256": createHmac("sha256", FAKE_SECRET).update(body, "utf8").digest("base64"),
      },
      body,
    });
    expect(res.status).toBe(200);
    const ev = await waitFor(async () => {
      const [row] = await rt.services.db.select().from(shopifyWebhookEvents).where(eq(shopifyWebhookEvents.webhookId, "wh-shop-update-1"));
      return row?.status === "done" ? row : undefined;
    }, "the shop/update event");
    expect(ev.result).toMatchObject({ policies: { source: "shopify-policies", changed: 1 } });
    const r = await rt.services.knowledge!.search("do you ship to Greenland", { limit: 3 });
    expect(r.hits[0]?.passage).toMatchObject({ articleId: "shopify-shipping-policy", section: ["Shipping to Greenland"] });
  });

  it("keeps the last indexed policies when Shopify cannot be reached", async () => {
    fake.inject({ kind: "http", status: 503 }, { operation: "ShopPolicies", times: 10 });
    const [out] = await rt.services.knowledge!.index("shopify-policies");
    expect(out).toMatchObject({ source: "shopify-policies", error: expect.stringMatching(/ShopPolicies/) });
    expect((await rt.services.knowledge!.search("Iceland shipping")).hits[0]?.passage.articleId).toBe("shopify-shipping-policy");
    fake.clearFaults();
  });
});

describe("policy HTML", () => {
  it("becomes Markdown with its headings, lists and link text", () => {
    expect(policyHtmlToMarkdown('<h2>Returns</h2><p>Within <b>30</b> days.</p><ul><li>Tracked with <a href="https://x.example">DHL</a></li></ul>')).toBe(
      "## Returns\n\nWithin 30 days.\n\n- Tracked with DHL",
    );
  });

  it("takes the language from the shop's primary locale", () => {
    const [a] = policyArticles({
      shop: {
        shopPolicies: [{ id: "1", type: "REFUND_POLICY", title: "Rückgabe", body: "<p>30 Tage</p>", url: "https://x.example/p", updatedAt: "2025-01-01" }],
      },
      shopLocales: [
        { locale: "en", primary: false },
        { locale: "de-DE", primary: true },
      ],
    });
    expect(a).toMatchObject({ id: "shopify-refund-policy", language: "de", source: "shopify-policies" });
  });
});
