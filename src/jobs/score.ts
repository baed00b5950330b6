/**
 * The scoring job: fits BG/NBD and Gamma-Gamma on every stored order, scores every customer, and
 * writes a `scoring_runs` row (parameters, fit figures, backtest) plus a `customer_profiles`
 * snapshot (segments and archetypes for listing). A fit that did not converge is not written: the
 * previous run stays in force and the result says why. With no previous run at all, a `rules-v0`
 * run (RFM cut points, archetype thresholds, the seed's churn rule) is written so profiles still
 * carry RFM and archetypes. The same run fits item-to-item product recommendations on the orders
 * up to the as-of date (src/scoring/recommend.ts) and replaces `product_catalogue` and
 * `product_neighbours` with them (figures under `recommendations`).
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/types";
import type { Metrics } from "../log/metrics";
import { customerProfiles, scoringRuns } from "../db/schema";
import { loadStoreTransactions } from "../customers/repo";
import { applyIsotonic, archetypeStats, scoreStore, type ScoreConfig, type ScoreRun } from "../scoring";
import type { ProfileModel } from "../profile/types";
import { latestModel, type StoredParams } from "../profile/runs";
import { one } from "../lib/one";
import { productCatalogue, productNeighbours } from "../db/schema-recommend";
import { productSales } from "../customers/recommendations";
import { fitItemNeighbours, RECOMMEND_DEFAULTS } from "../scoring/recommend";
import { NOT_A_PRODUCT } from "../ai/draft/facts";

export const BGNBD_MODEL = "bgnbd-gg-v1";

export interface ScoringJobResult {
  written: boolean;
  runId: number | null;
  model: ProfileModel["model"];
  status: ScoreRun["status"];
  reason: string | null;
  figures: Record<string, unknown>;
}

/**
 * Runs the job.
 * @param asOf the store's as-of date (the clock's now)
 * @param log progress lines
 * @returns what was written, with the run's figures (customers scored, fit parameters, churn-risk
 *   distribution, archetype count, backtest)
 */
export async function runScoringJob(db: Db, asOf: Date, log: (line: string) => void = () => {}, config: ScoreConfig = {}): Promise<ScoringJobResult> {
  const t0 = Date.now();
  const { orderRows, refundRows } = await loadStoreTransactions(db, { onPage: (n) => log(`scoring: ${n} orders read`) });
  const orders = orderRows.map((o) => ({
    customerId: o.customer_id,
    at: new Date(o.processed_at),
    amount: Number(o.total_minor),
    productIds: o.skus ?? [],
  }));
  const refunds = refundRows.map((r) => ({ customerId: r.customerId!, at: r.processedAt, amount: r.amountMinor }));
  log(`scoring: ${orders.length} orders, ${refunds.length} refunds loaded in ${Date.now() - t0} ms`);
  const recommendations = await fitRecommendations(db, orders, asOf, log);
  let run: ScoreRun;
  try {
    run = scoreStore(orders, refunds, asOf, config);
  } catch (err) {
    // A numerical failure on some customer must not take the service down: the run in force
    // stays, and the reason is logged and returned.
    const previous = await latestModel(db);
    const reason = `scoring failed: ${(err as Error).message}; ${previous ? `run ${previous.runId} stays in force` : "no run is in force (profiles carry exact aggregates and rules-v0 churn)"}`;
    log(`scoring: ${reason}`);
    return { written: false, runId: previous?.runId ?? null, model: previous?.model ?? "rules-v0", status: "not_converged", reason, figures: {} };
  }
  const bt = run.backtest && run.backtest.status === "ok" ? run.backtest : null;
  // Serve what profiles serve: when the backtest chose a calibrator, the snapshot, the churn-risk
  // distribution and the archetype averages carry calibrated churn risk too.
  const calibrator = run.status === "ok" ? (bt?.calibrator ?? null) : null;
  if (calibrator) {
    for (const c of run.customers) if (c.status === "scored") c.churn_risk_score = applyIsotonic(calibrator, c.churn_risk_score);
    run.archetypeStats = archetypeStats(
      run.customers
        .filter((c) => c.archetype)
        .map((c) => ({ archetype: c.archetype!, ltv: c.status === "scored" ? c.ltv : 0, churnRisk: c.status === "scored" ? c.churn_risk_score : null })),
    );
    for (const d of run.churnRiskDeciles) d.count = 0;
    const scored = run.customers.filter((c) => c.status === "scored");
    for (const c of scored) {
      const decile = run.churnRiskDeciles[Math.min(9, Math.floor(c.churn_risk_score * 10))];
      if (decile) decile.count++;
    }
    for (const d of run.churnRiskDeciles) d.share = scored.length ? d.count / scored.length : 0;
  }
  const figures = {
    status: run.status,
    counts: run.counts,
    bgnbd: run.bgnbd && { params: run.bgnbd.params, logLikelihood: run.bgnbd.logLikelihood, converged: run.bgnbd.converged, iterations: run.bgnbd.iterations },
    gammaGamma: run.gammaGamma && { params: run.gammaGamma.params, converged: run.gammaGamma.converged, usable: run.gammaGammaUsable },
    churnRiskDeciles: run.churnRiskDeciles,
    churnCalibrated: calibrator !== null,
    archetypes: run.archetypeStats.length,
    backtest: bt && {
      cutoff: bt.cutoff.toISOString(),
      horizonDays: bt.horizonDays,
      customers: bt.customers,
      auc: bt.auc,
      brier: bt.brier,
      calibratedBrier: bt.calibratedBrier,
      calibrated: bt.calibrator !== null,
      observedNoPurchaseRate: bt.observedNoPurchaseRate,
      meanPredictedRisk: bt.meanPredictedRisk,
      purchasesMae: bt.purchasesMae,
      deciles: bt.deciles,
    },
    archetypeStats: run.archetypeStats,
    recommendations: recommendations.figures,
    seconds: 0,
  };
  log(`scoring: status ${run.status}, ${run.counts.scored}/${run.counts.customers} customers scored in ${Date.now() - t0} ms`);

  const previous = await latestModel(db);
  let model: ProfileModel["model"];
  let reason: string | null = null;
  if (run.status === "ok") {
    model = BGNBD_MODEL;
  } else if (run.status === "not_converged" && previous) {
    reason = `BG/NBD fit did not converge (${run.bgnbd?.message ?? "unknown"}); run ${previous.runId} stays in force`;
    log(`scoring: ${reason}`);
    return { written: false, runId: previous.runId, model: previous.model, status: run.status, reason, figures };
  } else if (run.status === "empty") {
    reason = "no customer has an order on or before the as-of date";
    log(`scoring: ${reason}; nothing written`);
    return { written: false, runId: previous?.runId ?? null, model: previous?.model ?? "rules-v0", status: run.status, reason, figures };
  } else {
    model = "rules-v0";
    reason = `BG/NBD fit did not converge (${run.bgnbd?.message ?? "unknown"}); no earlier run, so the rules-v0 churn rule serves`;
    log(`scoring: ${reason}`);
  }

  const params: StoredParams = {
    model,
    unit: run.unit,
    churnHorizonDays: run.config.churnHorizonDays,
    nextPurchaseDays: run.config.nextPurchaseDays,
    expectedPurchasesDays: run.config.expectedPurchasesDays,
    clvMonths: run.config.clvMonths,
    monthlyDiscountRate: run.config.monthlyDiscountRate,
    monthLength: run.config.monthLength,
    bgnbd: model === BGNBD_MODEL ? run.bgnbd!.params : null,
    gammaGamma: model === BGNBD_MODEL && run.gammaGammaUsable ? run.gammaGamma!.params : null,
    rfmCutPoints: run.rfmCutPoints,
    archetypeThresholds: run.archetypeThresholds,
    churnCalibrator: model === BGNBD_MODEL ? calibrator : null,
  };
  figures.seconds = (Date.now() - t0) / 1000;

  const runId = await db.transaction(async (tx) => {
    const row = one(
      await tx
        .insert(scoringRuns)
        .values({ model, asOf: run.asOf, customers: run.counts.customers, converged: run.status === "ok", params, figures })
        .returning({ id: scoringRuns.id }),
      "scoring run",
    );
    const snapshot = run.customers.map((c) => ({
      customer_id: c.customerId,
      churn_risk_score: c.status === "scored" ? c.churn_risk_score : null,
      rfm_segment: c.rfm?.segment ?? null,
      archetype_id: c.archetype?.id ?? null,
      profile: c,
    }));
    for (let i = 0; i < snapshot.length; i += 2000) {
      await tx.execute(sql`
        insert into ${customerProfiles} (customer_id, run_id, profile, churn_risk_score, rfm_segment, archetype_id, updated_at)
        select x.customer_id, ${row.id}, x.profile, x.churn_risk_score, x.rfm_segment, x.archetype_id, now()
        from jsonb_to_recordset(${JSON.stringify(snapshot.slice(i, i + 2000))}::jsonb)
          as x(customer_id text, profile jsonb, churn_risk_score double precision, rfm_segment text, archetype_id text)
        where exists (select 1 from customers c where c.id = x.customer_id)
        on conflict (customer_id) do update set run_id = excluded.run_id, profile = excluded.profile,
          churn_risk_score = excluded.churn_risk_score, rfm_segment = excluded.rfm_segment,
          archetype_id = excluded.archetype_id, updated_at = now()`);
    }
    await tx.delete(customerProfiles).where(sql`${customerProfiles.runId} <> ${row.id}`);
    await writeRecommendations(tx, recommendations, row.id);
    return row.id;
  });
  log(`scoring: run ${runId} (${model}) written in ${figures.seconds.toFixed(1)} s`);
  return { written: true, runId, model, status: run.status, reason, figures };
}

/** The stored figures of the newest run, for GET /v1/scoring/runs/latest. */
export async function latestRun(db: Db) {
  const rows = await db.select().from(scoringRuns).orderBy(desc(scoringRuns.id)).limit(1);
  return rows[0] ?? null;
}

export async function runById(db: Db, id: number) {
  const rows = await db.select().from(scoringRuns).where(eq(scoringRuns.id, id));
  return rows[0] ?? null;
}

/**
 * `runScoringJob` counted in the metrics port: one `scoringRun` per call with its outcome
 * (`written`, `not_written` when the fit did not converge, `failed` when it threw) and wall time.
 * @throws what `runScoringJob` throws (counted as `failed` first)
 */
export async function runMeasuredScoringJob(
  db: Db,
  asOf: Date,
  metrics: Metrics,
  log: (line: string) => void = () => {},
  config: ScoreConfig = {},
): Promise<ScoringJobResult> {
  const t0 = performance.now();
  try {
    const r = await runScoringJob(db, asOf, log, config);
    metrics.scoringRun(r.written ? "written" : "not_written", (performance.now() - t0) / 1000);
    return r;
  } catch (err) {
    metrics.scoringRun("failed", (performance.now() - t0) / 1000);
    throw err;
  }
}

type FittedRecommendations = Awaited<ReturnType<typeof fitRecommendations>>;

/** Fits product neighbours on the customers' orders up to `asOf`; postage, fees and vouchers (by title) are left out. */
async function fitRecommendations(db: Db, orders: Array<{ customerId: string; at: Date; productIds: string[] }>, asOf: Date, log: (line: string) => void) {
  const t0 = Date.now();
  const sales = await productSales(db);
  const exclude = new Set(sales.filter((p) => NOT_A_PRODUCT.test(p.title.trim())).map((p) => p.productId));
  const model = fitItemNeighbours(
    orders.filter((o) => o.at <= asOf),
    { ...RECOMMEND_DEFAULTS, exclude },
  );
  const catalogue = sales.filter((p) => !exclude.has(p.productId));
  const figures = {
    ...model.options,
    halfLifeDays: Number.isFinite(RECOMMEND_DEFAULTS.halfLifeDays) ? RECOMMEND_DEFAULTS.halfLifeDays : null,
    customers: model.units,
    products: model.buyers.size,
    productsWithNeighbours: model.neighbours.size,
    pairsKept: model.pairsKept,
    catalogue: catalogue.length,
    seconds: 0,
  };
  figures.seconds = (Date.now() - t0) / 1000;
  log(
    `scoring: recommendations fitted on ${model.units} customers, ${model.buyers.size} products, ${model.pairsKept} pairs with support >= ${model.options.minSupport} in ${figures.seconds.toFixed(1)} s`,
  );
  return { model, catalogue, figures };
}

/** Replaces the catalogue and the neighbours with a run's (inside the run's transaction). */
async function writeRecommendations(tx: Tx, r: FittedRecommendations, runId: number) {
  await tx.delete(productNeighbours);
  await tx.delete(productCatalogue);
  const catalogue = r.catalogue.map((p) => ({
    product_id: p.productId,
    title: p.title,
    last_sold_at: p.lastSoldAt.toISOString(),
    orders: p.orders,
    buyers: r.model.buyers.get(p.productId) ?? 0,
  }));
  for (let i = 0; i < catalogue.length; i += 5000) {
    await tx.execute(sql`
      insert into ${productCatalogue} (product_id, title, last_sold_at, orders, buyers, run_id)
      select x.product_id, x.title, x.last_sold_at, x.orders, x.buyers, ${runId}
      from jsonb_to_recordset(${JSON.stringify(catalogue.slice(i, i + 5000))}::jsonb)
        as x(product_id text, title text, last_sold_at timestamptz, orders integer, buyers integer)`);
  }
  const rows: Array<{ p: string; n: string; r: number; s: number; u: number; c: number; l: number }> = [];
  for (const [p, list] of r.model.neighbours) {
    for (const [i, n] of list.entries()) rows.push({ p, n: n.neighbourId, r: i + 1, s: n.score, u: n.support, c: n.cosine, l: n.lift });
  }
  for (let i = 0; i < rows.length; i += 10_000) {
    await tx.execute(sql`
      insert into ${productNeighbours} (product_id, neighbour_id, rank, score, support, cosine, lift, run_id)
      select x.p, x.n, x.r, x.s, x.u, x.c, x.l, ${runId}
      from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 10_000))}::jsonb)
        as x(p text, n text, r integer, s double precision, u integer, c double precision, l double precision)`);
  }
}
