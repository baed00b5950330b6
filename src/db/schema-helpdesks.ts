/**
 * Helpdesk connector tables (issue 5): inbound webhook deliveries (the dedupe key of every vendor
 * event), the database-backed job queue used when Redis is not configured, and outbound posts of
 * approved replies back to the helpdesk.
 *
 * Idempotency, in one place: `helpdesk_deliveries (vendor, event_key)` is unique, so a vendor's
 * retry, or the same event reaching two service instances, stores one row and enqueues one job.
 * The ticket itself stays keyed by `tickets (source = vendor, external_id = vendor ticket id)`;
 * a customer's follow-up on the same helpdesk ticket is a new delivery (its message id is the
 * event key) whose `draft_id` is set in the same transaction as the draft it produced, so a job
 * re-run after a crash finds it answered.
 */
import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const helpdeskDeliveries = pgTable(
  "helpdesk_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    vendor: text().notNull(), // zendesk | gorgias | helpscout | freshdesk | front
    /** The vendor's event or message id (or a hash of the body when the vendor sends none). */
    eventKey: text().notNull(),
    eventType: text().notNull(), // the vendor's own name, e.g. "zen:event-type:ticket.created"
    kind: text().notNull(), // created | follow_up
    ticketExternalId: text().notNull(),
    /** The mapped ticket (the product's TicketInput shape, possibly lacking an email to fetch). */
    ticket: jsonb().notNull(),
    /** Vendor ids the reply needs later (Help Scout customer id, Zendesk requester id, ...). */
    meta: jsonb().notNull().default(sql`'{}'::jsonb`),
    status: text().notNull().default("received"), // received | processed | rejected
    error: text(),
    ticketId: uuid(),
    draftId: uuid(),
    receivedAt: ts("received_at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
  },
  (t) => [
    uniqueIndex("helpdesk_deliveries_vendor_event_idx").on(t.vendor, t.eventKey),
    index("helpdesk_deliveries_ticket_idx").on(t.vendor, t.ticketExternalId),
    index("helpdesk_deliveries_status_idx").on(t.status, t.receivedAt),
  ],
);

/** The database-backed queue (no Redis): one row per job, claimed with FOR UPDATE SKIP LOCKED under a lease. */
export const queueJobs = pgTable(
  "queue_jobs",
  {
    id: text().primaryKey(), // caller-chosen, so an enqueue is idempotent
    queue: text().notNull(),
    name: text().notNull(),
    data: jsonb().notNull(),
    state: text().notNull(), // waiting | active | completed | failed
    attempts: integer().notNull().default(0), // attempts started
    maxAttempts: integer().notNull(),
    backoffMs: integer().notNull(),
    /** 0..100, higher first; a waiting job gains on newer ones as it ages (src/queue/db.ts). */
    priority: integer().notNull().default(0),
    runAt: ts("run_at").notNull().defaultNow(),
    lockedBy: text(),
    lockedUntil: ts("locked_until"),
    lastError: text(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("queue_jobs_claim_idx").on(t.queue, t.state, t.runAt), index("queue_jobs_state_updated_idx").on(t.queue, t.state, t.updatedAt)],
);

/** One outbound post per approved draft of a helpdesk ticket: the reply, its vendor id, its errors. */
export const helpdeskPosts = pgTable(
  "helpdesk_posts",
  {
    draftId: uuid().primaryKey(),
    ticketId: uuid().notNull(),
    vendor: text().notNull(),
    mode: text().notNull(), // public | internal
    status: text().notNull(), // queued | sent | failed
    attempts: integer().notNull().default(0),
    /** The helpdesk's id of what we wrote (Zendesk comment/audit event id, Help Scout thread id, ...). */
    externalId: text(),
    error: text(),
    tags: jsonb(),
    tagError: text(),
    retries: bigint({ mode: "number" }).notNull().default(0), // manual retries requested
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    sentAt: ts("sent_at"),
  },
  (t) => [index("helpdesk_posts_status_idx").on(t.status, t.updatedAt)],
);
