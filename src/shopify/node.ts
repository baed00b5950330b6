/**
 * Node-only: loads `@shopify/shopify-api`'s Node adapter and builds the shop's client.
 *
 * Pointing the library at another origin (`SHOPIFY_ADMIN_API_ORIGIN`): the library always builds
 * `https://{shop}/admin/api/{version}/graphql.json` (admin-api-client forces https and takes the shop
 * domain as the host) and sends it through the adapter's fetch, `abstractFetch`, which the adapter
 * sets with the library's own extension point `setAbstractFetchFunc` (runtime/http). When an origin
 * is configured for a shop, we set that adapter fetch to one that rewrites requests for exactly that
 * shop's host (`https://acme.myshopify.com/admin/...` -> `http://127.0.0.1:4000/admin/...`) and
 * passes every other request to `globalThis.fetch` untouched. No global object is patched
 * (`globalThis.fetch` stays as it is); without a configured origin nothing is installed and the
 * Node adapter's plain fetch goes to Shopify. The library's request code, headers, body and error
 * handling all run unchanged, which is what the tests against the local fake rely on.
 */
import "@shopify/shopify-api/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { ShopifyConfig } from "../config/shopify";
import { createShopifyClient, type ShopifyClient, type ShopifyClientOptions, type ShopifyRuntime } from "./client";

/**
 * The Node adapter converts an `http.IncomingMessage`; it reads only `headers`, `method` and `url`,
 * so a web `Request` (Hono's `c.req.raw`, also under `app.request` in tests) is given in that shape.
 */
export const nodeShopifyRuntime: ShopifyRuntime = {
  adapterArgs(request: Request) {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { rawRequest: { headers, method: request.method, url: new URL(request.url).pathname } };
  },
};

const routes = new Map<string, string>(); // shop host -> origin
let routingInstalled = false;

async function routingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const origin = routes.get(url.host.toLowerCase());
  if (!origin) return globalThis.fetch(input, init);
  const target = new URL(url.pathname + url.search, origin);
  return globalThis.fetch(input instanceof Request ? new Request(target, input) : target, init);
}

/**
 * Sends the library's requests for `shop` to `origin` (see the file comment).
 * @param origin `http://127.0.0.1:4000`; its path is ignored
 */
export function routeShopToOrigin(shop: string, origin: string): void {
  routes.set(shop.toLowerCase(), new URL(origin).origin);
  if (!routingInstalled) {
    setAbstractFetchFunc(routingFetch as typeof fetch);
    routingInstalled = true;
  }
}

/**
 * The shop's client on Node: routes to `config.adminApiOrigin` when set, then `createShopifyClient`.
 * @throws as createShopifyClient
 */
export function createNodeShopifyClient(config: ShopifyConfig, opts: ShopifyClientOptions = {}): ShopifyClient {
  if (config.adminApiOrigin) routeShopToOrigin(config.shop, config.adminApiOrigin);
  return createShopifyClient(config, nodeShopifyRuntime, opts);
}
