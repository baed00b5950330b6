/** Builds a real `@shopify/shopify-api` client (Node adapter) pointed at a fake shop. */
import type { ShopifyClientOptions } from "../../src/shopify/client";
import type { ShopifyConfig } from "../../src/config/shopify";
import { createNodeShopifyClient } from "../../src/shopify/node";
import { fakeShopDomain, virtualClock } from "../fakes/shopify/fixtures";
import { startFakeShopify, type FakeShopData, type FakeShopify } from "../fakes/shopify/server";

export const FAKE_TOKEN = "shpat_fake_0123456789";
export const FAKE_SECRET = "fake_api_secret_for_webhooks";

export async function fakeShopAndClient(
  data: FakeShopData,
  opts: { bucket?: { maximumAvailable: number; restoreRate: number }; client?: ShopifyClientOptions } = {},
) {
  const clock = virtualClock();
  const fake: FakeShopify = await startFakeShopify({ accessToken: FAKE_TOKEN, data, bucket: opts.bucket, now: clock.now });
  const config: ShopifyConfig = {
    shop: fakeShopDomain(),
    accessToken: FAKE_TOKEN,
    apiSecret: FAKE_SECRET,
    apiVersion: "2025-01",
    adminApiOrigin: fake.origin,
    cacheTtlSeconds: 60,
  };
  const client = createNodeShopifyClient(config, { sleep: clock.sleep, now: clock.now, random: () => 0.5, ...opts.client });
  return { fake, client, config, clock };
}
