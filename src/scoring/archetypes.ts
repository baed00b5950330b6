/**
 * Behavioural archetypes: a customer's orders reduced to six named levels, hashed to a stable id.
 *
 * Axes and levels (thresholds live in {@link ArchetypeThresholds}; store them with a run so that one
 * customer can be assigned later with {@link assignArchetype}):
 * - value: lifetime value (minor units) — low ≤ cut₁ < mid ≤ cut₂ < high, cuts = population tertiles
 *   by the nearest-rank rule (as RFM), so equal values get equal levels.
 * - frequency: orders — one-time (1), repeat (2 … frequentFrom−1), frequent (≥ frequentFrom, default 5).
 * - recency: days since the last purchase — active (≤ 30), cooling (≤ 90), lapsing (≤ 180), dormant.
 * - breadth: mean distinct products per order — single (< 1.5), few (< 3), wide (≥ 3); unknown when
 *   no order carries product ids.
 * - refunds: refunded value / positive ordered value — none (0), some (≤ 0.2), heavy (> 0.2);
 *   unknown when the caller has no refund data.
 * - cadence: coefficient of variation (sample sd / mean) of the gaps between distinct purchase days —
 *   regular (< 0.5), variable (< 1), erratic (≥ 1); n/a with fewer than 3 purchase days (fewer than
 *   2 gaps). Several orders on one UTC day are one purchase occasion, as in the BG/NBD summary.
 */
import { sha256Hex } from "../lib/hash";
import { nearestRankCuts } from "./rfm";
import { HEAP, type Arena } from "./arena";
import type { OrderGroups } from "./summary";

export type ValueLevel = "low" | "mid" | "high";
export type FrequencyLevel = "one-time" | "repeat" | "frequent";
export type RecencyLevel = "active" | "cooling" | "lapsing" | "dormant";
export type BreadthLevel = "single" | "few" | "wide" | "unknown";
export type RefundLevel = "none" | "some" | "heavy" | "unknown";
export type CadenceLevel = "regular" | "variable" | "erratic" | "n/a";

export interface ArchetypeLevels {
  value: ValueLevel;
  frequency: FrequencyLevel;
  recency: RecencyLevel;
  breadth: BreadthLevel;
  refunds: RefundLevel;
  cadence: CadenceLevel;
}

/** Raw axis values of one customer. */
export interface ArchetypeAxes {
  /** Lifetime value, minor units. */
  ltv: number;
  orders: number;
  recencyDays: number;
  /** Mean distinct products per order; null when unknown. */
  breadth: number | null;
  /** Refunded / positive ordered value in [0, 1]; null when unknown. */
  refundShare: number | null;
  /** Coefficient of variation of inter-purchase gaps (days); null with fewer than 3 purchase days. */
  cadenceCv: number | null;
}

export interface ArchetypeThresholds {
  version: "archetype-v1";
  /** Two value cut points (minor units): population tertiles, nearest rank. */
  value: [number, number];
  /** Orders at which a customer is "frequent". */
  frequentFrom: number;
  /** Upper bounds (days, inclusive) of active, cooling, lapsing. */
  recencyDays: [number, number, number];
  /** Upper bounds (exclusive) of single, few: mean distinct products per order. */
  breadth: [number, number];
  /** Upper bound (inclusive) of "some" refund share. */
  refundHeavyAbove: number;
  /** Upper bounds (exclusive) of regular, variable: CV of gaps. */
  cadenceCv: [number, number];
}

export interface ArchetypeOrder {
  at: Date;
  /** Minor units. */
  amount: number;
  productIds?: readonly string[];
}

const DAY_MS = 86_400_000;

/**
 * Axis values from one customer's orders (all on or before asOf) and refunded value (minor units, or
 * undefined when the store gave no refund data). Throws RangeError when there are no orders.
 */
export function archetypeAxes(orders: readonly ArchetypeOrder[], refunded: number | undefined, asOf: Date): ArchetypeAxes {
  if (orders.length === 0) throw new RangeError("archetypeAxes: a customer needs at least one order");
  let gross = 0,
    net = 0,
    withProducts = 0,
    productSum = 0;
  const days = new Set<number>();
  for (const o of orders) {
    net += o.amount;
    if (o.amount > 0) gross += o.amount;
    days.add(Math.floor(o.at.getTime() / DAY_MS));
    if (o.productIds && o.productIds.length > 0) {
      withProducts++;
      productSum += new Set(o.productIds).size;
    }
  }
  const sortedDays = [...days].sort((a, b) => a - b);
  let cadenceCv: number | null = null;
  if (sortedDays.length >= 3) {
    const gaps = sortedDays.slice(1).map((d, i) => d - sortedDays[i]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const variance = gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / (gaps.length - 1);
    cadenceCv = Math.sqrt(variance) / mean;
  }
  const refundShare = refunded === undefined ? null : gross > 0 ? Math.min(1, Math.max(0, refunded) / gross) : refunded > 0 ? 1 : 0;
  return {
    ltv: net - (refunded ?? 0),
    orders: orders.length,
    recencyDays: Math.floor(asOf.getTime() / DAY_MS) - sortedDays[sortedDays.length - 1]!,
    breadth: withProducts > 0 ? productSum / withProducts : null,
    refundShare,
    cadenceCv,
  };
}

/** Archetype axes of every customer in columns; NaN where {@link ArchetypeAxes} has null. */
export interface ArchetypeAxisColumns {
  ltv: Float64Array;
  orders: Int32Array;
  recencyDays: Float64Array;
  breadth: Float64Array;
  refundShare: Float64Array;
  cadenceCv: Float64Array;
}

/**
 * {@link archetypeAxes} for every customer of `groups` (all orders on or before asOf, whose UTC day is
 * `asOfDay`), with the same arithmetic; the orders are read in time order. `refunded` holds each
 * customer's refunded value (minor units), or is null when the store gave no refund data.
 */
export function archetypeAxisColumns(
  groups: OrderGroups,
  orders: ReadonlyArray<{ productIds?: readonly string[] }>,
  refunded: Float64Array | null,
  asOfDay: number,
  arena: Arena = HEAP,
): ArchetypeAxisColumns {
  const n = groups.ids.length;
  const out: ArchetypeAxisColumns = {
    ltv: arena.f64(n),
    orders: arena.i32(n),
    recencyDays: arena.f64(n),
    breadth: arena.f64(n),
    refundShare: arena.f64(n),
    cadenceCv: arena.f64(n),
  };
  const { start, day, amount, source } = groups;
  for (let k = 0; k < n; k++) {
    const lo = start[k]!,
      hi = start[k + 1]!;
    let gross = 0,
      net = 0,
      withProducts = 0,
      productSum = 0,
      distinctDays = 0,
      gapSum = 0;
    for (let j = lo; j < hi; j++) {
      const a = amount[j]!;
      net += a;
      if (a > 0) gross += a;
      if (j === lo || day[j] !== day[j - 1]) {
        if (j > lo) gapSum += day[j]! - day[j - 1]!;
        distinctDays++;
      }
      const products = orders[source[j]!]!.productIds;
      if (products && products.length > 0) {
        withProducts++;
        productSum += distinctCount(products);
      }
    }
    let cadenceCv = NaN;
    if (distinctDays >= 3) {
      // As archetypeAxes: mean gap, then the sample variance summed gap by gap in day order.
      const gaps = distinctDays - 1;
      const mean = gapSum / gaps;
      let variance = 0;
      for (let j = lo + 1; j < hi; j++) if (day[j] !== day[j - 1]) variance += (day[j]! - day[j - 1]! - mean) ** 2;
      cadenceCv = Math.sqrt(variance / (gaps - 1)) / mean;
    }
    const r = refunded === null ? undefined : refunded[k];
    out.ltv[k] = net - (r ?? 0);
    out.orders[k] = hi - lo;
    out.recencyDays[k] = asOfDay - day[hi - 1]!;
    out.breadth[k] = withProducts > 0 ? productSum / withProducts : NaN;
    out.refundShare[k] = r === undefined ? NaN : gross > 0 ? Math.min(1, Math.max(0, r) / gross) : r > 0 ? 1 : 0;
    out.cadenceCv[k] = cadenceCv;
  }
  return out;
}

/** new Set(values).size without the Set for short arrays. */
function distinctCount(values: readonly string[]): number {
  if (values.length > 16) return new Set(values).size;
  let count = 0;
  outer: for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < i; j++) if (values[j] === values[i]) continue outer;
    count++;
  }
  return count;
}

/**
 * Thresholds for a population: value tertiles from the population's LTVs, the rest fixed defaults
 * (overridable). Throws RangeError for an empty population.
 */
export function archetypeThresholds(
  population: ReadonlyArray<Pick<ArchetypeAxes, "ltv">>,
  overrides: Partial<Omit<ArchetypeThresholds, "version" | "value">> = {},
): ArchetypeThresholds {
  return archetypeThresholdsFromValueCuts(
    nearestRankCuts(
      population.map((p) => p.ltv),
      3,
    ) as [number, number],
    overrides,
  );
}

/** {@link archetypeThresholds} with the value tertiles already computed (e.g. from a sorted LTV column). */
export function archetypeThresholdsFromValueCuts(
  [c1, c2]: [number, number],
  overrides: Partial<Omit<ArchetypeThresholds, "version" | "value">> = {},
): ArchetypeThresholds {
  return {
    version: "archetype-v1",
    value: [c1, c2],
    frequentFrom: overrides.frequentFrom ?? 5,
    recencyDays: overrides.recencyDays ?? [30, 90, 180],
    breadth: overrides.breadth ?? [1.5, 3],
    refundHeavyAbove: overrides.refundHeavyAbove ?? 0.2,
    cadenceCv: overrides.cadenceCv ?? [0.5, 1],
  };
}

/** Levels of one customer's axes under stored thresholds. */
export function archetypeLevels(th: ArchetypeThresholds, axes: ArchetypeAxes): ArchetypeLevels {
  return archetypeLevelsOfCode(archetypeCode(th, axes.ltv, axes.orders, axes.recencyDays, axes.breadth ?? NaN, axes.refundShare ?? NaN, axes.cadenceCv ?? NaN));
}

const VALUE_LEVELS: readonly ValueLevel[] = ["low", "mid", "high"];
const FREQUENCY_LEVELS: readonly FrequencyLevel[] = ["one-time", "repeat", "frequent"];
const RECENCY_LEVELS: readonly RecencyLevel[] = ["active", "cooling", "lapsing", "dormant"];
const BREADTH_LEVELS: readonly BreadthLevel[] = ["single", "few", "wide", "unknown"];
const REFUND_LEVELS: readonly RefundLevel[] = ["none", "some", "heavy", "unknown"];
const CADENCE_LEVELS: readonly CadenceLevel[] = ["regular", "variable", "erratic", "n/a"];

/** Number of distinct level codes (3 · 3 · 4 · 4 · 4 · 4). */
export const ARCHETYPE_CODES = 2304;

/**
 * The six levels packed into one integer in [0, {@link ARCHETYPE_CODES}) — the same rules as
 * {@link archetypeLevels}, on plain numbers (NaN = unknown / n/a), so a million customers need no
 * per-customer objects. Decode with {@link archetypeLevelsOfCode}.
 */
export function archetypeCode(
  th: ArchetypeThresholds,
  ltv: number,
  orders: number,
  recencyDays: number,
  breadth: number,
  refundShare: number,
  cadenceCv: number,
): number {
  const value = ltv <= th.value[0] ? 0 : ltv <= th.value[1] ? 1 : 2;
  const frequency = orders <= 1 ? 0 : orders < th.frequentFrom ? 1 : 2;
  const [r1, r2, r3] = th.recencyDays;
  const recency = recencyDays <= r1 ? 0 : recencyDays <= r2 ? 1 : recencyDays <= r3 ? 2 : 3;
  const br = Number.isNaN(breadth) ? 3 : breadth < th.breadth[0] ? 0 : breadth < th.breadth[1] ? 1 : 2;
  const refunds = Number.isNaN(refundShare) ? 3 : refundShare === 0 ? 0 : refundShare <= th.refundHeavyAbove ? 1 : 2;
  const cadence = Number.isNaN(cadenceCv) ? 3 : cadenceCv < th.cadenceCv[0] ? 0 : cadenceCv < th.cadenceCv[1] ? 1 : 2;
  return ((((value * 3 + frequency) * 4 + recency) * 4 + br) * 4 + refunds) * 4 + cadence;
}

/** Levels of a code from {@link archetypeCode}. */
export function archetypeLevelsOfCode(code: number): ArchetypeLevels {
  const cadence = code % 4,
    c1 = (code - cadence) / 4;
  const refunds = c1 % 4,
    c2 = (c1 - refunds) / 4;
  const breadth = c2 % 4,
    c3 = (c2 - breadth) / 4;
  const recency = c3 % 4,
    c4 = (c3 - recency) / 4;
  const frequency = c4 % 3,
    value = (c4 - frequency) / 3;
  return {
    value: VALUE_LEVELS[value]!,
    frequency: FREQUENCY_LEVELS[frequency]!,
    recency: RECENCY_LEVELS[recency]!,
    breadth: BREADTH_LEVELS[breadth]!,
    refunds: REFUND_LEVELS[refunds]!,
    cadence: CADENCE_LEVELS[cadence]!,
  };
}

/** Canonical tuple string, in fixed axis order: the hash input. Changing it changes every id. */
export function archetypeKey(levels: ArchetypeLevels): string {
  return `v1|value=${levels.value}|frequency=${levels.frequency}|recency=${levels.recency}|breadth=${levels.breadth}|refunds=${levels.refunds}|cadence=${levels.cadence}`;
}

const idCache = new Map<string, string>();

/** "arch_" + first 8 hex digits of SHA-256 of {@link archetypeKey} (src/lib/hash.ts; runs in Workers). */
export function archetypeId(levels: ArchetypeLevels): string {
  const key = archetypeKey(levels);
  let id = idCache.get(key);
  if (id === undefined) {
    id = `arch_${sha256Hex(key).slice(0, 8)}`;
    idCache.set(key, id);
  }
  return id;
}

const FREQUENCY_WORD: Record<FrequencyLevel, string> = { "one-time": "one-time", repeat: "repeat", frequent: "frequent" };
const CADENCE_WORD: Record<CadenceLevel, string> = { regular: "regular ", variable: "variable ", erratic: "erratic ", "n/a": "" };
const BREADTH_WORD: Record<BreadthLevel, string> = { single: "single-item baskets", few: "small baskets", wide: "wide baskets", unknown: "basket unknown" };
const REFUND_WORD: Record<RefundLevel, string> = { none: "no refunds", some: "some refunds", heavy: "heavy refunds", unknown: "refunds unknown" };

/** Human label, e.g. "High-value frequent regular buyer (active; wide baskets; no refunds)". */
export function archetypeLabel(levels: ArchetypeLevels): string {
  const value = levels.value[0]!.toUpperCase() + levels.value.slice(1);
  return `${value}-value ${FREQUENCY_WORD[levels.frequency]} ${CADENCE_WORD[levels.cadence]}buyer (${levels.recency}; ${BREADTH_WORD[levels.breadth]}; ${REFUND_WORD[levels.refunds]})`;
}

export interface Archetype {
  id: string;
  label: string;
  levels: ArchetypeLevels;
}

/** Archetype of one customer under stored thresholds. */
export function assignArchetype(th: ArchetypeThresholds, axes: ArchetypeAxes): Archetype {
  const levels = archetypeLevels(th, axes);
  return { id: archetypeId(levels), label: archetypeLabel(levels), levels };
}

export interface ArchetypeStat {
  id: string;
  label: string;
  levels: ArchetypeLevels;
  count: number;
  /** count / all members. */
  share: number;
  /** Mean LTV, minor units. */
  averageLtv: number;
  /** Mean churn risk over members that have one; null when none has. */
  averageChurnRisk: number | null;
}

/**
 * Per-archetype count, share, mean LTV (minor units) and mean churn risk, sorted by count
 * (descending) then id. Members without a churn risk (unscored) count everywhere except that mean.
 */
export function archetypeStats(members: ReadonlyArray<{ archetype: Archetype; ltv: number; churnRisk: number | null }>): ArchetypeStat[] {
  const acc = new Map<string, ArchetypeAccumulator>();
  for (const m of members) {
    let s = acc.get(m.archetype.id);
    if (!s) acc.set(m.archetype.id, (s = { a: m.archetype, n: 0, ltv: 0, risk: 0, nRisk: 0 }));
    s.n++;
    s.ltv += m.ltv;
    if (m.churnRisk !== null) {
      s.risk += m.churnRisk;
      s.nRisk++;
    }
  }
  return archetypeStatsOf([...acc.values()], members.length);
}

/** Running totals of one archetype's members (sums in member order). */
export interface ArchetypeAccumulator {
  a: Archetype;
  n: number;
  ltv: number;
  risk: number;
  nRisk: number;
}

/** The {@link archetypeStats} rows of accumulated totals over `members` members in all. */
export function archetypeStatsOf(accumulators: readonly ArchetypeAccumulator[], members: number): ArchetypeStat[] {
  return accumulators
    .map((s) => ({
      id: s.a.id,
      label: s.a.label,
      levels: s.a.levels,
      count: s.n,
      share: s.n / members,
      averageLtv: s.ltv / s.n,
      averageChurnRisk: s.nRisk > 0 ? s.risk / s.nRisk : null,
    }))
    .sort((p, q) => q.count - p.count || (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
}
