/**
 * BG/NBD ("beta-geometric / negative binomial distribution") purchase model.
 *
 * Source: P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "Counting Your Customers the Easy Way:
 * An Alternative to the Pareto/NBD Model", Marketing Science 24(2):275-284, and B. Hardie's
 * implementation notes ("Implementing the BG/NBD Model…", note 027 test vectors).
 *
 * While alive a customer buys as a Poisson process with rate λ ~ Gamma(shape r, rate α); after each
 * purchase they drop out with probability p ~ Beta(a, b). A customer is summarised by
 * x (repeat purchases), t_x (time of the last purchase) and T (age), all in one time unit; α and
 * every time argument below are in that same unit (days or weeks).
 */
import { hyp2f1 } from "./hyp2f1";
import { minimizeBfgs, type MinimizeOptions } from "./optimize";
import { digamma, lnGamma, logAddExp } from "./special";
import { rowColumns, rowObjects, type CollapsedRow, type RowSet } from "./summary";

export interface BgNbdParams {
  r: number;
  /** Gamma rate of the purchase-rate heterogeneity, in the model's time unit. */
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Total weighted log-likelihood at `params`. */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  /** ∞-norm of the gradient of the mean negative log-likelihood w.r.t. the log-parameters. */
  gradientNorm: number;
  message: string;
}

function checkRow(x: number, t_x: number, T: number): void {
  if (!(Number.isInteger(x) && x >= 0 && t_x >= 0 && T >= t_x && Number.isFinite(T)) || (x === 0 && t_x !== 0)) {
    throw new RangeError(`BG/NBD: invalid summary row x=${x}, t_x=${t_x}, T=${T} (need integer x ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0)`);
  }
}

/**
 * Log-likelihood of one customer, ln L(r, α, a, b | x, t_x, T) (FHL 2005 eq. 6).
 *
 * ln L = A1 + A2 + ln(e^A3 + δ(x>0) e^A4) with
 *   A1 = lnΓ(r+x) − lnΓ(r) + r ln α,  A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 *   A3 = −(r+x) ln(α+T),              A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 * The δ keeps the b+x−1 term away when x = 0 (where b − 1 may be ≤ 0).
 * Throws RangeError for an invalid row (see {@link fitBgNbd}).
 */
export function bgnbdRowLogLikelihood(params: BgNbdParams, x: number, t_x: number, T: number): number {
  checkRow(x, t_x, T);
  const { r, alpha, a, b } = params;
  const A1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const A2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  const A3 = -(r + x) * Math.log(alpha + T);
  const A4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + t_x) : -Infinity;
  return A1 + A2 + logAddExp(A3, A4);
}

/** Total weighted log-likelihood over summary rows (weight defaults to 1). */
export function bgnbdLogLikelihood(params: BgNbdParams, rows: ReadonlyArray<{ x: number; t_x: number; T: number; weight?: number }>): number {
  let ll = 0;
  for (const row of rows) ll += (row.weight ?? 1) * bgnbdRowLogLikelihood(params, row.x, row.t_x, row.T);
  return ll;
}

/**
 * Total weighted log-likelihood and its analytic gradient with respect to θ = (ln r, ln α, ln a, ln b).
 *
 * With w3 = e^(A3 − ℓ), w4 = e^(A4 − ℓ) (ℓ = ln(e^A3 + e^A4)), ψ the digamma function:
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − w3 ln(α+T) − w4 ln(α+t_x)
 *   ∂/∂α = r/α − (r+x)(w3/(α+T) + w4/(α+t_x))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + w4/a
 *   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w4/(b+x−1)
 * and ∂/∂ln θ = θ ∂/∂θ. Rows must be sorted by x (as {@link collapse} returns them) so that the
 * gamma/digamma terms, which depend only on x, are computed once per distinct x.
 */
export function bgnbdLogLikelihoodAndGradient(params: BgNbdParams, rows: readonly CollapsedRow[]): { value: number; gradient: number[] } {
  return logLikelihoodAndGradient(params, prepareRows(rowColumns(rows)));
}

/** Rows with their distinct T and t_x values tabulated, so ln(α+T) and ln(α+t_x) are taken once per value. */
interface PreparedRows {
  rows: RowSet;
  tValues: Float64Array;
  tIndex: Int32Array;
  txValues: Float64Array;
  txIndex: Int32Array;
  /** Scratch: ln(α+v) and 1/(α+v) per distinct value. */
  lnT: Float64Array;
  invT: Float64Array;
  lnTx: Float64Array;
  invTx: Float64Array;
}

function tabulate(values: Float64Array): { distinct: Float64Array; index: Int32Array } {
  const at = new Map<number, number>();
  const distinct: number[] = [];
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let j = at.get(values[i]!);
    if (j === undefined) {
      j = distinct.length;
      at.set(values[i]!, j);
      distinct.push(values[i]!);
    }
    index[i] = j;
  }
  return { distinct: Float64Array.from(distinct), index };
}

function prepareRows(rows: RowSet): PreparedRows {
  const t = tabulate(rows.T),
    tx = tabulate(rows.t_x);
  return {
    rows,
    tValues: t.distinct,
    tIndex: t.index,
    txValues: tx.distinct,
    txIndex: tx.index,
    lnT: new Float64Array(t.distinct.length),
    invT: new Float64Array(t.distinct.length),
    lnTx: new Float64Array(tx.distinct.length),
    invTx: new Float64Array(tx.distinct.length),
  };
}

/**
 * The likelihood sum of {@link bgnbdLogLikelihoodAndGradient} on prepared rows. Per row it needs one
 * exp and one log1p: with d = A4 − A3, ℓ = max(A3, A4) + log1p(e^−|d|) and w3, w4 are the logistic
 * weights 1/(1+e^±d), which is ln(e^A3 + e^A4) and e^(A − ℓ) without the four exps of the direct form.
 */
function logLikelihoodAndGradient(params: BgNbdParams, prep: PreparedRows): { value: number; gradient: number[] } {
  const { r, alpha, a, b } = params;
  const { rows, tValues, tIndex, txValues, txIndex, lnT, invT, lnTx, invTx } = prep;
  for (let j = 0; j < tValues.length; j++) {
    lnT[j] = Math.log(alpha + tValues[j]!);
    invT[j] = 1 / (alpha + tValues[j]!);
  }
  for (let j = 0; j < txValues.length; j++) {
    lnTx[j] = Math.log(alpha + txValues[j]!);
    invTx[j] = 1 / (alpha + txValues[j]!);
  }
  const lnAlpha = Math.log(alpha),
    lnA = Math.log(a);
  const lgR = lnGamma(r),
    lgAB = lnGamma(a + b),
    lgB = lnGamma(b);
  const psiR = digamma(r),
    psiAB = digamma(a + b),
    psiB = digamma(b);
  const X = rows.x,
    W = rows.weight;
  let value = 0,
    gr = 0,
    gAlpha = 0,
    ga = 0,
    gb = 0;
  let i = 0;
  while (i < rows.length) {
    const x = X[i]!;
    const base = lnGamma(r + x) - lgR + r * lnAlpha + lgAB + lnGamma(b + x) - lgB - lnGamma(a + b + x);
    const dRbase = digamma(r + x) - psiR + lnAlpha;
    const dAbase = psiAB - digamma(a + b + x);
    const dBbase = psiAB + digamma(b + x) - psiB - digamma(a + b + x);
    const rx = r + x;
    let wSum = 0,
      sR = 0,
      sAlpha = 0,
      sW4 = 0,
      sTail = 0;
    if (x === 0) {
      for (; i < rows.length && X[i] === 0; i++) {
        const w = W[i]!,
          ti = tIndex[i]!;
        wSum += w;
        sTail += w * -rx * lnT[ti]!;
        sR += w * lnT[ti]!;
        sAlpha += w * invT[ti]!;
      }
    } else {
      const c4 = lnA - Math.log(b + x - 1);
      for (; i < rows.length && X[i] === x; i++) {
        const w = W[i]!,
          ti = tIndex[i]!,
          tj = txIndex[i]!;
        const A3 = -rx * lnT[ti]!;
        const A4 = c4 - rx * lnTx[tj]!;
        const d = A4 - A3;
        let ll: number, w3: number, w4: number;
        if (d > 0) {
          const e = Math.exp(-d);
          ll = A4 + Math.log1p(e);
          w4 = 1 / (1 + e);
          w3 = e * w4;
        } else {
          const e = Math.exp(d);
          ll = A3 + Math.log1p(e);
          w3 = 1 / (1 + e);
          w4 = e * w3;
        }
        wSum += w;
        sTail += w * ll;
        sR += w * (w3 * lnT[ti]! + w4 * lnTx[tj]!);
        sAlpha += w * (w3 * invT[ti]! + w4 * invTx[tj]!);
        sW4 += w * w4;
      }
    }
    value += wSum * base + sTail;
    gr += wSum * dRbase - sR;
    gAlpha += (wSum * r) / alpha - rx * sAlpha;
    ga += wSum * dAbase + sW4 / a;
    gb += wSum * dBbase - (x > 0 ? sW4 / (b + x - 1) : 0);
  }
  return { value, gradient: [r * gr, alpha * gAlpha, a * ga, b * gb] };
}

export interface FitOptions extends MinimizeOptions {
  /** Starting point; default r = 1, α = weighted mean T (1 if 0), a = 1, b = 1. */
  initial?: BgNbdParams;
}

function isRowSet(rows: readonly CollapsedRow[] | RowSet): rows is RowSet {
  return (rows as RowSet).weight instanceof Float64Array;
}

/**
 * Maximum-likelihood fit of (r, α, a, b) on weighted summary rows (use {@link collapse}, or
 * {@link collapseColumns} for the column form).
 *
 * Optimises the mean negative log-likelihood over θ = ln(params) (keeps every parameter positive
 * without constraints) by BFGS with analytic gradients. Returns, never throws, on non-convergence:
 * `converged` is false and `message` says why — including the unidentifiable cases of no rows,
 * no customer with T > 0, or no repeat purchase at all. Throws RangeError for an invalid row.
 * `gradientNorm` refers to the mean (per-customer) objective, so the tolerance does not scale with N.
 * A trial step whose parameters under- or overflow (e^θ = 0 or ∞) counts as an infinite objective,
 * so the line search backs off.
 */
export function fitBgNbd(rows: readonly CollapsedRow[] | RowSet, options: FitOptions = {}): BgNbdFit {
  return fitBgNbdWithCurvature(rows, options).fit;
}

/**
 * {@link fitBgNbd}, also returning BFGS's final inverse-Hessian approximation (of the mean objective
 * in log-parameters), so a related fit — the backtest's, on the same customers 90 days earlier — can
 * start from this fit's parameters and curvature (options `initial`, `initialInverseHessian`).
 */
export function fitBgNbdWithCurvature(rows: readonly CollapsedRow[] | RowSet, options: FitOptions = {}): { fit: BgNbdFit; inverseHessian: number[][] | null } {
  let cols: RowSet;
  if (isRowSet(rows)) {
    let sorted = true;
    for (let i = 0; i < rows.length; i++) {
      checkRow(rows.x[i]!, rows.t_x[i]!, rows.T[i]!);
      if (i > 0 && (rows.x[i - 1]! - rows.x[i]! || rows.t_x[i - 1]! - rows.t_x[i]! || rows.T[i - 1]! - rows.T[i]!) > 0) sorted = false;
    }
    cols = sorted ? rows : rowColumns(rowObjects(rows).sort((p, q) => p.x - q.x || p.t_x - q.t_x || p.T - q.T));
  } else {
    for (const row of rows) checkRow(row.x, row.t_x, row.T);
    cols = rowColumns(rows.slice().sort((p, q) => p.x - q.x || p.t_x - q.t_x || p.T - q.T));
  }
  let W = 0,
    sumT = 0,
    repeats = 0,
    aged = 0;
  for (let i = 0; i < cols.length; i++) {
    const w = cols.weight[i]!;
    W += w;
    sumT += w * cols.T[i]!;
    repeats += w * cols.x[i]!;
    if (cols.T[i]! > 0) aged += w;
  }
  const start = options.initial ?? { r: 1, alpha: sumT > 0 ? sumT / W : 1, a: 1, b: 1 };
  const notIdentifiable = (message: string) => ({
    fit: { params: start, logLikelihood: NaN, converged: false, iterations: 0, gradientNorm: NaN, message },
    inverseHessian: null,
  });
  if (!(W > 0)) return notIdentifiable("no customers to fit");
  if (aged === 0) return notIdentifiable("no customer has T > 0: the model is not identifiable");
  if (repeats === 0) return notIdentifiable("no repeat purchases: the model is not identifiable");

  const prep = prepareRows(cols);
  const toParams = (th: number[]): BgNbdParams => ({ r: Math.exp(th[0]!), alpha: Math.exp(th[1]!), a: Math.exp(th[2]!), b: Math.exp(th[3]!) });
  const result = minimizeBfgs(
    (th) => {
      const p = toParams(th);
      if (![p.r, p.alpha, p.a, p.b].every((v) => v > 0 && Number.isFinite(v))) return { value: Infinity, gradient: [NaN, NaN, NaN, NaN] };
      const { value, gradient } = logLikelihoodAndGradient(p, prep);
      return { value: -value / W, gradient: gradient.map((g) => -g / W) };
    },
    [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)],
    options,
  );
  return {
    fit: {
      params: toParams(result.x),
      logLikelihood: -result.value * W,
      converged: result.converged,
      iterations: result.iterations,
      gradientNorm: result.gradientNorm,
      message: result.message,
    },
    inverseHessian: result.inverseHessian,
  };
}

/**
 * P(alive | x, t_x, T) (FHL 2005 eq. 12) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 * Computed through its log odds so large x or T cannot overflow. x = 0 gives 1: under BG/NBD a
 * customer can only drop out right after a purchase, so one who never repeated is alive.
 */
export function pAlive(params: BgNbdParams, x: number, t_x: number, T: number): number {
  checkRow(x, t_x, T);
  if (x === 0) return 1;
  return 1 / (1 + Math.exp(deadLogOdds(params, x, t_x, T)));
}

/** ln(a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), x > 0: the log odds of "dropped out" (P(alive) = 1/(1+e^this)). */
export function deadLogOdds(params: BgNbdParams, x: number, t_x: number, T: number): number {
  const { r, alpha, a, b } = params;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + t_x));
}

/**
 * Conditional expected number of purchases in (T, T + t], E[Y(t) | x, t_x, T] (FHL 2005 eq. 10):
 *
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)] · P(alive)-like factor,
 *   z = t/(α+T+t), divided by 1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x).
 *
 * Numerics: by the Euler transformation, (1−z)^(r+x) 2F1(r+x, b+x; c; z) = (1−z)^(a−1)
 * 2F1(a+b−1−r, a−1; c; z), whose parameters do not grow with x, so the series stays short and cannot
 * overflow. For |a − 1| < 1e-4 the ratio [1 − (1−z)^(a−1) F] / (a − 1) is 0/0-prone, so it is
 * evaluated through its a → 1-stable expansion −expm1((a−1)L)/(a−1) − (1−z)^(a−1) G with
 * L = ln(1−z) and G = (F − 1)/(a − 1) summed directly.
 * `t` is in the model's time unit; t = 0 gives 0. Throws RangeError for t < 0 or an invalid row.
 */
export function expectedPurchases(params: BgNbdParams, t: number, x: number, t_x: number, T: number): number {
  checkRow(x, t_x, T);
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`expectedPurchases: t must be finite and ≥ 0, got ${t}`);
  if (t === 0) return 0;
  const numerator = expectedPurchasesNumerator(params, t, x, T);
  if (x === 0) return numerator;
  return numerator / (1 + Math.exp(deadLogOdds(params, x, t_x, T)));
}

/**
 * The numerator of {@link expectedPurchases} (t > 0): (a+b+x−1) · [1 − (1−z)^(a−1) 2F1(…; z)]/(a−1).
 * It depends on (x, T, t) but not on t_x, so callers scoring many customers can share it between
 * rows that differ only in t_x and divide by 1 + e^{@link deadLogOdds} themselves.
 */
export function expectedPurchasesNumerator(params: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = params;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const L = Math.log1p(-z);
  const eps = a - 1;
  let bracketOverEps: number;
  if (Math.abs(eps) >= 1e-4) {
    bracketOverEps = (1 - Math.exp(eps * L) * hyp2f1(a + b - 1 - r, eps, c, z)) / eps;
  } else {
    const A = a + b - 1 - r;
    let term = (A * z) / c; // k = 1 term of G = Σ_{k≥1} (A)_k (a)_{k−1} z^k / ((c)_k k!)
    let G = term;
    for (let k = 1; k < 1_000_000 && Math.abs(term) > 1e-17 * Math.abs(G); k++) {
      term *= ((A + k) * (a + k - 1) * z) / ((c + k) * (k + 1));
      G += term;
    }
    const m = eps === 0 ? -L : -Math.expm1(eps * L) / eps;
    bracketOverEps = m - Math.exp(eps * L) * G;
  }
  return c * bracketOverEps;
}

/**
 * Unconditional expected purchases of a new customer in (0, t], E[X(t)] (FHL 2005 eq. 7):
 * (a+b−1)/(a−1) · [1 − (α/(α+t))^r 2F1(r, b; a+b−1; t/(α+t))]. This is eq. 10 at x = t_x = T = 0,
 * so it shares that code and its numerics. `t` in the model's unit.
 */
export function expectedPurchasesUnconditional(params: BgNbdParams, t: number): number {
  return expectedPurchases(params, t, 0, 0, 0);
}

/**
 * Probability of no purchase in the next H units, P(X(T, T+H) = 0 | x, t_x, T)
 *   = (1 − P(alive)) + P(alive) · ((α+T)/(α+T+H))^(r+x).
 * This is the churn-risk score. `H` is in the model's unit; H = 0 gives 1 − P(alive) + P(alive) = 1.
 * Throws RangeError for H < 0 or an invalid row.
 */
export function probNoPurchase(params: BgNbdParams, H: number, x: number, t_x: number, T: number): number {
  if (!(H >= 0) || !Number.isFinite(H)) throw new RangeError(`probNoPurchase: H must be finite and ≥ 0, got ${H}`);
  const alive = pAlive(params, x, t_x, T);
  const quiet = quietProbability(params, H, x, T);
  return 1 - alive + alive * quiet;
}

/** ((α+T)/(α+T+H))^(r+x): P(no purchase in the next H units | alive, x, T). */
export function quietProbability(params: BgNbdParams, H: number, x: number, T: number): number {
  const { r, alpha } = params;
  return Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + H)));
}
