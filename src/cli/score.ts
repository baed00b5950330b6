/**
 * `npm run score`: runs the scoring job once against the configured database (PGlite under
 * DATA_DIR, or DATABASE_URL) and prints its figures. Exit 0 when a run was written or kept, 1 on
 * error. The service also runs it daily.
 */
import { eq } from "drizzle-orm";
import { parseEnv } from "../config/env";
import { openDb } from "../db/client";
import { storeMeta } from "../db/schema";
import { PROJECT_ROOT } from "../node/bootstrap";
import { DEMO_IMPORT_KEY, type DemoImportResult } from "../store/online-retail";
import { runScoringJob } from "../jobs/score";
import path from "node:path";

const env = parseEnv(process.env);
const h = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: path.resolve(PROJECT_ROOT, env.DATA_DIR) });
try {
  await h.migrate();
  const demo = (await h.db.select().from(storeMeta).where(eq(storeMeta.key, DEMO_IMPORT_KEY)))[0]?.value as DemoImportResult | undefined;
  const asOf = env.AS_OF ? new Date(env.AS_OF) : demo ? new Date(demo.asOf) : new Date();
  const r = await runScoringJob(h.db, asOf, (l) => console.log(l));
  const f = r.figures as Record<string, any>;
  console.log(JSON.stringify({ written: r.written, runId: r.runId, model: r.model, status: r.status, reason: r.reason }, null, 2));
  if (f.bgnbd) console.log(`BG/NBD: ${JSON.stringify(f.bgnbd.params)} logLik ${f.bgnbd.logLikelihood?.toFixed(2)} (${f.bgnbd.iterations} iterations)`);
  if (f.gammaGamma) console.log(`Gamma-Gamma: ${JSON.stringify(f.gammaGamma.params)} usable ${f.gammaGamma.usable}`);
  if (f.backtest)
    console.log(
      `backtest (90 days from ${f.backtest.cutoff}): AUC ${f.backtest.auc?.toFixed(3)}, Brier ${f.backtest.brier?.toFixed(4)} -> calibrated ${f.backtest.calibratedBrier?.toFixed(4)} (${f.backtest.calibrated ? "served calibrated" : "served raw"})`,
    );
  if (f.churnRiskDeciles) console.log(`churn risk: ${f.churnRiskDeciles.map((d: any) => `[${d.from.toFixed(1)},${d.to.toFixed(1)}) ${d.count}`).join("  ")}`);
  console.log(`archetypes: ${f.archetypes}; customers scored: ${f.counts?.scored}/${f.counts?.customers}; ${f.seconds ?? "?"} s`);
} finally {
  await h.close();
}
