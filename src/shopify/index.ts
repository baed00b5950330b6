/**
 * The Shopify integration's entry: builds the `ShopifyDeps` the routes, the ticket path and the
 * approval use, from a client (made by the runtime's entry, e.g. src/shopify/node.ts).
 */
import type { Services } from "../services";
import type { ShopifyClient } from "./client";
import { ShopifyStore } from "./store";
import type { ShopifyDeps } from "./webhooks";

export type { ShopifyDeps } from "./webhooks";
export { shopifyWebhookRoutes, processPendingWebhooks, WEBHOOK_TOPICS } from "./webhooks";
export { prepareApprovalDiscount } from "./approval";
export { withDiscountCode } from "./discounts";
export { syncAllOrders } from "./sync";
export { parseShopifyEnv, type ShopifyConfig } from "./config";

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
