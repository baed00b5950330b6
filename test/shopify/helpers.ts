/** Builds a real `@shopify/shopify-api` client (Node adapter) pointed at a fake shop, or the whole service on one. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { createApp } from "../../src/app";
import { parseEnv } from "../../src/config/env";
import { openDb } from "../../src/db/client";
import { bootstrap, nodeMounts, type NodeRuntime } from "../../src/node/bootstrap";
import { silentLogger, TEST_API_KEY } from "../helpers/app";
import { cloneDemoDatabase } from "../helpers/db";
import { TEST_REDIS_URL } from "../helpers/env";
import type { ShopifyClientOptions } from "../../src/shopify/client";
import type { ShopifyConfig } from "../../src/config/shopify";
import { createNodeShopifyClient } from "../../src/shopify/node";
import { fakeShopDomain, shopFromDemo, virtualClock } from "../fakes/shopify/fixtures";
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

/** The service wired to a fake shop, as `useShopifyApp` sets it up. */
export interface ShopifyApp {
  fake: FakeShopify;
  rt: NodeRuntime;
  app: ReturnType<typeof createApp>;
  /** A request with the API key and a JSON body. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks: a clone of the demo database, a fake shop serving the
 * demo store's `customers` as Shopify records, and the service bootstrapped on both with the
 * `SHOPIFY_*` variables (and Redis), as `npm start` would be. `tweakData` changes the shop's data
 * before it is served; `tweakRuntime` the runtime before the app is built.
 * @returns the handles, filled in by `beforeAll`
 */
export function useShopifyApp(customers: string[], opts: { tweakData?(data: FakeShopData): void; tweakRuntime?(rt: NodeRuntime): void } = {}): ShopifyApp {
  let drop: (() => Promise<void>) | undefined;
  const s = {
    call: (method: string, path: string, body?: unknown) =>
      s.app.request(path, {
        method,
        headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  } as ShopifyApp;
  beforeAll(async () => {
    const db = await cloneDemoDatabase();
    drop = db.drop;
    const h = await openDb({ databaseUrl: db.url, max: 2 });
    const data = await shopFromDemo(h.db, customers);
    opts.tweakData?.(data);
    await h.close();
    s.fake = await startFakeShopify({ accessToken: FAKE_TOKEN, data });
    const env = parseEnv({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      API_KEY: TEST_API_KEY,
      DEMO_IMPORT: "off",
      SHOPIFY_SHOP: fakeShopDomain(),
      SHOPIFY_ADMIN_ACCESS_TOKEN: FAKE_TOKEN,
      SHOPIFY_API_SECRET: FAKE_SECRET,
      SHOPIFY_ADMIN_API_ORIGIN: s.fake.origin,
    });
    s.rt = await bootstrap(env, { log: silentLogger, keyPrefix: `test:${randomBytes(4).toString("hex")}:` });
    opts.tweakRuntime?.(s.rt);
    s.app = createApp(s.rt.services, nodeMounts(s.rt));
  });
  afterAll(async () => {
    await s.rt?.close();
    await s.fake?.stop();
    await drop?.();
  });
  return s;
}
