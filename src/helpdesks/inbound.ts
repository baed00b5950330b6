/**
 * The inbound job: one stored delivery through the pipeline. Completes what the webhook lacked
 * through the vendor API (Zendesk's requester email, Help Scout's thread, Freshdesk's reply id),
 * de-duplicates on the vendor's message id, validates the ticket, and runs `processTicket`
 * (idempotent on source + external id) for a new ticket or `processFollowUp` for a later customer
 * message. The delivery records the outcome:
 * - `processed` (with the ticket and draft), `duplicate` (its message was answered already, by the
 *   delivery named in `error`), `rejected` (no ticket can be made of it: the reason in `error`);
 * - a failing step (a vendor API call, the pipeline) records `error` naming the step and throws, so
 *   the queue retries; after the last try it is `failed`, and `POST /v1/jobs/in-<delivery id>/retry`
 *   runs it again. What a retry cannot fix (a requester the vendor does not know, credentials not
 *   configured) is `failed` at once; its job still goes on to the dead letter, to be run again
 *   once the cause is fixed.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import { processTicket } from "../pipeline/ticket";
import { TicketInputSchema, type TicketInput } from "../pipeline/schemas";
import { cleanMappedEvent } from "./clean";
import type { Services } from "../services";
import type { HelpdeskConfig, Vendor } from "../config/helpdesks";
import { processFollowUp } from "../pipeline/followup";
import { ADAPTERS } from "./vendors";
import { InboundStepError, type MappedEvent, type MappedTicket } from "./types";

export interface InboundDeps {
  services: Services;
  config: HelpdeskConfig;
  fetch?: typeof fetch;
}

/** Which try this is: `n` of at most `of` (the queue's retry policy). */
export interface Attempt {
  n: number;
  of: number;
}

type Delivery = typeof helpdeskDeliveries.$inferSelect;
type Meta = MappedEvent["meta"];

/** Message ids (`meta.message_id`) of the ticket's other deliveries that were answered, and by which delivery. */
async function answeredMessages(s: Services, d: Delivery): Promise<Map<string, string>> {
  const rows = await s.db
    .select({ id: helpdeskDeliveries.id, messageId: sql<string | null>`${helpdeskDeliveries.meta}->>'message_id'` })
    .from(helpdeskDeliveries)
    .where(
      and(
        eq(helpdeskDeliveries.vendor, d.vendor),
        eq(helpdeskDeliveries.ticketExternalId, d.ticketExternalId),
        eq(helpdeskDeliveries.status, "processed"),
        ne(helpdeskDeliveries.id, d.id),
      ),
    );
  return new Map(rows.filter((r) => r.messageId).map((r) => [r.messageId!, r.id]));
}

/** True when no earlier delivery of this ticket exists: this one carried its first message. */
async function isFirstOfTicket(s: Services, d: Delivery): Promise<boolean> {
  const [earlier] = await s.db
    .select({ id: helpdeskDeliveries.id })
    .from(helpdeskDeliveries)
    .where(
      and(
        eq(helpdeskDeliveries.vendor, d.vendor),
        eq(helpdeskDeliveries.ticketExternalId, d.ticketExternalId),
        ne(helpdeskDeliveries.id, d.id),
        sql`(${helpdeskDeliveries.receivedAt}, ${helpdeskDeliveries.id}) < (${d.receivedAt.toISOString()}::timestamptz, ${d.id}::uuid)`,
      ),
    )
    .limit(1);
  return !earlier;
}

async function finish(s: Services, d: Delivery, set: Partial<typeof helpdeskDeliveries.$inferInsert>) {
  await s.db
    .update(helpdeskDeliveries)
    .set({ processedAt: sql`now()`, ...set })
    .where(eq(helpdeskDeliveries.id, d.id));
}

/**
 * Runs the inbound job for `deliveryId`.
 * @param attempt which try this is (the last one marks the delivery `failed`); unknown: not the last
 * @throws InboundStepError (a vendor API step) or the pipeline's error: the queue retries
 */
export async function runInboundJob(deps: InboundDeps, deliveryId: string, attempt?: Attempt): Promise<void> {
  const s = deps.services;
  const [d] = await s.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, deliveryId));
  if (!d || (d.status !== "received" && d.status !== "failed")) return;
  const vendor = d.vendor as Vendor;
  const cfg = deps.config.vendors[vendor];
  const adapter = ADAPTERS[vendor];
  let ev: MappedEvent = {
    kind: d.kind as MappedEvent["kind"],
    eventType: d.eventType,
    eventKey: d.eventKey,
    ticket: d.ticket as MappedTicket,
    meta: d.meta as Meta,
  };
  try {
    const answered = await answeredMessages(s, d);
    if (adapter.enrich && cfg) {
      const before = JSON.stringify([ev.ticket, ev.meta]);
      // Text read through the vendor's API is cleaned as the webhook's was (src/helpdesks/clean.ts).
      ev = cleanMappedEvent(await adapter.enrich(ev, cfg, deps.fetch ?? fetch, new Set(answered.keys())));
      // What the vendor's API completed is kept with the delivery, so a re-run reads it again from here.
      if (JSON.stringify([ev.ticket, ev.meta]) !== before) {
        await s.db.update(helpdeskDeliveries).set({ ticket: ev.ticket, meta: ev.meta }).where(eq(helpdeskDeliveries.id, d.id));
      }
    }
    const messageId = ev.meta.message_id ? String(ev.meta.message_id) : null;
    const answeredBy = messageId ? answered.get(messageId) : undefined;
    if (answeredBy) {
      await finish(s, d, { status: "duplicate", error: `message ${messageId} was answered through delivery ${answeredBy}` });
      return;
    }
    const parsed = TicketInputSchema.safeParse(ev.ticket);
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      await finish(s, d, { status: "rejected", error });
      return;
    }
    const input: TicketInput = parsed.data;
    const r = await processTicket(s, input);
    if (d.kind === "created" || r.created || (await isFirstOfTicket(s, d))) {
      // A new ticket, or the message that created it (a re-run after a crash, a retry of the
      // creating event): the ticket's first draft answers it.
      await finish(s, d, { status: "processed", ticketId: r.ticket.id, draftId: r.draft.id, error: null });
      return;
    }
    await processFollowUp(s, r.ticket.id, d.id, input);
  } catch (err) {
    const hopeless = err instanceof InboundStepError && !err.retry;
    const final = hopeless || (attempt !== undefined && attempt.n >= attempt.of);
    const error = `${attempt ? `try ${attempt.n} of ${attempt.of}: ` : ""}${String((err as Error)?.message ?? err)}`.slice(0, 2000);
    await s.db
      .update(helpdeskDeliveries)
      .set({ error, ...(final ? { status: "failed", processedAt: sql`now()` } : {}) })
      .where(eq(helpdeskDeliveries.id, d.id))
      .catch(() => {});
    // Thrown even when hopeless: the job then reaches the dead letter, where it can be run again
    // once the cause is fixed (credentials set, the user restored).
    throw err;
  }
}
