/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real arguments.
 *
 * Series: 2F1 = Σ_k (a)_k (b)_k / ((c)_k k!) z^k, which converges for |z| < 1 (and nowhere
 * else, unless it terminates). To cover every real z < 1 with a non-alternating series we use
 * the Pfaff transformation (Abramowitz & Stegun 15.3.4; DLMF 15.8.1)
 *
 *     2F1(a, b; c; z) = (1 − z)^(−a) · 2F1(a, c − b; c; z / (z − 1)),
 *
 * which maps any z < 0 to w = z / (z − 1) in (0, 1). So the series is only ever summed on [0, 1),
 * where all terms have one sign once k is large, and there is no cancellation from alternation.
 * Near z = 1 the terms decay like z^k, so convergence slows; callers with z close to 1 should
 * first apply the Euler transformation 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) when it
 * makes the parameters smaller (the BG/NBD code does).
 */

export interface Hyp2f1Options {
  /** Stop when a term is below `tolerance` × |partial sum|. Default 1e-15. */
  tolerance?: number;
  /** Give up (RangeError) after this many terms. Default 1,000,000. */
  maxTerms?: number;
}

/**
 * 2F1(a, b; c; z) for real a, b, c and real z < 1.
 *
 * Throws RangeError when z ≥ 1 or is not finite (outside the series' reach: the function is
 * singular or complex-valued there), when c is 0 or a negative integer (undefined), when the
 * series does not reach `tolerance` within `maxTerms` terms, or when a term overflows.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError("hyp2f1: arguments must be finite");
  if (z >= 1) throw new RangeError(`hyp2f1: z must be < 1 (series domain |z| < 1, Pfaff for z < 0), got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c must not be 0 or a negative integer, got ${c}`);
  if (z < 0) {
    const w = z / (z - 1);
    return (1 - z) ** -a * series(a, c - b, c, w, options);
  }
  return series(a, b, c, z, options);
}

function series(a: number, b: number, c: number, z: number, options: Hyp2f1Options): number {
  const tol = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 1_000_000;
  let term = 1;
  let sum = 1;
  for (let k = 0; k < maxTerms; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    if (term === 0) return sum; // terminating series (a or b a non-positive integer) or z = 0
    sum += term;
    if (!Number.isFinite(sum)) throw new RangeError("hyp2f1: series overflowed");
    // Once k is past the parameters the term ratio is < 1 and decreasing towards z, so a small
    // term means a small remainder: the tail is bounded by term · z' / (1 − z') with z' the ratio.
    if (k > Math.abs(a) + Math.abs(b) + Math.abs(c)) {
      const ratio = Math.abs((((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2))) * z);
      if (ratio < 1 && Math.abs(term) * (1 / (1 - ratio)) <= tol * Math.abs(sum)) return sum;
    }
  }
  throw new RangeError(`hyp2f1: series did not converge in ${maxTerms} terms (z = ${z} too close to 1)`);
}
