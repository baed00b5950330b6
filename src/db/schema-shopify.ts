/**
 * Tables of the Shopify integration (src/shopify). Same conventions as schema.ts: money in integer
 * minor units plus an ISO 4217 code, UTC `timestamptz`, Shopify GIDs as ids.
 *
 * Customers, orders, line items, fulfillments and refunds fetched from Shopify go into the tables of
 * schema.ts (`source = "shopify"`): they are the "last stored copy" the ticket path falls back to
 * when Shopify is unreachable, and what scoring reads.
 */
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Progress of an order sync, one row per sync kind (`"orders"`). The cursor is written after each
 * page is stored, in the same transaction, so a sync that stops resumes after the last stored page.
 */
export const shopifySyncState = pgTable("shopify_sync_state", {
  key: text().primaryKey(),
  /** "running" | "failed" | "done" */
  status: text().notNull(),
  /** The Shopify search query the run pages through (null: every order). */
  query: text(),
  /** `pageInfo.endCursor` of the last stored page (null: start from the beginning). */
  cursor: text(),
  pages: integer().notNull().default(0),
  orders: integer().notNull().default(0),
  startedAt: ts("started_at").notNull(),
  finishedAt: ts("finished_at"),
  /** Start of the last completed run: the next incremental run asks for `updated_at:>=` it. */
  lastCompleteStartedAt: ts("last_complete_started_at"),
  error: text(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * Webhook deliveries, de-duplicated on `X-Shopify-Webhook-Id` (Shopify retries a delivery with the
 * same id). The payload is kept until the event is processed, then cleared (it may carry personal
 * data).
 */
export const shopifyWebhookEvents = pgTable(
  "shopify_webhook_events",
  {
    webhookId: text().primaryKey(),
    topic: text().notNull(), // "orders/create", "customers/redact", ...
    shop: text().notNull(),
    apiVersion: text(),
    /** "received" | "processing" | "done" | "failed" */
    status: text().notNull(),
    attempts: integer().notNull().default(0),
    payload: jsonb(),
    /** What processing did (e.g. the redaction's counts), no personal data. */
    result: jsonb(),
    error: text(),
    receivedAt: ts("received_at").notNull(),
    processedAt: ts("processed_at"),
  },
  (t) => [index("shopify_webhook_events_status_idx").on(t.status, t.receivedAt)],
);

/**
 * Discount codes created on draft approval: one per draft (the primary key), so a retried approval
 * finds the code it already made instead of making a second.
 */
export const shopifyDiscountCodes = pgTable(
  "shopify_discount_codes",
  {
    draftId: uuid().primaryKey(),
    customerId: text().notNull(),
    code: text().notNull(),
    percent: integer().notNull(),
    minimumSubtotalMinor: integer().notNull(),
    currency: text().notNull(),
    expiresAt: ts("expires_at").notNull(),
    /** "pending" (a create was sent and its answer is not recorded yet) | "created" | "failed" */
    status: text().notNull(),
    /** `DiscountCodeNode` GID once created. */
    shopifyId: text(),
    error: text(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("shopify_discount_codes_code_idx").on(t.code)],
);
