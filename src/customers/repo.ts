/**
 * Customer and order queries. Each takes a `Db` or a transaction first so that callers compose them.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { customers, fulfillments, orderLineItems, orders, refunds } from "../db/schema";
import type { CustomerHistory } from "../profile/types";

export type CustomerRow = typeof customers.$inferSelect;

/** Accepts a Shopify GID or a bare numeric/legacy id ("17580"). */
export function toCustomerGid(id: string): string {
  return id.startsWith("gid://") ? id : `gid://shopify/Customer/${id}`;
}

/** Finds a customer by id (GID or legacy id). */
export async function findCustomerById(db: DbOrTx, id: string): Promise<CustomerRow | undefined> {
  const rows = await db.select().from(customers).where(eq(customers.id, toCustomerGid(id)));
  return rows[0];
}

/** Finds a customer by email, case-insensitively. */
export async function findCustomerByEmail(db: DbOrTx, email: string): Promise<CustomerRow | undefined> {
  const rows = await db
    .select()
    .from(customers)
    .where(sql`lower(${customers.email}) = ${email.trim().toLowerCase()}`);
  return rows[0];
}

/** The customer's orders, refunds and product ids (for basket breadth), for the profile. */
export async function loadCustomerHistory(db: DbOrTx, customer: CustomerRow, currency: string): Promise<CustomerHistory> {
  const orderRows = await db
    .select({ id: orders.id, processedAt: orders.processedAt, totalMinor: orders.totalMinor, currency: orders.currency })
    .from(orders)
    .where(eq(orders.customerId, customer.id))
    .orderBy(asc(orders.processedAt));
  const ids = orderRows.map((o) => o.id);
  const products = ids.length
    ? await db
        .select({ orderId: orderLineItems.orderId, skus: sql<string[]>`array_agg(distinct coalesce(${orderLineItems.sku}, ${orderLineItems.title}))` })
        .from(orderLineItems)
        .where(inArray(orderLineItems.orderId, ids))
        .groupBy(orderLineItems.orderId)
    : [];
  const byOrder = new Map(products.map((p) => [p.orderId, p.skus]));
  const refundRows = await db
    .select({ processedAt: refunds.processedAt, amountMinor: refunds.amountMinor })
    .from(refunds)
    .where(eq(refunds.customerId, customer.id));
  return {
    customerGid: customer.id,
    email: customer.email,
    firstName: customer.firstName,
    country: customer.country,
    currency: orderRows[0]?.currency ?? currency,
    orders: orderRows.map((o) => ({ id: o.id, processedAt: o.processedAt, totalMinor: o.totalMinor, productIds: byOrder.get(o.id) ?? [] })),
    refunds: refundRows,
  };
}

export interface OrderFacts {
  id: string;
  name: string;
  processed_at: string;
  currency: string;
  total_minor: number;
  total: number;
  financial_status: string | null;
  fulfillment_status: string | null;
  line_items: Array<{ title: string; sku: string | null; variant_title: string | null; quantity: number; unit_price_minor: number }>;
  fulfillments: Array<{ status: string | null; tracking_company: string | null; tracking_number: string | null; tracking_url: string | null; delivered_at: string | null }>;
}

/**
 * The last `limit` orders (newest first) with line items and fulfillments, as facts for the policy
 * and the drafter. Money in minor units (`total` in major units for display).
 */
export async function lastOrders(db: DbOrTx, customerGid: string, limit = 5): Promise<OrderFacts[]> {
  const rows = await db.select().from(orders).where(eq(orders.customerId, customerGid)).orderBy(desc(orders.processedAt)).limit(limit);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const items = await db
    .select()
    .from(orderLineItems)
    .where(inArray(orderLineItems.orderId, ids))
    .orderBy(asc(orderLineItems.orderId), asc(orderLineItems.position));
  const fuls = await db.select().from(fulfillments).where(inArray(fulfillments.orderId, ids));
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    processed_at: o.processedAt.toISOString(),
    currency: o.currency,
    total_minor: o.totalMinor,
    total: o.totalMinor / 100,
    financial_status: o.financialStatus,
    fulfillment_status: o.fulfillmentStatus,
    line_items: items
      .filter((i) => i.orderId === o.id)
      .map((i) => ({ title: i.title, sku: i.sku, variant_title: i.variantTitle, quantity: i.quantity, unit_price_minor: i.unitPriceMinor })),
    fulfillments: fuls
      .filter((f) => f.orderId === o.id)
      .map((f) => ({
        status: f.status,
        tracking_company: f.trackingCompany,
        tracking_number: f.trackingNumber,
        tracking_url: f.trackingUrl,
        delivered_at: f.deliveredAt?.toISOString() ?? null,
      })),
  }));
}

type StoreOrderRow = { id: string; customer_id: string; processed_at: string | Date; total_minor: string | number; skus: string[] | null };

/**
 * Every customer-attached order (with its distinct product ids) and refund, for a scoring run;
 * amounts in minor units. Read in keyset pages of `pageSize` orders so no single result set holds
 * the whole store; `onPage` reports progress.
 */
export async function loadStoreTransactions(db: DbOrTx, opts: { pageSize?: number; onPage?: (ordersSoFar: number) => void } = {}) {
  const pageSize = opts.pageSize ?? 20_000;
  const orderRows: StoreOrderRow[] = [];
  let after = "";
  for (;;) {
    const page = rowsOf<StoreOrderRow>(
      await db.execute(sql`
        select o.id, o.customer_id, o.processed_at, o.total_minor,
          (select array_agg(distinct coalesce(li.sku, li.title)) from ${orderLineItems} li where li.order_id = o.id) as skus
        from ${orders} o
        where o.customer_id is not null and o.id > ${after}
        order by o.id
        limit ${pageSize}`),
    );
    orderRows.push(...page);
    opts.onPage?.(orderRows.length);
    if (page.length < pageSize) break;
    after = page[page.length - 1].id;
  }
  const refundRows = await db
    .select({ customerId: refunds.customerId, processedAt: refunds.processedAt, amountMinor: refunds.amountMinor })
    .from(refunds)
    .where(and(sql`${refunds.customerId} is not null`));
  return { orderRows, refundRows };
}

/** postgres.js returns an array; PGlite returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Every distinct product title the store has sold (catalogue titles as stored), for the guard. */
export async function productTitles(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ title: orderLineItems.title }).from(orderLineItems);
  return rows.map((r) => r.title);
}
