/**
 * The eval suite gates releases: offline (template drafter, offline classifier) every suite must
 * meet its threshold on the real demo store. The same runner is `npm run evals`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adversarialSuite, formatResults, groundingSuite, multilingualSuite, policySuite, toneSuite, type SuiteResult } from "../evals/suites";
import { startTestApp, type TestApp } from "./helpers/app";
import { guardSuites } from "../evals/guard-suite";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
});
afterAll(async () => {
  await t?.close();
});

const passes = (r: SuiteResult) => {
  expect(r.ok, formatResults([r], "template", "offline")).toBe(true);
};

describe("evals, offline", () => {
  it("policy: every case decides exactly as expected (seeds, rules, caps, edges, ABCD)", () => {
    const r = policySuite(t.rt.services.policy());
    expect(r.cases).toBeGreaterThanOrEqual(59);
    passes(r);
  });
  it("grounding: every draft passes the guard and states the required facts", async () => passes(await groundingSuite(t.rt.services)));
  it("adversarial: no ticket moves the decision or the draft", async () => {
    const r = await adversarialSuite(t.rt.services);
    expect(r.cases).toBeGreaterThanOrEqual(25);
    passes(r);
  });
  it("multilingual: es, fr, de and pt tickets get replies in kind", async () => passes(await multilingualSuite(t.rt.services)));
  it("tone: skipped, and says so, without a judge model", async () => {
    const r = await toneSuite(t.rt.services, null);
    expect(r.skipped).toMatch(/no judge model/);
  });
  it("drafting guard: recall 100% and false positives <= 3% on the tuning and the held-out sets, and none on our templates", () => {
    const [tuning, holdout, templates] = guardSuites();
    expect(tuning!.cases).toBeGreaterThanOrEqual(350);
    expect(holdout!.cases).toBeGreaterThanOrEqual(150);
    for (const r of [tuning!, holdout!, templates!]) passes(r);
  });
  it("drafting guard: the red-team sets hold at their measured recall and false-positive gates", () => {
    const red = guardSuites().slice(3);
    expect(red.map((r) => r.suite)).toEqual([
      "drafting guard (red team a)",
      "drafting guard (red team b)",
      "drafting guard (red team c)",
      "drafting guard (red team d)",
      "drafting guard (red team f)",
      "drafting guard (red team g)",
      "drafting guard (red team h)",
      "drafting guard (natural e)",
    ]);
    expect(red.reduce((n, r) => n + r.cases, 0)).toBeGreaterThanOrEqual(980);
    for (const r of red) passes(r);
  });
  it("fails a suite whose case is wrong (the graders can fail)", () => {
    const broken = { ...t.rt.services.policy(), max_discount_percent: 5 };
    expect(policySuite(broken).ok).toBe(false);
  });
});
