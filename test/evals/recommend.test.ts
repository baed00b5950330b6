/**
 * The recommendation eval gates CI: on the real demo store (PostgreSQL clone), the co-purchase
 * recommender fitted before the last 90 days must reach the suite's hit rate@5 on them and beat
 * the popularity baseline. The same suite runs in `npm run evals`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateStoreRecommender, gradeRecommender } from "../../evals/recommend-suite";
import { formatResults } from "../../evals/suites";
import { startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
});
afterAll(async () => {
  await t?.close();
});

describe("recommendation eval", () => {
  // One fit of the whole store: a minute or more on a machine shared with other work.
  it("reaches its hit rate@5 on the last 90 days and beats popularity", { timeout: 300_000 }, async () => {
    const evaluation = await evaluateStoreRecommender(t.rt.services);
    const r = gradeRecommender(evaluation);
    console.log(formatResults([r], "-", "-"));
    expect(r.ok, formatResults([r], "-", "-")).toBe(true);
    expect(r.cases).toBeGreaterThan(1000);
    expect(r.extra).toMatch(/hit rate@5: co-purchase 0\.\d+ vs popularity 0\.\d+/);
    // The gate can fail: a threshold above what it measures, or no better than popularity.
    expect(gradeRecommender(evaluation, 0.99).ok).toBe(false);
    expect(gradeRecommender({ ...evaluation, popularityHitRate: evaluation.hitRate }).ok).toBe(false);
  });
});
