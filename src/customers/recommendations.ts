/**
 * Product recommendations as stored and served. The scoring job (src/jobs/score.ts) fits
 * item-to-item neighbours on the store's line items (src/scoring/recommend.ts) and writes them
 * with the catalogue (`product_catalogue`: every product with its title and when it last sold;
 * `product_neighbours`: each product's best co-purchased products). `recommendationsFor` reads a
 * customer's products and their neighbours and ranks with the same pure function the offline
 * evaluation measures.
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { orderLineItems, orders } from "../db/schema";
import { productCatalogue, productNeighbours } from "../db/schema-recommend";
import type { DbOrTx } from "../db/types";
import { rowsOf } from "../db/rows";
import { recommendFor, RECOMMEND_DEFAULTS, type ItemNeighbour } from "../scoring/recommend";
import { DAY_MS } from "../scoring/summary";

/** A product as the store sold it: its id (SKU, else title), most common title, last sale and orders. */
export interface ProductSale {
  productId: string;
  title: string;
  lastSoldAt: Date;
  orders: number;
}

/**
 * Every product the store has sold (guest orders included), one row per product id
 * (`coalesce(sku, title)`, as the profile's product ids), with its most frequent title.
 */
export async function productSales(db: DbOrTx): Promise<ProductSale[]> {
  const rows = rowsOf<{ id: string; title: string; last_sold_at: string | Date; orders: string | number }>(
    await db.execute(sql`
      select coalesce(li.sku, li.title) as id, mode() within group (order by li.title) as title,
        max(o.processed_at) as last_sold_at, count(distinct o.id) as orders
      from ${orderLineItems} li join ${orders} o on o.id = li.order_id
      where li.quantity > 0 and li.unit_price_minor > 0
      group by 1`),
  );
  return rows.map((r) => ({ productId: r.id, title: r.title, lastSoldAt: new Date(r.last_sold_at), orders: Number(r.orders) }));
}

/** One recommended product for a customer, with the purchase it relates to. */
export interface ProductRecommendation {
  product_id: string;
  /** The catalogue's title (as stored: the demo store's are upper case). */
  title: string;
  /** Sum of the similarities (cosine) to the customer's products (recency-weighted when the half-life is finite); ranks, not a probability. */
  score: number;
  /** The customer's product it is most often bought with. */
  because: { product_id: string; title: string };
  /** Customers who bought both (in the fitted data). */
  support: number;
}

export interface RecommendationQuery {
  /** The store clock: recency weights and the catalogue window are measured back from it. */
  now: Date;
  /** How many (default 3). */
  limit?: number;
  /** A product is in the catalogue when it sold within this many days of `now` (default 90). */
  catalogueDays?: number;
}

/**
 * The top products related to what a customer bought and has not bought yet, in the catalogue
 * (sold within `catalogueDays`), each with the product of theirs it is often bought with.
 * Three statements: the customer's products (last purchase each), those products' neighbours
 * that are in the catalogue, and the titles (one statement per 5,000 ids; a candidate that is a near-twin of a purchase, the
 * same product under a second code, is skipped). Empty when the store has no fitted neighbours yet (no scoring run)
 * or the customer has no orders.
 * @param customerGid the customer's id (`gid://shopify/Customer/...`)
 */
export async function recommendationsFor(db: DbOrTx, customerGid: string, q: RecommendationQuery): Promise<ProductRecommendation[]> {
  const bought = rowsOf<{ id: string; last_at: string | Date }>(
    await db.execute(sql`
      select coalesce(li.sku, li.title) as id, max(o.processed_at) as last_at
      from ${orders} o join ${orderLineItems} li on li.order_id = o.id
      where o.customer_id = ${customerGid} and o.processed_at <= ${q.now.toISOString()}
      group by 1`),
  );
  if (!bought.length) return [];
  const since = new Date(q.now.getTime() - (q.catalogueDays ?? 90) * DAY_MS);
  const rows = await db
    .select({
      productId: productNeighbours.productId,
      neighbourId: productNeighbours.neighbourId,
      score: productNeighbours.score,
      support: productNeighbours.support,
      cosine: productNeighbours.cosine,
      lift: productNeighbours.lift,
    })
    .from(productNeighbours)
    .innerJoin(productCatalogue, eq(productCatalogue.productId, productNeighbours.neighbourId))
    .where(
      and(
        inArray(
          productNeighbours.productId,
          bought.map((b) => b.id),
        ),
        gte(productCatalogue.lastSoldAt, since),
      ),
    );
  // Titles of the customer's products and the candidates, for the near-twin check and the answer.
  const ids = [...new Set([...bought.map((b) => b.id), ...rows.map((r) => r.neighbourId)])];
  const titles = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    for (const r of await db
      .select({ id: productCatalogue.productId, title: productCatalogue.title })
      .from(productCatalogue)
      .where(inArray(productCatalogue.productId, chunk)))
      titles.set(r.id, r.title);
  }
  const neighbours = new Map<string, ItemNeighbour[]>();
  for (const r of rows) {
    const list = neighbours.get(r.productId) ?? [];
    list.push({ neighbourId: r.neighbourId, score: r.score, support: r.support, cosine: r.cosine, lift: r.lift });
    neighbours.set(r.productId, list);
  }
  const recs = recommendFor(
    bought.map((b) => ({ productId: b.id, lastBoughtAt: new Date(b.last_at) })),
    (id) => neighbours.get(id),
    q.now,
    { limit: q.limit ?? 3, halfLifeDays: RECOMMEND_DEFAULTS.halfLifeDays, titleOf: (id) => titles.get(id) },
  );
  return recs.map((r) => ({
    product_id: r.productId,
    title: titles.get(r.productId) ?? r.productId,
    score: Math.round(r.score * 1e4) / 1e4,
    because: { product_id: r.becauseProductId, title: titles.get(r.becauseProductId) ?? r.becauseProductId },
    support: r.support,
  }));
}
