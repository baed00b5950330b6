/**
 * Per-customer recency/frequency/monetary summary in the form the BG/NBD and Gamma-Gamma models
 * expect (the "lifetimes" convention, Fader, Hardie & Lee 2005).
 *
 * Time is measured between UTC calendar days: every purchase is placed on its UTC day, several
 * orders on one day are one purchase occasion (one "transaction" in the model), and all times are
 * whole days divided by the unit length (1 for days, 7 for weeks). This is the convention that
 * reproduces the published CDNOW summary (asOf = 1997-09-30, weeks).
 */

export type TimeUnit = "days" | "weeks";

/** One order. `amount` is in minor units (e.g. pence), net; it may be zero or negative. */
export interface Transaction {
  customerId: string;
  at: Date;
  amount: number;
}

/** A customer's summary at `asOf`. Times are in the summary's unit. */
export interface CustomerSummary {
  customerId: string;
  /** Repeat purchases: distinct purchase days minus one. */
  x: number;
  /** Time from the first to the last purchase day (unit). */
  t_x: number;
  /** Time from the first purchase day to the asOf day (unit). 0 when the first purchase is on the asOf day. */
  T: number;
  /**
   * Mean value (minor units) of the repeat purchase days with a positive value; the first purchase
   * day is excluded (lifetimes convention). 0 when there is no such day.
   */
  monetary: number;
  /** How many repeat purchase days entered `monetary` (positive-valued repeat days); ≤ x. */
  monetaryDays: number;
  /** Number of orders (transactions) on or before asOf, including zero/negative ones. */
  orders: number;
  /** Sum of all order amounts on or before asOf (minor units, may be ≤ 0). */
  totalAmount: number;
  firstAt: Date;
  lastAt: Date;
}

export interface SummaryResult {
  unit: TimeUnit;
  asOf: Date;
  /** Sorted by customerId (UTF-16 code unit order), so output never depends on input order. */
  customers: CustomerSummary[];
  /** Orders left out: dated after asOf, or invalid (bad date, non-finite amount, empty id). */
  excluded: { future: number; invalid: number };
}

export const DAY_MS = 86_400_000;

/** Length of one unit in days. */
export function unitDays(unit: TimeUnit): number {
  return unit === "weeks" ? 7 : 1;
}

/** UTC calendar day number (days since 1970-01-01) of a Date. */
export function utcDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}

/** Canonical string order (code units), independent of locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds the summary of every customer with at least one valid order on or before `asOf`.
 *
 * Input: orders with amounts in minor units; `asOf` a valid Date; `unit` "days" or "weeks".
 * Output: one row per customer (see {@link CustomerSummary}) plus a tally of excluded orders.
 * - Orders with `at > asOf` are future-dated: excluded and counted in `excluded.future`.
 * - Zero/negative-value orders still make their day a purchase day (the customer did transact), but
 *   a repeat day whose summed value is ≤ 0 is left out of `monetary`, because the Gamma-Gamma model
 *   needs positive spends; `monetaryDays` says how many days the mean is over.
 * - A customer whose only purchase day is the asOf day has x = 0, t_x = 0, T = 0.
 * Throws RangeError when asOf is not a valid Date.
 *
 * Implementation note: orders are bucketed per customer with a counting sort into typed arrays, so
 * a million customers need no per-customer Map or object churn beyond the output rows.
 */
export function summarize(transactions: readonly Transaction[], asOf: Date, unit: TimeUnit): SummaryResult {
  const asOfMs = asOf instanceof Date ? asOf.getTime() : NaN;
  if (!Number.isFinite(asOfMs)) throw new RangeError("summarize: asOf must be a valid Date");
  const asOfDay = Math.floor(asOfMs / DAY_MS);
  const perUnit = unitDays(unit);

  const index = new Map<string, number>();
  const ids: string[] = [];
  const owner = new Int32Array(transactions.length).fill(-1);
  let future = 0;
  let invalid = 0;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i];
    const ms = t.at instanceof Date ? t.at.getTime() : NaN;
    if (!Number.isFinite(ms) || !Number.isFinite(t.amount) || typeof t.customerId !== "string" || t.customerId === "") {
      invalid++;
      continue;
    }
    if (ms > asOfMs) {
      future++;
      continue;
    }
    let k = index.get(t.customerId);
    if (k === undefined) {
      k = ids.length;
      index.set(t.customerId, k);
      ids.push(t.customerId);
    }
    owner[i] = k;
  }

  const n = ids.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < owner.length; i++) if (owner[i] >= 0) start[owner[i] + 1]++;
  for (let k = 0; k < n; k++) start[k + 1] += start[k];
  const fill = start.slice(0, n);
  const days = new Float64Array(start[n]);
  const amounts = new Float64Array(start[n]);
  const msAt = new Float64Array(start[n]);
  for (let i = 0; i < owner.length; i++) {
    const k = owner[i];
    if (k < 0) continue;
    const j = fill[k]++;
    msAt[j] = transactions[i].at.getTime();
    days[j] = Math.floor(msAt[j] / DAY_MS);
    amounts[j] = transactions[i].amount;
  }

  const customers: CustomerSummary[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const lo = start[k];
    const hi = start[k + 1];
    // Insertion sort by time: segments are tiny, and sorting by exact time keeps firstAt/lastAt exact.
    for (let j = lo + 1; j < hi; j++) {
      const d = days[j], a = amounts[j], m = msAt[j];
      let i = j - 1;
      while (i >= lo && msAt[i] > m) {
        days[i + 1] = days[i];
        amounts[i + 1] = amounts[i];
        msAt[i + 1] = msAt[i];
        i--;
      }
      days[i + 1] = d;
      amounts[i + 1] = a;
      msAt[i + 1] = m;
    }
    let purchaseDays = 0;
    let repeatSum = 0;
    let repeatCount = 0;
    let total = 0;
    let j = lo;
    while (j < hi) {
      const day = days[j];
      let dayValue = 0;
      while (j < hi && days[j] === day) {
        dayValue += amounts[j];
        j++;
      }
      total += dayValue;
      if (purchaseDays > 0 && dayValue > 0) {
        repeatSum += dayValue;
        repeatCount++;
      }
      purchaseDays++;
    }
    const firstDay = days[lo];
    const lastDay = days[hi - 1];
    customers[k] = {
      customerId: ids[k],
      x: purchaseDays - 1,
      t_x: (lastDay - firstDay) / perUnit,
      T: (asOfDay - firstDay) / perUnit,
      monetary: repeatCount > 0 ? repeatSum / repeatCount : 0,
      monetaryDays: repeatCount,
      orders: hi - lo,
      totalAmount: total,
      firstAt: new Date(msAt[lo]),
      lastAt: new Date(msAt[hi - 1]),
    };
  }
  customers.sort((a, b) => compareIds(a.customerId, b.customerId));
  return { unit, asOf: new Date(asOfMs), customers, excluded: { future, invalid } };
}

/** A weighted (x, t_x, T) row: `weight` customers share these values. */
export interface CollapsedRow {
  x: number;
  t_x: number;
  T: number;
  weight: number;
}

/**
 * Merges rows with identical (x, t_x, T) into weighted rows, sorted by x, then t_x, then T.
 *
 * The likelihoods are sums over customers, so fitting on collapsed rows gives the same value with
 * far fewer evaluations; the fixed sort order also makes floating-point sums independent of the
 * input order. Rows may carry their own `weight` (default 1).
 */
export function collapse(rows: ReadonlyArray<{ x: number; t_x: number; T: number; weight?: number }>): CollapsedRow[] {
  const byKey = new Map<string, CollapsedRow>();
  for (const r of rows) {
    const key = `${r.x}|${r.t_x}|${r.T}`;
    const w = r.weight ?? 1;
    const hit = byKey.get(key);
    if (hit) hit.weight += w;
    else byKey.set(key, { x: r.x, t_x: r.t_x, T: r.T, weight: w });
  }
  return [...byKey.values()].sort((a, b) => a.x - b.x || a.t_x - b.t_x || a.T - b.T);
}
