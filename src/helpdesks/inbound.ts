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
import type { HelpdeskConfig, Vendor } from "./config";
import { processFollowUp } from "./followup";
import { ADAPTERS } from "./vendors";
import type { MappedEvent, MappedTicket } from "./types";

export interface InboundDeps {
  services: Services;
  config: HelpdeskConfig;
  fetch?: typeof fetch;
}

type Delivery = typeof helpdeskDeliveries.$inferSelect;

async function markProcessed(s: Services, d: Delivery, ticketId: string, draftId: string) {
  await s.db
    .update(helpdeskDeliveries)
    .set({ status: "processed", ticketId, draftId, processedAt: sql`now()`, error: null })
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
  if (!ticket.requester.email && adapter.enrich && cfg) {
    const ev: MappedEvent = { kind: d.kind as MappedEvent["kind"], eventType: d.eventType, eventKey: d.eventKey, ticket, meta: d.meta as MappedEvent["meta"] };
    ticket = (await adapter.enrich(ev, cfg, deps.fetch ?? fetch)).ticket;
    await s.db.update(helpdeskDeliveries).set({ ticket }).where(eq(helpdeskDeliveries.id, d.id));
  }
  const parsed = TicketInputSchema.safeParse(ticket);
  if (!parsed.success) {
    const error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    await s.db.update(helpdeskDeliveries).set({ status: "rejected", error, processedAt: sql`now()` }).where(eq(helpdeskDeliveries.id, d.id));
    return;
  }
  const input: TicketInput = parsed.data;
  const r = await processTicket(s, input);
  if (d.kind === "created" || r.created || r.ticket.body === input.body) {
    // A new ticket, a repeat of the creating event, or a follow-up that created the ticket (it was
    // the first message we saw): the ticket's first draft answers it.
    await markProcessed(s, d, r.ticket.id, r.draft.id);
    return;
  }
  await processFollowUp(s, r.ticket.id, d.id, input);
}
