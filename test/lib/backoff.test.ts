import { describe, expect, it } from "vitest";
import { backoffMs } from "../../src/lib/backoff";

const opts = { baseMs: 1000, maxMs: 8000, jitter: 0.5 };

describe("backoffMs", () => {
  it("doubles the wait for each retry", () => {
    expect([1, 2, 3, 4].map((r) => backoffMs(r, opts, () => 0))).toEqual([1000, 2000, 4000, 8000]);
  });
  it("never waits longer than the cap, however many retries failed", () => {
    expect(backoffMs(30, opts, () => 0)).toBe(8000);
    expect(backoffMs(1000, opts, () => 0)).toBe(8000);
  });
  it("spreads retries by up to the jitter fraction, so clients that failed together do not retry together", () => {
    expect(backoffMs(2, opts, () => 0.999)).toBe(Math.floor(2000 + 2000 * 0.5 * 0.999));
    const waits = new Set(Array.from({ length: 50 }, () => backoffMs(3, opts)));
    expect(waits.size).toBeGreaterThan(1);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(4000);
      expect(w).toBeLessThan(6000);
    }
  });
});
