/**
 * The inbound job: one stored delivery through the pipeline. Fetches what the webhook lacked
 * (Zendesk's requester email), validates the ticket, and runs `processTicket` (idempotent on
 * source + external id) for a new ticket or `processFollowUp` for a later customer message.
 * A delivery that cannot become a ticket (no requester email anywhere) is marked `rejected` with
 * the reason and not retried; a vendor API failure throws, so the queue retries it.
 */
import { eq, sql } from "drizzle-orm";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import { processTicket } from "../pipeline/ticket";
import { TicketInputSchema, type TicketInput } from "../pipeline/schemas";
import type { Services } from "../services";
import type { HelpdeskConfig, Vendor } from "../config/helpdesks";
import { processFollowUp } from "../pipeline/followup";
import { ADAPTERS } from "./vendors";
import type { MappedEvent, MappedTicket } from "./types";

export interface InboundDeps {
  services: Services;
  config: HelpdeskConfig;
  fetch?: typeof fetch;
}

type Delivery = typeof helpdeskDeliveries.$inferSelect;

/** Marks the delivery processed; `enriched`: the ticket as completed from the vendor's API, stored with it. */
async function markProcessed(s: Services, d: Delivery, ticketId: string, draftId: string, enriched: MappedTicket | null) {
  await s.db
    .update(helpdeskDeliveries)
    .set({ status: "processed", ticketId, draftId, processedAt: sql`now()`, error: null, ...(enriched ? { ticket: enriched } : {}) })
    .where(eq(helpdeskDeliveries.id, d.id));
}

/** Runs the inbound job for `deliveryId`. @throws on a vendor API or pipeline failure (the queue retries) */
export async function runInboundJob(deps: InboundDeps, deliveryId: string): Promise<void> {
  const s = deps.services;
  const [d] = await s.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, deliveryId));
  if (!d || d.status !== "received") return;
  const vendor = d.vendor as Vendor;
  let ticket = d.ticket as MappedTicket;
  const cfg = deps.config.vendors[vendor];
  const adapter = ADAPTERS[vendor];
  // What the vendor's API completed (Zendesk's requester email) is stored with the delivery's outcome.
  let enriched: MappedTicket | null = null;
  if (!ticket.requester.email && adapter.enrich && cfg) {
    const ev: MappedEvent = { kind: d.kind as MappedEvent["kind"], eventType: d.eventType, eventKey: d.eventKey, ticket, meta: d.meta as MappedEvent["meta"] };
    ticket = enriched = (await adapter.enrich(ev, cfg, deps.fetch ?? fetch)).ticket;
  }
  const parsed = TicketInputSchema.safeParse(ticket);
  if (!parsed.success) {
    const error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    await s.db.update(helpdeskDeliveries).set({ status: "rejected", error, processedAt: sql`now()`, ticket }).where(eq(helpdeskDeliveries.id, d.id));
    return;
  }
  const input: TicketInput = parsed.data;
  const r = await processTicket(s, input);
  if (d.kind === "created" || r.created || r.ticket.body === input.body) {
    // A new ticket, a repeat of the creating event, or a follow-up that created the ticket (it was
    // the first message we saw): the ticket's first draft answers it.
    await markProcessed(s, d, r.ticket.id, r.draft.id, enriched);
    return;
  }
  if (enriched) await s.db.update(helpdeskDeliveries).set({ ticket: enriched }).where(eq(helpdeskDeliveries.id, d.id));
  await processFollowUp(s, r.ticket.id, d.id, input);
}
