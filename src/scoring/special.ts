/**
 * Special functions used by the likelihoods: log-gamma, digamma and a stable log-sum-exp.
 *
 * Everything here is plain floating-point arithmetic with no I/O and no platform APIs, so it runs
 * unchanged in Node and in Cloudflare Workers.
 */

// Lanczos coefficients for g = 7, n = 9 (Numerical Recipes 3rd ed. §6.1 / Godfrey's table):
// about 15 significant digits for x > 0, which is what the published log-likelihood checks need.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.9189385332046728;

/**
 * Natural log of the gamma function, ln Γ(x), for real x > 0.
 *
 * Uses the Lanczos approximation (g = 7, 9 terms); relative error about 1e-15.
 * Throws RangeError for x ≤ 0 or non-finite x: the likelihoods only ever need positive arguments,
 * and a non-positive one means a parameter left its domain, which must not be hidden.
 */
export function lnGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`lnGamma: argument must be finite and > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the approximation in its accurate region: Γ(x)Γ(1-x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x) for real x > 0.
 *
 * Shifts x up to ≥ 6 with ψ(x) = ψ(x+1) − 1/x, then uses the asymptotic (Bernoulli) series,
 * truncated after the x^-10 term; absolute error below 1e-13. Throws RangeError for x ≤ 0.
 */
export function digamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`digamma: argument must be finite and > 0, got ${x}`);
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  result += Math.log(x) - 0.5 * inv - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result;
}

/** ln(e^a + e^b) without overflow; either argument may be −Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
