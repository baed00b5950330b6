/**
 * Scoring metrics for a binary outcome: AUC, Brier score, calibration table.
 * Labels are 0/1 (1 = the event, e.g. "made no purchase in the horizon" for churn risk).
 */

function checkLengths(pred: readonly number[], obs: readonly number[]): void {
  if (pred.length !== obs.length) throw new RangeError(`predictions (${pred.length}) and outcomes (${obs.length}) differ in length`);
}

/**
 * Area under the ROC curve by the rank (Mann-Whitney) formula: AUC = (R₁ − n₁(n₁+1)/2) / (n₁ n₀),
 * R₁ the rank sum of the positives, tied scores sharing their average rank (so a tie counts ½).
 * Returns null when there are no positives or no negatives (AUC undefined). Throws RangeError when
 * the lengths differ.
 */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  checkLengths(scores, labels);
  const order = scores.map((_, i) => i).sort((i, j) => scores[i] - scores[j]);
  let rankSumPos = 0, nPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]] === 1) {
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
export function brier(pred: readonly number[], obs: readonly number[]): number | null {
  checkLengths(pred, obs);
  if (pred.length === 0) return null;
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i] - obs[i]) ** 2;
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
export function calibrationTable(pred: readonly number[], obs: readonly number[], bins = 10): CalibrationBin[] {
  checkLengths(pred, obs);
  const order = pred.map((_, i) => i).sort((i, j) => pred[i] - pred[j] || i - j);
  const out: CalibrationBin[] = [];
  for (let k = 1; k <= bins; k++) {
    const lo = Math.floor(((k - 1) * order.length) / bins);
    const hi = Math.floor((k * order.length) / bins);
    if (hi <= lo) continue;
    let sp = 0, so = 0;
    for (let i = lo; i < hi; i++) {
      sp += pred[order[i]];
      so += obs[order[i]];
    }
    out.push({ bin: k, count: hi - lo, meanPredicted: sp / (hi - lo), observedRate: so / (hi - lo), minPredicted: pred[order[lo]], maxPredicted: pred[order[hi - 1]] });
  }
  return out;
}

/** Mean absolute error. Null for no observations. */
export function meanAbsoluteError(pred: readonly number[], obs: readonly number[]): number | null {
  checkLengths(pred, obs);
  if (pred.length === 0) return null;
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += Math.abs(pred[i] - obs[i]);
  return s / pred.length;
}
