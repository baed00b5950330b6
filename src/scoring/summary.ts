/**
 * Per-customer recency/frequency/monetary summary in the form the BG/NBD and Gamma-Gamma models
 * expect (the "lifetimes" convention, Fader, Hardie & Lee 2005).
 *
 * Time is measured between UTC calendar days: every purchase is placed on its UTC day, several
 * orders on one day are one purchase occasion (one "transaction" in the model), and all times are
 * whole days divided by the unit length (1 for days, 7 for weeks). This is the convention that
 * reproduces the published CDNOW summary (asOf = 1997-09-30, weeks).
 */

import { HEAP, type Arena } from "./arena";

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
 * Implementation: {@link groupOrders} then {@link summaryColumns}; objects are built only here.
 */
export function summarize(transactions: readonly Transaction[], asOf: Date, unit: TimeUnit): SummaryResult {
  const asOfMs = asOf instanceof Date ? asOf.getTime() : NaN;
  if (!Number.isFinite(asOfMs)) throw new RangeError("summarize: asOf must be a valid Date");
  const groups = groupOrders(transactions, asOfMs);
  const cols = summaryColumns(groups, asOfMs, unit);
  const customers: CustomerSummary[] = new Array(groups.ids.length);
  for (let k = 0; k < customers.length; k++) customers[k] = summaryRow(groups, cols, k);
  return { unit, asOf: new Date(asOfMs), customers, excluded: { future: groups.future, invalid: groups.invalid } };
}

/** Row k of summary columns as a {@link CustomerSummary} object. */
export function summaryRow(groups: OrderGroups, cols: SummaryColumns, k: number): CustomerSummary {
  return {
    customerId: groups.ids[k]!,
    x: cols.x[k]!,
    t_x: cols.t_x[k]!,
    T: cols.T[k]!,
    monetary: cols.monetary[k]!,
    monetaryDays: cols.monetaryDays[k]!,
    orders: cols.orders[k]!,
    totalAmount: cols.totalAmount[k]!,
    firstAt: new Date(groups.ms[groups.start[k]!]!),
    lastAt: new Date(groups.ms[cols.end[k]! - 1]!),
  };
}

/**
 * Valid orders on or before an as-of instant, grouped per customer in columns. Customers are numbered
 * 0..n−1 in {@link compareIds} order; customer k's orders are positions start[k] ≤ j < start[k+1] of
 * the order columns, sorted by time (ties keep input order).
 */
export interface OrderGroups {
  /** Customer ids, sorted by {@link compareIds}. */
  ids: string[];
  /** Length n + 1. */
  start: Int32Array;
  /** Order time, epoch ms. */
  ms: Float64Array;
  /** UTC day number of the order. */
  day: Float64Array;
  /** Order amount, minor units. */
  amount: Float64Array;
  /** Index of the order in the input array. */
  source: Int32Array;
  /** Orders dated after the as-of instant. */
  future: number;
  /** Orders with a bad date, a non-finite amount or an empty / non-string customer id. */
  invalid: number;
  /**
   * Ids (sorted) that appear only on excluded orders (future or invalid): customers with no usable order.
   */
  excludedOnlyIds: string[];
}

/**
 * Groups orders per customer (see {@link OrderGroups}) without a Map keyed by id: consecutive valid
 * orders of one customer form a run (orders usually arrive grouped by customer, so there are about
 * as many runs as customers), the runs are sorted by id once, equal ids in sorted order become one
 * customer, a counting sort moves the orders into typed arrays in customer order, and an insertion
 * sort orders each (short) segment by time. Input order breaks ties, so the result is deterministic.
 */
export function groupOrders(transactions: readonly Transaction[], asOfMs: number, arena: Arena = HEAP): OrderGroups {
  const total = transactions.length;
  // The kept columns first (sized for every order), then the scratch above them, released at the end.
  const msAll = arena.f64(total),
    daysAll = arena.f64(total),
    amountsAll = arena.f64(total),
    sourceAll = arena.i32(total);
  const startAll = arena.i32(total + 1);
  const scratch = arena.mark();
  const run = arena.i32(total).fill(-1);
  const runHead = arena.i32(total);
  const excludedIds = new Set<string>();
  let runs = 0;
  let future = 0;
  let invalid = 0;
  let lastId: string | undefined;
  for (let i = 0; i < total; i++) {
    const t = transactions[i]!;
    const id = t.customerId;
    const ms = t.at instanceof Date ? t.at.getTime() : NaN;
    const validId = typeof id === "string" && id !== "";
    if (!Number.isFinite(ms) || !Number.isFinite(t.amount) || !validId) {
      invalid++;
      if (validId) excludedIds.add(id);
      continue;
    }
    if (ms > asOfMs) {
      future++;
      excludedIds.add(id);
      continue;
    }
    if (id !== lastId) {
      runHead[runs++] = i;
      lastId = id;
    }
    run[i] = runs - 1;
  }

  // Runs in id order; equal ids next to each other become one customer.
  const byId = arena.u32(runs);
  for (let r = 0; r < runs; r++) byId[r] = r;
  byId.sort((p, q) => compareIds(transactions[runHead[p]!]!.customerId, transactions[runHead[q]!]!.customerId) || p - q);
  const customerOfRun = arena.i32(runs);
  const ids: string[] = [];
  for (let j = 0; j < runs; j++) {
    const id = transactions[runHead[byId[j]!]!]!.customerId;
    if (ids.length === 0 || ids[ids.length - 1] !== id) ids.push(id);
    customerOfRun[byId[j]!] = ids.length - 1;
  }

  const n = ids.length;
  const start = startAll.subarray(0, n + 1);
  for (let i = 0; i < total; i++) if (run[i]! >= 0) start[customerOfRun[run[i]!]! + 1]!++;
  for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
  const fill = arena.i32(n);
  fill.set(start.subarray(0, n));
  const count = start[n];
  const msAt = msAll.subarray(0, count);
  const days = daysAll.subarray(0, count);
  const amounts = amountsAll.subarray(0, count);
  const source = sourceAll.subarray(0, count);
  for (let i = 0; i < total; i++) {
    if (run[i]! < 0) continue;
    const j = fill[customerOfRun[run[i]!]!]!++;
    msAt[j] = transactions[i]!.at.getTime();
    days[j] = Math.floor(msAt[j] / DAY_MS);
    amounts[j] = transactions[i]!.amount;
    source[j] = i;
  }
  for (let k = 0; k < n; k++) sortSegment(msAt, days, amounts, source, start[k]!, start[k + 1]!);
  arena.release(scratch);

  const excludedOnlyIds = [...excludedIds].filter((id) => findId(ids, id) < 0).sort(compareIds);
  return { ids, start, ms: msAt, day: days, amount: amounts, source, future, invalid, excludedOnlyIds };
}

/** Stable sort of one customer's orders by time: insertion sort for short segments, index sort otherwise. */
function sortSegment(ms: Float64Array, day: Float64Array, amount: Float64Array, source: Int32Array, lo: number, hi: number): void {
  if (hi - lo <= 32) {
    for (let j = lo + 1; j < hi; j++) {
      const d = day[j]!,
        a = amount[j]!,
        m = ms[j]!,
        s = source[j]!;
      let i = j - 1;
      while (i >= lo && ms[i]! > m) {
        day[i + 1] = day[i]!;
        amount[i + 1] = amount[i]!;
        ms[i + 1] = ms[i]!;
        source[i + 1] = source[i]!;
        i--;
      }
      day[i + 1] = d;
      amount[i + 1] = a;
      ms[i + 1] = m;
      source[i + 1] = s;
    }
    return;
  }
  const order = Array.from({ length: hi - lo }, (_, i) => lo + i).sort((p, q) => ms[p]! - ms[q]! || p - q);
  const m2 = order.map((j) => ms[j]!),
    d2 = order.map((j) => day[j]!),
    a2 = order.map((j) => amount[j]!),
    s2 = order.map((j) => source[j]!);
  ms.set(m2, lo);
  day.set(d2, lo);
  amount.set(a2, lo);
  source.set(s2, lo);
}

/**
 * Summary figures of every customer in `groups`, counting only orders at or before `limitMs` (the
 * summary's asOf: the groups' own asOf, or an earlier cutoff for a backtest). Column k belongs to
 * customer k; a customer with no order by `limitMs` has orders[k] = 0 and its other figures 0.
 */
export interface SummaryColumns {
  unit: TimeUnit;
  /** UTC day of the summary's asOf. */
  asOfDay: number;
  /** Customers with at least one order by the limit. */
  count: number;
  /** One past the customer's last order position by the limit (start[k] when none). */
  end: Int32Array;
  x: Int32Array;
  t_x: Float64Array;
  T: Float64Array;
  /** Whole days: last − first purchase day, asOf day − first purchase day. */
  txDays: Int32Array;
  TDays: Int32Array;
  monetary: Float64Array;
  monetaryDays: Int32Array;
  orders: Int32Array;
  totalAmount: Float64Array;
  /** UTC day of the last purchase. */
  lastDay: Float64Array;
}

/** See {@link SummaryColumns}. Same rules and arithmetic as {@link summarize}. */
export function summaryColumns(groups: OrderGroups, limitMs: number, unit: TimeUnit, arena: Arena = HEAP): SummaryColumns {
  const n = groups.ids.length;
  const perUnit = unitDays(unit);
  const asOfDay = Math.floor(limitMs / DAY_MS);
  const { start, ms, day: days, amount: amounts } = groups;
  const cols: SummaryColumns = {
    unit,
    asOfDay,
    count: 0,
    end: arena.i32(n),
    x: arena.i32(n),
    t_x: arena.f64(n),
    T: arena.f64(n),
    txDays: arena.i32(n),
    TDays: arena.i32(n),
    monetary: arena.f64(n),
    monetaryDays: arena.i32(n),
    orders: arena.i32(n),
    totalAmount: arena.f64(n),
    lastDay: arena.f64(n),
  };
  for (let k = 0; k < n; k++) {
    const lo = start[k]!;
    let hi = start[k + 1]!;
    while (hi > lo && ms[hi - 1]! > limitMs) hi--;
    cols.end[k] = hi;
    if (hi === lo) continue;
    cols.count++;
    let purchaseDays = 0;
    let repeatSum = 0;
    let repeatCount = 0;
    let total = 0;
    let j = lo;
    while (j < hi) {
      const day = days[j];
      let dayValue = 0;
      while (j < hi && days[j] === day) {
        dayValue += amounts[j]!;
        j++;
      }
      total += dayValue;
      if (purchaseDays > 0 && dayValue > 0) {
        repeatSum += dayValue;
        repeatCount++;
      }
      purchaseDays++;
    }
    const firstDay = days[lo]!;
    const lastDay = days[hi - 1]!;
    cols.x[k] = purchaseDays - 1;
    cols.txDays[k] = lastDay - firstDay;
    cols.TDays[k] = asOfDay - firstDay;
    cols.t_x[k] = (lastDay - firstDay) / perUnit;
    cols.T[k] = (asOfDay - firstDay) / perUnit;
    cols.monetary[k] = repeatCount > 0 ? repeatSum / repeatCount : 0;
    cols.monetaryDays[k] = repeatCount;
    cols.orders[k] = hi - lo;
    cols.totalAmount[k] = total;
    cols.lastDay[k] = lastDay;
  }
  return cols;
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

/** Collapsed rows in columns, sorted by x, then t_x, then T (the order {@link collapse} gives). */
export interface RowSet {
  length: number;
  x: Int32Array;
  t_x: Float64Array;
  T: Float64Array;
  weight: Float64Array;
}

/** Rows as plain objects (the {@link collapse} form). */
export function rowObjects(rows: RowSet): CollapsedRow[] {
  const out: CollapsedRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = { x: rows.x[i]!, t_x: rows.t_x[i]!, T: rows.T[i]!, weight: rows.weight[i]! };
  return out;
}

/** Rows in columns from {@link CollapsedRow} objects, order kept. */
export function rowColumns(rows: readonly CollapsedRow[]): RowSet {
  const n = rows.length;
  const out: RowSet = { length: n, x: new Int32Array(n), t_x: new Float64Array(n), T: new Float64Array(n), weight: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.x[i] = rows[i]!.x;
    out.t_x[i] = rows[i]!.t_x;
    out.T[i] = rows[i]!.T;
    out.weight[i] = rows[i]!.weight;
  }
  return out;
}

/**
 * {@link collapse} for summary columns: the distinct (x, t_x, T) rows of the customers present in
 * `cols` (orders > 0), and for each customer k the index of its row (−1 when absent).
 *
 * Every time in a summary is a whole number of days divided by the unit length, so the customers are
 * ordered by the integers (x, t_x days, T days) with three stable counting-sort passes (T, then t_x,
 * then x: an LSD radix sort, linear in customers), and equal neighbours become one weighted row. No
 * string keys, no comparison sort.
 */
export function collapseColumns(cols: SummaryColumns, arena: Arena = HEAP): { rows: RowSet; rowOf: Int32Array } {
  const n = cols.orders.length;
  const perUnit = unitDays(cols.unit);
  const rowOf = arena.i32(n).fill(-1);
  let maxX = 0,
    maxT = 0;
  for (let k = 0; k < n; k++) {
    if (cols.orders[k] === 0) continue;
    if (cols.x[k]! > maxX) maxX = cols.x[k]!;
    if (cols.TDays[k]! > maxT) maxT = cols.TDays[k]!;
  }
  const c = cols.count;
  let order = arena.i32(c),
    other = arena.i32(c);
  for (let k = 0, i = 0; k < n; k++) if (cols.orders[k]! > 0) order[i++] = k;
  const counts = arena.i32(Math.max(maxX, maxT) + 2);
  for (const key of [cols.TDays, cols.txDays, cols.x]) {
    counts.fill(0);
    for (let i = 0; i < c; i++) counts[key[order[i]!]! + 1]!++;
    for (let v = 1; v < counts.length; v++) counts[v]! += counts[v - 1]!;
    for (let i = 0; i < c; i++) other[counts[key[order[i]!]!]!++] = order[i]!;
    [order, other] = [other, order];
  }
  let m = 0;
  for (let i = 0; i < c; i++) {
    const k = order[i]!,
      p = i > 0 ? order[i - 1]! : -1;
    if (p < 0 || cols.x[k] !== cols.x[p] || cols.txDays[k] !== cols.txDays[p] || cols.TDays[k] !== cols.TDays[p]) m++;
    rowOf[k] = m - 1;
  }
  const rows: RowSet = { length: m, x: arena.i32(m), t_x: arena.f64(m), T: arena.f64(m), weight: arena.f64(m) };
  for (let i = 0; i < c; i++) {
    const k = order[i]!,
      row = rowOf[k]!;
    if (rows.weight[row]!++ > 0) continue;
    rows.x[row] = cols.x[k]!;
    rows.t_x[row] = cols.txDays[k]! / perUnit;
    rows.T[row] = cols.TDays[k]! / perUnit;
  }
  return { rows, rowOf };
}

/** Position of `id` in ids sorted by {@link compareIds}, or −1. */
export function findId(ids: readonly string[], id: string): number {
  let lo = 0,
    hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareIds(ids[mid]!, id);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
