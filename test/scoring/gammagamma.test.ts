import { describe, expect, it } from "vitest";
import { expectedPurchases } from "../../src/scoring/bgnbd";
import { clv, expectedAverageOrderValue, fitGammaGamma, gammaGammaLogLikelihoodAndGradient, gammaGammaRowLogLikelihood } from "../../src/scoring/gammagamma";
import { loadPublishedSummary } from "./cdnow";

describe("Gamma-Gamma", () => {
  it("recovers the published CDNOW spend parameters on the 946 repeat buyers", () => {
    const rows = loadPublishedSummary().map((r) => ({ x: r.x, monetary: r.zbar }));
    const fit = fitGammaGamma(rows);
    expect(fit.used).toBe(946);
    expect(fit.converged).toBe(true);
    const expected = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const k of ["p", "q", "gamma"] as const) expect(Math.abs(fit.params[k] / expected[k] - 1), k).toBeLessThan(0.005);
  });

  it("has an analytic gradient that matches finite differences", () => {
    const rows = loadPublishedSummary()
      .filter((r) => r.x > 0)
      .map((r) => ({ x: r.x, monetary: r.zbar }));
    const params = { p: 5, q: 3, gamma: 12 };
    const { gradient } = gammaGammaLogLikelihoodAndGradient(params, rows);
    const total = (pp: typeof params) => rows.reduce((s, r) => s + gammaGammaRowLogLikelihood(pp, r.x, r.monetary), 0);
    (["p", "q", "gamma"] as const).forEach((k, i) => {
      const h = 1e-6;
      const fd = (total({ ...params, [k]: params[k] * Math.exp(h) }) - total({ ...params, [k]: params[k] * Math.exp(-h) })) / (2 * h);
      expect(Math.abs(gradient[i]! - fd) / Math.max(1, Math.abs(fd)), k).toBeLessThan(1e-6);
    });
  });

  it("shrinks a customer's mean spend towards the population mean, less so with more purchases", () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (params.p * params.gamma) / (params.q - 1);
    expect(expectedAverageOrderValue(params, 0, 0)).toBeCloseTo(population, 12);
    const one = expectedAverageOrderValue(params, 1, 100);
    const ten = expectedAverageOrderValue(params, 10, 100);
    expect(one).toBeGreaterThan(population);
    expect(ten).toBeGreaterThan(one);
    expect(ten).toBeLessThan(100);
    // A non-positive mean spend carries no information: the population mean.
    expect(expectedAverageOrderValue(params, 3, -5)).toBeCloseTo(population, 12);
    expect(() => expectedAverageOrderValue({ ...params, q: 0.9 }, 1, 10)).toThrow(RangeError);
  });

  it("skips non-repeat and non-positive rows and reports too little data without throwing", () => {
    const fit = fitGammaGamma([
      { x: 0, monetary: 0 },
      { x: 2, monetary: -3 },
      { x: 1, monetary: 10 },
    ]);
    expect(fit.converged).toBe(false);
    expect(fit.used).toBe(1);
  });

  it("computes CLV as the discounted sum of monthly expected purchases times AOV", () => {
    const bg = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    const monthLength = 4.345; // weeks per month
    const got = clv(bg, 50, 2, 30.43, 38.86, { months: 3, monthlyDiscountRate: 0.01, monthLength });
    let want = 0;
    for (let i = 1; i <= 3; i++) {
      const inc = expectedPurchases(bg, i * monthLength, 2, 30.43, 38.86) - expectedPurchases(bg, (i - 1) * monthLength, 2, 30.43, 38.86);
      want += (50 * inc) / 1.01 ** i;
    }
    expect(got).toBeCloseTo(want, 10);
    // Undiscounted 12 months = AOV × expected purchases over 12 months.
    expect(clv(bg, 50, 2, 30.43, 38.86, { months: 12, monthlyDiscountRate: 0, monthLength })).toBeCloseTo(
      50 * expectedPurchases(bg, 12 * monthLength, 2, 30.43, 38.86),
      10,
    );
    expect(() => clv(bg, 50, 2, 30, 38, { months: 1.5, monthlyDiscountRate: 0, monthLength })).toThrow(RangeError);
  });
});
