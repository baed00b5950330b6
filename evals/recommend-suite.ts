/**
 * The recommendation suite of `npm run evals`: a time split on the store's own purchases. The
 * recommender (src/scoring/recommend.ts, the service's settings) is fitted on every order before
 * the last 90 days; each customer who had bought before and bought a product new to them in those
 * 90 days gets five recommendations from the catalogue as it stood at the cut-off (products sold in
 * the 90 days before it); hit rate@5 is the share whose five hold one they then bought. The
 * popularity baseline (the catalogue's products with the most buyers, minus the customer's own) is
 * scored on the same customers. Gated on the model's hit rate@5, and on beating the baseline.
 */
import { eq } from "drizzle-orm";
import { storeMeta } from "../src/db/schema";
import type { DbOrTx } from "../src/db/types";
import type { Services } from "../src/services";
import { DAY_MS } from "../src/scoring/summary";
import { evaluateRecommender, RECOMMEND_DEFAULTS, type PurchaseEvent, type RecommenderEvaluation } from "../src/scoring/recommend";
import { DEMO_IMPORT_KEY, type DemoImportResult } from "../src/store/online-retail";
import { loadPurchases } from "./recommend-data";
import type { SuiteResult } from "./suites";

/**
 * Hit rate@5 on the last 90 days that the suite requires: measured 0.344 on the demo store (0.346
 * before near-twins were skipped; popularity 0.219; settings chosen on the earlier validation
 * window), less a margin.
 */
export const RECOMMEND_HIT_RATE_THRESHOLD = 0.32;

/** The store's as-of date: the demo import's, else the day after the last purchase. */
export async function storeAsOf(db: DbOrTx, events: readonly PurchaseEvent[]): Promise<Date> {
  const demo = (await db.select().from(storeMeta).where(eq(storeMeta.key, DEMO_IMPORT_KEY)))[0]?.value as DemoImportResult | undefined;
  if (demo) return new Date(demo.asOf);
  let last = 0;
  for (const e of events) last = Math.max(last, e.at.getTime());
  return new Date(Math.floor(last / DAY_MS) * DAY_MS + DAY_MS);
}

/** Figures of one evaluation, as the suite prints them. */
export function recommendReport(r: RecommenderEvaluation): string {
  const pct = (x: number) => x.toFixed(3);
  return [
    `time split: fit before ${r.cutoff.toISOString().slice(0, 10)}, scored on the next ${r.horizonDays} days; ${r.customers} customers bought a product new to them (${r.covered} got recommendations); catalogue ${r.catalogue} products`,
    `hit rate@${r.k}: co-purchase ${pct(r.hitRate)} vs popularity ${pct(r.popularityHitRate)}; recall@${r.k}: ${pct(r.recall)} vs ${pct(r.popularityRecall)}`,
    `model: ${RECOMMEND_DEFAULTS.measure}, ${RECOMMEND_DEFAULTS.unit}s weighted ${RECOMMEND_DEFAULTS.customerWeight}, min support ${RECOMMEND_DEFAULTS.minSupport}, ${RECOMMEND_DEFAULTS.neighbours} neighbours, ${Number.isFinite(RECOMMEND_DEFAULTS.halfLifeDays) ? `half-life ${RECOMMEND_DEFAULTS.halfLifeDays} d` : "no recency weighting"}; ${r.model.units} customers, ${r.model.products} products, ${r.model.pairsKept} pairs`,
  ].join("\n  ");
}

/**
 * Runs the time split on the store behind `s.db`, with `s.clock` as the as-of date.
 * @param threshold the hit rate@5 required
 */
export async function recommendSuite(s: Pick<Services, "db" | "clock">, threshold = RECOMMEND_HIT_RATE_THRESHOLD): Promise<SuiteResult> {
  return gradeRecommender(await evaluateStoreRecommender(s), threshold);
}

/** The time split on the store behind `s.db`: fit before `s.clock` less 90 days, scored on the 90 days after. */
export async function evaluateStoreRecommender(s: Pick<Services, "db" | "clock">): Promise<RecommenderEvaluation> {
  const { events, exclude, titles } = await loadPurchases(s.db);
  const cutoff = new Date(s.clock.now().getTime() - 90 * DAY_MS);
  return evaluateRecommender(events, cutoff, 90, { ...RECOMMEND_DEFAULTS, exclude, titleOf: (id) => titles.get(id) });
}

/** The suite's verdict on an evaluation: hit rate@5 at or above `threshold`, and above popularity's. */
export function gradeRecommender(r: RecommenderEvaluation, threshold = RECOMMEND_HIT_RATE_THRESHOLD): SuiteResult {
  const name = "recommendations (hit@5)";
  const beats = r.hitRate > r.popularityHitRate;
  const failures = [
    ...(r.hitRate >= threshold ? [] : [`hit rate@5 ${r.hitRate.toFixed(3)} below ${threshold}`]),
    ...(beats ? [] : [`hit rate@5 ${r.hitRate.toFixed(3)} does not beat popularity's ${r.popularityHitRate.toFixed(3)}`]),
  ];
  return {
    suite: name,
    cases: r.customers,
    passed: Math.round(r.hitRate * r.customers),
    score: r.hitRate,
    metric: "hit rate@5",
    threshold,
    ok: r.customers > 0 && failures.length === 0,
    details: [{ id: "time-split", ok: failures.length === 0, failures }],
    extra: recommendReport(r),
  };
}
