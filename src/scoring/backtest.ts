/**
 * Backtest of the churn-risk score: refit as of (asOf − horizon), predict, and compare with what
 * customers actually did in (asOf − horizon, asOf].
 */
import { HEAP, type Arena } from "./arena";
import { fitBgNbd, type BgNbdFit, type FitOptions } from "./bgnbd";
import { applyIsotonic, fitIsotonicOrdered, type IsotonicCalibrator } from "./calibration";
import { aucOrdered, brier, calibrationTableOrdered, meanAbsoluteError, orderByValue, type CalibrationBin } from "./metrics";
import { rowFigures } from "./predict";
import { collapseColumns, DAY_MS, groupOrders, summaryColumns, unitDays, type OrderGroups, type TimeUnit, type Transaction } from "./summary";

export interface BacktestOptions {
  /** Model time unit. Default "days". */
  unit?: TimeUnit;
  /** Hold-out length in days. Default 90. */
  horizonDays?: number;
  fit?: FitOptions;
}

export type BacktestResult =
  | { status: "skipped"; reason: string; cutoff: Date; horizonDays: number }
  | { status: "not_converged"; cutoff: Date; horizonDays: number; fit: BgNbdFit }
  | {
      status: "ok";
      cutoff: Date;
      horizonDays: number;
      /** Customers with a purchase on or before the cutoff (the ones scored). */
      customers: number;
      fit: BgNbdFit;
      /** Share of those customers with no purchase in the hold-out (the event churn risk predicts). */
      observedNoPurchaseRate: number;
      meanPredictedRisk: number;
      /** AUC of churn risk against "no purchase in the hold-out"; null if everyone (or no one) bought. */
      auc: number | null;
      brier: number;
      /** Brier of the isotonic-calibrated risk, out of fold (2-fold cross-fit by position in id order). */
      calibratedBrier: number | null;
      /** Decile table of the raw churn risk. */
      deciles: CalibrationBin[];
      /** Mean |expected purchases − actual purchase days| over the hold-out. */
      purchasesMae: number;
      /** Isotonic calibrator fitted on all customers, present only when it lowered the out-of-fold Brier. */
      calibrator: IsotonicCalibrator | null;
    };

/**
 * Runs the backtest purely on `transactions` (amounts in minor units):
 * 1. cutoff = asOf − horizonDays; summary of orders at or before the cutoff (in `unit`);
 * 2. BG/NBD fit on it;
 * 3. per customer: churn risk = probNoPurchase(H = horizon in `unit`), expected purchases over H;
 * 4. observed: purchase days (distinct UTC days) with cutoff < at ≤ asOf;
 * 5. AUC, Brier, decile table, MAE of purchases; an isotonic calibrator is returned only if its
 *    out-of-fold Brier (fit on even positions, scored on odd, and vice versa) beats the raw Brier —
 *    an in-sample isotonic fit always "improves" Brier, so that comparison would mean nothing.
 * Never throws for data problems: too little data gives status "skipped", a failed fit "not_converged".
 * Throws RangeError for an invalid asOf or horizon.
 */
export function backtest(transactions: readonly Transaction[], asOf: Date, options: BacktestOptions = {}): BacktestResult {
  const unit = options.unit ?? "days";
  const horizonDays = options.horizonDays ?? 90;
  if (!(horizonDays > 0)) throw new RangeError(`backtest: horizonDays must be > 0, got ${horizonDays}`);
  const asOfMs = asOf.getTime();
  if (!Number.isFinite(asOfMs)) throw new RangeError("backtest: asOf must be a valid Date");
  return backtestGroups(groupOrders(transactions, asOfMs), asOfMs, unit, horizonDays, options.fit ?? {});
}

/**
 * {@link backtest} on orders already grouped at `asOfMs` (see {@link groupOrders}), so a caller that
 * has grouped them for its own summary does not group them again: the cutoff summary is each
 * customer's prefix of orders and the hold-out its suffix. `fit` may carry a warm start (`initial`).
 */
export function backtestGroups(groups: OrderGroups, asOfMs: number, unit: TimeUnit, horizonDays: number, fit: FitOptions, arena: Arena = HEAP): BacktestResult {
  const cutoff = new Date(asOfMs - horizonDays * DAY_MS);
  const cutMs = cutoff.getTime();
  const before = summaryColumns(groups, cutMs, unit, arena);
  if (before.count === 0) return { status: "skipped", reason: "no customer had purchased by the cutoff", cutoff, horizonDays };
  const { rows, rowOf } = collapseColumns(before, arena);
  const result = fitBgNbd(rows, fit);
  if (!result.converged) return { status: "not_converged", cutoff, horizonDays, fit: result };

  const H = horizonDays / unitDays(unit);
  const figures = rowFigures(result.params, rows, { churnHorizon: H, nextPurchaseHorizon: null, expectedHorizon: H, clv: null }, arena);
  const m = before.count;
  const customerRow = arena.i32(m);
  const risk = arena.f64(m),
    none = arena.f64(m),
    expected = arena.f64(m),
    actual = arena.f64(m);
  const { start, day } = groups;
  for (let k = 0, i = 0; k < before.orders.length; k++) {
    if (before.orders[k] === 0) continue;
    // Hold-out purchase days: distinct UTC days among the orders after the cutoff (time-sorted).
    let n = 0;
    for (let j = before.end[k]!; j < start[k + 1]!; j++) if (j === before.end[k] || day[j] !== day[j - 1]) n++;
    customerRow[i] = rowOf[k]!;
    risk[i] = figures.churn[rowOf[k]!]!;
    expected[i] = figures.expected[rowOf[k]!]!;
    none[i] = n === 0 ? 1 : 0;
    actual[i] = n;
    i++;
  }
  // One ordering of the customers by (risk, position) serves the AUC, the decile table and every
  // isotonic fit. Risk is a function of the row, so it is a counting sort by the rank of the row's risk.
  const rowOrder = orderByValue(figures.churn, arena);
  const rowRank = arena.i32(rows.length);
  let ranks = 0;
  for (let j = 0; j < rowOrder.length; j++) {
    if (j > 0 && figures.churn[rowOrder[j]!] !== figures.churn[rowOrder[j - 1]!]) ranks++;
    rowRank[rowOrder[j]!] = ranks;
  }
  const slot = arena.i32(ranks + 2);
  for (let i = 0; i < m; i++) slot[rowRank[customerRow[i]!]! + 1]!++;
  for (let r = 0; r <= ranks; r++) slot[r + 1]! += slot[r]!;
  const order = arena.u32(m);
  for (let i = 0; i < m; i++) order[slot[rowRank[customerRow[i]!]!]!++] = i;

  const raw = brier(risk, none)!;
  let calibratedBrier: number | null = null;
  let calibrator: IsotonicCalibrator | null = null;
  if (m >= 4) {
    const oof = arena.f64(m);
    for (let f = 0; f < 2; f++) {
      // Fit on positions ≡ f (mod 2), score the others; the fold keeps the global order.
      const size = Math.ceil((m - f) / 2);
      const trainRisk = arena.f64(size),
        trainNone = arena.f64(size),
        trainOrder = arena.u32(size);
      for (let i = f, j = 0; i < m; i += 2, j++) {
        trainRisk[j] = risk[i]!;
        trainNone[j] = none[i]!;
      }
      for (let j = 0, t = 0; j < m; j++) if (order[j]! % 2 === f) trainOrder[t++] = (order[j]! - f) / 2;
      const cal = fitIsotonicOrdered(trainRisk, trainNone, undefined, trainOrder);
      for (let i = 1 - f; i < m; i += 2) oof[i] = applyIsotonic(cal, risk[i]!);
    }
    calibratedBrier = brier(oof, none);
    if (calibratedBrier !== null && calibratedBrier < raw) calibrator = fitIsotonicOrdered(risk, none, undefined, order);
  }
  let noneSum = 0,
    riskSum = 0;
  for (let i = 0; i < m; i++) {
    noneSum += none[i]!;
    riskSum += risk[i]!;
  }
  return {
    status: "ok",
    cutoff,
    horizonDays,
    customers: m,
    fit: result,
    observedNoPurchaseRate: noneSum / m,
    meanPredictedRisk: riskSum / m,
    auc: aucOrdered(risk, none, order),
    brier: raw,
    calibratedBrier,
    deciles: calibrationTableOrdered(risk, none, 10, order),
    purchasesMae: meanAbsoluteError(expected, actual)!,
    calibrator,
  };
}
