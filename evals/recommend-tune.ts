/**
 * `npx tsx evals/recommend-tune.ts`: chooses the recommender's settings on a validation split only:
 * fit on purchases before 180 days before the as-of date, score hit rate@5 on the 90 days after
 * that. The test window the eval reports (the last 90 days) is never read here. Prints every
 * setting by validation hit rate; the best goes into RECOMMEND_DEFAULTS (src/scoring/recommend.ts).
 */
import { openDb } from "../src/db/client";
import { parseEnv } from "../src/config/env";
import { DAY_MS } from "../src/scoring/summary";
import { evaluateRecommender, fitItemNeighbours, type NeighbourOptions } from "../src/scoring/recommend";
import { loadPurchases } from "./recommend-data";
import { storeAsOf } from "./recommend-suite";

const env = parseEnv(process.env);
const h = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const { events, exclude } = await loadPurchases(h.db);
  const asOf = await storeAsOf(h.db, events);
  const cutoff = new Date(asOf.getTime() - 180 * DAY_MS);
  const train = events.filter((e) => e.at < cutoff);
  const rows: Array<{ setting: string; hit: number; recall: number; pop: number }> = [];
  for (const unit of ["customer", "order"] as const)
    for (const customerWeight of ["none", "inverse-log"] as const)
      for (const measure of ["cosine", "lift"] as const)
        for (const minSupport of [2, 5, 10]) {
          const o: NeighbourOptions = { unit, customerWeight, measure, minSupport, neighbours: 30, exclude };
          const fitted = fitItemNeighbours(train, o);
          for (const halfLifeDays of [Infinity, 90, 180, 365]) {
            const r = evaluateRecommender(events, cutoff, 90, { ...o, halfLifeDays, fitted });
            const setting = `${unit} ${customerWeight} ${measure} minSupport=${minSupport} halfLife=${halfLifeDays}`;
            rows.push({ setting, hit: r.hitRate, recall: r.recall, pop: r.popularityHitRate });
            console.error(
              `${setting}: hit@5 ${r.hitRate.toFixed(3)} recall@5 ${r.recall.toFixed(3)} (popularity ${r.popularityHitRate.toFixed(3)}; ${r.customers} customers)`,
            );
          }
        }
  rows.sort((a, b) => b.hit - a.hit || b.recall - a.recall);
  console.log("validation split (fit before as-of - 180 d, scored on the next 90 d), best first:");
  for (const r of rows) console.log(`${r.hit.toFixed(3)}  ${r.recall.toFixed(3)}  ${r.setting}`);
} finally {
  await h.close();
}
