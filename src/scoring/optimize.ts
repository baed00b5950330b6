/**
 * Unconstrained minimisation by BFGS with a strong-Wolfe line search.
 *
 * Source: Nocedal & Wright, "Numerical Optimization" (2nd ed., 2006): BFGS inverse-Hessian update
 * (eq. 6.17), initial scaling H0 = (sᵀy / yᵀy) I (eq. 6.20), line search Algorithms 3.5 and 3.6
 * (zoom) with c1 = 1e-4, c2 = 0.9. Written here because the models have 3-4 parameters, analytic
 * gradients, and must run in Workers; no numerics package on npm offered a small, maintained BFGS
 * that reports non-convergence instead of throwing.
 *
 * Non-finite function values (overflow for a wild trial step) are treated as +∞, so the line
 * search backs off instead of failing. Nothing here throws for non-convergence: the result says so.
 */

export interface ValueAndGradient {
  value: number;
  gradient: number[];
}

export interface MinimizeOptions {
  /** Maximum BFGS iterations (not function evaluations). Default 200. */
  maxIterations?: number;
  /** Converged when the ∞-norm of the gradient is at most this. Default 1e-8. */
  gradientTolerance?: number;
  /**
   * When the line search can no longer decrease the objective (the decrease is below floating-point
   * resolution, which happens on large sums with ill-conditioned curvature, e.g. Gamma-Gamma's p-γ
   * ridge), the point still counts as converged if the gradient ∞-norm is at most this; the message
   * says so. Default 1e-6. Set it equal to gradientTolerance to disable.
   */
  precisionTolerance?: number;
  /**
   * Starting inverse-Hessian approximation (n×n, symmetric positive definite), e.g. the final one of
   * an earlier fit of a similar problem. Default: the identity, rescaled after the first step.
   */
  initialInverseHessian?: readonly (readonly number[])[];
}

export interface MinimizeResult {
  x: number[];
  value: number;
  gradient: number[];
  /** ∞-norm of the final gradient. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  /** The final inverse-Hessian approximation (to warm-start a related minimisation). */
  inverseHessian: number[][];
  converged: boolean;
  message: string;
}

const C1 = 1e-4;
const C2 = 0.9;

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
function infNorm(a: number[]): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Minimises `fg` (returning value and gradient) from `x0`.
 *
 * Returns the best point found with `converged` true only when the gradient ∞-norm reached
 * `gradientTolerance` (or `precisionTolerance` once no further decrease is numerically possible); otherwise `message` says why it stopped (iteration limit, failed line search,
 * non-finite start). Never throws for numerical trouble inside `fg` returning NaN/Infinity.
 */
export function minimizeBfgs(fg: (x: number[]) => ValueAndGradient, x0: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const maxIter = options.maxIterations ?? 200;
  const gtol = options.gradientTolerance ?? 1e-8;
  const ptol = Math.max(gtol, options.precisionTolerance ?? 1e-6);
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: number[]): ValueAndGradient => {
    evaluations++;
    const r = fg(x);
    if (!Number.isFinite(r.value) || !r.gradient.every(Number.isFinite)) return { value: Infinity, gradient: r.gradient };
    return r;
  };

  // Inverse Hessian approximation, row-major n×n.
  const given = options.initialInverseHessian;
  const usable = given !== undefined && given.length === n && given.every((row) => row.length === n && row.every(Number.isFinite));
  let H: number[][] = usable ? given.map((row) => row.slice()) : Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let firstStep = !usable;
  let x = x0.slice();
  let cur = evaluate(x);
  const done = (iterations: number, converged: boolean, message: string): MinimizeResult => ({
    x,
    value: cur.value,
    gradient: cur.gradient,
    gradientNorm: infNorm(cur.gradient),
    iterations,
    evaluations,
    inverseHessian: H.map((row) => row.slice()),
    converged,
    message,
  });
  if (!Number.isFinite(cur.value)) return done(0, false, "objective is not finite at the starting point");

  for (let k = 0; k < maxIter; k++) {
    if (infNorm(cur.gradient) <= gtol) return done(k, true, "gradient norm below tolerance");
    let p = H.map((row) => -dot(row, cur.gradient));
    let slope = dot(p, cur.gradient);
    if (!(slope < 0)) {
      // H lost positive definiteness numerically: restart from steepest descent.
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      p = cur.gradient.map((g) => -g);
      slope = dot(p, cur.gradient);
    }
    const initial = firstStep ? Math.min(1, 1 / infNorm(cur.gradient)) : 1;
    const ls = lineSearch(evaluate, x, cur, p, slope, initial);
    if (!ls) {
      const g = infNorm(cur.gradient);
      if (g <= ptol) return done(k, true, `precision limit: no further decrease possible, gradient norm ${g.toExponential(2)} ≤ ${ptol}`);
      return done(k, false, "line search failed to find a point satisfying the Wolfe conditions");
    }
    const s = p.map((pi) => ls.step * pi);
    const y = ls.next.gradient.map((g, i) => g - cur.gradient[i]!);
    x = x.map((xi, i) => xi + s[i]!);
    cur = ls.next;
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (firstStep) {
        const scale = sy / dot(y, y);
        H = H.map((row, i) => row.map((_, j) => (i === j ? scale : 0)));
      }
      const rho = 1 / sy;
      const Hy = H.map((row) => dot(row, y));
      const yHy = dot(y, Hy);
      // H+ = H − ρ(s Hyᵀ + Hy sᵀ) + (ρ² yᵀHy + ρ) s sᵀ  (expanded form of N&W 6.17, H symmetric).
      H = H.map((row, i) => row.map((h, j) => h - rho * (s[i]! * Hy[j]! + Hy[i]! * s[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!));
    }
    firstStep = false;
  }
  if (infNorm(cur.gradient) <= gtol) return done(maxIter, true, "gradient norm below tolerance");
  return done(maxIter, false, `maximum iterations (${maxIter}) reached`);
}

interface LineSearchResult {
  step: number;
  next: ValueAndGradient;
}

function lineSearch(
  evaluate: (x: number[]) => ValueAndGradient,
  x: number[],
  cur: ValueAndGradient,
  p: number[],
  slope0: number,
  initial: number,
): LineSearchResult | null {
  const f0 = cur.value;
  const at = (step: number) => {
    const r = evaluate(x.map((xi, i) => xi + step * p[i]!));
    return { step, r, slope: dot(r.gradient, p) };
  };
  let prev = { step: 0, r: cur, slope: slope0 };
  let step = initial;
  for (let i = 0; i < 40; i++) {
    const t = at(step);
    if (t.r.value > f0 + C1 * step * slope0 || (i > 0 && t.r.value >= prev.r.value)) return zoom(prev, t);
    if (Math.abs(t.slope) <= -C2 * slope0) return { step, next: t.r };
    if (t.slope >= 0) return zoom(t, prev);
    prev = t;
    step *= 2;
  }
  return null;

  function zoom(lo: { step: number; r: ValueAndGradient; slope: number }, hi: { step: number; r: ValueAndGradient; slope: number }): LineSearchResult | null {
    // Below this, f cannot tell two points of the bracket apart (a few ulps of f0): on a large sum
    // near the optimum, bisecting further only spends evaluations (it used to spend ~50 per step).
    const resolution = 4 * Number.EPSILON * Math.max(1, Math.abs(f0));
    for (let j = 0; j < 60; j++) {
      const a = lo.step,
        b = hi.step;
      const width = b - a;
      if (Math.abs(slope0 * width) <= resolution) break;
      // Quadratic interpolation from f(lo), f'(lo), f(hi), safeguarded into the middle 80% of the
      // bracket; bisection when f(hi) is not finite.
      let trial = (a + b) / 2;
      if (Number.isFinite(hi.r.value)) {
        const denom = 2 * (hi.r.value - lo.r.value - lo.slope * width);
        if (denom !== 0) trial = a - (lo.slope * width * width) / denom;
      }
      const lower = Math.min(a, b) + 0.1 * Math.abs(width);
      const upper = Math.max(a, b) - 0.1 * Math.abs(width);
      if (!(trial >= lower && trial <= upper)) trial = (a + b) / 2;
      const t = at(trial);
      if (t.r.value > f0 + C1 * trial * slope0 || t.r.value >= lo.r.value) {
        hi = t;
      } else {
        if (Math.abs(t.slope) <= -C2 * slope0) return { step: trial, next: t.r };
        if (t.slope * width >= 0) hi = lo;
        lo = t;
      }
      if (Math.abs(hi.step - lo.step) < 1e-16 * Math.max(1, Math.abs(lo.step))) break;
    }
    // The bracket collapsed: accept lo if it made sufficient decrease (it always did unless lo is 0).
    return lo.step > 0 ? { step: lo.step, next: lo.r } : null;
  }
}
