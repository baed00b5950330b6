import { describe, expect, it } from "vitest";
import { RFM_SEGMENTS, rfmCutPoints, rfmScore, rfmSegment } from "../../src/scoring/rfm";
import { rfmSegmentRulesFor } from "../../src/scoring/rfm";

describe("RFM segment map", () => {
  it("maps each of the 125 (R, F, M) cells to exactly one segment and uses every segment", () => {
    const used = new Set<string>();
    let cells = 0;
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++) {
          const rules = rfmSegmentRulesFor(r, f, m);
          expect(rules, `${r}-${f}-${m}`).toHaveLength(1);
          used.add(rfmSegment(r, f, m));
          cells++;
        }
    expect(cells).toBe(125);
    expect([...used].sort()).toEqual([...RFM_SEGMENTS].sort());
    expect(RFM_SEGMENTS).toHaveLength(11);
  });

  it("puts the best cell in Champions and the worst in Lost", () => {
    expect(rfmSegment(5, 5, 5)).toBe("Champions");
    expect(rfmSegment(1, 1, 1)).toBe("Lost");
    expect(rfmSegment(1, 5, 5)).toBe("Can't Lose Them");
    expect(rfmSegment(5, 1, 1)).toBe("New");
    expect(() => rfmSegment(0, 1, 1)).toThrow(RangeError);
  });
});

describe("RFM scores", () => {
  const population = Array.from({ length: 10 }, (_, i) => ({ recencyDays: (i + 1) * 10, frequency: i + 1, monetary: (i + 1) * 1000 }));

  it("computes nearest-rank quintile cut points", () => {
    const cuts = rfmCutPoints(population);
    expect(cuts.frequency).toEqual([2, 4, 6, 8]);
    expect(cuts.recency).toEqual([20, 40, 60, 80]);
    expect(cuts.monetary).toEqual([2000, 4000, 6000, 8000]);
  });

  it("scores recency reversed: the most recent customer gets 5, the least recent 1", () => {
    const cuts = rfmCutPoints(population);
    expect(rfmScore(cuts, population[0]!).r).toBe(5);
    expect(rfmScore(cuts, population[9]!).r).toBe(1);
    expect(rfmScore(cuts, population[9]!).f).toBe(5);
    expect(rfmScore(cuts, population[0]!).f).toBe(1);
  });

  it("scores a later customer against stored cut points, including values outside the population", () => {
    const cuts = JSON.parse(JSON.stringify(rfmCutPoints(population)));
    const s = rfmScore(cuts, { recencyDays: 0, frequency: 1000, monetary: 5000 });
    expect(s).toEqual({ r: 5, f: 5, m: 3, score: "5-5-3", segment: "Champions" });
  });

  it("gives equal values equal scores whatever the input order", () => {
    const ties = [5, 1, 1, 1, 1, 1, 1, 2, 3, 9].map((f, i) => ({ recencyDays: i, frequency: f, monetary: 100 }));
    const a = rfmCutPoints(ties);
    const b = rfmCutPoints(ties.slice().reverse());
    expect(b).toEqual(a);
    const ones = ties.filter((t) => t.frequency === 1).map((t) => rfmScore(a, t).f);
    expect(new Set(ones).size).toBe(1);
    // All monetary values equal: every cut is 100 and every customer scores 1.
    expect(new Set(ties.map((t) => rfmScore(a, t).m))).toEqual(new Set([1]));
  });

  it("refuses an empty population", () => {
    expect(() => rfmCutPoints([])).toThrow(RangeError);
  });
});
