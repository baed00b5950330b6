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
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { problem } from "../../http/problem";
import { cleanUntrustedJson, TooDeepError } from "../../http/input";
import { jsonResponse, openApiRouter, problemResponses, SECURITY } from "../../http/openapi";
import { parseWebhookBody, processWebhookEvent, storeWebhookEvent, type ShopifyDeps } from "../../shopify/events";

/**
 * The route's declaration. The body is described, not validated here: the HMAC is checked over the
 * raw bytes first, and the event's own processing reads the topic's payload.
 */
const shopifyWebhookRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["webhooks"],
  summary: "Shopify's webhooks (orders, customers, refunds, privacy): verify, store, acknowledge",
  description: "Verified by X-Shopify-Hmac-Sha256; de-duplicated on X-Shopify-Webhook-Id (a repeat answers 200 and does nothing); processed after the answer.",
  security: [{ [SECURITY.shopify]: [] }],
  request: {
    headers: z.object({
      "x-shopify-topic": z.string().optional().openapi({ description: "e.g. orders/create, customers/redact", example: "orders/create" }),
      "x-shopify-shop-domain": z.string().optional().openapi({ example: "demo-store.myshopify.com" }),
      "x-shopify-webhook-id": z.string().optional(),
      "x-shopify-api-version": z.string().optional(),
    }),
    body: {
      required: true,
      description: "The topic's payload, as Shopify sends it.",
      content: { "application/json": { schema: { type: "object", additionalProperties: true } } },
    },
  },
  responses: {
    200: jsonResponse(
      z.object({ received: z.literal(true), duplicate: z.boolean() }).openapi("ShopifyWebhookAnswer"),
      "Stored (or a repeat: `duplicate: true`)",
    ),
    ...problemResponses(400, 401, 413),
  },
});

/**
 * The webhook sub-app; mount with `app.route("/webhooks/shopify", shopifyWebhookRoutes(deps))`
 * outside `/v1` (Shopify signs, it sends no API key).
 */
export function shopifyWebhookRoutes(deps: ShopifyDeps) {
  const routes = openApiRouter();
  routes.openapi(shopifyWebhookRoute, async (c) => {
    const s = c.var.services;
    const raw = await c.req.text();
    const check = await deps.client.validateWebhook(raw, c.req.raw);
    if (!check.ok) {
      if (check.reason === "missing_hmac" || check.reason === "invalid_hmac") {
        return problem(
          c,
          401,
          "Unauthorized",
          check.reason === "missing_hmac" ? "X-Shopify-Hmac-Sha256 is missing" : "X-Shopify-Hmac-Sha256 does not match the body",
        );
      }
      return problem(
        c,
        400,
        "Invalid webhook",
        check.reason === "missing_body" ? "the body is empty" : `missing headers: ${(check.missingHeaders ?? []).join(", ")}`,
      );
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
      if (cleaned.replaced.length)
        s.log.warn("shopify webhook: characters replaced with U+FFFD", { webhookId: check.webhookId, paths: cleaned.replaced.slice(0, 50) });
    } catch (err) {
      if (err instanceof TooDeepError) return problem(c, 400, "Invalid webhook", err.message);
      throw err;
    }
    const topic = (c.req.header("x-shopify-topic") ?? check.topic).toLowerCase();
    const stored = await storeWebhookEvent(s.db, {
      webhookId: check.webhookId,
      topic,
      shop: check.shop,
      apiVersion: check.apiVersion,
      payload,
      receivedAt: s.clock.now(),
    });
    if (!stored) return c.json({ received: true as const, duplicate: true }, 200);
    deps.defer(() => processWebhookEvent(s, deps, check.webhookId));
    return c.json({ received: true as const, duplicate: false }, 200);
  });
  return routes;
}
