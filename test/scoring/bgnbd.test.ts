import { describe, expect, it } from "vitest";
import {
  bgnbdLogLikelihood,
  bgnbdLogLikelihoodAndGradient,
  bgnbdRowLogLikelihood,
  expectedPurchases,
  expectedPurchasesUnconditional,
  fitBgNbd,
  pAlive,
  probNoPurchase,
  type BgNbdParams,
} from "../../src/scoring/bgnbd";
import { collapse, summarize } from "../../src/scoring/summary";
import { CDNOW_AS_OF, loadCdnowSample } from "./cdnow";

const cdnowRows = () => collapse(summarize(loadCdnowSample(), CDNOW_AS_OF, "weeks").customers);
const PUBLISHED: BgNbdParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };

describe("BG/NBD fit", () => {
  it("recovers the published CDNOW parameters and log-likelihood", () => {
    const fit = fitBgNbd(cdnowRows());
    expect(fit.converged).toBe(true);
    const expected = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
    for (const k of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit.params[k] / expected[k] - 1), k).toBeLessThan(0.005);
    }
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThanOrEqual(0.01);
    expect(fit.gradientNorm).toBeLessThan(1e-8);
  });

  it("gives the same total log-likelihood on collapsed rows as on one row per customer", () => {
    const customers = summarize(loadCdnowSample(), CDNOW_AS_OF, "weeks").customers;
    expect(bgnbdLogLikelihood(PUBLISHED, collapse(customers))).toBeCloseTo(bgnbdLogLikelihood(PUBLISHED, customers), 8);
  });

  it("reports non-convergence instead of throwing when given one iteration", () => {
    const fit = fitBgNbd(cdnowRows(), { maxIterations: 1 });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(1);
    expect(fit.message).toMatch(/maximum iterations/);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  it("refuses to call unidentifiable data converged", () => {
    expect(fitBgNbd([]).converged).toBe(false);
    expect(fitBgNbd([{ x: 0, t_x: 0, T: 0, weight: 5 }]).message).toMatch(/T > 0/);
    expect(fitBgNbd([{ x: 0, t_x: 0, T: 10, weight: 5 }]).message).toMatch(/no repeat/);
  });
});

describe("BG/NBD log-likelihood", () => {
  const p = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  it("matches Hardie note 027 for x = 0, t_x = 0, T = 40", () => {
    expect(Math.abs(bgnbdRowLogLikelihood(p, 0, 0, 40) - -0.59947382)).toBeLessThan(1e-6);
  });
  it("matches Hardie note 027 for x = 200, t_x = 38, T = 40 to its printed precision", () => {
    // Printed as 100.7957 (4 decimals); PyMC-Marketing compares at that precision too.
    expect(Math.abs(bgnbdRowLogLikelihood(p, 200, 38, 40) - 100.7957)).toBeLessThan(5e-5);
  });

  it("has an analytic gradient that matches central finite differences", () => {
    const rows = cdnowRows();
    const params = { r: 0.3, alpha: 5, a: 0.9, b: 2.1 };
    const { gradient } = bgnbdLogLikelihoodAndGradient(params, rows);
    const keys = ["r", "alpha", "a", "b"] as const;
    keys.forEach((k, i) => {
      const h = 1e-6;
      const up = { ...params, [k]: params[k] * Math.exp(h) };
      const down = { ...params, [k]: params[k] * Math.exp(-h) };
      const fd = (bgnbdLogLikelihood(up, rows) - bgnbdLogLikelihood(down, rows)) / (2 * h);
      expect(Math.abs(gradient[i]! - fd) / Math.max(1, Math.abs(fd)), k).toBeLessThan(1e-6);
    });
  });

  it("is 0 (probability 1) for a customer seen on the as-of day only, not NaN", () => {
    expect(bgnbdRowLogLikelihood(p, 0, 0, 0)).toBeCloseTo(0, 14);
  });

  it("rejects impossible rows", () => {
    expect(() => bgnbdRowLogLikelihood(p, 1, 5, 4)).toThrow(RangeError);
    expect(() => bgnbdRowLogLikelihood(p, 0, 2, 4)).toThrow(RangeError);
    expect(() => bgnbdRowLogLikelihood(p, 1.5, 2, 4)).toThrow(RangeError);
  });
});

describe("BG/NBD predictions", () => {
  it("gives 1.226 expected purchases for x=2, t_x=30.43, T=38.86 over 39 weeks (FHL 2005)", () => {
    expect(Math.abs(expectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThanOrEqual(0.001);
  });

  it("gives an unconditional E[X(t)] that starts at rate r/α and grows concavely", () => {
    const t = 1e-4;
    expect(expectedPurchasesUnconditional(PUBLISHED, t) / t).toBeCloseTo(PUBLISHED.r / PUBLISHED.alpha, 4);
    // And it is increasing and concave in t (drop-out slows purchasing).
    const e = [10, 20, 30, 39].map((s) => expectedPurchasesUnconditional(PUBLISHED, s));
    expect(e[1]! - e[0]!).toBeGreaterThan(e[3]! - e[2]!);
    expect(e[0]).toBeGreaterThan(0);
  });

  it("is continuous through a = 1, where the closed form is 0/0", () => {
    const near = (a: number) => expectedPurchases({ ...PUBLISHED, a }, 39, 3, 20, 38);
    const at = near(1);
    expect(Number.isFinite(at)).toBe(true);
    expect(Math.abs(near(1 + 2e-4) - at)).toBeLessThan(1e-3);
    expect(Math.abs(near(1 - 2e-4) - at)).toBeLessThan(1e-3);
    expect(Math.abs(near(1 + 1e-4 + 1e-9) - near(1 + 1e-4 - 1e-9))).toBeLessThan(1e-7);
  });

  it("treats a never-repeating customer as alive and a long-silent repeater as likely gone", () => {
    expect(pAlive(PUBLISHED, 0, 0, 38)).toBe(1);
    // a/(b+x−1) bounds P(alive) below 1 even for a purchase on the last day: 1/(1 + 0.793/6.426).
    expect(pAlive(PUBLISHED, 5, 38, 38)).toBeCloseTo(1 / (1 + PUBLISHED.a / (PUBLISHED.b + 4)), 12);
    expect(pAlive(PUBLISHED, 5, 2, 38)).toBeLessThan(0.05);
  });

  it("gives a churn risk between 1 − P(alive) and 1, equal to 1 at H = 0", () => {
    const alive = pAlive(PUBLISHED, 3, 20, 38);
    const risk = probNoPurchase(PUBLISHED, 13, 3, 20, 38);
    expect(risk).toBeGreaterThan(1 - alive);
    expect(risk).toBeLessThan(1);
    expect(probNoPurchase(PUBLISHED, 0, 3, 20, 38)).toBeCloseTo(1, 14);
  });

  it("gives finite, prior-based predictions for a brand-new customer (T = 0)", () => {
    const risk = probNoPurchase(PUBLISHED, 13, 0, 0, 0);
    expect(risk).toBeCloseTo((PUBLISHED.alpha / (PUBLISHED.alpha + 13)) ** PUBLISHED.r, 12);
    expect(expectedPurchases(PUBLISHED, 13, 0, 0, 0)).toBeCloseTo(expectedPurchasesUnconditional(PUBLISHED, 13), 14);
  });

  it("stays finite for very heavy buyers, alive or gone", () => {
    // Bought 5,000 times, last on the as-of day: rate ≈ (r+x)/(α+T) ≈ 115/week, tiny drop-out.
    const alive = expectedPurchases(PUBLISHED, 39, 5000, 39, 39);
    expect(alive).toBeGreaterThan(3000);
    expect(alive).toBeLessThan(((PUBLISHED.r + 5000) / (PUBLISHED.alpha + 39)) * 39);
    // The same buyer silent for half a week is almost surely gone: ((α+T)/(α+t_x))^(r+x) ≈ e^58.
    const gone = expectedPurchases(PUBLISHED, 39, 5000, 38.5, 39);
    expect(Number.isFinite(gone)).toBe(true);
    expect(gone).toBeLessThan(1e-10);
  });
});

describe("minimizeBfgs", () => {
  it("minimises the Rosenbrock function from the classic start", async () => {
    const { minimizeBfgs } = await import("../../src/scoring/optimize");
    const res = minimizeBfgs(
      ([x = NaN, y = NaN]) => ({
        value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
        gradient: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
      }),
      [-1.2, 1],
      { maxIterations: 500 },
    );
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
  });

  it("reports, not throws, a non-finite start", async () => {
    const { minimizeBfgs } = await import("../../src/scoring/optimize");
    const res = minimizeBfgs(() => ({ value: Number.NaN, gradient: [0] }), [0]);
    expect(res.converged).toBe(false);
    expect(res.message).toMatch(/not finite/);
  });
});
