/**
 * Probability calibration for the triage models, and how to measure it.
 *
 * - Temperature scaling (Guo, Pleiss, Sun & Weinberger 2017, "On Calibration of Modern Neural
 *   Networks", ICML, §4.2): one scalar T > 0 divides the logits before the softmax; it never
 *   changes which class wins, only how sure the model says it is. T is fitted on held-out rows by
 *   minimising their negative log-likelihood.
 * - Expected calibration error and the reliability table (same paper, §2): confidences binned in
 *   ten equal-width bins (0-0.1, ..., 0.9-1.0); ECE is the row-weighted mean |accuracy - confidence|.
 */
import { softmaxInPlace } from "./softmax";

/** One held-out prediction: the model's logits and the true class index. */
export interface HeldOutLogits {
  logits: Float64Array;
  label: number;
  weight?: number;
}

/** Weighted mean negative log-likelihood of the rows at temperature `t`. */
export function negativeLogLikelihood(rows: readonly HeldOutLogits[], t: number): number {
  let total = 0;
  let weights = 0;
  for (const r of rows) {
    const p = softmaxInPlace(r.logits.map((z) => z / t));
    const w = r.weight ?? 1;
    total -= w * Math.log(Math.max(p[r.label]!, 1e-12));
    weights += w;
  }
  return weights === 0 ? 0 : total / weights;
}

/**
 * The temperature in [0.05, 20] that minimises the held-out NLL (golden-section search on ln T;
 * the NLL is unimodal in T for a fixed set of logits). Returns 1 for no rows.
 */
export function fitTemperature(rows: readonly HeldOutLogits[]): number {
  if (rows.length === 0) return 1;
  const f = (lnT: number) => negativeLogLikelihood(rows, Math.exp(lnT));
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 60 && hi - lo > 1e-4; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = f(b);
    }
  }
  return Math.round(Math.exp((lo + hi) / 2) * 1000) / 1000;
}

/** One bin of a reliability table. */
export interface ReliabilityBin {
  /** Lower and upper confidence bounds of the bin, e.g. 0.4 and 0.5. */
  from: number;
  to: number;
  n: number;
  /** Mean confidence and accuracy of the rows in the bin (0 when empty). */
  confidence: number;
  accuracy: number;
}

/**
 * Reliability table (ten equal-width bins) and expected calibration error of
 * (confidence, correct) pairs. Confidence 1.0 falls in the top bin.
 */
export function reliability(pairs: readonly { confidence: number; correct: boolean }[]): { ece: number; bins: ReliabilityBin[] } {
  const bins: ReliabilityBin[] = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, n: 0, confidence: 0, accuracy: 0 }));
  for (const p of pairs) {
    const bin = bins[Math.min(9, Math.max(0, Math.floor(p.confidence * 10)))]!;
    bin.n++;
    bin.confidence += p.confidence;
    bin.accuracy += p.correct ? 1 : 0;
  }
  let ece = 0;
  for (const bin of bins) {
    if (bin.n === 0) continue;
    bin.confidence /= bin.n;
    bin.accuracy /= bin.n;
    ece += (bin.n / pairs.length) * Math.abs(bin.accuracy - bin.confidence);
  }
  return { ece, bins };
}
