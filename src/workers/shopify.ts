/**
 * Workers: loads `@shopify/shopify-api`'s Cloudflare Workers adapter (web `Request`/`Response`,
 * global `fetch`) and builds the shop's client with the same `createShopifyClient` as Node.
 *
 * `SHOPIFY_ADMIN_API_ORIGIN` works as on Node (src/shopify/node.ts): the adapter's fetch is replaced,
 * through the library's `setAbstractFetchFunc`, by one that sends requests for exactly the configured
 * shop's host to that origin and every other request to the global `fetch` untouched.
 */
import "@shopify/shopify-api/adapters/cf-worker";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { createShopifyClient, type ShopifyClient, type ShopifyClientOptions, type ShopifyRuntime } from "../shopify/client";
import type { ShopifyConfig } from "../config/shopify";

/** The Workers adapter converts a web `Request` as it is. */
export const workerShopifyRuntime: ShopifyRuntime = {
  adapterArgs: (request: Request) => ({ rawRequest: request }),
};

const routes = new Map<string, string>(); // shop host -> origin

function routingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const origin = routes.get(url.host.toLowerCase());
  if (!origin) return fetch(input, init);
  const target = new URL(url.pathname + url.search, origin);
  return fetch(input instanceof Request ? new Request(target, input) : target, init);
}

/** The shop's client on Workers. @throws as createShopifyClient */
export function createWorkerShopifyClient(config: ShopifyConfig, opts: ShopifyClientOptions = {}): ShopifyClient {
  if (config.adminApiOrigin) {
    if (!routes.size) setAbstractFetchFunc(routingFetch as typeof fetch);
    routes.set(config.shop.toLowerCase(), new URL(config.adminApiOrigin).origin);
  }
  return createShopifyClient(config, workerShopifyRuntime, opts);
}
