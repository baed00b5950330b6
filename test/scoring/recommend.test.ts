/** Item-to-item recommendations: the co-purchase measures, the ranking, and the time-split evaluation. */
import { describe, expect, it } from "vitest";
import {
  customerProducts,
  evaluateRecommender,
  fitItemNeighbours,
  nearTwinTitles,
  popularProducts,
  recommendFor,
  type PurchaseEvent,
} from "../../src/scoring/recommend";

const day = (d: number) => new Date(Date.UTC(2011, 0, 1) + d * 86_400_000);
const ev = (customerId: string, d: number, ...productIds: string[]): PurchaseEvent => ({ customerId, orderId: `${customerId}-${d}`, at: day(d), productIds });

// x and y go together; z is bought with x once; w is everyone's.
const store = [ev("a", 1, "x", "y", "w"), ev("b", 2, "x", "y", "w"), ev("c", 3, "x", "z", "w"), ev("d", 4, "y", "w"), ev("e", 5, "w")];

describe("fitItemNeighbours", () => {
  it("scores a pair by cosine s/sqrt(n_i n_j) and lift sN/(n_i n_j), with its support", () => {
    const m = fitItemNeighbours(store, { minSupport: 1, customerWeight: "none" });
    const xy = m.neighbours.get("x")!.find((n) => n.neighbourId === "y")!;
    // x: a b c (3); y: a b d (3); both: a b (2); 5 customers.
    expect(xy.support).toBe(2);
    expect(xy.cosine).toBeCloseTo(2 / 3, 12);
    expect(xy.lift).toBeCloseTo((2 * 5) / 9, 12);
    expect(m.buyers.get("w")).toBe(5);
    // Symmetric.
    expect(m.neighbours.get("y")!.find((n) => n.neighbourId === "x")!.cosine).toBeCloseTo(2 / 3, 12);
  });

  it("drops pairs below the minimum support and keeps the best neighbours first", () => {
    const m = fitItemNeighbours(store, { minSupport: 2, customerWeight: "none" });
    expect(m.neighbours.get("x")!.map((n) => n.neighbourId)).toEqual(["w", "y"]); // cos 3/sqrt(15)=0.775 > 2/3
    expect(m.neighbours.get("z")).toBeUndefined(); // z is bought with x by one customer only
    expect(fitItemNeighbours(store, { minSupport: 2, neighbours: 1, customerWeight: "none" }).neighbours.get("x")).toHaveLength(1);
  });

  it("ranks by lift when asked: a product everyone buys tells little", () => {
    const m = fitItemNeighbours(store, { minSupport: 2, measure: "lift", customerWeight: "none" });
    expect(m.neighbours.get("x")![0]!.neighbourId).toBe("y"); // lift 10/9 > w's 1
    expect(m.neighbours.get("x")![1]).toMatchObject({ neighbourId: "w", lift: 1 });
  });

  it("counts a pair once per order with unit order", () => {
    const m = fitItemNeighbours([ev("a", 1, "x", "y"), ev("a", 2, "x"), ev("a", 3, "y")], { minSupport: 1, unit: "order", customerWeight: "none" });
    expect(m.units).toBe(3);
    expect(m.neighbours.get("x")![0]).toMatchObject({ neighbourId: "y", support: 1, cosine: 0.5 });
  });

  it("down-weights customers with many products under inverse-log, and leaves out excluded ids", () => {
    const big = ev("big", 1, "p", "q", "r1", "r2", "r3", "r4", "r5", "r6");
    const small = [ev("s1", 1, "p", "q"), ev("s2", 1, "p"), ev("s3", 1, "q")];
    const flat = fitItemNeighbours([big, ...small], { minSupport: 1, customerWeight: "none" });
    const weighted = fitItemNeighbours([big, ...small], { minSupport: 1, customerWeight: "inverse-log" });
    const pq = (m: typeof flat) => m.neighbours.get("p")!.find((n) => n.neighbourId === "q")!.cosine;
    // Weighted: the big basket (weight 1/log2 9) counts less than the pair bought alone (1/log2 3).
    const wb = 1 / Math.log2(9),
      ws = 1 / Math.log2(3),
      w1 = 1;
    expect(pq(weighted)).toBeCloseTo((wb + ws) / (wb + ws + w1), 12);
    expect(pq(flat)).toBeCloseTo(2 / 3, 12);
    const excluded = fitItemNeighbours([big, ...small], { minSupport: 1, exclude: new Set(["q"]) });
    expect(excluded.buyers.has("q")).toBe(false);
    expect(excluded.neighbours.get("p")!.some((n) => n.neighbourId === "q")).toBe(false);
  });

  it("refuses a minimum support below 1", () => {
    expect(() => fitItemNeighbours(store, { minSupport: 0 })).toThrow(RangeError);
  });
});

describe("recommendFor", () => {
  const m = fitItemNeighbours(store, { minSupport: 1, customerWeight: "none" });
  const of = (id: string) => m.neighbours.get(id);

  it("recommends what the customer has not bought, with the product it is most often bought with", () => {
    const recs = recommendFor([{ productId: "x", lastBoughtAt: day(10) }], of, day(10), { halfLifeDays: Infinity });
    expect(recs.map((r) => r.productId)).toEqual(["w", "y", "z"]);
    expect(recs[1]).toMatchObject({ productId: "y", becauseProductId: "x", support: 2 });
    expect(recs[1]!.score).toBeCloseTo(2 / 3, 12);
  });

  it("sums over the customer's products, weights recent purchases more, and keeps to eligible products", () => {
    const bought = [
      { productId: "x", lastBoughtAt: day(0) },
      { productId: "y", lastBoughtAt: day(100) },
    ];
    const recs = recommendFor(bought, of, day(100), { halfLifeDays: 100, eligible: (id) => id !== "w" });
    expect(recs.map((r) => r.productId)).toEqual(["z"]);
    // z relates to x only (y and z were never bought together), at half weight.
    expect(recs[0]!.score).toBeCloseTo(0.5 * (1 / Math.sqrt(3)), 12);
    const withW = recommendFor(bought, of, day(100), { halfLifeDays: 100 });
    // w: 0.5 * cos(x,w) + 1 * cos(y,w), and y (the recent one) is the reason.
    expect(withW[0]).toMatchObject({ productId: "w", becauseProductId: "y" });
    expect(withW[0]!.score).toBeCloseTo(0.5 * (3 / Math.sqrt(15)) + 3 / Math.sqrt(15), 12);
  });

  it("skips a near-twin of a purchase (the same product under a second code) when titles are given", () => {
    const titles: Record<string, string> = { x: "HEART OF WICKER SMALL", w: "SMALL WHITE HEART OF WICKER", y: "HEART OF WICKER LARGE", z: "RED RETROSPOT MUG" };
    const recs = recommendFor([{ productId: "x", lastBoughtAt: day(10) }], of, day(10), { halfLifeDays: Infinity, titleOf: (id) => titles[id] });
    expect(recs.map((r) => r.productId)).toEqual(["y", "z"]);
    expect(nearTwinTitles("Heart of Wicker Small", "Small White Heart of Wicker")).toBe(true);
    expect(nearTwinTitles("Heart of Wicker Small", "Heart of Wicker Large")).toBe(false);
    expect(nearTwinTitles("Red Mug", "Red Retrospot Mug")).toBe(false); // too short to tell
  });

  it("returns nothing for a customer with no purchases or products with no neighbours", () => {
    expect(recommendFor([], of, day(1))).toEqual([]);
    expect(recommendFor([{ productId: "unknown", lastBoughtAt: day(1) }], of, day(1))).toEqual([]);
  });
});

describe("time-split evaluation", () => {
  // 60 customers. Everyone buys the popular "hit" before the cut-off; half buy "a" then, and "b"
  // goes with "a": those who bought "a" buy "b" after the cut-off. Others buy "c" then "d".
  const events: PurchaseEvent[] = [];
  for (let i = 0; i < 60; i++) {
    const c = `c${i}`;
    const pair = i % 2 ? ["a", "b"] : ["c", "d"];
    if (i < 40)
      events.push(ev(c, 10 + (i % 30), "hit", ...pair)); // older customers bought both
    else {
      events.push(ev(c, 50 + (i % 10), "hit", pair[0]!));
      events.push(ev(c, 120, pair[1]!, "new-product"));
    }
  }
  const cutoff = day(100);

  it("fits before the cut-off only, and beats popularity when co-purchase carries signal", () => {
    const r = evaluateRecommender(events, cutoff, 90, { minSupport: 2, customerWeight: "none", halfLifeDays: Infinity, k: 1 });
    expect(r.customers).toBe(20);
    expect(r.hitRate).toBe(1);
    // Popularity's first product the customer lacks is the other pair's, which they do not buy.
    expect(r.popularityHitRate).toBe(0);
    // "new-product" exists only after the cut-off: it is neither in the model nor in the catalogue.
    expect(r.model.products).toBe(5);
    expect(r.catalogue).toBe(5);
  });

  it("lists the popular products of a window, and each customer's last purchase", () => {
    expect(popularProducts(events, day(0), cutoff)[0]).toEqual({ productId: "hit", buyers: 60 });
    const c41 = customerProducts(events).get("c41")!;
    expect(c41.find((p) => p.productId === "b")!.lastBoughtAt).toEqual(day(120));
  });
});
