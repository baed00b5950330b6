/**
 * Product recommendations (issue 15), written by the scoring job (src/jobs/score.ts) and read by
 * src/customers/recommendations.ts. Both tables are replaced whole by each run that fits them.
 * Same conventions as schema.ts: UTC `timestamptz`, snake_case columns. A product id is the line
 * item's SKU, else its title (as the profile's product ids).
 */
import { bigint, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Every product the store has sold: its title and when it last sold (the demo store's stock: sold in the last 90 days). */
export const productCatalogue = pgTable(
  "product_catalogue",
  {
    productId: text().primaryKey(),
    /** The most frequent title of the product's line items. */
    title: text().notNull(),
    lastSoldAt: ts("last_sold_at").notNull(),
    /** Orders it was on. */
    orders: integer().notNull(),
    /** Customers who bought it (the fit's buyers; 0 when only guests did). */
    buyers: integer().notNull(),
    runId: bigint({ mode: "number" }).notNull(),
  },
  (t) => [index("product_catalogue_last_sold_idx").on(t.lastSoldAt)],
);

/** Each product's best co-purchased products (src/scoring/recommend.ts), `rank` 1 = best. */
export const productNeighbours = pgTable(
  "product_neighbours",
  {
    productId: text().notNull(),
    neighbourId: text().notNull(),
    rank: integer().notNull(),
    /** The fit's measure (cosine by default). */
    score: doublePrecision().notNull(),
    /** Customers who bought both. */
    support: integer().notNull(),
    cosine: doublePrecision().notNull(),
    lift: doublePrecision().notNull(),
    runId: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.neighbourId] })],
);
