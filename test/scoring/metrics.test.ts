import { describe, expect, it } from "vitest";
import { applyIsotonic, applyPlatt, fitIsotonic, fitPlatt } from "../../src/scoring/calibration";
import { auc, brier, calibrationTable, meanAbsoluteError } from "../../src/scoring/metrics";

describe("auc", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, and counts ties as half", () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // pairs (pos, neg): (0.4 vs 0.1) win, (0.4 vs 0.4) tie, (0.8 vs 0.1) win, (0.8 vs 0.4) win → 3.5/4
    expect(auc([0.1, 0.4, 0.4, 0.8], [0, 0, 1, 1])).toBe(0.875);
  });
  it("is null when only one class is present", () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
  });
});

describe("brier and MAE", () => {
  it("are the mean squared and mean absolute errors", () => {
    expect(brier([0.9, 0.2, 0.5], [1, 0, 1])).toBeCloseTo((0.01 + 0.04 + 0.25) / 3, 15);
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 0])).toBeCloseTo(4 / 3, 15);
    expect(brier([], [])).toBeNull();
    expect(() => brier([1], [])).toThrow(RangeError);
  });
});

describe("calibrationTable", () => {
  it("splits predictions into equal-count bins in predicted order", () => {
    const pred = [0.9, 0.1, 0.2, 0.8, 0.3, 0.7];
    const obs = [1, 0, 0, 1, 1, 0];
    const t = calibrationTable(pred, obs, 3);
    expect(t.map((b) => b.count)).toEqual([2, 2, 2]);
    expect(t[0]!.meanPredicted).toBeCloseTo(0.15, 15);
    expect(t[1]).toMatchObject({ observedRate: 0.5, minPredicted: 0.3, maxPredicted: 0.7 });
    expect(t[2]!.observedRate).toBe(1);
  });
});

describe("isotonic regression", () => {
  it("pools adjacent violators into their mean", () => {
    const cal = fitIsotonic([1, 2, 3, 4, 5], [1, 3, 2, 4, 3.5]);
    expect([1, 2, 3, 4, 5].map((x) => applyIsotonic(cal, x))).toEqual([1, 2.5, 2.5, 3.75, 3.75]);
  });
  it("pools equal x first, interpolates between blocks and clips outside", () => {
    const cal = fitIsotonic([0, 0, 1, 2], [0, 1, 1, 1]);
    expect(applyIsotonic(cal, 0)).toBe(0.5);
    expect(applyIsotonic(cal, 0.5)).toBe(0.75);
    expect(applyIsotonic(cal, 1.5)).toBe(1);
    expect(applyIsotonic(cal, -3)).toBe(0.5);
    expect(applyIsotonic(cal, 9)).toBe(1);
  });
});

describe("Platt scaling", () => {
  it("fits an increasing sigmoid on separable-ish scores and stays inside (0, 1)", () => {
    const scores = [-2, -1, -0.5, 0, 0.5, 1, 2, 3];
    const labels = [0, 0, 1, 0, 1, 0, 1, 1];
    const cal = fitPlatt(scores, labels);
    expect(cal.A).toBeLessThan(0);
    const p = scores.map((s) => applyPlatt(cal, s));
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThan(p[i - 1]!);
    expect(p[0]).toBeGreaterThan(0);
    expect(p[p.length - 1]).toBeLessThan(1);
  });
  it("gives Platt's smoothed base rate when scores carry no information", () => {
    const cal = fitPlatt([0, 0, 0, 0], [1, 0, 0, 0]);
    // All scores equal: only B matters; optimum is the mean smoothed target (2/3 + 3·1/5)/4.
    expect(applyPlatt(cal, 0)).toBeCloseTo((2 / 3 + 3 / 5) / 4, 6);
  });
});
