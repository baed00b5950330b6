import { describe, expect, it } from "vitest";
import { hyp2f1 } from "../../src/scoring/hyp2f1";

describe("hyp2f1", () => {
  it("matches 2F1(1,1;2;z) = -ln(1-z)/z on both sides of zero", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99, -0.3, -0.9, -5, -50]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
    }
  });

  it("matches 2F1(a,b;b;z) = (1-z)^-a", () => {
    for (const [a, b, z] of [
      [0.7, 2.3, 0.4],
      [3.5, 1.2, -2],
      [-1.5, 4, 0.8],
      [12, 0.5, 0.95],
    ] as const) {
      expect(hyp2f1(a, b, b, z) / (1 - z) ** -a).toBeCloseTo(1, 12);
    }
  });

  it("matches 2F1(1/2,1/2;3/2;z²) = arcsin(z)/z", () => {
    for (const z of [0.3, 0.7, 0.95]) expect(hyp2f1(0.5, 0.5, 1.5, z * z)).toBeCloseTo(Math.asin(z) / z, 12);
  });

  it("terminates for a non-positive integer parameter (a polynomial)", () => {
    // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z²/(c(c+1))
    const b = 1.5,
      c = 2.5,
      z = 0.6;
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
  });

  it("throws RangeError for z ≥ 1, a pole in c, or non-finite input", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, Number.NaN)).toThrow(RangeError);
  });

  it("throws RangeError rather than return a truncated sum when it cannot converge", () => {
    expect(() => hyp2f1(1, 1, 2, 0.999999, { maxTerms: 1000 })).toThrow(/did not converge/);
  });
});
