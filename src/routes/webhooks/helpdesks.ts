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
import { Hono } from "hono";
import { TicketInputSchema } from "../../pipeline/schemas";
import { problem } from "../../http/problem";
import type { Db } from "../../db/types";
import type { Logger } from "../../log/logger";
import type { AppEnv } from "../../http/env";
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


/** The webhook sub-app; mount it with `app.route("/webhooks", helpdeskWebhookRoutes(deps))`. */
export function helpdeskWebhookRoutes(deps: WebhookDeps) {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? Date.now;

  app.post("/:vendor", async (c) => {
    const name = c.req.param("vendor");
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
    if ("ignored" in outcome) return c.json({ status: "ignored", reason: outcome.ignored }, 200);
    recordReplaced(outcome.event, replaced);
    const issues = ticketIssues(outcome.event);
    if (issues.length) return problem(c, 400, "Invalid webhook payload", issues.map((i) => `${i.name}: ${i.reason}`).join("; "), { invalid_params: issues });

    if (deps.batcher) {
      const stored = await deps.batcher.store(vendor, outcome.event);
      if (!stored.created) return c.json({ status: "duplicate", delivery_id: stored.id }, 200);
      return c.json({ status: "accepted", delivery_id: stored.id }, 202);
    }
    const stored = await storeDelivery(deps.db, vendor, outcome.event);
    if (!stored.created) return c.json({ status: "duplicate", delivery_id: stored.id }, 200);
    try {
      await deps.queue.enqueue(inboundJobId(stored.id), { kind: "inbound", deliveryId: stored.id });
    } catch (err) {
      // Stored is what matters: the reconciler enqueues received deliveries that have no job.
      deps.log?.warn("enqueue failed; the reconciler will retry", { delivery: stored.id, error: String(err) });
    }
    return c.json({ status: "accepted", delivery_id: stored.id }, 202);
  });
  return app;
}
