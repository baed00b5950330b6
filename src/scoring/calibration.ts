/**
 * Probability calibrators: isotonic regression (pool adjacent violators) and Platt scaling.
 * Both are plain data once fitted, so they can be stored with a run and applied later.
 */

import { orderByValue } from "./metrics";

export interface IsotonicCalibrator {
  kind: "isotonic";
  /** Knots (x ascending, y non-decreasing); apply() interpolates linearly between them. */
  x: number[];
  y: number[];
}

/**
 * Non-decreasing least-squares fit of y on x (PAVA; Barlow et al. 1972, as scikit-learn's
 * IsotonicRegression). Equal x values are pooled first (so they get one fitted value); then adjacent
 * blocks violating monotonicity are merged into their weighted mean. Each final block contributes
 * knots at its smallest and largest x. Throws RangeError on empty or mismatched input.
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): IsotonicCalibrator {
  if (x.length === 0 || x.length !== y.length) throw new RangeError("fitIsotonic: need equal, non-zero numbers of x and y");
  return fitIsotonicOrdered(x, y, weights, orderByValue(x));
}

/** {@link fitIsotonic} given `order` = positions sorted by x, ties by position. */
export function fitIsotonicOrdered(x: ArrayLike<number>, y: ArrayLike<number>, weights: ArrayLike<number> | undefined, order: Uint32Array): IsotonicCalibrator {
  const bx0: number[] = [],
    bx1: number[] = [],
    bw: number[] = [],
    bv: number[] = [];
  for (const i of order) {
    const w = weights ? weights[i]! : 1;
    const last = bw.length - 1;
    if (last >= 0 && bx1[last] === x[i]) {
      bv[last] = (bv[last]! * bw[last]! + y[i]! * w) / (bw[last]! + w);
      bw[last]! += w;
    } else {
      bx0.push(x[i]!);
      bx1.push(x[i]!);
      bw.push(w);
      bv.push(y[i]!);
    }
    // Merge backwards while the last block is below the one before it.
    while (bv.length > 1 && bv[bv.length - 2]! > bv[bv.length - 1]!) {
      const b = bv.length - 1;
      const w2 = bw[b - 1]! + bw[b]!;
      bv[b - 1] = (bv[b - 1]! * bw[b - 1]! + bv[b]! * bw[b]!) / w2;
      bw[b - 1] = w2;
      bx1[b - 1] = bx1[b]!;
      bx0.pop();
      bx1.pop();
      bw.pop();
      bv.pop();
    }
  }
  const kx: number[] = [],
    ky: number[] = [];
  for (let b = 0; b < bv.length; b++) {
    kx.push(bx0[b]!);
    ky.push(bv[b]!);
    if (bx1[b] !== bx0[b]) {
      kx.push(bx1[b]!);
      ky.push(bv[b]!);
    }
  }
  return { kind: "isotonic", x: kx, y: ky };
}

/**
 * Applies an isotonic calibrator: the fitted value on a block, linear interpolation between the last
 * knot of one block and the first of the next, and the end values outside the fitted x range (clip).
 */
export function applyIsotonic(cal: IsotonicCalibrator, value: number): number {
  const { x, y } = cal;
  if (value <= x[0]!) return y[0]!;
  if (value >= x[x.length - 1]!) return y[y.length - 1]!;
  let lo = 0,
    hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= value) lo = mid;
    else hi = mid;
  }
  if (x[hi] === x[lo]) return y[hi]!;
  return y[lo]! + ((y[hi]! - y[lo]!) * (value - x[lo]!)) / (x[hi]! - x[lo]!);
}

export interface PlattCalibrator {
  kind: "platt";
  /** P(y = 1 | s) = 1 / (1 + exp(A·s + B)), s the raw score. */
  A: number;
  B: number;
}

/**
 * Platt scaling (Platt 1999; Newton method with backtracking of Lin, Lin & Weng 2007, "A note on
 * Platt's probabilistic outputs"): fits A, B on raw scores with Platt's smoothed targets
 * t₊ = (N₊+1)/(N₊+2), t₋ = 1/(N₋+2). Labels 0/1. Throws RangeError on empty/mismatched input.
 */
export function fitPlatt(scores: readonly number[], labels: readonly number[], maxIterations = 100): PlattCalibrator {
  if (scores.length === 0 || scores.length !== labels.length) throw new RangeError("fitPlatt: need equal, non-zero numbers of scores and labels");
  const nPos = labels.filter((l) => l === 1).length;
  const nNeg = labels.length - nPos;
  const hiT = (nPos + 1) / (nPos + 2),
    loT = 1 / (nNeg + 2);
  const t = labels.map((l) => (l === 1 ? hiT : loT));
  // Objective: Σ t·fApB + log(1 + exp(−fApB)) written stably (LLW 2007, Algorithm 1).
  const objective = (A: number, B: number) => {
    let f = 0;
    for (let i = 0; i < scores.length; i++) {
      const z = scores[i]! * A + B;
      f += z >= 0 ? t[i]! * z + Math.log1p(Math.exp(-z)) : (t[i]! - 1) * z + Math.log1p(Math.exp(z));
    }
    return f;
  };
  let A = 0,
    B = Math.log((nNeg + 1) / (nPos + 1));
  let f = objective(A, B);
  const sigma = 1e-12;
  for (let it = 0; it < maxIterations; it++) {
    let h11 = sigma,
      h22 = sigma,
      h21 = 0,
      g1 = 0,
      g2 = 0;
    for (let i = 0; i < scores.length; i++) {
      const z = scores[i]! * A + B;
      const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
      const q = 1 - p;
      const d2 = p * q;
      h11 += scores[i]! * scores[i]! * d2;
      h22 += d2;
      h21 += scores[i]! * d2;
      const d1 = t[i]! - p;
      g1 += scores[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-10 && Math.abs(g2) < 1e-10) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const nf = objective(A + step * dA, B + step * dB);
      if (nf < f + 1e-4 * step * gd) {
        A += step * dA;
        B += step * dB;
        f = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return { kind: "platt", A, B };
}

/** P(y = 1 | score) under a fitted Platt calibrator. */
export function applyPlatt(cal: PlattCalibrator, score: number): number {
  const z = cal.A * score + cal.B;
  return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
}
