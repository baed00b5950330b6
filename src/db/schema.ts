/**
 * Drizzle schema: the one source of truth for PostgreSQL (server and PGlite alike).
 *
 * Conventions (../shared/STYLE.md): money is integer minor units plus an ISO 4217 currency code;
 * times are UTC `timestamptz`; ids of Shopify-shaped records are Shopify GIDs
 * (`gid://shopify/Customer/12345`), so a demo store and a real store share one shape.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Key-value facts about the store and the service (e.g. the demo import's as-of date). */
export const storeMeta = pgTable("store_meta", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const customers = pgTable(
  "customers",
  {
    id: text().primaryKey(), // gid://shopify/Customer/<id>
    email: text(),
    firstName: text(),
    lastName: text(),
    country: text(),
    locale: text(),
    source: text().notNull(), // "demo" | "shopify"
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    redactedAt: ts("redacted_at"),
  },
  (t) => [
    uniqueIndex("customers_email_lower_idx").on(sql`lower(${t.email})`),
    // Customer search (src/customers/search.ts): case-insensitive prefix matches, which a btree
    // serves only with the pattern operator class (LIKE 'abc%' under a non-C collation).
    index("customers_email_prefix_idx").on(sql`lower(${t.email}) text_pattern_ops`),
    index("customers_name_prefix_idx").on(sql`lower(coalesce(${t.firstName}, '') || ' ' || coalesce(${t.lastName}, '')) text_pattern_ops`),
    index("customers_last_name_prefix_idx").on(sql`lower(${t.lastName}) text_pattern_ops`),
  ],
);

export const orders = pgTable(
  "orders",
  {
    id: text().primaryKey(), // gid://shopify/Order/<id>
    name: text().notNull(), // "#536365"
    customerId: text().references(() => customers.id, { onDelete: "set null" }), // null: guest order
    processedAt: ts("processed_at").notNull(),
    currency: text().notNull(),
    totalMinor: bigint({ mode: "number" }).notNull(),
    financialStatus: text(),
    fulfillmentStatus: text(),
    shippingCountry: text(),
    source: text().notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("orders_customer_processed_idx").on(t.customerId, t.processedAt),
    // Customer search by order number ("#536365"), case-insensitive.
    index("orders_name_lower_idx").on(sql`lower(${t.name})`),
  ],
);

export const orderLineItems = pgTable(
  "order_line_items",
  {
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    sku: text(),
    title: text().notNull(),
    variantTitle: text(),
    quantity: integer().notNull(),
    unitPriceMinor: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

/** Money returned to a customer: a Shopify refund, or a demo-store cancellation invoice ("C..."). */
export const refunds = pgTable(
  "refunds",
  {
    id: text().primaryKey(),
    orderId: text(), // the refunded order when known (demo cancellations do not say which)
    customerId: text().references(() => customers.id, { onDelete: "set null" }),
    processedAt: ts("processed_at").notNull(),
    currency: text().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(), // positive: money given back
    note: text(),
    source: text().notNull(),
  },
  (t) => [index("refunds_customer_idx").on(t.customerId, t.processedAt)],
);

export const fulfillments = pgTable(
  "fulfillments",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    status: text(),
    trackingCompany: text(),
    trackingNumber: text(),
    trackingUrl: text(),
    deliveredAt: ts("delivered_at"),
    createdAt: ts("created_at"),
  },
  (t) => [index("fulfillments_order_idx").on(t.orderId)],
);

export const tickets = pgTable(
  "tickets",
  {
    id: uuid().primaryKey().defaultRandom(),
    source: text().notNull(),
    externalId: text().notNull(),
    requesterEmail: text(),
    requesterCustomerId: text(),
    /** The requester's name as posted, so a retry drafts with the same content (src/pipeline/ticket.ts). */
    requesterName: text(),
    customerId: text().references(() => customers.id, { onDelete: "set null" }),
    subject: text().notNull(),
    body: text().notNull(),
    channel: text(),
    helpdeskUrl: text(),
    triage: jsonb(),
    status: text().notNull(), // received | drafted | failed
    error: text(),
    createdAt: ts("created_at").notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
    /** While set and in the future, one pipeline run holds the ticket (src/drafts/claims.ts); duplicates wait. */
    claimedUntil: ts("claimed_until"),
  },
  (t) => [uniqueIndex("tickets_source_external_idx").on(t.source, t.externalId), index("tickets_customer_idx").on(t.customerId)],
);

export const drafts = pgTable(
  "drafts",
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    status: text().notNull(), // pending_review | approved | approved_unsent | rejected | superseded
    body: text().notNull(), // what the agent sees / what is sent
    modelBody: text().notNull(), // the drafter's own text, kept to show the agent's edits
    language: text(),
    decision: jsonb().notNull(),
    profile: jsonb(), // profile snapshot the decision used
    drafter: text().notNull(), // "llm" | "template"
    fallbackReason: text(),
    promptName: text(),
    promptVersion: text(),
    model: text(),
    inputTokens: integer(),
    outputTokens: integer(),
    costUsd: doublePrecision(),
    guard: jsonb(),
    /** Every model call that made this draft (triage, reply, repair) with tokens and estimated cost: `DraftUsage` (src/ai/usage.ts). */
    usage: jsonb(),
    /** Written by the template while the provider was down or failing: re-drafted with the model once it answers (src/pipeline/redraft.ts). */
    redraftDue: boolean().notNull().default(false),
    instruction: text(),
    /** What the drafter answered: the message (a follow-up's, not always the ticket's first) and the requester's first name. */
    input: jsonb(),
    /** The knowledge passages the draft states (`Citation[]`: id, title, section, url); null for drafts stored before drafts kept them. */
    citations: jsonb(),
    createdAt: ts("created_at").notNull().defaultNow(),
    reviewedAt: ts("reviewed_at"),
    reviewedBy: text(),
    edited: boolean(),
    rejectReason: text(),
    /** While set and in the future, one regeneration holds the draft (src/drafts/claims.ts); duplicates wait. */
    regeneratingUntil: ts("regenerating_until"),
  },
  (t) => [uniqueIndex("drafts_ticket_revision_idx").on(t.ticketId, t.revision), index("drafts_status_created_idx").on(t.status, t.createdAt)],
);

/** Append-only audit trail: who did what to which entity, and what changed. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: ts("at").notNull().defaultNow(),
    actor: text().notNull(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    changes: jsonb(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId)],
);

/** The offer ledger: one row per retention offer made to a customer on an approved draft. */
export const offers = pgTable(
  "offers",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    createdAt: ts("created_at").notNull().defaultNow(),
    draftId: uuid().notNull(),
    ticketId: uuid().notNull(),
    customerId: text(),
    rule: text().notNull(),
    discountPercent: integer().notNull(),
    freeShipping: boolean().notNull(),
    churnRiskScore: doublePrecision(),
    lifetimeValueMinor: bigint({ mode: "number" }),
    currency: text(),
    /** Discount value promised, estimated as the percentage of the customer's AOV (minor units). */
    discountValueMinor: bigint({ mode: "number" }).notNull(),
    approvedBy: text().notNull(),
    edited: boolean().notNull(),
    discountCode: text(),
    discountId: text(),
    policyVersion: text().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [uniqueIndex("offers_draft_idx").on(t.draftId), index("offers_customer_idx").on(t.customerId, t.createdAt)],
);

/** One row per scoring run: the population-level model the per-customer profile is computed with. */
export const scoringRuns = pgTable("scoring_runs", {
  id: bigserial({ mode: "number" }).primaryKey(),
  model: text().notNull(), // "rules-v0" | "bgnbd-gg-v1"
  asOf: ts("as_of").notNull(),
  fittedAt: ts("fitted_at").notNull().defaultNow(),
  customers: integer().notNull(),
  converged: boolean().notNull(),
  params: jsonb().notNull(),
  figures: jsonb(),
});

/** Per-customer scores written by a scoring run (the population snapshot: segments, archetypes). */
export const customerProfiles = pgTable(
  "customer_profiles",
  {
    customerId: text()
      .primaryKey()
      .references(() => customers.id, { onDelete: "cascade" }),
    runId: bigint({ mode: "number" }).notNull(),
    profile: jsonb().notNull(),
    churnRiskScore: doublePrecision(),
    rfmSegment: text(),
    archetypeId: text(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("customer_profiles_segment_idx").on(t.rfmSegment), index("customer_profiles_archetype_idx").on(t.archetypeId)],
);
