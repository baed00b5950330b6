/**
 * Writes Shopify customers and orders into the stored copy (schema.ts tables, `source = "shopify"`).
 * Used by look-ups (write-through), the sync and the webhooks, so all three keep one shape. Each
 * function takes a `Db` or a transaction first.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { customers, fulfillments, orderLineItems, orders, refunds } from "../db/schema";
import { customerRow, orderRows } from "./mapping";
import { ORDER_LINE_ITEMS, type CustomerNode, type OrderNode } from "./queries";
import type { ShopifyClient } from "./client";

const excluded = (col: string) => sql.raw(`excluded."${col}"`);

/**
 * Inserts or updates a customer. A customer redacted here (`redacted_at` set) is never filled in
 * again. When another stored customer already holds the same email (case-insensitive unique
 * index), this one is stored without it rather than failing the sync.
 */
export async function upsertCustomer(db: DbOrTx, node: CustomerNode): Promise<void> {
  const row = customerRow(node);
  const write = (r: typeof row) =>
    db
      .insert(customers)
      .values(r)
      .onConflictDoUpdate({
        target: customers.id,
        set: {
          email: excluded("email"),
          firstName: excluded("first_name"),
          lastName: excluded("last_name"),
          country: excluded("country"),
          locale: excluded("locale"),
          source: excluded("source"),
          updatedAt: excluded("updated_at"),
        },
        setWhere: sql`${customers.redactedAt} is null`,
      });
  try {
    await write(row);
  } catch (err) {
    if (!/customers_email_lower_idx/.test(String((err as Error).message) + String((err as { cause?: unknown }).cause ?? ""))) throw err;
    await write({ ...row, email: null });
  }
}

async function isRedacted(db: DbOrTx, customerGid: string): Promise<boolean> {
  const [r] = await db.select({ at: customers.redactedAt }).from(customers).where(eq(customers.id, customerGid));
  return !!r?.at;
}

/**
 * Inserts or replaces an order with its line items, fulfillments and refunds (and upserts its
 * customer first). Orders of a redacted customer are not stored.
 * @returns false when skipped (redacted customer)
 */
export async function upsertOrder(db: DbOrTx, node: OrderNode): Promise<boolean> {
  if (node.customer) {
    if (await isRedacted(db, node.customer.id)) return false;
    await upsertCustomer(db, node.customer);
  }
  const r = orderRows(node);
  await db
    .insert(orders)
    .values(r.order)
    .onConflictDoUpdate({
      target: orders.id,
      set: {
        name: excluded("name"),
        customerId: excluded("customer_id"),
        processedAt: excluded("processed_at"),
        currency: excluded("currency"),
        totalMinor: excluded("total_minor"),
        financialStatus: excluded("financial_status"),
        fulfillmentStatus: excluded("fulfillment_status"),
        shippingCountry: excluded("shipping_country"),
        source: excluded("source"),
        updatedAt: excluded("updated_at"),
      },
    });
  await db.delete(orderLineItems).where(eq(orderLineItems.orderId, node.id));
  if (r.lineItems.length) await db.insert(orderLineItems).values(r.lineItems);
  await db.delete(fulfillments).where(eq(fulfillments.orderId, node.id));
  if (r.fulfillments.length) await db.insert(fulfillments).values(r.fulfillments);
  if (r.refunds.length) {
    await db.delete(refunds).where(
      inArray(
        refunds.id,
        r.refunds.map((x) => x.id),
      ),
    );
    await db.insert(refunds).values(r.refunds);
  }
  return true;
}

/**
 * Fetches the rest of an order's line items when it has more than the first page (ORDER_FIELDS asks
 * for 20 to keep query cost low), so a stored order always has every line. Pages of 100.
 * @returns the order with all its line items (the same node when it had one page)
 */
export async function completeLineItems(client: Pick<ShopifyClient, "request">, node: OrderNode): Promise<OrderNode> {
  let info = node.lineItems.pageInfo;
  if (!info?.hasNextPage) return node;
  const lines = [...node.lineItems.nodes];
  while (info?.hasNextPage) {
    const res: { data: { order: { lineItems: OrderNode["lineItems"] } | null } } = await client.request(ORDER_LINE_ITEMS, {
      id: node.id,
      after: info.endCursor,
    });
    const page = res.data.order?.lineItems;
    if (!page) break;
    lines.push(...page.nodes);
    info = page.pageInfo;
  }
  return { ...node, lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: lines } };
}
