/**
 * Pure mapping from Admin GraphQL nodes to the service's shapes: `OrderFacts` (src/customers/types.ts)
 * for the ticket path, and rows of the schema.ts tables for the stored copy. Money comes as a
 * `MoneyBag`'s `shopMoney` (a Decimal string in the shop currency) and leaves as integer minor units.
 */
import type { OrderFacts } from "../customers/types";
import type { customers, fulfillments, orderLineItems, orders, refunds } from "../db/schema";
import type { CustomerNode, MoneyBagNode, OrderNode } from "./queries";

export const SHOPIFY_SOURCE = "shopify";

/** ISO 4217 minor-unit exponent (GBP 2, JPY 0, KWD 3), from the platform's currency data. */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * A Shopify `Decimal` amount ("121.17", "-3", "0.5") to integer minor units of `currency`
 * (12117 for GBP), by string arithmetic so that no float rounding creeps in; digits beyond the
 * currency's exponent are rounded half away from zero.
 * @throws Error for a string that is not a decimal number
 */
export function decimalToMinor(amount: string, currency: string): number {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/.exec(amount);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`not a decimal amount: ${JSON.stringify(amount)}`);
  const exp = currencyExponent(currency);
  const frac = (m[3] ?? "").padEnd(exp + 1, "0");
  let minor = Number(m[2] || "0") * 10 ** exp + Number(frac.slice(0, exp) || "0");
  if (Number(frac[exp]) >= 5) minor += 1;
  return m[1] === "-" ? -minor : minor;
}

/** Minor units back to a Shopify `Decimal` string: 12117 GBP -> "121.17". */
export function minorToDecimal(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = String(Math.abs(Math.trunc(minor))).padStart(exp + 1, "0");
  return exp === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -exp)}.${abs.slice(-exp)}`;
}

const moneyMinor = (m: MoneyBagNode) => decimalToMinor(m.shopMoney.amount, m.shopMoney.currencyCode);

/** A `Customer` node as a `customers` row. */
export function customerRow(c: CustomerNode): typeof customers.$inferInsert {
  return {
    id: c.id,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    country: c.defaultAddress?.countryCodeV2 ?? null,
    locale: c.locale || null,
    source: SHOPIFY_SOURCE,
    updatedAt: new Date(c.updatedAt),
  };
}

export interface OrderRows {
  order: typeof orders.$inferInsert;
  lineItems: Array<typeof orderLineItems.$inferInsert>;
  fulfillments: Array<typeof fulfillments.$inferInsert>;
  refunds: Array<typeof refunds.$inferInsert>;
}

/** An `Order` node as rows of orders, order_line_items, fulfillments and refunds (shop currency). */
export function orderRows(o: OrderNode): OrderRows {
  const currency = o.totalPriceSet.shopMoney.currencyCode;
  const delivered = (f: OrderNode["fulfillments"][number]) => f.deliveredAt ?? (f.displayStatus === "DELIVERED" ? f.createdAt : null);
  return {
    order: {
      id: o.id,
      name: o.name,
      customerId: o.customer?.id ?? null,
      processedAt: new Date(o.processedAt),
      currency,
      totalMinor: moneyMinor(o.totalPriceSet),
      financialStatus: o.displayFinancialStatus,
      fulfillmentStatus: o.displayFulfillmentStatus,
      shippingCountry: o.shippingAddress?.countryCodeV2 ?? null,
      source: SHOPIFY_SOURCE,
      updatedAt: new Date(o.updatedAt),
    },
    lineItems: o.lineItems.nodes.map((li, i) => ({
      orderId: o.id,
      position: i,
      sku: li.sku || null,
      title: li.title,
      variantTitle: li.variantTitle,
      quantity: li.quantity,
      unitPriceMinor: moneyMinor(li.originalUnitPriceSet),
    })),
    // A fulfillment with several tracking numbers is stored with its first; Shopify rarely has more.
    fulfillments: o.fulfillments.map((f) => ({
      id: f.id,
      orderId: o.id,
      status: f.displayStatus ?? f.status,
      trackingCompany: f.trackingInfo[0]?.company ?? null,
      trackingNumber: f.trackingInfo[0]?.number ?? null,
      trackingUrl: f.trackingInfo[0]?.url ?? null,
      deliveredAt: delivered(f) ? new Date(delivered(f)!) : null,
      createdAt: new Date(f.createdAt),
    })),
    refunds: o.refunds.map((r) => ({
      id: r.id,
      orderId: o.id,
      customerId: o.customer?.id ?? null,
      processedAt: new Date(r.createdAt ?? o.processedAt),
      currency: r.totalRefundedSet.shopMoney.currencyCode,
      amountMinor: moneyMinor(r.totalRefundedSet),
      note: r.note,
      source: SHOPIFY_SOURCE,
    })),
  };
}

/** An `Order` node as the ticket path's `OrderFacts` (newest-first lists are the caller's order). */
export function orderFacts(o: OrderNode): OrderFacts {
  const rows = orderRows(o);
  const exp = currencyExponent(rows.order.currency);
  return {
    id: o.id,
    name: o.name,
    processed_at: new Date(o.processedAt).toISOString(),
    currency: rows.order.currency,
    total_minor: rows.order.totalMinor,
    total: rows.order.totalMinor / 10 ** exp,
    financial_status: o.displayFinancialStatus,
    fulfillment_status: o.displayFulfillmentStatus,
    line_items: rows.lineItems.map((li) => ({
      title: li.title,
      sku: li.sku ?? null,
      variant_title: li.variantTitle ?? null,
      quantity: li.quantity,
      unit_price_minor: li.unitPriceMinor,
    })),
    fulfillments: rows.fulfillments.map((f) => ({
      status: f.status ?? null,
      tracking_company: f.trackingCompany ?? null,
      tracking_number: f.trackingNumber ?? null,
      tracking_url: f.trackingUrl ?? null,
      delivered_at: f.deliveredAt?.toISOString() ?? null,
    })),
  };
}
