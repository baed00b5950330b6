/** The scoring job on the real demo store (PostgreSQL clone) and the routes that serve its results. */
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerProfiles, scoringRuns } from "../../src/db/schema";
import { latestRun, runScoringJob } from "../../src/jobs/score";
import { RFM_SEGMENTS } from "../../src/scoring";
import { startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});
const get = async (path: string) => (await t.call("GET", path)).json();

describe("the scoring run in force", () => {
  it("serves the fitted parameters and a backtest that says how good churn risk is", async () => {
    const run = await get("/v1/scoring/runs/latest");
    expect(run).toMatchObject({ model: "bgnbd-gg-v1", converged: true, as_of: "2011-12-10T00:00:00.000Z", customers: 4339 });
    expect(Object.keys(run.params.bgnbd).sort()).toEqual(["a", "alpha", "b", "r"]);
    const bt = run.figures.backtest;
    expect(bt.horizonDays).toBe(90);
    expect(bt.cutoff).toBe("2011-09-11T00:00:00.000Z");
    expect(bt.auc).toBeGreaterThan(0.7); // 0.733 measured; P(alive) alone ranks at chance here
    expect(bt.deciles).toHaveLength(10);
    // Calibrated only because it lowered the out-of-fold Brier score, and the run says so.
    expect(bt.calibratedBrier).toBeLessThan(bt.brier);
    expect(bt.calibrated).toBe(true);
    expect(run.params.churnCalibrator.kind).toBe("isotonic");
  });

  it("refuses to write a fit that did not converge and keeps the previous run", async () => {
    const before = await latestRun(t.rt.services.db);
    const lines: string[] = [];
    const r = await runScoringJob(t.rt.services.db, new Date("2011-12-10T00:00:00Z"), (l) => lines.push(l), { fit: { maxIterations: 1 } });
    expect(r).toMatchObject({ written: false, status: "not_converged", runId: before!.id });
    expect(r.reason).toMatch(/did not converge.*stays in force/);
    expect((await latestRun(t.rt.services.db))!.id).toBe(before!.id);
    expect(lines.some((l) => /did not converge/.test(l))).toBe(true);
  });

  it("keeps the run in force when scoring throws, instead of failing the job", async () => {
    const before = await latestRun(t.rt.services.db);
    const r = await runScoringJob(t.rt.services.db, new Date("2011-12-10T00:00:00Z"), () => {}, { churnHorizonDays: -1 });
    expect(r).toMatchObject({ written: false, runId: before!.id });
    expect(r.reason).toMatch(/^scoring failed: .*churnHorizonDays.*stays in force/);
    expect((await latestRun(t.rt.services.db))!.id).toBe(before!.id);
  });

  it("writes a new run, replaces the snapshot, and invalidates cached profiles", async () => {
    const p1 = await get("/v1/customers/17580/profile");
    const r = await runScoringJob(t.rt.services.db, new Date("2011-12-10T00:00:00Z"));
    expect(r.written).toBe(true);
    t.rt.services.profiles.refreshModel();
    const p2 = await get("/v1/customers/17580/profile");
    expect(p2.scoring_run_id).toBe(r.runId);
    expect(p2.scoring_run_id).not.toBe(p1.scoring_run_id);
    expect(p2.churn_risk_score).toBeCloseTo(p1.churn_risk_score, 10); // same data, same fit: reproducible
    const runs = (await t.rt.services.db.select({ n: count() }).from(customerProfiles).where(sql`${customerProfiles.runId} <> ${r.runId}`))[0]!.n;
    expect(runs).toBe(0);
    expect((await t.rt.services.db.select({ n: count() }).from(scoringRuns))[0]!.n).toBeGreaterThanOrEqual(2);
  });
});

describe("profiles carry the model's scores", () => {
  it("serves every scoring field for 17580, calibrated and named by run", async () => {
    const p = await get("/v1/customers/17580/profile");
    for (const k of ["p_alive", "churn_risk_score", "next_purchase_30d", "expected_purchases_90d", "predicted_clv_12m"]) {
      expect(typeof p[k], k).toBe("number");
    }
    expect(p.churn_risk_score).toBeGreaterThan(0);
    expect(p.churn_risk_score).toBeLessThan(1);
    expect(p.churn_calibrated).toBe(true);
    expect(p.rfm_score).toMatch(/^[1-5]-[1-5]-[1-5]$/);
    expect(RFM_SEGMENTS).toContain(p.rfm_segment);
    expect(p.archetype_id).toMatch(/^arch_[0-9a-f]{8}$/);
    expect(p.archetype_label).toMatch(/buyer/);
    expect(p.churn_model).toBe(`bgnbd-gg-v1 (run ${p.scoring_run_id})`);
    expect(p.scores_source).toBe("internal");
  });

  it("ranks a lapsed customer's churn above an active one's", async () => {
    const lapsed = await get("/v1/customers/17580/profile"); // 252 days idle
    const active = await get("/v1/customers/12347/profile"); // 2 days idle, 7 orders
    expect(lapsed.churn_risk_score).toBeGreaterThan(active.churn_risk_score);
    expect(active.next_purchase_30d).toBeGreaterThan(lapsed.next_purchase_30d);
  });

  it("says why a customer with no orders has no scores, instead of making one up", async () => {
    const rows = await t.rt.services.db.execute(sql`select c.id from customers c where not exists (select 1 from orders o where o.customer_id = c.id) limit 1`);
    const id = ((rows as unknown as Array<{ id: string }>)[0] ?? (rows as unknown as { rows: Array<{ id: string }> }).rows[0])!.id;
    const p = await get(`/v1/customers/${encodeURIComponent(id)}/profile`);
    expect(p).toMatchObject({ total_orders: 0, churn_risk_score: null, p_alive: null, rfm_segment: null, archetype_id: null });
    expect(p.unscored_reason).toMatch(/no orders/);
  });
});

describe("archetypes and segments", () => {
  it("lists archetypes with member statistics that add up to the scored customers", async () => {
    const { items } = await get("/v1/archetypes");
    expect(items.length).toBeGreaterThan(10);
    expect(items.reduce((s: number, a: { count: number }) => s + a.count, 0)).toBe(4339);
    expect(items.reduce((s: number, a: { share: number }) => s + a.share, 0)).toBeCloseTo(1, 6);
    const top = items[0];
    expect(top).toMatchObject({ id: expect.stringMatching(/^arch_/), label: expect.any(String) });
    expect(top.average_ltv_minor).toBe(Math.round(top.average_ltv * 100));
    expect(top.average_churn_risk).toBeGreaterThan(0);
    expect(await get(`/v1/archetypes/${top.id}`)).toEqual(top);
    expect((await t.call("GET", "/v1/archetypes/arch_00000000")).status).toBe(404);
    expect((await t.call("GET", "/v1/archetypes/nope")).status).toBe(400);
  });

  it("counts customers per RFM segment", async () => {
    const s = await get("/v1/segments");
    expect(s.total).toBe(4339);
    for (const item of s.items) expect(RFM_SEGMENTS).toContain(item.segment);
    expect(s.items.reduce((n: number, i: { customers: number }) => n + i.customers, 0)).toBe(4339);
  });
});
