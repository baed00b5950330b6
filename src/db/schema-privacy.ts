/**
 * Privacy tasks (issue 18): a data-protection request found in a ticket (access, erasure,
 * rectification, portability, do-not-sell) with who asked, what right, when it was received and
 * its statutory deadline (src/privacy/deadline.ts), one row per (ticket, right). Same conventions
 * as schema.ts: UTC `timestamptz`, snake_case columns; `due_on` is a calendar date in the store's
 * time zone, as the law counts it.
 */
import { date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers, tickets } from "./schema";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const privacyTasks = pgTable(
  "privacy_tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    /** The resolved customer (GID), null for an unknown requester. */
    customerId: text().references(() => customers.id, { onDelete: "set null" }),
    /** Who asked; cleared when the customer is redacted (the task stays, as the record that the request was honoured). */
    requesterEmail: text(),
    /** access | erasure | rectification | portability | do_not_sell */
    right: text().notNull(),
    /** The customer's words that exercise the right; cleared on redaction. */
    evidence: text(),
    /** gdpr | uk_gdpr | ccpa: the regime whose deadline is the earliest. */
    regime: text().notNull(),
    /** Every regime that may apply, why, and its deadline (src/privacy/deadline.ts `RegimeCandidate[]`). */
    regimeBasis: jsonb().notNull(),
    receivedAt: ts("received_at").notNull(),
    dueOn: date({ mode: "string" }).notNull(),
    /** open | completed | refused */
    status: text().notNull().default("open"),
    /** The Shopify flow that serves this right on a Shopify shop: customers/redact or customers/data_request. */
    shopifyFlow: text(),
    /** The first such webhook Shopify sent for this customer, once it came. */
    shopifyWebhookId: text(),
    shopifyEventAt: ts("shopify_event_at"),
    note: text(),
    closedAt: ts("closed_at"),
    closedBy: text(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("privacy_tasks_ticket_right_idx").on(t.ticketId, t.right),
    index("privacy_tasks_status_due_idx").on(t.status, t.dueOn),
    index("privacy_tasks_customer_idx").on(t.customerId),
  ],
);

export type PrivacyTaskRow = typeof privacyTasks.$inferSelect;
