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
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { nearestRankCuts } from "./rfm";

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
  let gross = 0, net = 0, withProducts = 0, productSum = 0;
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
    const gaps = sortedDays.slice(1).map((d, i) => d - sortedDays[i]);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const variance = gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / (gaps.length - 1);
    cadenceCv = Math.sqrt(variance) / mean;
  }
  const refundShare = refunded === undefined ? null : gross > 0 ? Math.min(1, Math.max(0, refunded) / gross) : refunded > 0 ? 1 : 0;
  return {
    ltv: net - (refunded ?? 0),
    orders: orders.length,
    recencyDays: Math.floor(asOf.getTime() / DAY_MS) - sortedDays[sortedDays.length - 1],
    breadth: withProducts > 0 ? productSum / withProducts : null,
    refundShare,
    cadenceCv,
  };
}

/**
 * Thresholds for a population: value tertiles from the population's LTVs, the rest fixed defaults
 * (overridable). Throws RangeError for an empty population.
 */
export function archetypeThresholds(
  population: ReadonlyArray<Pick<ArchetypeAxes, "ltv">>,
  overrides: Partial<Omit<ArchetypeThresholds, "version" | "value">> = {},
): ArchetypeThresholds {
  const [c1, c2] = nearestRankCuts(population.map((p) => p.ltv), 3);
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
  const value: ValueLevel = axes.ltv <= th.value[0] ? "low" : axes.ltv <= th.value[1] ? "mid" : "high";
  const frequency: FrequencyLevel = axes.orders <= 1 ? "one-time" : axes.orders < th.frequentFrom ? "repeat" : "frequent";
  const [r1, r2, r3] = th.recencyDays;
  const recency: RecencyLevel = axes.recencyDays <= r1 ? "active" : axes.recencyDays <= r2 ? "cooling" : axes.recencyDays <= r3 ? "lapsing" : "dormant";
  const breadth: BreadthLevel = axes.breadth === null ? "unknown" : axes.breadth < th.breadth[0] ? "single" : axes.breadth < th.breadth[1] ? "few" : "wide";
  const refunds: RefundLevel = axes.refundShare === null ? "unknown" : axes.refundShare === 0 ? "none" : axes.refundShare <= th.refundHeavyAbove ? "some" : "heavy";
  const cadence: CadenceLevel = axes.cadenceCv === null ? "n/a" : axes.cadenceCv < th.cadenceCv[0] ? "regular" : axes.cadenceCv < th.cadenceCv[1] ? "variable" : "erratic";
  return { value, frequency, recency, breadth, refunds, cadence };
}

/** Canonical tuple string, in fixed axis order: the hash input. Changing it changes every id. */
export function archetypeKey(levels: ArchetypeLevels): string {
  return `v1|value=${levels.value}|frequency=${levels.frequency}|recency=${levels.recency}|breadth=${levels.breadth}|refunds=${levels.refunds}|cadence=${levels.cadence}`;
}

const idCache = new Map<string, string>();

/** "arch_" + first 8 hex digits of SHA-256 of {@link archetypeKey} (pure-JS @noble/hashes; runs in Workers). */
export function archetypeId(levels: ArchetypeLevels): string {
  const key = archetypeKey(levels);
  let id = idCache.get(key);
  if (id === undefined) {
    id = "arch_" + bytesToHex(sha256(utf8ToBytes(key))).slice(0, 8);
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
  const value = levels.value[0].toUpperCase() + levels.value.slice(1);
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
  const acc = new Map<string, { a: Archetype; n: number; ltv: number; risk: number; nRisk: number }>();
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
  return [...acc.values()]
    .map((s) => ({
      id: s.a.id, label: s.a.label, levels: s.a.levels, count: s.n, share: s.n / members.length,
      averageLtv: s.ltv / s.n, averageChurnRisk: s.nRisk > 0 ? s.risk / s.nRisk : null,
    }))
    .sort((p, q) => q.count - p.count || (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
}
