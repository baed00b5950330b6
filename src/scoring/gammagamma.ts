/**
 * Gamma-Gamma spend model and customer lifetime value.
 *
 * Sources: P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "RFM and CLV: Using Iso-Value Curves
 * for Customer Base Analysis", Journal of Marketing Research 42(4):415-430; B. Hardie, "The
 * Gamma-Gamma Model of Monetary Value" (note 025, 2013). CLV follows lifetimes'
 * `customer_lifetime_value` (CamDavidsonPilon/lifetimes, utils.py), with its units made explicit.
 *
 * A customer's spends are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. It is fitted on the
 * mean spend m_x over x repeat transactions of repeat buyers (x > 0, m_x > 0). Money stays in
 * whatever unit m_x is in (minor units in this project); γ is in that money unit.
 */
import { HEAP, type Arena } from "./arena";
import { expectedPurchases, type BgNbdParams } from "./bgnbd";
import { minimizeBfgs, type MinimizeOptions } from "./optimize";
import { digamma, lnGamma } from "./special";

export interface GammaGammaParams {
  p: number;
  q: number;
  /** Scale of the spend heterogeneity, in the money unit of the data. */
  gamma: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  gradientNorm: number;
  message: string;
  /** Weighted number of customers used (repeat buyers with positive mean spend). */
  used: number;
}

/** A repeat buyer: x transactions with mean value `monetary` (> 0); weight defaults to 1. */
export interface SpendRow {
  x: number;
  monetary: number;
  weight?: number;
}

/**
 * Log-likelihood of one repeat buyer's mean spend (note 025 eq. 5, lifetimes' form):
 * lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x).
 */
export function gammaGammaRowLogLikelihood(params: GammaGammaParams, x: number, monetary: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    lnGamma(px + q) -
    lnGamma(px) -
    lnGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(monetary) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + monetary * x)
  );
}

/**
 * Weighted total log-likelihood and its gradient with respect to (ln p, ln q, ln γ):
 *   ∂/∂p = x[ψ(px+q) − ψ(px) + ln m + ln x − ln(γ+mx)],  ∂/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ+mx),
 *   ∂/∂γ = q/γ − (px+q)/(γ+mx).
 */
export function gammaGammaLogLikelihoodAndGradient(params: GammaGammaParams, rows: readonly SpendRow[]): { value: number; gradient: number[] } {
  return spendLogLikelihoodAndGradient(
    params,
    spendColumns(
      rows.map((r) => r.x),
      rows.map((r) => r.monetary),
      rows.map((r) => r.weight ?? 1),
      false,
    ),
  );
}

/** Spend rows in columns, with ln m and ln x precomputed and x tabulated (the gamma terms depend on x only). */
interface SpendColumns {
  length: number;
  x: Float64Array;
  m: Float64Array;
  weight: Float64Array;
  lnM: Float64Array;
  lnX: Float64Array;
  xIndex: Int32Array;
  xValues: number[];
}

/** Columns of the rows i with keep(i) (all when `filter` is false); `filter` applies the fit's usable-row rule. */
function spendColumns(x: ArrayLike<number>, monetary: ArrayLike<number>, weight: ArrayLike<number> | null, filter: boolean, arena: Arena = HEAP): SpendColumns {
  const keep = arena.i32(x.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weight ? weight[i]! : 1;
    if (!filter || (x[i]! > 0 && monetary[i]! > 0 && Number.isFinite(monetary[i]) && w > 0)) keep[n++] = i;
  }
  const cols: SpendColumns = {
    length: n,
    x: arena.f64(n),
    m: arena.f64(n),
    weight: arena.f64(n),
    lnM: arena.f64(n),
    lnX: arena.f64(n),
    xIndex: arena.i32(n),
    xValues: [],
  };
  const at = new Map<number, number>();
  for (let j = 0; j < n; j++) {
    const i = keep[j]!;
    cols.x[j] = x[i]!;
    cols.m[j] = monetary[i]!;
    cols.weight[j] = weight ? weight[i]! : 1;
    cols.lnM[j] = Math.log(monetary[i]!);
    cols.lnX[j] = Math.log(x[i]!);
    let k = at.get(x[i]!);
    if (k === undefined) {
      at.set(x[i]!, (k = cols.xValues.length));
      cols.xValues.push(x[i]!);
    }
    cols.xIndex[j] = k;
  }
  return cols;
}

function spendLogLikelihoodAndGradient(params: GammaGammaParams, rows: SpendColumns): { value: number; gradient: number[] } {
  const { p, q, gamma } = params;
  const lgQ = lnGamma(q),
    psiQ = digamma(q),
    lnGammaScale = Math.log(gamma);
  const nx = rows.xValues.length;
  const lg = new Float64Array(nx),
    psiSum = new Float64Array(nx),
    psiPx = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const px = p * rows.xValues[k]!;
    lg[k] = lnGamma(px + q) - lnGamma(px) - lgQ;
    psiSum[k] = digamma(px + q);
    psiPx[k] = digamma(px);
  }
  let value = 0,
    gp = 0,
    gq = 0,
    gg = 0;
  for (let i = 0; i < rows.length; i++) {
    const w = rows.weight[i]!,
      x = rows.x[i]!,
      k = rows.xIndex[i]!;
    const m = rows.m[i]!;
    const px = p * x;
    const den = gamma + m * x;
    const lnDen = Math.log(den);
    const lnM = rows.lnM[i]!,
      lnX = rows.lnX[i]!;
    value += w * (lg[k]! + q * lnGammaScale + (px - 1) * lnM + px * lnX - (px + q) * lnDen);
    gp += w * x * (psiSum[k]! - psiPx[k]! + lnM + lnX - lnDen);
    gq += w * (psiSum[k]! - psiQ + lnGammaScale - lnDen);
    gg += w * (q / gamma - (px + q) / den);
  }
  return { value, gradient: [p * gp, q * gq, gamma * gg] };
}

/**
 * MLE of (p, q, γ) on repeat buyers. Rows with x ≤ 0 or monetary ≤ 0 (or non-finite) are skipped:
 * the model is for positive spends of repeat transactions. Starting point p = q = 1, γ = weighted
 * mean spend. Returns `converged: false` with a message (never throws) when it does not converge
 * or there are fewer than 2 usable customers.
 */
export function fitGammaGamma(rows: readonly SpendRow[], options: MinimizeOptions = {}): GammaGammaFit {
  return fitGammaGammaColumns(
    rows.map((r) => r.x),
    rows.map((r) => r.monetary),
    rows.map((r) => r.weight ?? 1),
    options,
  );
}

/**
 * {@link fitGammaGamma} on columns: x[i] repeat transactions with mean value monetary[i], weight[i]
 * customers (1 each when `weight` is null). Same rules and result.
 */
export function fitGammaGammaColumns(
  x: ArrayLike<number>,
  monetary: ArrayLike<number>,
  weight: ArrayLike<number> | null,
  options: MinimizeOptions = {},
  arena: Arena = HEAP,
): GammaGammaFit {
  const used = spendColumns(x, monetary, weight, true, arena);
  let W = 0,
    sumM = 0;
  for (let i = 0; i < used.length; i++) {
    W += used.weight[i]!;
    sumM += used.weight[i]! * used.m[i]!;
  }
  const start: GammaGammaParams = { p: 1, q: 1, gamma: W > 0 ? sumM / W : 1 };
  if (W < 2) {
    return {
      params: start,
      logLikelihood: NaN,
      converged: false,
      iterations: 0,
      gradientNorm: NaN,
      message: "fewer than 2 repeat buyers with positive spend",
      used: W,
    };
  }
  const toParams = (th: number[]): GammaGammaParams => ({ p: Math.exp(th[0]!), q: Math.exp(th[1]!), gamma: Math.exp(th[2]!) });
  const res = minimizeBfgs(
    (th) => {
      const params = toParams(th);
      if (![params.p, params.q, params.gamma].every((v) => v > 0 && Number.isFinite(v))) return { value: Infinity, gradient: [NaN, NaN, NaN] };
      const { value, gradient } = spendLogLikelihoodAndGradient(params, used);
      return { value: -value / W, gradient: gradient.map((g) => -g / W) };
    },
    [0, 0, Math.log(start.gamma)],
    options,
  );
  return {
    params: toParams(res.x),
    logLikelihood: -res.value * W,
    converged: res.converged,
    iterations: res.iterations,
    gradientNorm: res.gradientNorm,
    message: res.message,
    used: W,
  };
}

/**
 * Conditional expected average order value E[M | p, q, γ, m_x, x] = p(γ + m_x x) / (px + q − 1)
 * (note 025 eq. 6): a weighted mean of the population mean pγ/(q−1) and the customer's own m_x.
 * With x = 0 (or m_x ≤ 0, treated as x = 0 since the model has no use for non-positive spends) it is
 * the population mean. Money unit as in the fit. Throws RangeError when q ≤ 1 (the mean is infinite).
 */
export function expectedAverageOrderValue(params: GammaGammaParams, x: number, monetary: number): number {
  const { p, q, gamma } = params;
  if (!(q > 1)) throw new RangeError(`Gamma-Gamma: q must be > 1 for a finite mean spend, got ${q}`);
  const xs = monetary > 0 ? x : 0;
  return (p * (gamma + monetary * xs)) / (p * xs + q - 1);
}

export interface ClvOptions {
  /** Horizon in months (whole months, summed month by month). */
  months: number;
  /** Discount rate per month, e.g. 0.01 = 1 % a month; month i is divided by (1 + rate)^i. */
  monthlyDiscountRate: number;
  /** Length of one month in the BG/NBD time unit: lifetimes uses 30 for days, 4.345 for weeks. */
  monthLength: number;
}

/**
 * Discounted customer lifetime value over `months` months, as lifetimes' customer_lifetime_value:
 *
 *   CLV = Σ_{i=1..months} AOV · (E[Y(i·ℓ)] − E[Y((i−1)·ℓ)]) / (1 + d)^i
 *
 * where E[Y(t)] is the BG/NBD conditional expected purchases (`bgnbd` params; x, t_x, T and
 * ℓ = `monthLength` in that model's time unit), AOV the Gamma-Gamma conditional expected order value
 * (in the money unit of the Gamma-Gamma fit, minor units here), and d the monthly discount rate.
 * Returns money in the AOV unit, not rounded. Throws RangeError for months < 0, monthLength ≤ 0 or
 * discount ≤ −1.
 */
export function clv(bgnbd: BgNbdParams, expectedAov: number, x: number, t_x: number, T: number, options: ClvOptions): number {
  const { months, monthlyDiscountRate: d, monthLength } = options;
  if (!(months >= 0) || !Number.isInteger(months)) throw new RangeError(`clv: months must be a whole number ≥ 0, got ${months}`);
  if (!(monthLength > 0)) throw new RangeError(`clv: monthLength must be > 0, got ${monthLength}`);
  if (!(d > -1)) throw new RangeError(`clv: monthlyDiscountRate must be > -1, got ${d}`);
  let total = 0;
  let previous = 0;
  for (let i = 1; i <= months; i++) {
    const cumulative = expectedPurchases(bgnbd, i * monthLength, x, t_x, T);
    total += (expectedAov * (cumulative - previous)) / (1 + d) ** i;
    previous = cumulative;
  }
  return total;
}
