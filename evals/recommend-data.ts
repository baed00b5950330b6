/**
 * The store's purchases as the recommendation eval and its tuning read them: every customer's
 * orders with their product ids (the scoring job's loader), the ids that are not products
 * (postage, fees, vouchers: by title), which are never counted or recommended, and the titles.
 */
import { NOT_A_PRODUCT } from "../src/ai/draft/facts";
import { loadStoreTransactions } from "../src/customers/repo";
import { productSales } from "../src/customers/recommendations";
import type { DbOrTx } from "../src/db/types";
import type { PurchaseEvent } from "../src/scoring/recommend";

export async function loadPurchases(db: DbOrTx): Promise<{ events: PurchaseEvent[]; exclude: Set<string>; titles: Map<string, string> }> {
  const { orderRows } = await loadStoreTransactions(db);
  const events = orderRows.map((o) => ({ customerId: o.customer_id, orderId: o.id, at: new Date(o.processed_at), productIds: o.skus ?? [] }));
  const sales = await productSales(db);
  const exclude = new Set(sales.filter((p) => NOT_A_PRODUCT.test(p.title.trim())).map((p) => p.productId));
  return { events, exclude, titles: new Map(sales.map((p) => [p.productId, p.title])) };
}
