/**
 * Backtest of the churn-risk score: refit as of (asOf − horizon), predict, and compare with what
 * customers actually did in (asOf − horizon, asOf].
 */
import { expectedPurchases, fitBgNbd, probNoPurchase, type BgNbdFit, type FitOptions } from "./bgnbd";
import { applyIsotonic, fitIsotonic, type IsotonicCalibrator } from "./calibration";
import { auc, brier, calibrationTable, meanAbsoluteError, type CalibrationBin } from "./metrics";
import { collapse, DAY_MS, summarize, unitDays, utcDay, type TimeUnit, type Transaction } from "./summary";

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
  const cutoff = new Date(asOfMs - horizonDays * DAY_MS);
  const before = summarize(transactions, cutoff, unit);
  if (before.customers.length === 0) return { status: "skipped", reason: "no customer had purchased by the cutoff", cutoff, horizonDays };
  const fit = fitBgNbd(collapse(before.customers), options.fit);
  if (!fit.converged) return { status: "not_converged", cutoff, horizonDays, fit };

  const holdoutDays = new Map<string, Set<number>>();
  const cutMs = cutoff.getTime();
  for (const t of transactions) {
    const ms = t.at instanceof Date ? t.at.getTime() : NaN;
    if (!(ms > cutMs && ms <= asOfMs) || !Number.isFinite(t.amount)) continue;
    let s = holdoutDays.get(t.customerId);
    if (!s) holdoutDays.set(t.customerId, (s = new Set()));
    s.add(utcDay(t.at));
  }
  const H = horizonDays / unitDays(unit);
  const risk: number[] = [], none: number[] = [], expected: number[] = [], actual: number[] = [];
  for (const c of before.customers) {
    const n = holdoutDays.get(c.customerId)?.size ?? 0;
    risk.push(probNoPurchase(fit.params, H, c.x, c.t_x, c.T));
    expected.push(expectedPurchases(fit.params, H, c.x, c.t_x, c.T));
    none.push(n === 0 ? 1 : 0);
    actual.push(n);
  }
  const raw = brier(risk, none)!;
  let calibratedBrier: number | null = null;
  let calibrator: IsotonicCalibrator | null = null;
  if (risk.length >= 4) {
    const folds = [0, 1].map((f) => risk.map((_, i) => i).filter((i) => i % 2 === f));
    const oof = new Array<number>(risk.length);
    for (let f = 0; f < 2; f++) {
      const train = folds[f], test = folds[1 - f];
      const cal = fitIsotonic(train.map((i) => risk[i]), train.map((i) => none[i]));
      for (const i of test) oof[i] = applyIsotonic(cal, risk[i]);
    }
    calibratedBrier = brier(oof, none);
    if (calibratedBrier !== null && calibratedBrier < raw) calibrator = fitIsotonic(risk, none);
  }
  return {
    status: "ok",
    cutoff,
    horizonDays,
    customers: risk.length,
    fit,
    observedNoPurchaseRate: none.reduce((s, v) => s + v, 0) / none.length,
    meanPredictedRisk: risk.reduce((s, v) => s + v, 0) / risk.length,
    auc: auc(risk, none),
    brier: raw,
    calibratedBrier,
    deciles: calibrationTable(risk, none, 10),
    purchasesMae: meanAbsoluteError(expected, actual)!,
    calibrator,
  };
}
