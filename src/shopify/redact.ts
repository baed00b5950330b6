/**
 * Shopify's mandatory privacy topics (https://shopify.dev/docs/apps/build/privacy-law-compliance):
 * what this service holds about a customer, and its deletion. Each function returns counts of what
 * it found or changed (no personal data), which the webhook stores as the event's result and writes
 * to the audit trail.
 *
 * What `customers/redact` does here:
 * - deletes the customer's orders (those linked to them and those Shopify lists in
 *   `orders_to_redact`), with their line items, fulfillments (tracking) and refunds;
 * - deletes their scored profile;
 * - anonymises the customer row (email, names, country, locale cleared; `redacted_at` set), kept so
 *   that later syncs and webhooks do not store them again (see persist.ts);
 * - anonymises their tickets (requester email, subject and body replaced by "[redacted]") and the
 *   drafts of those tickets (body, the drafter's body and the profile snapshot);
 * - keeps the offer ledger's rows: they hold only the customer's GID, the rule, percent and amounts
 *   (no personal data), and the ledger is hash-chained so that offers cannot be rewritten;
 * - keeps the customer's privacy tasks, as the record that their request was honoured, without the
 *   requester's email and words (the event handler marks them first: src/privacy/tasks.ts).
 * `shop/redact` does the same for every customer stored from Shopify and forgets the sync state.
 */
import { eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { customerProfiles, customers, drafts, orders, refunds, tickets } from "../db/schema";
import { shopifySyncState } from "../db/schema-shopify";
import { rowsOf } from "../db/rows";
import { SHOPIFY_SOURCE } from "./mapping";

export const REDACTED = "[redacted]";

export interface CustomerDataSummary {
  customer: boolean;
  orders: number;
  refunds: number;
  tickets: number;
  drafts: number;
  offers: number;
}

/** What is held about a customer (for `customers/data_request`): counts per kind. */
export async function customerDataSummary(db: DbOrTx, customerGid: string): Promise<CustomerDataSummary> {
  const n = async (q: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await db.execute(q))[0]?.n ?? 0);
  return {
    customer: (await n(sql`select count(*)::int as n from customers where id = ${customerGid} and redacted_at is null`)) > 0,
    orders: await n(sql`select count(*)::int as n from orders where customer_id = ${customerGid}`),
    refunds: await n(sql`select count(*)::int as n from refunds where customer_id = ${customerGid}`),
    tickets: await n(sql`select count(*)::int as n from tickets where customer_id = ${customerGid}`),
    drafts: await n(sql`select count(*)::int as n from drafts d join tickets t on t.id = d.ticket_id where t.customer_id = ${customerGid}`),
    offers: await n(sql`select count(*)::int as n from offers where customer_id = ${customerGid}`),
  };
}

export interface RedactionResult {
  customers_anonymised: number;
  orders_deleted: number;
  refunds_deleted: number;
  profiles_deleted: number;
  tickets_anonymised: number;
  drafts_anonymised: number;
  ledger_rows_kept: number;
}

/**
 * Redacts one customer (call inside a transaction).
 * @param who the customer's GID, and the email Shopify sent (tickets from that address with no
 *   resolved customer are anonymised too), and `orders_to_redact` as order GIDs
 */
export async function redactCustomer(
  db: DbOrTx,
  who: { customerGid: string; email?: string | null; orderGids?: string[] },
  at: Date,
): Promise<RedactionResult> {
  const gid = who.customerGid;
  const orderIds = (await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, gid))).map((r) => r.id);
  const allOrders = [...new Set([...orderIds, ...(who.orderGids ?? [])])];
  const refundsDeleted = await db
    .delete(refunds)
    .where(allOrders.length ? or(eq(refunds.customerId, gid), inArray(refunds.orderId, allOrders)) : eq(refunds.customerId, gid))
    .returning({ id: refunds.id });
  const ordersDeleted = allOrders.length ? await db.delete(orders).where(inArray(orders.id, allOrders)).returning({ id: orders.id }) : [];
  const profilesDeleted = await db.delete(customerProfiles).where(eq(customerProfiles.customerId, gid)).returning({ id: customerProfiles.customerId });

  const email = who.email?.trim().toLowerCase();
  const ticketRows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(email ? or(eq(tickets.customerId, gid), sql`lower(${tickets.requesterEmail}) = ${email}`) : eq(tickets.customerId, gid));
  const ticketIds = ticketRows.map((t) => t.id);
  let draftsAnonymised = 0;
  if (ticketIds.length) {
    await db
      .update(tickets)
      .set({ requesterEmail: null, requesterCustomerId: null, subject: REDACTED, body: REDACTED, helpdeskUrl: null })
      .where(inArray(tickets.id, ticketIds));
    draftsAnonymised = (
      await db
        .update(drafts)
        .set({ body: REDACTED, modelBody: REDACTED, profile: null, instruction: null })
        .where(inArray(drafts.ticketId, ticketIds))
        .returning({ id: drafts.id })
    ).length;
  }
  const anonymised = await db
    .update(customers)
    .set({ email: null, firstName: null, lastName: null, country: null, locale: null, redactedAt: at, updatedAt: at })
    .where(eq(customers.id, gid))
    .returning({ id: customers.id });
  const kept = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from offers where customer_id = ${gid}`))[0]?.n ?? 0);
  return {
    customers_anonymised: anonymised.length,
    orders_deleted: ordersDeleted.length,
    refunds_deleted: refundsDeleted.length,
    profiles_deleted: profilesDeleted.length,
    tickets_anonymised: ticketIds.length,
    drafts_anonymised: draftsAnonymised,
    ledger_rows_kept: kept,
  };
}

/** Redacts every customer stored from Shopify and forgets the sync (`shop/redact`, 48 h after uninstall). */
export async function redactShop(db: DbOrTx, at: Date): Promise<RedactionResult & { customers: number }> {
  const ids = (await db.select({ id: customers.id }).from(customers).where(eq(customers.source, SHOPIFY_SOURCE))).map((r) => r.id);
  const total: RedactionResult & { customers: number } = {
    customers: ids.length,
    customers_anonymised: 0,
    orders_deleted: 0,
    refunds_deleted: 0,
    profiles_deleted: 0,
    tickets_anonymised: 0,
    drafts_anonymised: 0,
    ledger_rows_kept: 0,
  };
  for (const id of ids) {
    const r = await redactCustomer(db, { customerGid: id }, at);
    for (const k of Object.keys(r) as Array<keyof RedactionResult>) total[k] += r[k];
  }
  const guestOrders = await db.delete(orders).where(eq(orders.source, SHOPIFY_SOURCE)).returning({ id: orders.id });
  total.orders_deleted += guestOrders.length;
  await db.delete(shopifySyncState);
  return total;
}
