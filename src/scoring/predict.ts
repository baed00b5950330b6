/**
 * BG/NBD figures for many summary rows at once: P(alive), churn risk, P(purchase soon), expected
 * purchases and the discounted purchase stream behind CLV.
 *
 * The values are exactly those of {@link pAlive}, {@link probNoPurchase}, {@link expectedPurchases}
 * and {@link clv} (AOV = 1), with the same floating-point operations; only the sharing differs. Every
 * expensive part (the hypergeometric series and the "quiet" power) depends on (x, T) and the horizon
 * but not on t_x, so it is computed once per distinct (x, T) and divided per row by
 * 1 + e^{@link deadLogOdds}. On a day grid there are far fewer distinct (x, T) pairs than rows.
 */
import { HEAP, type Arena } from "./arena";
import { deadLogOdds, expectedPurchasesNumerator, quietProbability, type BgNbdParams } from "./bgnbd";
import type { ClvOptions } from "./gammagamma";
import type { RowSet } from "./summary";

export interface RowFigureOptions {
  /** Horizons in the model's time unit; null skips that figure (its column is left empty). */
  churnHorizon: number | null;
  nextPurchaseHorizon: number | null;
  expectedHorizon: number | null;
  /** CLV stream (AOV = 1); null skips it. */
  clv: ClvOptions | null;
}

export interface RowFigures {
  alive: Float64Array;
  /** P(no purchase within churnHorizon). */
  churn: Float64Array;
  /** 1 − P(no purchase within nextPurchaseHorizon). */
  next: Float64Array;
  /** E[purchases within expectedHorizon]. */
  expected: Float64Array;
  /** clv(params, 1, x, t_x, T, options.clv): CLV is linear in AOV. */
  clvPerAov: Float64Array;
}

function checkHorizon(name: string, h: number | null): void {
  if (h !== null && (!(h >= 0) || !Number.isFinite(h))) throw new RangeError(`${name}: must be finite and ≥ 0, got ${h}`);
}

/**
 * Figures for every row of `rows` (any order). Throws RangeError for a negative or non-finite
 * horizon or invalid CLV options (as the single-row functions do).
 */
export function rowFigures(params: BgNbdParams, rows: RowSet, options: RowFigureOptions, arena: Arena = HEAP): RowFigures {
  const { churnHorizon, nextPurchaseHorizon, expectedHorizon, clv } = options;
  checkHorizon("probNoPurchase: H", churnHorizon);
  checkHorizon("probNoPurchase: H", nextPurchaseHorizon);
  checkHorizon("expectedPurchases: t", expectedHorizon);
  const months = clv?.months ?? 0;
  if (clv) {
    if (!(months >= 0) || !Number.isInteger(months)) throw new RangeError(`clv: months must be a whole number ≥ 0, got ${months}`);
    if (!(clv.monthLength > 0)) throw new RangeError(`clv: monthLength must be > 0, got ${clv.monthLength}`);
    if (!(clv.monthlyDiscountRate > -1)) throw new RangeError(`clv: monthlyDiscountRate must be > -1, got ${clv.monthlyDiscountRate}`);
  }
  const discount = new Float64Array(months + 1);
  for (let i = 1; i <= months; i++) discount[i] = (1 + clv!.monthlyDiscountRate) ** i;

  const n = rows.length;
  const out: RowFigures = {
    alive: arena.f64(n),
    churn: arena.f64(n),
    next: arena.f64(n),
    expected: arena.f64(n),
    clvPerAov: arena.f64(n),
  };
  // Per distinct (x, T): [quietChurn, quietNext, numeratorExpected, numerator month 1..months].
  const slots: number[] = [];
  const slotOf = new Map<number, number>();
  const tIndex = new Map<number, number>();

  for (let i = 0; i < n; i++) {
    const x = rows.x[i]!,
      t_x = rows.t_x[i]!,
      T = rows.T[i]!;
    let ti = tIndex.get(T);
    if (ti === undefined) tIndex.set(T, (ti = tIndex.size));
    const key = x * 4_294_967_296 + ti;
    let s = slotOf.get(key);
    if (s === undefined) {
      s = slots.length;
      slotOf.set(key, s);
      slots.push(
        churnHorizon === null ? NaN : quietProbability(params, churnHorizon, x, T),
        nextPurchaseHorizon === null ? NaN : quietProbability(params, nextPurchaseHorizon, x, T),
        expectedHorizon === null || expectedHorizon === 0 ? 0 : expectedPurchasesNumerator(params, expectedHorizon, x, T),
      );
      for (let m = 1; m <= months; m++) slots.push(expectedPurchasesNumerator(params, m * clv!.monthLength, x, T));
    }
    const D = x === 0 ? 1 : 1 + Math.exp(deadLogOdds(params, x, t_x, T));
    const alive = x === 0 ? 1 : 1 / D;
    out.alive[i] = alive;
    out.churn[i] = 1 - alive + alive * slots[s]!;
    out.next[i] = 1 - (1 - alive + alive * slots[s + 1]!);
    out.expected[i] = x === 0 ? slots[s + 2]! : slots[s + 2]! / D;
    if (clv) {
      let total = 0,
        previous = 0;
      for (let m = 1; m <= months; m++) {
        const num = slots[s + 2 + m]!;
        const cumulative = x === 0 ? num : num / D;
        total += (1 * (cumulative - previous)) / discount[m]!;
        previous = cumulative;
      }
      out.clvPerAov[i] = total;
    }
  }
  return out;
}
