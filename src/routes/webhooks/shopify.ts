/**
 * `POST /webhooks/shopify`: Shopify's HTTPS webhooks (https://shopify.dev/docs/apps/build/webhooks).
 *
 * 1. The signature: `X-Shopify-Hmac-Sha256` over the raw body with `SHOPIFY_API_SECRET`, checked by
 *    the library's validator (constant-time). Missing or bad: 401, nothing stored. A valid signature
 *    without the other `X-Shopify-*` headers: 400, nothing stored.
 * 2. De-duplication on `X-Shopify-Webhook-Id` (Shopify retries a delivery with the same id): the
 *    event row's primary key; a repeat answers 200 and does nothing.
 * 3. 200 at once; the work (src/shopify/events.ts) runs after the response through `deps.defer`
 *    (Node: a detached promise; Workers: `executionCtx.waitUntil`). A failed event stays `failed`
 *    with its payload, and `processPendingWebhooks` (run with the sync job) tries it again.
 */
import { Hono } from "hono";
import { problem } from "../../http/problem";
import { cleanUntrustedJson, TooDeepError } from "../../http/input";
import type { AppEnv } from "../../http/env";
import { parseWebhookBody, processWebhookEvent, storeWebhookEvent, type ShopifyDeps } from "../../shopify/events";

/**
 * The webhook sub-app; mount with `app.route("/webhooks/shopify", shopifyWebhookRoutes(deps))`
 * outside `/v1` (Shopify signs, it sends no API key).
 */
export function shopifyWebhookRoutes(deps: ShopifyDeps) {
  const routes = new Hono<AppEnv>();
  routes.post("/", async (c) => {
    const s = c.var.services;
    const raw = await c.req.text();
    const check = await deps.client.validateWebhook(raw, c.req.raw);
    if (!check.ok) {
      if (check.reason === "missing_hmac" || check.reason === "invalid_hmac") {
        return problem(c, 401, "Unauthorized", check.reason === "missing_hmac" ? "X-Shopify-Hmac-Sha256 is missing" : "X-Shopify-Hmac-Sha256 does not match the body");
      }
      return problem(c, 400, "Invalid webhook", check.reason === "missing_body" ? "the body is empty" : `missing headers: ${(check.missingHeaders ?? []).join(", ")}`);
    }
    if (check.shop.toLowerCase() !== deps.client.shop) return problem(c, 401, "Unauthorized", `webhook for another shop (${check.shop})`);
    let payload: unknown;
    try {
      // Ids keep every digit: Shopify's numeric ids exceed what a JSON number holds exactly.
      payload = parseWebhookBody(raw);
    } catch {
      return problem(c, 400, "Malformed JSON", "the webhook body is not JSON");
    }
    // Shopify's text is not ours to refuse: NUL and lone surrogates (which PostgreSQL's jsonb
    // refuses) become U+FFFD, and where is logged with the webhook id.
    try {
      const cleaned = cleanUntrustedJson(payload);
      payload = cleaned.value;
      if (cleaned.replaced.length) s.log.warn("shopify webhook: characters replaced with U+FFFD", { webhookId: check.webhookId, paths: cleaned.replaced.slice(0, 50) });
    } catch (err) {
      if (err instanceof TooDeepError) return problem(c, 400, "Invalid webhook", err.message);
      throw err;
    }
    const topic = (c.req.header("x-shopify-topic") ?? check.topic).toLowerCase();
    const stored = await storeWebhookEvent(s.db, { webhookId: check.webhookId, topic, shop: check.shop, apiVersion: check.apiVersion, payload, receivedAt: s.clock.now() });
    if (!stored) return c.json({ received: true, duplicate: true });
    deps.defer(() => processWebhookEvent(s, deps, check.webhookId));
    return c.json({ received: true, duplicate: false });
  });
  return routes;
}

