/**
 * scoreStore: every customer of a store scored at one asOf, plus the run-level figures a job needs
 * to decide whether to write the result. Pure and deterministic: same input, same output, whatever
 * the input order (customers come out sorted by id; fits run on collapsed, sorted rows).
 */
import {
  archetypeAxes, archetypeStats, archetypeThresholds, assignArchetype,
  type Archetype, type ArchetypeAxes, type ArchetypeOrder, type ArchetypeStat, type ArchetypeThresholds,
} from "./archetypes";
import { backtest, type BacktestResult } from "./backtest";
import { expectedPurchases, fitBgNbd, pAlive, probNoPurchase, type BgNbdFit } from "./bgnbd";
import { clv, expectedAverageOrderValue, fitGammaGamma, type GammaGammaFit } from "./gammagamma";
import type { MinimizeOptions } from "./optimize";
import { rfmCutPoints, rfmScore, type RfmCutPoints, type RfmScore } from "./rfm";
import { collapse, compareIds, summarize, unitDays, type TimeUnit, type Transaction } from "./summary";

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
  const summary = summarize(orders, asOf, unit);
  const asOfMs = summary.asOf.getTime();
  const perUnit = unitDays(unit);

  // Orders per summarised customer (for cadence and baskets) and customers with no usable order.
  const present = new Set(summary.customers.map((c) => c.customerId));
  const byCustomer = new Map<string, ArchetypeOrder[]>();
  const lateOnly = new Set<string>();
  for (const o of orders) {
    const ms = o.at instanceof Date ? o.at.getTime() : NaN;
    if (typeof o.customerId !== "string" || o.customerId === "") continue;
    if (!present.has(o.customerId)) {
      lateOnly.add(o.customerId);
      continue;
    }
    if (!(ms <= asOfMs) || !Number.isFinite(o.amount)) continue;
    let list = byCustomer.get(o.customerId);
    if (!list) byCustomer.set(o.customerId, (list = []));
    list.push(o);
  }
  const refunded = new Map<string, number>();
  let ignoredRefunds = 0;
  for (const r of refunds ?? []) {
    const ms = r.at instanceof Date ? r.at.getTime() : NaN;
    if (!(ms <= asOfMs) || !Number.isFinite(r.amount) || !present.has(r.customerId)) {
      ignoredRefunds++;
      continue;
    }
    refunded.set(r.customerId, (refunded.get(r.customerId) ?? 0) + r.amount);
  }

  const axes: ArchetypeAxes[] = summary.customers.map((c) =>
    archetypeAxes(byCustomer.get(c.customerId)!, refunds === undefined ? undefined : refunded.get(c.customerId) ?? 0, summary.asOf),
  );
  const rfmValues = axes.map((a) => ({ recencyDays: a.recencyDays, frequency: a.orders, monetary: a.ltv }));
  const empty = summary.customers.length === 0;
  const cuts = empty ? null : rfmCutPoints(rfmValues);
  const thresholds = empty ? null : archetypeThresholds(axes, config.archetypes);

  const bg = empty ? null : fitBgNbd(collapse(summary.customers), config.fit);
  const converged = bg?.converged === true;
  const gg = converged ? fitGammaGamma(summary.customers.map((c) => ({ x: c.monetaryDays, monetary: c.monetary })), config.fit) : null;
  const ggUsable = gg !== null && gg.converged && gg.params.q > 1;

  // Model figures depend on (x, t_x, T) only: compute once per distinct row.
  const cache = new Map<string, { alive: number; churn: number; next: number; expected: number; clvPerAov: number }>();
  const customers: CustomerScore[] = [];
  const members: Array<{ archetype: Archetype; ltv: number; churnRisk: number | null }> = [];
  summary.customers.forEach((c, i) => {
    const rfm = rfmScore(cuts!, rfmValues[i]);
    const archetype = assignArchetype(thresholds!, axes[i]);
    if (!converged) {
      customers.push({ customerId: c.customerId, status: "unscored", unscored_reason: "bgnbd_not_converged", rfm, archetype });
      members.push({ archetype, ltv: axes[i].ltv, churnRisk: null });
      return;
    }
    const p = bg!.params;
    const key = `${c.x}|${c.t_x}|${c.T}`;
    let m = cache.get(key);
    if (!m) {
      m = {
        alive: pAlive(p, c.x, c.t_x, c.T),
        churn: probNoPurchase(p, cfg.churnHorizonDays / perUnit, c.x, c.t_x, c.T),
        next: 1 - probNoPurchase(p, cfg.nextPurchaseDays / perUnit, c.x, c.t_x, c.T),
        expected: expectedPurchases(p, cfg.expectedPurchasesDays / perUnit, c.x, c.t_x, c.T),
        // CLV is linear in AOV, so the discounted purchase stream is cached with AOV = 1.
        clvPerAov: clv(p, 1, c.x, c.t_x, c.T, { months: cfg.clvMonths, monthlyDiscountRate: cfg.monthlyDiscountRate, monthLength: cfg.monthLength }),
      };
      cache.set(key, m);
    }
    const aov = ggUsable ? expectedAverageOrderValue(gg!.params, c.monetaryDays, c.monetary) : null;
    customers.push({
      customerId: c.customerId, status: "scored", x: c.x, t_x: c.t_x, T: c.T,
      p_alive: m.alive, churn_risk_score: m.churn, next_purchase_30d: m.next, expected_purchases_90d: m.expected,
      predicted_clv_12m: aov === null ? null : Math.round(aov * m.clvPerAov),
      expected_aov: aov === null ? null : Math.round(aov),
      ltv: axes[i].ltv, rfm, archetype,
    });
    members.push({ archetype, ltv: axes[i].ltv, churnRisk: m.churn });
  });
  for (const id of [...lateOnly].sort(compareIds)) {
    customers.push({ customerId: id, status: "unscored", unscored_reason: "no_orders_on_or_before_as_of", rfm: null, archetype: null });
  }
  customers.sort((a, b) => compareIds(a.customerId, b.customerId));

  const deciles = Array.from({ length: 10 }, (_, k) => ({ from: k / 10, to: (k + 1) / 10, count: 0, share: 0 }));
  let scored = 0;
  for (const c of customers) {
    if (c.status !== "scored") continue;
    scored++;
    deciles[Math.min(9, Math.floor(c.churn_risk_score * 10))].count++;
  }
  for (const d of deciles) d.share = scored > 0 ? d.count / scored : 0;

  const bt = !converged || cfg.backtestHorizonDays === false ? null : backtest(orders, summary.asOf, { unit, horizonDays: cfg.backtestHorizonDays, fit: config.fit });

  return {
    status: empty ? "empty" : converged ? "ok" : "not_converged",
    asOf: summary.asOf,
    unit,
    config: cfg,
    customers,
    counts: {
      customers: customers.length, scored, unscored: customers.length - scored,
      excludedFutureOrders: summary.excluded.future, excludedInvalidOrders: summary.excluded.invalid, ignoredRefunds,
    },
    bgnbd: bg,
    gammaGamma: gg,
    gammaGammaUsable: ggUsable,
    rfmCutPoints: cuts,
    archetypeThresholds: thresholds,
    archetypeStats: archetypeStats(members),
    churnRiskDeciles: deciles,
    backtest: bt,
  };
}
