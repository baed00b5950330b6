/**
 * The Shopify integration's entry: builds, from a client (made by the runtime's entry, e.g.
 * src/shopify/node.ts), the `ShopifyDeps` the webhook route and the sync use and the `ShopifyPort`
 * the ticket path and the approval use.
 */
import type { Services } from "../services";
import { isTimeZone } from "../config/env";
import type { ShopifyClient } from "./client";
import { SHOP_TIME_ZONE } from "./queries";
import { ShopifyStore } from "./store";
import { createDiscountCode } from "./discounts";
import type { ShopifyDeps } from "./events";
import type { ShopifyPort } from "./port";

export type { ShopifyDeps } from "./events";
export { processPendingWebhooks, WEBHOOK_TOPICS } from "./events";
export { syncAllOrders, syncShopPolicies } from "./sync";
export { parseShopifyEnv, type ShopifyConfig } from "../config/shopify";

/**
 * The shop's time zone, for the order dates replies state (Admin GraphQL `shop { ianaTimezone }`,
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Shop#field-ianaTimezone).
 * @returns an IANA time zone, e.g. "America/New_York"
 * @throws what `client.request` throws; an Error when the answer is not a time zone Intl knows
 */
export async function fetchShopTimeZone(client: ShopifyClient): Promise<string> {
  const { data } = await client.request<{ shop: { ianaTimezone: string } }>(SHOP_TIME_ZONE);
  const tz = data.shop.ianaTimezone;
  if (!isTimeZone(tz)) throw new Error(`Shopify answered a time zone this runtime does not know: ${JSON.stringify(tz)}`);
  return tz;
}

/**
 * @param defer runs work after a webhook's response (default: a detached promise whose failure is
 *   logged; Workers pass `(t) => ctx.waitUntil(t())`)
 */
export function createShopifyDeps(
  s: Pick<Services, "db" | "cache" | "log">,
  client: ShopifyClient,
  opts: { ttlSeconds: number; defer?: ShopifyDeps["defer"] },
): ShopifyDeps {
  return {
    client,
    store: new ShopifyStore({ db: s.db, cache: s.cache, client, ttlSeconds: opts.ttlSeconds, log: s.log }),
    defer:
      opts.defer ??
      ((task) => {
        task().catch((err) => s.log.error("shopify deferred task failed", { error: String((err as Error)?.stack ?? err) }));
      }),
  };
}

/** The port the use cases see: look-ups through the store, discount codes through the client. */
export function createShopifyPort(db: Services["db"], deps: Pick<ShopifyDeps, "client" | "store">): ShopifyPort {
  return {
    lookups: deps.store,
    createDiscountCode: (req, now) => createDiscountCode(db, deps.client, req, now),
  };
}
