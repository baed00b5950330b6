/**
 * The hand-over eval gates CI: recall >= 0.98 and precision >= 0.9 per category and per language,
 * on the tuning cases and on the held-out cases (written before the detector, never tuned on).
 */
import { describe, expect, it } from "vitest";
import { formatHandover, HANDOVER_GATES, handoverSuite, meetsGates, precision, readHandoverCases, recall, scoreHandover } from "../../evals/handover";
import { HANDOVER_CATEGORIES } from "../../src/handover/types";

const tuning = readHandoverCases("tuning");
const holdout = readHandoverCases("holdout");
const holdout2 = readHandoverCases("holdout2");

describe("handover eval", () => {
  it("has at least 150 positive cases and 300 hard negatives, across every category and the five languages", () => {
    const all = [...tuning, ...holdout, ...holdout2];
    expect(all.filter((c) => c.expect.length).length).toBeGreaterThanOrEqual(150);
    expect(all.filter((c) => !c.expect.length).length).toBeGreaterThanOrEqual(300);
    for (const cat of HANDOVER_CATEGORIES)
      for (const lang of ["en", "es", "fr", "de", "pt"])
        expect(
          all.some((c) => c.lang === lang && c.expect.includes(cat)),
          `${cat} in ${lang}`,
        ).toBe(true);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
  });

  it("meets the gates on the held-out cases", () => {
    const s = scoreHandover(holdout);
    expect(meetsGates(s), formatHandover("holdout", s)).toBe(true);
  });

  it("meets the gates on the second held-out set", () => {
    const s = scoreHandover(holdout2);
    expect(meetsGates(s), formatHandover("holdout2", s)).toBe(true);
  });

  it("meets the gates on the tuning cases", () => {
    const s = scoreHandover(tuning);
    expect(meetsGates(s), formatHandover("tuning", s)).toBe(true);
  });

  it("is the suite npm run evals reports", () => {
    const r = handoverSuite();
    expect(r.ok, r.extra).toBe(true);
    expect(r.cases).toBe(tuning.length + holdout.length + holdout2.length);
  });

  it("fails a detector that misses a category or fires on everything (the gates can fail)", () => {
    const misses = scoreHandover(holdout, () => []);
    expect(recall(misses.overall)).toBe(0);
    expect(meetsGates(misses)).toBe(false);
    const noisy = scoreHandover(holdout, () => [...HANDOVER_CATEGORIES]);
    expect(precision(noisy.overall)).toBeLessThan(HANDOVER_GATES.precision);
    expect(meetsGates(noisy)).toBe(false);
  });
});
