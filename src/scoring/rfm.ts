/**
 * RFM quintile scores and named segments.
 *
 * Scores are value-based: a population fixes four cut points per axis, and any customer (from that
 * population or scored later against stored cut points) gets the score of the interval its value
 * falls in. Equal values therefore always get equal scores; no tie-break by id is needed, and
 * scoring is independent of input order. Cut points use the nearest-rank quantile
 * (Hyndman & Fan type 1): with ascending values v₁ ≤ … ≤ vₙ, cut_j = v_⌈j·n/5⌉ for j = 1..4.
 * For frequency and monetary, score = 1 + #{j : value > cut_j}; for recency (days since the last
 * purchase, lower is better) score = 5 − #{j : value > cut_j}. When many customers share a value
 * (e.g. one order) several cut points coincide and some scores are unused: that is the price of
 * equal-value-equal-score.
 */
export interface RfmValues {
  /** Days since the last purchase (UTC calendar days, asOf day − last purchase day). */
  recencyDays: number;
  /** Number of orders. */
  frequency: number;
  /** Lifetime value in minor units. */
  monetary: number;
}

export interface RfmCutPoints {
  method: "nearest-rank-quintile-v1";
  recency: number[];
  frequency: number[];
  monetary: number[];
}

export type RfmSegment =
  | "Champions"
  | "Loyal"
  | "Potential Loyalist"
  | "New"
  | "Promising"
  | "Need Attention"
  | "About to Sleep"
  | "At Risk"
  | "Can't Lose Them"
  | "Hibernating"
  | "Lost";

export interface RfmScore {
  r: number;
  f: number;
  m: number;
  /** "r-f-m", e.g. "5-4-3". */
  score: string;
  segment: RfmSegment;
}

/**
 * Nearest-rank quantile cut points splitting `values` into `groups` groups: cut_j = v_⌈j·n/groups⌉
 * of the ascending values, j = 1..groups−1. Throws RangeError on an empty input or a non-finite value.
 */
export function nearestRankCuts(values: ArrayLike<number>, groups: number): number[] {
  if (values.length === 0) throw new RangeError("cut points need at least one value");
  return nearestRankCutsOfSorted(Float64Array.from(values).sort(), groups);
}

/** {@link nearestRankCuts} of values already sorted ascending (a typed-array sort puts NaN last). */
export function nearestRankCutsOfSorted(v: Float64Array, groups: number): number[] {
  if (v.length === 0) throw new RangeError("cut points need at least one value");
  if (!Number.isFinite(v[0]) || !Number.isFinite(v[v.length - 1])) throw new RangeError("cut points need finite values");
  const cuts: number[] = [];
  for (let j = 1; j < groups; j++) cuts.push(v[Math.ceil((j * v.length) / groups) - 1]!);
  return cuts;
}

function countAbove(value: number, cuts: readonly number[]): number {
  let n = 0;
  for (const c of cuts) if (value > c) n++;
  return n;
}

/** Quintile cut points of a population (see module doc). Throws RangeError for an empty population. */
export function rfmCutPoints(population: readonly RfmValues[]): RfmCutPoints {
  return {
    method: "nearest-rank-quintile-v1",
    recency: nearestRankCuts(
      population.map((p) => p.recencyDays),
      5,
    ),
    frequency: nearestRankCuts(
      population.map((p) => p.frequency),
      5,
    ),
    monetary: nearestRankCuts(
      population.map((p) => p.monetary),
      5,
    ),
  };
}

/** Scores one customer against stored cut points; recency reversed (more recent = higher score). */
export function rfmScore(cutPoints: RfmCutPoints, values: RfmValues): RfmScore {
  return rfmScoreOfCode(rfmCode(cutPoints, values.recencyDays, values.frequency, values.monetary));
}

/** (R, F, M) against stored cut points packed as 25(R−1) + 5(F−1) + (M−1), in [0, 125). */
export function rfmCode(cutPoints: RfmCutPoints, recencyDays: number, frequency: number, monetary: number): number {
  const r = 5 - countAbove(recencyDays, cutPoints.recency);
  const f = 1 + countAbove(frequency, cutPoints.frequency);
  const m = 1 + countAbove(monetary, cutPoints.monetary);
  return (r - 1) * 25 + (f - 1) * 5 + (m - 1);
}

/** The {@link RfmScore} of a code from {@link rfmCode}. */
export function rfmScoreOfCode(code: number): RfmScore {
  const m = (code % 5) + 1,
    f = (Math.floor(code / 5) % 5) + 1,
    r = Math.floor(code / 25) + 1;
  return { r, f, m, score: `${r}-${f}-${m}`, segment: rfmSegment(r, f, m) };
}

/**
 * The segment map, on R and FM = ⌈(F + M) / 2⌉ (so all 125 (R, F, M) cells are covered through the
 * 25 (R, FM) cells). Each rule is a rectangle of (R, FM) cells; the rectangles partition the grid
 * (a test checks every cell is hit exactly once and every segment is used):
 *
 * | R \ FM | 1              | 2                  | 3                  | 4               | 5               |
 * |--------|----------------|--------------------|--------------------|-----------------|-----------------|
 * | 5      | New            | Potential Loyalist | Potential Loyalist | Champions       | Champions       |
 * | 4      | Promising      | Potential Loyalist | Loyal              | Champions       | Champions       |
 * | 3      | About to Sleep | Need Attention     | Need Attention     | Loyal           | Loyal           |
 * | 2      | Hibernating    | About to Sleep     | At Risk            | At Risk         | Can't Lose Them |
 * | 1      | Lost           | Hibernating        | At Risk            | Can't Lose Them | Can't Lose Them |
 */
export const RFM_SEGMENT_RULES: ReadonlyArray<{ segment: RfmSegment; r: [number, number]; fm: [number, number] }> = [
  { segment: "Champions", r: [4, 5], fm: [4, 5] },
  { segment: "Loyal", r: [3, 3], fm: [4, 5] },
  { segment: "Loyal", r: [4, 4], fm: [3, 3] },
  { segment: "Potential Loyalist", r: [5, 5], fm: [2, 3] },
  { segment: "Potential Loyalist", r: [4, 4], fm: [2, 2] },
  { segment: "New", r: [5, 5], fm: [1, 1] },
  { segment: "Promising", r: [4, 4], fm: [1, 1] },
  { segment: "Need Attention", r: [3, 3], fm: [2, 3] },
  { segment: "About to Sleep", r: [3, 3], fm: [1, 1] },
  { segment: "About to Sleep", r: [2, 2], fm: [2, 2] },
  { segment: "At Risk", r: [1, 2], fm: [3, 3] },
  { segment: "At Risk", r: [2, 2], fm: [4, 4] },
  { segment: "Can't Lose Them", r: [2, 2], fm: [5, 5] },
  { segment: "Can't Lose Them", r: [1, 1], fm: [4, 5] },
  { segment: "Hibernating", r: [2, 2], fm: [1, 1] },
  { segment: "Hibernating", r: [1, 1], fm: [2, 2] },
  { segment: "Lost", r: [1, 1], fm: [1, 1] },
];

export const RFM_SEGMENTS: readonly RfmSegment[] = [
  "Champions",
  "Loyal",
  "Potential Loyalist",
  "New",
  "Promising",
  "Need Attention",
  "About to Sleep",
  "At Risk",
  "Can't Lose Them",
  "Hibernating",
  "Lost",
];

/** Rules matching an (R, F, M) cell; exactly one for every valid cell. */
export function rfmSegmentRulesFor(r: number, f: number, m: number) {
  const fm = Math.ceil((f + m) / 2);
  return RFM_SEGMENT_RULES.filter((rule) => r >= rule.r[0] && r <= rule.r[1] && fm >= rule.fm[0] && fm <= rule.fm[1]);
}

/** Segment of scores r, f, m ∈ {1..5}. Throws RangeError outside that range. */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  for (const s of [r, f, m]) if (!Number.isInteger(s) || s < 1 || s > 5) throw new RangeError(`RFM scores must be integers 1-5, got ${r}-${f}-${m}`);
  return rfmSegmentRulesFor(r, f, m)[0]!.segment;
}
