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
import type { CollapsedRow } from "./summary";

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
  const { r, alpha, a, b } = params;
  const lnAlpha = Math.log(alpha), lnA = Math.log(a);
  const lgR = lnGamma(r), lgAB = lnGamma(a + b), lgB = lnGamma(b);
  const psiR = digamma(r), psiAB = digamma(a + b), psiB = digamma(b);
  let value = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
  let i = 0;
  while (i < rows.length) {
    const x = rows[i].x;
    const base = lnGamma(r + x) - lgR + r * lnAlpha + lgAB + lnGamma(b + x) - lgB - lnGamma(a + b + x);
    const dRbase = digamma(r + x) - psiR + lnAlpha;
    const dAbase = psiAB - digamma(a + b + x);
    const dBbase = psiAB + digamma(b + x) - psiB - digamma(a + b + x);
    const lnBx1 = x > 0 ? Math.log(b + x - 1) : 0;
    let wSum = 0, sR = 0, sAlpha = 0, sW4 = 0, sTail = 0;
    for (; i < rows.length && rows[i].x === x; i++) {
      const row = rows[i];
      const w = row.weight;
      const lnAT = Math.log(alpha + row.T);
      const A3 = -(r + x) * lnAT;
      let w3 = 1, w4 = 0, ll = A3, lnAtx = 0;
      if (x > 0) {
        lnAtx = Math.log(alpha + row.t_x);
        const A4 = lnA - lnBx1 - (r + x) * lnAtx;
        ll = logAddExp(A3, A4);
        w3 = Math.exp(A3 - ll);
        w4 = Math.exp(A4 - ll);
      }
      wSum += w;
      sTail += w * ll;
      sR += w * (w3 * lnAT + w4 * lnAtx);
      sAlpha += w * (w3 / (alpha + row.T) + (x > 0 ? w4 / (alpha + row.t_x) : 0));
      sW4 += w * w4;
    }
    value += wSum * base + sTail;
    gr += wSum * dRbase - sR;
    gAlpha += (wSum * r) / alpha - (r + x) * sAlpha;
    ga += wSum * dAbase + sW4 / a;
    gb += wSum * dBbase - (x > 0 ? sW4 / (b + x - 1) : 0);
  }
  return { value, gradient: [r * gr, alpha * gAlpha, a * ga, b * gb] };
}

export interface FitOptions extends MinimizeOptions {
  /** Starting point; default r = 1, α = weighted mean T (1 if 0), a = 1, b = 1. */
  initial?: BgNbdParams;
}

/**
 * Maximum-likelihood fit of (r, α, a, b) on weighted summary rows (use {@link collapse}).
 *
 * Optimises the mean negative log-likelihood over θ = ln(params) (keeps every parameter positive
 * without constraints) by BFGS with analytic gradients. Returns, never throws, on non-convergence:
 * `converged` is false and `message` says why — including the unidentifiable cases of no rows,
 * no customer with T > 0, or no repeat purchase at all. Throws RangeError for an invalid row.
 * `gradientNorm` refers to the mean (per-customer) objective, so the tolerance does not scale with N.
 */
export function fitBgNbd(rows: readonly CollapsedRow[], options: FitOptions = {}): BgNbdFit {
  for (const row of rows) checkRow(row.x, row.t_x, row.T);
  const sorted = rows.slice().sort((p, q) => p.x - q.x || p.t_x - q.t_x || p.T - q.T);
  let W = 0, sumT = 0, repeats = 0, aged = 0;
  for (const row of sorted) {
    W += row.weight;
    sumT += row.weight * row.T;
    repeats += row.weight * row.x;
    if (row.T > 0) aged += row.weight;
  }
  const start = options.initial ?? { r: 1, alpha: sumT > 0 ? sumT / W : 1, a: 1, b: 1 };
  const notIdentifiable = (message: string): BgNbdFit => ({
    params: start, logLikelihood: NaN, converged: false, iterations: 0, gradientNorm: NaN, message,
  });
  if (!(W > 0)) return notIdentifiable("no customers to fit");
  if (aged === 0) return notIdentifiable("no customer has T > 0: the model is not identifiable");
  if (repeats === 0) return notIdentifiable("no repeat purchases: the model is not identifiable");

  const toParams = (th: number[]): BgNbdParams => ({ r: Math.exp(th[0]), alpha: Math.exp(th[1]), a: Math.exp(th[2]), b: Math.exp(th[3]) });
  const result = minimizeBfgs(
    (th) => {
      const { value, gradient } = bgnbdLogLikelihoodAndGradient(toParams(th), sorted);
      return { value: -value / W, gradient: gradient.map((g) => -g / W) };
    },
    [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)],
    options,
  );
  return {
    params: toParams(result.x),
    logLikelihood: -result.value * W,
    converged: result.converged,
    iterations: result.iterations,
    gradientNorm: result.gradientNorm,
    message: result.message,
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
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + t_x));
  return 1 / (1 + Math.exp(logOdds));
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
  const numerator = c * bracketOverEps;
  if (x === 0) return numerator;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + t_x));
  return numerator / (1 + Math.exp(logOdds));
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
  const { r, alpha } = params;
  const quiet = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + H)));
  return 1 - alive + alive * quiet;
}
