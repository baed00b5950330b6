/**
 * scoreStore: every customer of a store scored at one asOf, plus the run-level figures a job needs
 * to decide whether to write the result. Pure and deterministic: same input, same output, whatever
 * the input order (customers come out sorted by id; fits run on collapsed, sorted rows).
 *
 * Built for a million customers in a few seconds: the orders are grouped once into typed columns
 * (summary, archetype axes and the backtest's cutoff summary and hold-out all read them), model
 * figures are computed per distinct (x, t_x, T) row, and the RFM score and archetype objects are
 * shared between the customers that have them (they are frozen: do not mutate them).
 */
import {
  ARCHETYPE_CODES,
  archetypeAxisColumns,
  archetypeCode,
  archetypeId,
  archetypeLabel,
  archetypeLevelsOfCode,
  archetypeStatsOf,
  type archetypeThresholds,
  archetypeThresholdsFromValueCuts,
  type Archetype,
  type ArchetypeAccumulator,
  type ArchetypeStat,
  type ArchetypeThresholds,
} from "./archetypes";
import { Arena, HEAP } from "./arena";
import { backtestGroups, type BacktestResult } from "./backtest";
import { fitBgNbdWithCurvature, type BgNbdFit } from "./bgnbd";
import { expectedAverageOrderValue, fitGammaGammaColumns, type GammaGammaFit } from "./gammagamma";
import type { MinimizeOptions } from "./optimize";
import { rowFigures } from "./predict";
import { nearestRankCutsOfSorted, rfmCode, rfmScoreOfCode, type RfmCutPoints, type RfmScore } from "./rfm";
import { collapseColumns, compareIds, findId, groupOrders, summaryColumns, unitDays, type TimeUnit, type Transaction } from "./summary";

/** An order: amount in minor units (net of discounts; may be ≤ 0); optional product ids for basket breadth. */
export interface StoreOrder extends Transaction {
  productIds?: readonly string[];
}

/** Money returned to a customer: `amount` in minor units, positive. */
export interface StoreRefund {
  customerId: string;
  at: Date;
  amount: number;
}

export interface ScoreConfig {
  /** BG/NBD time unit. Default "days". */
  unit?: TimeUnit;
  /** Horizon of churn_risk_score = P(no purchase in the next H days). Default 90. */
  churnHorizonDays?: number;
  /** Horizon of next_purchase_30d (days). Default 30. */
  nextPurchaseDays?: number;
  /** Horizon of expected_purchases_90d (days). Default 90. */
  expectedPurchasesDays?: number;
  /** CLV horizon in months. Default 12. */
  clvMonths?: number;
  /** Discount per month for CLV. Default 0.01. */
  monthlyDiscountRate?: number;
  /** Month length in `unit`. Default lifetimes' factors: 30 (days), 4.345 (weeks). */
  monthLength?: number;
  /** Backtest horizon in days, or false to skip the backtest. Default 90. */
  backtestHorizonDays?: number | false;
  fit?: MinimizeOptions;
  archetypes?: Parameters<typeof archetypeThresholds>[1];
}

export type UnscoredReason = "no_orders_on_or_before_as_of" | "bgnbd_not_converged";

interface CustomerBase {
  customerId: string;
  rfm: RfmScore | null;
  archetype: Archetype | null;
}

export interface ScoredCustomer extends CustomerBase {
  status: "scored";
  /** Repeat purchase days; t_x and T in `unit`. */
  x: number;
  t_x: number;
  T: number;
  p_alive: number;
  /** P(no purchase in the next churnHorizonDays). */
  churn_risk_score: number;
  /** 1 − P(no purchase in the next nextPurchaseDays). */
  next_purchase_30d: number;
  expected_purchases_90d: number;
  /** Whole minor units; null when the Gamma-Gamma fit is unusable (see run.gammaGammaUsable). */
  predicted_clv_12m: number | null;
  /** Whole minor units; null as above. */
  expected_aov: number | null;
  /** Lifetime value (orders − refunds), minor units. */
  ltv: number;
}

export interface UnscoredCustomer extends CustomerBase {
  status: "unscored";
  unscored_reason: UnscoredReason;
}

export type CustomerScore = ScoredCustomer | UnscoredCustomer;

export interface ScoreRun {
  /** ok: scored; empty: no customer with an order on or before asOf; not_converged: BG/NBD failed (do not write). */
  status: "ok" | "empty" | "not_converged";
  asOf: Date;
  unit: TimeUnit;
  config: Required<Omit<ScoreConfig, "fit" | "archetypes">>;
  customers: CustomerScore[];
  counts: { customers: number; scored: number; unscored: number; excludedFutureOrders: number; excludedInvalidOrders: number; ignoredRefunds: number };
  bgnbd: BgNbdFit | null;
  gammaGamma: GammaGammaFit | null;
  /** True when the Gamma-Gamma fit converged with q > 1, i.e. AOV and CLV exist. */
  gammaGammaUsable: boolean;
  rfmCutPoints: RfmCutPoints | null;
  archetypeThresholds: ArchetypeThresholds | null;
  archetypeStats: ArchetypeStat[];
  /** Scored customers by churn risk in fixed-width bins [0, 0.1), …, [0.9, 1]. */
  churnRiskDeciles: Array<{ from: number; to: number; count: number; share: number }>;
  backtest: BacktestResult | null;
}

/**
 * Scores every customer of a store at `asOf`.
 *
 * Input: orders (minor units; future-dated ones excluded and counted), optional refunds (minor units,
 * positive; those after asOf or of unknown customers are ignored and counted; when `refunds` is
 * undefined the refund axis is "unknown"), a valid asOf, and config (defaults in {@link ScoreConfig}).
 * LTV = sum of order amounts − refunds. Per customer: BG/NBD figures (fit in `config.unit`, horizons
 * given in days and converted), Gamma-Gamma AOV and discounted CLV, RFM score and segment, archetype.
 * A customer whose orders are all after asOf is returned unscored ("no_orders_on_or_before_as_of");
 * when the BG/NBD fit does not converge every customer is unscored ("bgnbd_not_converged") and the run
 * status is "not_converged". T = 0 (first order on the asOf day) is scored: P(alive) = 1 and the
 * risks are the model's prior for a brand-new customer. An empty store gives status "empty".
 * Throws RangeError only for an invalid asOf or config.
 */
export function scoreStore(orders: readonly StoreOrder[], refunds: readonly StoreRefund[] | undefined, asOf: Date, config: ScoreConfig = {}): ScoreRun {
  const unit = config.unit ?? "days";
  const cfg: ScoreRun["config"] = {
    unit,
    churnHorizonDays: config.churnHorizonDays ?? 90,
    nextPurchaseDays: config.nextPurchaseDays ?? 30,
    expectedPurchasesDays: config.expectedPurchasesDays ?? 90,
    clvMonths: config.clvMonths ?? 12,
    monthlyDiscountRate: config.monthlyDiscountRate ?? 0.01,
    monthLength: config.monthLength ?? (unit === "days" ? 30 : 4.345),
    backtestHorizonDays: config.backtestHorizonDays ?? 90,
  };
  for (const k of ["churnHorizonDays", "nextPurchaseDays", "expectedPurchasesDays", "monthLength"] as const) {
    if (!(cfg[k] > 0)) throw new RangeError(`scoreStore: ${k} must be > 0`);
  }
  const asOfMs = asOf instanceof Date ? asOf.getTime() : NaN;
  if (!Number.isFinite(asOfMs)) throw new RangeError("summarize: asOf must be a valid Date");
  const asOfDate = new Date(asOfMs);
  const perUnit = unitDays(unit);

  // One grouping of the orders serves the summary, the archetype axes and the backtest. All columns
  // come from one arena (see arena.ts), sized for the worst case of one customer per order: about
  // 52 bytes per order for the grouped orders and 250 per customer for the rest; pages never
  // written are never resident. The backtest reuses what the main figures used.
  const arena = arenaFor(302 * orders.length + 8192);
  const groups = groupOrders(orders, asOfMs, arena);
  const n = groups.ids.length;
  const base = arena.mark();
  const summary = summaryColumns(groups, asOfMs, unit, arena);

  let refunded: Float64Array | null = null;
  let ignoredRefunds = 0;
  if (refunds !== undefined) {
    refunded = arena.f64(n);
    for (const r of refunds) {
      const ms = r.at instanceof Date ? r.at.getTime() : NaN;
      const k = typeof r.customerId === "string" ? findId(groups.ids, r.customerId) : -1;
      if (!(ms <= asOfMs) || !Number.isFinite(r.amount) || k < 0) {
        ignoredRefunds++;
        continue;
      }
      refunded[k]! += r.amount;
    }
  }

  const axes = archetypeAxisColumns(groups, orders, refunded, summary.asOfDay, arena);
  const empty = n === 0;
  let cuts: RfmCutPoints | null = null;
  let thresholds: ArchetypeThresholds | null = null;
  if (!empty) {
    const scratch = arena.mark();
    const sorted = (values: ArrayLike<number>) => {
      const out = arena.f64(values.length);
      for (let k = 0; k < values.length; k++) out[k] = values[k]!;
      return out.sort();
    };
    const sortedLtv = sorted(axes.ltv);
    cuts = {
      method: "nearest-rank-quintile-v1",
      recency: nearestRankCutsOfSorted(sorted(axes.recencyDays), 5),
      frequency: nearestRankCutsOfSorted(sorted(axes.orders), 5),
      monetary: nearestRankCutsOfSorted(sortedLtv, 5),
    };
    thresholds = archetypeThresholdsFromValueCuts(nearestRankCutsOfSorted(sortedLtv, 3) as [number, number], config.archetypes);
    arena.release(scratch);
  }

  const { rows, rowOf } = empty ? { rows: null, rowOf: null } : collapseColumns(summary, arena);
  const main = rows === null ? null : fitBgNbdWithCurvature(rows, config.fit);
  const bg = main?.fit ?? null;
  const converged = bg?.converged === true;
  const ggScratch = arena.mark();
  const gg = converged ? fitGammaGammaColumns(summary.monetaryDays, summary.monetary, null, config.fit, arena) : null;
  arena.release(ggScratch);
  const ggUsable = gg?.converged === true && gg.params.q > 1;
  // Model figures depend on (x, t_x, T) only: computed once per distinct row.
  const figures = converged
    ? rowFigures(
        bg!.params,
        rows!,
        {
          churnHorizon: cfg.churnHorizonDays / perUnit,
          nextPurchaseHorizon: cfg.nextPurchaseDays / perUnit,
          expectedHorizon: cfg.expectedPurchasesDays / perUnit,
          clv: { months: cfg.clvMonths, monthlyDiscountRate: cfg.monthlyDiscountRate, monthLength: cfg.monthLength },
        },
        arena,
      )
    : null;

  // RFM scores and archetypes take few distinct values: one shared, frozen object per value.
  const rfmByCode: Array<RfmScore | undefined> = new Array(125);
  const archetypeByCode: Array<ArchetypeAccumulator | undefined> = new Array(ARCHETYPE_CODES);
  const late = groups.excludedOnlyIds;
  const customers: CustomerScore[] = new Array(n + late.length);
  const deciles = Array.from({ length: 10 }, (_, k) => ({ from: k / 10, to: (k + 1) / 10, count: 0, share: 0 }));
  let scored = 0;
  let out = 0,
    l = 0;
  for (let k = 0; k < n; k++) {
    const id = groups.ids[k]!;
    while (l < late.length && compareIds(late[l]!, id) < 0) customers[out++] = lateCustomer(late[l++]!);
    const rc = rfmCode(cuts!, axes.recencyDays[k]!, axes.orders[k]!, axes.ltv[k]!);
    const rfm = rfmByCode[rc] ?? (rfmByCode[rc] = Object.freeze(rfmScoreOfCode(rc)));
    const ac = archetypeCode(thresholds!, axes.ltv[k]!, axes.orders[k]!, axes.recencyDays[k]!, axes.breadth[k]!, axes.refundShare[k]!, axes.cadenceCv[k]!);
    let group = archetypeByCode[ac];
    if (!group) archetypeByCode[ac] = group = { a: frozenArchetype(ac), n: 0, ltv: 0, risk: 0, nRisk: 0 };
    const archetype = group.a;
    const ltv = axes.ltv[k]!;
    group.n++;
    group.ltv += ltv;
    if (!converged) {
      customers[out++] = { customerId: id, status: "unscored", unscored_reason: "bgnbd_not_converged", rfm, archetype };
      continue;
    }
    const i = rowOf![k]!;
    const churn = figures!.churn[i]!;
    const x = summary.x[k]!,
      monetaryDays = summary.monetaryDays[k]!,
      monetary = summary.monetary[k]!;
    const aov = ggUsable ? expectedAverageOrderValue(gg!.params, monetaryDays, monetary) : null;
    customers[out++] = {
      customerId: id,
      status: "scored",
      x,
      t_x: summary.t_x[k]!,
      T: summary.T[k]!,
      p_alive: figures!.alive[i]!,
      churn_risk_score: churn,
      next_purchase_30d: figures!.next[i]!,
      expected_purchases_90d: figures!.expected[i]!,
      predicted_clv_12m: aov === null ? null : Math.round(aov * figures!.clvPerAov[i]!),
      expected_aov: aov === null ? null : Math.round(aov),
      ltv,
      rfm,
      archetype,
    };
    group.risk += churn;
    group.nRisk++;
    scored++;
    deciles[Math.min(9, Math.floor(churn * 10))]!.count++;
  }
  while (l < late.length) customers[out++] = lateCustomer(late[l++]!);
  for (const d of deciles) d.share = scored > 0 ? d.count / scored : 0;

  // Everything in the customer arena is dead now (the customers hold plain values): the backtest reuses it.
  arena.release(base);
  const bt =
    !converged || cfg.backtestHorizonDays === false
      ? null
      : // The cutoff fit starts from the full fit's parameters and curvature: the same customers a
        // horizon earlier have nearly the same optimum, so BFGS needs far fewer steps.
        backtestGroups(
          groups,
          asOfMs,
          unit,
          cfg.backtestHorizonDays,
          { ...config.fit, initial: bg!.params, initialInverseHessian: main!.inverseHessian ?? undefined },
          arena,
        );

  return {
    status: empty ? "empty" : converged ? "ok" : "not_converged",
    asOf: asOfDate,
    unit,
    config: cfg,
    customers,
    counts: {
      customers: customers.length,
      scored,
      unscored: customers.length - scored,
      excludedFutureOrders: groups.future,
      excludedInvalidOrders: groups.invalid,
      ignoredRefunds,
    },
    bgnbd: bg,
    gammaGamma: gg,
    gammaGammaUsable: ggUsable,
    rfmCutPoints: cuts,
    archetypeThresholds: thresholds,
    archetypeStats: archetypeStatsOf(
      archetypeByCode.filter((g): g is ArchetypeAccumulator => g !== undefined),
      n,
    ),
    churnRiskDeciles: deciles,
    backtest: bt,
  };
}

/** An arena of `bytes`, or one that allocates normally if the buffer cannot be had. */
function arenaFor(bytes: number): Arena {
  try {
    return new Arena(bytes);
  } catch {
    return HEAP;
  }
}

function lateCustomer(customerId: string): UnscoredCustomer {
  return { customerId, status: "unscored", unscored_reason: "no_orders_on_or_before_as_of", rfm: null, archetype: null };
}

/** An archetype object shared by every customer with that level code; frozen because it is shared. */
function frozenArchetype(code: number): Archetype {
  const levels = Object.freeze(archetypeLevelsOfCode(code));
  return Object.freeze({ id: archetypeId(levels), label: archetypeLabel(levels), levels });
}
