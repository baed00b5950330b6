/**
 * Customer and order queries. Each takes a `Db` or a transaction first so that callers compose them.
 */
import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { prepared } from "../db/prepared";
import { rowsOf } from "../db/rows";
import { one } from "../lib/one";
import { customers, fulfillments, orderLineItems, orders, refunds } from "../db/schema";
import type { CustomerHistory } from "../profile/types";
import type { CustomerRow, OrderFacts } from "./types";

export type { CustomerRow, OrderFacts } from "./types";

/** Accepts a Shopify GID or a bare numeric/legacy id ("17580"). */
export function toCustomerGid(id: string): string {
  return id.startsWith("gid://") ? id : `gid://shopify/Customer/${id}`;
}

/** Finds a customer by id (GID or legacy id). */
export async function findCustomerById(db: DbOrTx, id: string): Promise<CustomerRow | undefined> {
  const rows = await db
    .select()
    .from(customers)
    .where(eq(customers.id, toCustomerGid(id)));
  return rows[0];
}

const customerByEmail = prepared((db) =>
  db
    .select()
    .from(customers)
    .where(sql`lower(${customers.email}) = ${sql.placeholder("email")}`)
    .prepare("customer_by_email"),
);

/** Finds a customer by email, case-insensitively (a prepared query: it runs on every ticket). */
export async function findCustomerByEmail(db: DbOrTx, email: string): Promise<CustomerRow | undefined> {
  const rows = await customerByEmail(db).execute({ email: email.trim().toLowerCase() });
  return rows[0];
}

/** The customer's orders, refunds and product ids (for basket breadth), for the profile. */
export async function loadCustomerHistory(db: DbOrTx, customer: CustomerRow, currency: string): Promise<CustomerHistory> {
  // One statement: orders with their distinct product ids, and refunds (a profile cache miss runs it).
  const r = one(
    rowsOf<{ orders: unknown; refunds: unknown }>(
      await db.execute(sql`
      select
        coalesce((select json_agg(json_build_object('id', o.id, 'processed_at', o.processed_at, 'total_minor', o.total_minor, 'currency', o.currency,
            'skus', (select array_agg(distinct coalesce(li.sku, li.title)) from ${orderLineItems} li where li.order_id = o.id)) order by o.processed_at, o.id)
          from ${orders} o where o.customer_id = ${customer.id}), '[]'::json) as orders,
        coalesce((select json_agg(json_build_object('processed_at', r.processed_at, 'amount_minor', r.amount_minor) order by r.processed_at)
          from ${refunds} r where r.customer_id = ${customer.id}), '[]'::json) as refunds`),
    ),
  );
  // json columns arrive parsed (postgres.js and PGlite both parse them).
  const orderRows = r.orders as { id: string; processed_at: string; total_minor: number; currency: string; skus: string[] | null }[];
  const refundRows = r.refunds as { processed_at: string; amount_minor: number }[];
  return {
    customerGid: customer.id,
    email: customer.email,
    firstName: customer.firstName,
    country: customer.country,
    currency: orderRows[0]?.currency ?? currency,
    orders: orderRows.map((o) => ({ id: o.id, processedAt: new Date(o.processed_at), totalMinor: Number(o.total_minor), productIds: o.skus ?? [] })),
    refunds: refundRows.map((x) => ({ processedAt: new Date(x.processed_at), amountMinor: Number(x.amount_minor) })),
  };
}

/** `orders.id` qualified: drizzle writes a one-table select's columns bare, and a bare "id" inside a subquery would be the subquery table's own. */
const ORDER_ID = sql.raw(`"orders"."id"`);

type LineItemJson = OrderFacts["line_items"][number];
type FulfillmentJson = OrderFacts["fulfillments"][number];

const lastOrdersQuery = prepared((db) =>
  db
    .select({
      ...getTableColumns(orders),
      lineItems: sql<
        LineItemJson[]
      >`coalesce((select json_agg(json_build_object('title', li.title, 'sku', li.sku, 'variant_title', li.variant_title, 'quantity', li.quantity, 'unit_price_minor', li.unit_price_minor) order by li.position) from ${orderLineItems} li where li.order_id = ${ORDER_ID}), '[]'::json)`,
      fulfillments: sql<
        FulfillmentJson[]
      >`coalesce((select json_agg(json_build_object('status', f.status, 'tracking_company', f.tracking_company, 'tracking_number', f.tracking_number, 'tracking_url', f.tracking_url, 'delivered_at', f.delivered_at) order by f.created_at, f.id) from ${fulfillments} f where f.order_id = ${ORDER_ID}), '[]'::json)`,
    })
    .from(orders)
    .where(eq(orders.customerId, sql.placeholder("customer")))
    .orderBy(desc(orders.processedAt))
    .limit(sql.placeholder("limit"))
    .prepare("last_orders"),
);

/**
 * The last `limit` orders (newest first) with line items and fulfillments, as facts for the policy
 * and the drafter. Money in minor units (`total` in major units for display).
 */
export async function lastOrders(db: DbOrTx, customerGid: string, limit = 5): Promise<OrderFacts[]> {
  // One prepared statement (line items and fulfillments aggregated per order): it runs on every ticket.
  const rows = await lastOrdersQuery(db).execute({ customer: customerGid, limit });
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    processed_at: o.processedAt.toISOString(),
    currency: o.currency,
    total_minor: o.totalMinor,
    total: o.totalMinor / 100,
    financial_status: o.financialStatus,
    fulfillment_status: o.fulfillmentStatus,
    line_items: o.lineItems,
    fulfillments: o.fulfillments.map((f) => ({ ...f, delivered_at: f.delivered_at ? new Date(f.delivered_at).toISOString() : null })),
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
    after = page[page.length - 1]!.id;
  }
  const refundRows = await db
    .select({ customerId: refunds.customerId, processedAt: refunds.processedAt, amountMinor: refunds.amountMinor })
    .from(refunds)
    .where(and(sql`${refunds.customerId} is not null`));
  return { orderRows, refundRows };
}

/** Every distinct product title the store has sold (catalogue titles as stored), for the guard. */
export async function productTitles(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ title: orderLineItems.title }).from(orderLineItems);
  return rows.map((r) => r.title);
}
