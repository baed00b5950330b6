/**
 * `POST /webhooks/:vendor`: verify, map, store, enqueue, acknowledge. Nothing slow happens here
 * (no vendor API call, no model): the pipeline runs in a job. Answers:
 * - 202 `{ status: "accepted", delivery_id }`: stored and queued;
 * - 200 `{ status: "duplicate", delivery_id }`: this vendor event was stored before (a retry, or
 *   another instance got it first); nothing new is stored or queued;
 * - 200 `{ status: "ignored", reason }`: an event type or message we do not draft for;
 * - 200 text: Front's `X-Front-Challenge` echoed back;
 * - 401 problem+json: missing or bad signature / shared secret, or a stale timestamp; nothing stored;
 * - 400 problem+json: malformed JSON or a payload that is not the vendor's shape;
 * - 404 problem+json: unknown or unconfigured vendor.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { TicketInputSchema } from "../../pipeline/schemas";
import { problem } from "../../http/problem";
import { jsonResponse, openApiRouter, problemResponses, SECURITY } from "../../http/openapi";
import type { Db } from "../../db/types";
import type { Logger } from "../../log/logger";
import type { TicketQueue } from "../../queue/types";
import { VENDORS, type HelpdeskConfig, type Vendor } from "../../config/helpdesks";
import { ADAPTERS } from "../../helpdesks/vendors";
import { PayloadError, type InboundRequest, type MappedEvent } from "../../helpdesks/types";
import type { DeliveryBatcher } from "../../helpdesks/batcher";
import { inboundJobId, storeDelivery } from "../../helpdesks/deliveries";
import { cleanUntrustedJson, TooDeepError } from "../../http/input";
import { recordReplaced } from "../../helpdesks/clean";

export interface WebhookDeps {
  db: Db;
  queue: TicketQueue;
  /** Group commit of deliveries (batcher.ts); without it each delivery is stored and queued alone. */
  batcher?: DeliveryBatcher;
  config: HelpdeskConfig;
  log?: Logger;
  /** Wall clock for signature freshness, ms since the epoch (default Date.now; never the store clock). */
  now?: () => number;
}

/** Checks the mapped ticket against the product's schema; what the inbound job reads later (`ev.pending`) counts as present. */
function ticketIssues(ev: MappedEvent): { name: string; reason: string }[] {
  const pending = new Set(ev.pending ?? []);
  const probe = {
    ...ev.ticket,
    requester: pending.has("email") && !ev.ticket.requester.email ? { ...ev.ticket.requester, email: "pending@fetch.invalid" } : ev.ticket.requester,
    body: pending.has("body") && !ev.ticket.body ? "(read by the inbound job)" : ev.ticket.body,
  };
  const r = TicketInputSchema.safeParse(probe);
  return r.success ? [] : r.error.issues.map((i) => ({ name: `ticket.${i.path.join(".")}`, reason: i.message }));
}

const WebhookAnswerSchema = z
  .union([
    z.object({ status: z.literal("accepted"), delivery_id: z.string() }),
    z.object({ status: z.literal("duplicate"), delivery_id: z.string() }),
    z.object({ status: z.literal("ignored"), reason: z.string() }),
  ])
  .openapi("HelpdeskWebhookAnswer");

/**
 * The route's declaration. The body is described, not validated here: the vendor's signature is
 * checked over the raw bytes first, then the vendor's adapter parses it (400 naming each field).
 */
const helpdeskWebhookRoute = createRoute({
  method: "post",
  path: "/{vendor}",
  tags: ["webhooks"],
  summary: "A helpdesk's webhook (Zendesk, Gorgias, Help Scout, Freshdesk, Front): verify, store, queue, acknowledge",
  description:
    "Verified by the vendor's signature or shared secret before anything is parsed or stored; idempotent on the vendor's event id. The ticket is drafted by a job, never in the request.",
  security: [{ [SECURITY.zendesk]: [] }, { [SECURITY.helpscout]: [] }, { [SECURITY.front]: [] }, { [SECURITY.sharedSecret]: [] }],
  request: {
    params: z.object({ vendor: z.string().openapi({ description: `A configured vendor: ${VENDORS.join(", ")}; another answers 404.`, example: "zendesk" }) }),
    body: {
      required: true,
      description: "The vendor's payload (for Gorgias and Freshdesk, our template), as the vendor sends it.",
      content: { "application/json": { schema: { type: "object", additionalProperties: true } } },
    },
  },
  responses: {
    202: jsonResponse(z.object({ status: z.literal("accepted"), delivery_id: z.string() }), "Stored and queued"),
    200: {
      description: "A repeat of a stored event (`duplicate`), an event we do not draft for (`ignored`), or Front's challenge echoed as text",
      content: { "application/json": { schema: WebhookAnswerSchema }, "text/plain": { schema: z.string() } },
    },
    ...problemResponses(400, 401, 404, 413),
  },
});

/** The webhook sub-app; mount it with `app.route("/webhooks", helpdeskWebhookRoutes(deps))`. */
export function helpdeskWebhookRoutes(deps: WebhookDeps) {
  const app = openApiRouter();
  const now = deps.now ?? Date.now;

  app.openapi(helpdeskWebhookRoute, async (c) => {
    const name = c.req.param("vendor") ?? "";
    const vendor = (VENDORS as readonly string[]).includes(name) ? (name as Vendor) : null;
    const cfg = vendor ? deps.config.vendors[vendor] : undefined;
    if (!vendor || !cfg) return problem(c, 404, "Not Found", `no helpdesk webhook is configured for "${name}"`);
    const adapter = ADAPTERS[vendor];
    const req: InboundRequest = { rawBody: await c.req.text(), header: (h) => c.req.header(h), nowMs: now() };

    const verdict = adapter.verify(req, cfg, deps.config.toleranceSeconds);
    if (!verdict.ok) return problem(c, 401, "Unauthorized", `${vendor} webhook rejected: ${verdict.reason}`);
    const challenge = adapter.challenge?.(req);
    if (challenge) return c.text(challenge, 200);

    let json: unknown;
    try {
      json = JSON.parse(req.rawBody);
    } catch {
      return problem(c, 400, "Malformed JSON", "the webhook body is not valid JSON");
    }
    // The vendor's text is not ours to refuse: NUL and lone surrogates become U+FFFD, recorded with the delivery.
    let replaced: string[];
    try {
      ({ value: json, replaced } = cleanUntrustedJson(json));
    } catch (err) {
      if (err instanceof TooDeepError) return problem(c, 400, "Invalid webhook payload", err.message);
      throw err;
    }
    let outcome: ReturnType<typeof adapter.parse>;
    try {
      outcome = adapter.parse(json, req, cfg);
    } catch (err) {
      if (err instanceof PayloadError) return problem(c, 400, "Invalid webhook payload", err.message, { invalid_params: err.issues });
      throw err;
    }
    if ("ignored" in outcome) return c.json({ status: "ignored" as const, reason: outcome.ignored }, 200);
    recordReplaced(outcome.event, replaced);
    const issues = ticketIssues(outcome.event);
    if (issues.length) return problem(c, 400, "Invalid webhook payload", issues.map((i) => `${i.name}: ${i.reason}`).join("; "), { invalid_params: issues });

    if (deps.batcher) {
      const stored = await deps.batcher.store(vendor, outcome.event);
      if (!stored.created) return c.json({ status: "duplicate" as const, delivery_id: stored.id }, 200);
      return c.json({ status: "accepted" as const, delivery_id: stored.id }, 202);
    }
    const stored = await storeDelivery(deps.db, vendor, outcome.event);
    if (!stored.created) return c.json({ status: "duplicate" as const, delivery_id: stored.id }, 200);
    try {
      await deps.queue.enqueue(inboundJobId(stored.id), { kind: "inbound", deliveryId: stored.id });
    } catch (err) {
      // Stored is what matters: the reconciler enqueues received deliveries that have no job.
      deps.log?.warn("enqueue failed; the reconciler will retry", { delivery: stored.id, error: String(err) });
    }
    return c.json({ status: "accepted" as const, delivery_id: stored.id }, 202);
  });
  return app;
}
