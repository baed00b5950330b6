/**
 * Scoring metrics for a binary outcome: AUC, Brier score, calibration table.
 * Labels are 0/1 (1 = the event, e.g. "made no purchase in the horizon" for churn risk).
 */

import { HEAP, type Arena } from "./arena";

type Values = ArrayLike<number>;

function checkLengths(pred: Values, obs: Values): void {
  if (pred.length !== obs.length) throw new RangeError(`predictions (${pred.length}) and outcomes (${obs.length}) differ in length`);
}

/**
 * Positions 0..n−1 ordered by value, ties by position: the order of
 * `indices.sort((i, j) => v[i] − v[j] || i − j)`, computed with two typed-array sorts instead of a
 * comparator sort (a million-element comparator sort costs about a second). Each position is packed
 * with its value's rank into one exact double, rank·n + i. Falls back to the comparator sort when
 * a value is NaN or the packed key would not be exact.
 */
export function orderByValue(values: Values, arena: Arena = HEAP): Uint32Array {
  const n = values.length;
  const distinct = arena.f64(n);
  for (let i = 0; i < n; i++) distinct[i] = values[i]!;
  distinct.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (m === 0 || distinct[i] !== distinct[m - 1]) distinct[m++] = distinct[i]!;
  const out = arena.u32(n);
  if ((n > 0 && Number.isNaN(distinct[m - 1])) || m * n > Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out.sort((i, j) => values[i]! - values[j]! || i - j);
  }
  const keys = arena.f64(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0,
      hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    keys[i] = lo * n + i;
  }
  keys.sort();
  for (let j = 0; j < n; j++) out[j] = keys[j]! % n;
  return out;
}

/**
 * Area under the ROC curve by the rank (Mann-Whitney) formula: AUC = (R₁ − n₁(n₁+1)/2) / (n₁ n₀),
 * R₁ the rank sum of the positives, tied scores sharing their average rank (so a tie counts ½).
 * Returns null when there are no positives or no negatives (AUC undefined). Throws RangeError when
 * the lengths differ.
 */
export function auc(scores: Values, labels: Values): number | null {
  checkLengths(scores, labels);
  return aucOrdered(scores, labels, orderByValue(scores));
}

/** {@link auc} given `order` = positions sorted by score (e.g. from {@link orderByValue}). */
export function aucOrdered(scores: Values, labels: Values, order: Uint32Array): number | null {
  let rankSumPos = 0,
    nPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (labels[order[k]!] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    i = j + 1;
  }
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Brier score: mean of (p − y)². Null for no observations. Throws RangeError when lengths differ. */
export function brier(pred: Values, obs: Values): number | null {
  checkLengths(pred, obs);
  if (pred.length === 0) return null;
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i]! - obs[i]!) ** 2;
  return s / pred.length;
}

export interface CalibrationBin {
  /** 1-based bin number, low predictions first. */
  bin: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

/**
 * Calibration table by equal-count bins of the prediction (deciles by default): sort by prediction
 * (ties by input position, so the split is deterministic), bin k holds positions ⌊(k−1)n/B⌋ up to
 * ⌊kn/B⌋ − 1. Equal predictions can straddle a bin edge. Empty bins (n < B) are omitted.
 */
export function calibrationTable(pred: Values, obs: Values, bins = 10): CalibrationBin[] {
  checkLengths(pred, obs);
  return calibrationTableOrdered(pred, obs, bins, orderByValue(pred));
}

/** {@link calibrationTable} given `order` = positions sorted by prediction, ties by position. */
export function calibrationTableOrdered(pred: Values, obs: Values, bins: number, order: Uint32Array): CalibrationBin[] {
  const out: CalibrationBin[] = [];
  for (let k = 1; k <= bins; k++) {
    const lo = Math.floor(((k - 1) * order.length) / bins);
    const hi = Math.floor((k * order.length) / bins);
    if (hi <= lo) continue;
    let sp = 0,
      so = 0;
    for (let i = lo; i < hi; i++) {
      sp += pred[order[i]!]!;
      so += obs[order[i]!]!;
    }
    out.push({
      bin: k,
      count: hi - lo,
      meanPredicted: sp / (hi - lo),
      observedRate: so / (hi - lo),
      minPredicted: pred[order[lo]!]!,
      maxPredicted: pred[order[hi - 1]!]!,
    });
  }
  return out;
}

/** Mean absolute error. Null for no observations. */
export function meanAbsoluteError(pred: Values, obs: Values): number | null {
  checkLengths(pred, obs);
  if (pred.length === 0) return null;
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += Math.abs(pred[i]! - obs[i]!);
  return s / pred.length;
}
