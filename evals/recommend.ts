/**
 * `npx tsx evals/recommend.ts`: the recommendation suite alone (the same as in `npm run evals`),
 * on the configured store (DATABASE_URL, or the PGlite under DATA_DIR), as of the store's date.
 */
import { parseEnv } from "../src/config/env";
import { openDb } from "../src/db/client";
import { fixedClock } from "../src/clock";
import { loadPurchases } from "./recommend-data";
import { recommendSuite, storeAsOf } from "./recommend-suite";
import { formatResults } from "./suites";

const env = parseEnv(process.env);
const h = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const asOf = env.AS_OF ? new Date(env.AS_OF) : await storeAsOf(h.db, (await loadPurchases(h.db)).events);
  const r = await recommendSuite({ db: h.db, clock: fixedClock(asOf) });
  console.log(formatResults([r], "-", "-"));
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await h.close();
}
