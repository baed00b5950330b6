/**
 * Item-to-item product recommendations from the store's own purchases (co-purchase), pure.
 *
 * Fit (`fitItemNeighbours`): each customer (or each order, `unit: "order"`) is a set of distinct
 * products. For two products i and j, the support s(i,j) is the number of customers who bought
 * both; n(i) the number who bought i; N the number of customers. A pair is kept only with
 * s(i,j) >= `minSupport`, and scored by
 * - cosine: s(i,j) / sqrt(n(i) n(j))  (Sarwar et al. 2001; Linden, Smith & York 2003), or
 * - lift:   s(i,j) N / (n(i) n(j))     (Brin et al. 1997),
 * optionally with each customer's contribution down-weighted by the size of their basket
 * (`customerWeight: "inverse-log"`: 1 / log2(1 + distinct products), so a wholesaler who bought
 * 1,800 products does not tie every pair together). Each product keeps its `neighbours` best.
 * Cost: sum over customers of (distinct products)^2 additions and O(products) memory (one row of
 * counts at a time), no pair table.
 *
 * Recommend (`recommendFor`): a customer's score for a product y they have not bought is
 * sum over their products x of w(x) sim(x, y), w(x) = 0.5^(days since they last bought x / half-life);
 * the product x that contributes most is the one it is "often bought with". Only eligible products
 * (the catalogue: sold recently) are recommended, and, given titles, none that is a near-twin of
 * a purchase (the same product under a second code).
 *
 * Evaluate (`evaluateRecommender`): a time split. Fit on purchases before the cut-off; for every
 * customer who bought before it and bought at least one product new to them in the horizon after
 * it, hit rate@k is the share whose top k contains one of those new products. The popularity
 * baseline recommends the catalogue's products with the most buyers in the catalogue window.
 */
import { DAY_MS } from "./summary";

/** One order of one customer: the products (ids) on it. */
export interface PurchaseEvent {
  customerId: string;
  /** The order's id; needed only for `unit: "order"`. */
  orderId?: string;
  at: Date;
  productIds: readonly string[];
}

export type CooccurrenceMeasure = "cosine" | "lift";

export interface NeighbourOptions {
  /** Similarity of two products (default cosine). */
  measure?: CooccurrenceMeasure;
  /** Fewest customers (or orders) who bought both for a pair to count (default {@link RECOMMEND_DEFAULTS}). */
  minSupport?: number;
  /** Neighbours kept per product. */
  neighbours?: number;
  /** What a co-purchase is: bought by the same customer (any time), or on the same order. */
  unit?: "customer" | "order";
  /** Down-weight customers with many products (1 / log2(1 + n)) or not. */
  customerWeight?: "none" | "inverse-log";
  /** Product ids never recommended nor counted (postage, fees, vouchers). */
  exclude?: ReadonlySet<string>;
}

/** One neighbour of a product, with the figures it was chosen by. */
export interface ItemNeighbour {
  neighbourId: string;
  /** The measure's value (cosine in [0, 1]; lift > 0, 1 = independence). */
  score: number;
  /** Customers (or orders) who bought both. */
  support: number;
  cosine: number;
  lift: number;
}

export interface NeighbourModel {
  options: Required<Omit<NeighbourOptions, "exclude">>;
  /** Customers (or orders) counted. */
  units: number;
  /** Buyers (customers or orders) per product. */
  buyers: Map<string, number>;
  /** Each product's neighbours, best first. */
  neighbours: Map<string, ItemNeighbour[]>;
  /** Pairs with at least `minSupport`, before the top-K cut. */
  pairsKept: number;
}

/**
 * The configuration the service uses, chosen on a validation split (fit before 180 days before the
 * as-of date, evaluated on the 90 days after that) by evals/recommend-tune.ts; never on the test
 * window the eval reports. On the demo store: hit rate@5 0.435 there (popularity 0.274); cosine
 * beat lift at every support (lift favours rare pairs: 0.03-0.22), customers beat orders as the
 * unit, basket-size weighting added about a point, and recency weighting (half-lives of 90, 180,
 * 365 days) moved it by less than half a point either way, so purchases count alike.
 */
export const RECOMMEND_DEFAULTS: Required<Omit<NeighbourOptions, "exclude">> & { halfLifeDays: number } = {
  measure: "cosine",
  minSupport: 5,
  neighbours: 30,
  unit: "customer",
  customerWeight: "inverse-log",
  halfLifeDays: Infinity,
};

/**
 * Fits item-to-item neighbours from purchases.
 * @param events orders with their product ids (duplicates within an order are fine)
 * @throws RangeError on a non-positive minSupport or neighbours
 */
export function fitItemNeighbours(events: readonly PurchaseEvent[], opts: NeighbourOptions = {}): NeighbourModel {
  const o = {
    measure: opts.measure ?? RECOMMEND_DEFAULTS.measure,
    minSupport: opts.minSupport ?? RECOMMEND_DEFAULTS.minSupport,
    neighbours: opts.neighbours ?? RECOMMEND_DEFAULTS.neighbours,
    unit: opts.unit ?? RECOMMEND_DEFAULTS.unit,
    customerWeight: opts.customerWeight ?? RECOMMEND_DEFAULTS.customerWeight,
  };
  if (!(o.minSupport >= 1)) throw new RangeError(`minSupport must be >= 1, got ${o.minSupport}`);
  if (!(o.neighbours >= 1)) throw new RangeError(`neighbours must be >= 1, got ${o.neighbours}`);
  const exclude = opts.exclude ?? new Set<string>();

  // Products as dense integers; units (customers or orders) as sets of them.
  const index = new Map<string, number>();
  const ids: string[] = [];
  const unitSets = new Map<string, Set<number>>();
  for (const e of events) {
    const key = o.unit === "customer" ? e.customerId : (e.orderId ?? `${e.customerId}@${e.at.getTime()}`);
    let set = unitSets.get(key);
    for (const p of e.productIds) {
      if (exclude.has(p)) continue;
      let i = index.get(p);
      if (i === undefined) {
        i = ids.length;
        index.set(p, i);
        ids.push(p);
      }
      if (!set) unitSets.set(key, (set = new Set()));
      set.add(i);
    }
  }
  const P = ids.length;
  const units: Int32Array[] = [];
  const weights: number[] = [];
  for (const set of unitSets.values()) {
    units.push(Int32Array.from(set));
    weights.push(o.customerWeight === "inverse-log" ? 1 / Math.log2(1 + set.size) : 1);
  }
  // Inverted lists: units per product; weighted and raw buyer counts.
  const count = new Uint32Array(P);
  const weighted = new Float64Array(P);
  for (let u = 0; u < units.length; u++)
    for (const i of units[u]!) {
      count[i]!++;
      weighted[i]! += weights[u]!;
    }
  const starts = new Uint32Array(P + 1);
  for (let i = 0; i < P; i++) starts[i + 1] = starts[i]! + count[i]!;
  const inverted = new Uint32Array(starts[P]!);
  const fill = starts.slice(0, P);
  for (let u = 0; u < units.length; u++) for (const i of units[u]!) inverted[fill[i]!++] = u;
  let totalWeight = 0;
  for (const w of weights) totalWeight += w;

  const co = new Uint32Array(P);
  const coW = new Float64Array(P);
  const touched = new Int32Array(P);
  const neighbours = new Map<string, ItemNeighbour[]>();
  let pairsKept = 0;
  for (let i = 0; i < P; i++) {
    let nTouched = 0;
    for (let k = starts[i]!; k < starts[i + 1]!; k++) {
      const u = inverted[k]!;
      const w = weights[u]!;
      for (const j of units[u]!) {
        if (j === i) continue;
        if (co[j] === 0) touched[nTouched++] = j;
        co[j]!++;
        coW[j]! += w;
      }
    }
    const row: ItemNeighbour[] = [];
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const s = co[j]!;
      if (s >= o.minSupport) {
        const cosine = coW[j]! / Math.sqrt(weighted[i]! * weighted[j]!);
        const lift = (coW[j]! * totalWeight) / (weighted[i]! * weighted[j]!);
        row.push({ neighbourId: ids[j]!, score: o.measure === "cosine" ? cosine : lift, support: s, cosine, lift });
      }
      co[j] = 0;
      coW[j] = 0;
    }
    pairsKept += row.length;
    if (row.length) {
      row.sort(byScore);
      neighbours.set(ids[i]!, row.slice(0, o.neighbours));
    }
  }
  const buyers = new Map<string, number>();
  for (let i = 0; i < P; i++) buyers.set(ids[i]!, count[i]!);
  return { options: o, units: units.length, buyers, neighbours, pairsKept };
}

/** Best first: score, then support, then id (so the order never depends on input order). */
function byScore(a: ItemNeighbour, b: ItemNeighbour): number {
  return b.score - a.score || b.support - a.support || (a.neighbourId < b.neighbourId ? -1 : a.neighbourId > b.neighbourId ? 1 : 0);
}

/** A product the customer bought, and when they last did. */
export interface CustomerProduct {
  productId: string;
  lastBoughtAt: Date;
}

/** One recommended product and the purchase it relates to. */
export interface Recommendation {
  productId: string;
  /** Sum of the recency-weighted similarities to the customer's products. */
  score: number;
  /** The customer's product that contributes most: "often bought with <because>". */
  becauseProductId: string;
  /** Customers who bought both this product and `becauseProductId` (in the fitted data). */
  support: number;
}

export interface RecommendOptions {
  /** How many to return (default 5). */
  limit?: number;
  /** Half-life of a purchase's weight in days (Infinity: every purchase counts alike). */
  halfLifeDays?: number;
  /** Products that may be recommended (the catalogue: in stock, sold recently). All when omitted. */
  eligible?: (productId: string) => boolean;
  /**
   * Product titles: when given, a candidate whose title is a near-twin of one the customer bought
   * ({@link nearTwinTitles}: the same product listed under a second code) is skipped.
   */
  titleOf?: (productId: string) => string | undefined;
}

const titleWords = (title: string) => new Set(title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/**
 * Two titles of one product under two codes: the shorter's words (three or more) are all in the
 * longer's ("Heart of Wicker Small" and "Small White Heart of Wicker").
 */
export function nearTwinTitles(a: string, b: string): boolean {
  const [x, y] = [titleWords(a), titleWords(b)].sort((p, q) => p.size - q.size) as [Set<string>, Set<string>];
  if (x.size < 3) return false;
  for (const w of x) if (!y.has(w)) return false;
  return true;
}

/**
 * The top products related to what a customer bought and they have not bought yet.
 * @param purchased the customer's products with their last purchase time
 * @param neighboursOf a product's fitted neighbours (from {@link fitItemNeighbours} or the stored table)
 * @param asOf the clock, for the recency weights
 * @returns at most `limit` recommendations, best first (ties by product id)
 */
export function recommendFor(
  purchased: readonly CustomerProduct[],
  neighboursOf: (productId: string) => readonly ItemNeighbour[] | undefined,
  asOf: Date,
  opts: RecommendOptions = {},
): Recommendation[] {
  const limit = opts.limit ?? 5;
  const halfLife = opts.halfLifeDays ?? RECOMMEND_DEFAULTS.halfLifeDays;
  const owned = new Set(purchased.map((p) => p.productId));
  const acc = new Map<string, Recommendation & { best: number }>();
  for (const p of purchased) {
    const ageDays = Math.max(0, (asOf.getTime() - p.lastBoughtAt.getTime()) / DAY_MS);
    const w = Number.isFinite(halfLife) ? 0.5 ** (ageDays / halfLife) : 1;
    for (const n of neighboursOf(p.productId) ?? []) {
      if (owned.has(n.neighbourId) || (opts.eligible && !opts.eligible(n.neighbourId))) continue;
      const c = w * n.score;
      const r = acc.get(n.neighbourId);
      if (!r) acc.set(n.neighbourId, { productId: n.neighbourId, score: c, becauseProductId: p.productId, support: n.support, best: c });
      else {
        r.score += c;
        if (c > r.best || (c === r.best && p.productId < r.becauseProductId)) Object.assign(r, { best: c, becauseProductId: p.productId, support: n.support });
      }
    }
  }
  const ranked = [...acc.values()].sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
  const titleOf = opts.titleOf;
  const ownedTitles = titleOf ? purchased.map((p) => titleOf(p.productId)).filter((t): t is string => !!t) : [];
  const out: Recommendation[] = [];
  for (const { best: _best, ...r } of ranked) {
    if (out.length >= limit) break;
    const title = titleOf?.(r.productId);
    if (title && ownedTitles.some((t) => nearTwinTitles(t, title))) continue;
    out.push(r);
  }
  return out;
}

/**
 * Each customer's products with the last time they bought them, from their orders.
 * @returns customer id -> products (in first-seen order)
 */
export function customerProducts(events: readonly PurchaseEvent[], exclude: ReadonlySet<string> = new Set()): Map<string, CustomerProduct[]> {
  const last = new Map<string, Map<string, Date>>();
  for (const e of events) {
    let m = last.get(e.customerId);
    if (!m) last.set(e.customerId, (m = new Map()));
    for (const p of e.productIds) {
      if (exclude.has(p)) continue;
      const t = m.get(p);
      if (!t || t < e.at) m.set(p, e.at);
    }
  }
  return new Map([...last].map(([c, m]) => [c, [...m].map(([productId, lastBoughtAt]) => ({ productId, lastBoughtAt }))]));
}

/**
 * Products by distinct buyers in [from, to), most first (ties by id): the popularity baseline, and
 * the catalogue when the store has no stock figures (the demo store: sold in the last 90 days).
 */
export function popularProducts(
  events: readonly PurchaseEvent[],
  from: Date,
  to: Date,
  exclude: ReadonlySet<string> = new Set(),
): Array<{ productId: string; buyers: number }> {
  const buyers = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.at < from || e.at >= to) continue;
    for (const p of e.productIds) {
      if (exclude.has(p)) continue;
      let s = buyers.get(p);
      if (!s) buyers.set(p, (s = new Set()));
      s.add(e.customerId);
    }
  }
  return [...buyers].map(([productId, s]) => ({ productId, buyers: s.size })).sort((a, b) => b.buyers - a.buyers || (a.productId < b.productId ? -1 : 1));
}

export interface RecommenderEvaluation {
  cutoff: Date;
  horizonDays: number;
  k: number;
  /** Customers with a purchase before the cut-off and a product new to them in the horizon. */
  customers: number;
  /** Share of them whose top k holds a product they then bought (co-purchase model). */
  hitRate: number;
  /** The same for the popularity baseline. */
  popularityHitRate: number;
  /** Mean share of each customer's new products found in the top k (model / baseline). */
  recall: number;
  popularityRecall: number;
  /** Customers the model had at least one recommendation for. */
  covered: number;
  /** Products in the catalogue at the cut-off (sold in the `catalogueDays` before it). */
  catalogue: number;
  model: { units: number; products: number; pairsKept: number };
}

/**
 * The time-split evaluation (see the module comment). Nothing after the cut-off is seen by the fit,
 * the catalogue or the baseline.
 * @param cutoff fit on purchases before it; test on [cutoff, cutoff + horizonDays)
 * @param opts the fit's options and the recency half-life; `catalogueDays` (default 90) sets the catalogue window;
 *   `fitted`: a model already fitted on exactly the purchases before `cutoff` (to try several half-lives on one fit)
 */
export function evaluateRecommender(
  events: readonly PurchaseEvent[],
  cutoff: Date,
  horizonDays: number,
  opts: NeighbourOptions & {
    halfLifeDays?: number;
    catalogueDays?: number;
    k?: number;
    fitted?: NeighbourModel;
    titleOf?: (productId: string) => string | undefined;
  } = {},
): RecommenderEvaluation {
  const k = opts.k ?? 5;
  const exclude = opts.exclude ?? new Set<string>();
  const end = new Date(cutoff.getTime() + horizonDays * DAY_MS);
  const train = events.filter((e) => e.at < cutoff);
  const test = events.filter((e) => e.at >= cutoff && e.at < end);
  const model = opts.fitted ?? fitItemNeighbours(train, opts);
  const catalogueFrom = new Date(cutoff.getTime() - (opts.catalogueDays ?? 90) * DAY_MS);
  const popular = popularProducts(train, catalogueFrom, cutoff, exclude);
  const inCatalogue = new Set(popular.map((p) => p.productId));
  const history = customerProducts(train, exclude);
  const bought = customerProducts(test, exclude);
  let customers = 0,
    hits = 0,
    popHits = 0,
    recall = 0,
    popRecall = 0,
    covered = 0;
  for (const [customerId, later] of bought) {
    const before = history.get(customerId);
    if (!before) continue;
    const owned = new Set(before.map((p) => p.productId));
    const target = new Set(later.map((p) => p.productId).filter((p) => !owned.has(p)));
    if (!target.size) continue;
    customers++;
    const recs = recommendFor(before, (id) => model.neighbours.get(id), cutoff, {
      limit: k,
      halfLifeDays: opts.halfLifeDays,
      eligible: (id) => inCatalogue.has(id),
      titleOf: opts.titleOf,
    });
    if (recs.length) covered++;
    const found = recs.filter((r) => target.has(r.productId)).length;
    if (found) hits++;
    recall += found / Math.min(k, target.size);
    const pop: string[] = [];
    for (const p of popular) {
      if (pop.length >= k) break;
      if (!owned.has(p.productId)) pop.push(p.productId);
    }
    const popFound = pop.filter((p) => target.has(p)).length;
    if (popFound) popHits++;
    popRecall += popFound / Math.min(k, target.size);
  }
  const share = (x: number) => (customers ? x / customers : 0);
  return {
    cutoff,
    horizonDays,
    k,
    customers,
    hitRate: share(hits),
    popularityHitRate: share(popHits),
    recall: share(recall),
    popularityRecall: share(popRecall),
    covered,
    catalogue: inCatalogue.size,
    model: { units: model.units, products: model.buyers.size, pairsKept: model.pairsKept },
  };
}
