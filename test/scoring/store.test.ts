import { describe, expect, it } from "vitest";
import { backtest } from "../../src/scoring/backtest";
import { scoreStore, type StoreOrder } from "../../src/scoring/store";
import { loadCdnowSample } from "./cdnow";

const END = new Date(Date.UTC(1998, 5, 30));
const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe("backtest", () => {
  it("refits at asOf − 90 days and scores the hold-out on CDNOW better than chance", () => {
    const tx = loadCdnowSample();
    const bt = backtest(tx, END, { unit: "days", horizonDays: 90 });
    expect(bt.status).toBe("ok");
    if (bt.status !== "ok") return;
    expect(bt.cutoff.toISOString()).toBe("1998-04-01T00:00:00.000Z");
    expect(bt.customers).toBe(2357);
    // Observed rate recomputed independently from the raw orders.
    const buyers = new Set(tx.filter((t) => t.at > bt.cutoff && t.at <= END).map((t) => t.customerId));
    expect(bt.observedNoPurchaseRate).toBeCloseTo(1 - buyers.size / 2357, 12);
    expect(bt.auc!).toBeGreaterThan(0.75);
    expect(bt.brier).toBeLessThan(bt.observedNoPurchaseRate * (1 - bt.observedNoPurchaseRate));
    expect(bt.deciles).toHaveLength(10);
    expect(bt.deciles.reduce((s, d) => s + d.count, 0)).toBe(2357);
    expect(bt.calibratedBrier).not.toBeNull();
    expect(bt.calibrator !== null).toBe(bt.calibratedBrier! < bt.brier);
  });

  it("skips when nobody had bought by the cutoff", () => {
    const bt = backtest([{ customerId: "a", at: day("2024-05-01"), amount: 1 }], day("2024-05-10"));
    expect(bt.status).toBe("skipped");
  });
});

describe("scoreStore", () => {
  it("returns a clear empty result for an empty store", () => {
    const run = scoreStore([], [], day("2024-01-01"));
    expect(run.status).toBe("empty");
    expect(run.customers).toEqual([]);
    expect(run.bgnbd).toBeNull();
    expect(run.counts.customers).toBe(0);
  });

  it("scores every CDNOW customer with probabilities in range and CLV in whole minor units", () => {
    const run = scoreStore(loadCdnowSample(), undefined, END, { backtestHorizonDays: false });
    expect(run.status).toBe("ok");
    expect(run.bgnbd!.converged).toBe(true);
    expect(run.counts).toMatchObject({ customers: 2357, scored: 2357, unscored: 0 });
    for (const c of run.customers) {
      if (c.status !== "scored") throw new Error(`unscored ${c.customerId}`);
      expect(c.churn_risk_score).toBeGreaterThanOrEqual(0);
      expect(c.churn_risk_score).toBeLessThanOrEqual(1);
      expect(c.next_purchase_30d).toBeLessThanOrEqual(1 - c.churn_risk_score + 1e-12); // 30 days ⊂ 90 days
      expect(Number.isInteger(c.predicted_clv_12m)).toBe(true);
      expect(c.rfm!.score).toBe(`${c.rfm!.r}-${c.rfm!.f}-${c.rfm!.m}`);
      expect(c.archetype!.id).toMatch(/^arch_[0-9a-f]{8}$/);
    }
    expect(run.churnRiskDeciles.reduce((s, d) => s + d.count, 0)).toBe(2357);
    expect(run.archetypeStats.reduce((s, a) => s + a.count, 0)).toBe(2357);
  });

  it("is deterministic and independent of input order", () => {
    const tx = loadCdnowSample();
    const a = scoreStore(tx, undefined, END);
    const b = scoreStore(tx.slice().reverse(), undefined, END);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("marks customers with only future-dated orders unscored, and scores a first-day customer without NaN", () => {
    const tx: StoreOrder[] = [
      ...loadCdnowSample(),
      { customerId: "future", at: new Date(Date.UTC(1998, 6, 5)), amount: 1000 },
      { customerId: "today", at: END, amount: 2500 },
      { customerId: "zero", at: day("1998-01-10"), amount: 0 },
      { customerId: "zero", at: day("1998-03-10"), amount: -300 },
    ];
    const run = scoreStore(tx, undefined, END, { backtestHorizonDays: false });
    const by = new Map(run.customers.map((c) => [c.customerId, c]));
    expect(by.get("future")).toMatchObject({ status: "unscored", unscored_reason: "no_orders_on_or_before_as_of" });
    expect(run.counts.excludedFutureOrders).toBe(1);
    const today = by.get("today")!;
    expect(today.status).toBe("scored");
    if (today.status === "scored") {
      expect(today).toMatchObject({ x: 0, t_x: 0, T: 0, p_alive: 1 });
      const { alpha, r } = run.bgnbd!.params;
      expect(today.churn_risk_score).toBeCloseTo((alpha / (alpha + 90)) ** r, 12);
      expect(Number.isFinite(today.predicted_clv_12m!)).toBe(true);
    }
    const zero = by.get("zero")!;
    expect(zero.status).toBe("scored");
    if (zero.status === "scored") {
      expect(zero.x).toBe(1);
      // No positive repeat spend: AOV falls back to the Gamma-Gamma population mean.
      const { p, q, gamma } = run.gammaGamma!.params;
      expect(zero.expected_aov).toBe(Math.round((p * gamma) / (q - 1)));
      expect(zero.ltv).toBe(-300);
    }
  });

  it("reports a non-converged fit and scores nobody from it", () => {
    const run = scoreStore(loadCdnowSample(), undefined, END, { fit: { maxIterations: 1 } });
    expect(run.status).toBe("not_converged");
    expect(run.bgnbd!.converged).toBe(false);
    expect(run.counts.scored).toBe(0);
    expect(run.customers.every((c) => c.status === "unscored" && c.unscored_reason === "bgnbd_not_converged")).toBe(true);
    expect(run.backtest).toBeNull();
  });

  it("subtracts refunds from LTV and sets the refund level", () => {
    const tx: StoreOrder[] = [
      ...loadCdnowSample().slice(0, 3000),
      { customerId: "r", at: day("1998-01-01"), amount: 10_000, productIds: ["a", "b"] },
      { customerId: "r", at: day("1998-02-01"), amount: 10_000, productIds: ["a"] },
    ];
    const run = scoreStore(
      tx,
      [
        { customerId: "r", at: day("1998-02-05"), amount: 5000 },
        { customerId: "r", at: day("1999-01-01"), amount: 1 },
      ],
      END,
      { backtestHorizonDays: false },
    );
    const r = run.customers.find((c) => c.customerId === "r")!;
    expect(r.status).toBe("scored");
    if (r.status === "scored") expect(r.ltv).toBe(15_000);
    expect(r.archetype!.levels).toMatchObject({ refunds: "heavy", breadth: "few", frequency: "repeat" });
    expect(run.counts.ignoredRefunds).toBe(1);
    const other = run.customers.find((c) => c.customerId !== "r")!;
    expect(other.archetype!.levels.refunds).toBe("none");
  });

  it("uses weeks when asked, converting day horizons to weeks", () => {
    const days = scoreStore(loadCdnowSample(), undefined, END, { backtestHorizonDays: false });
    const weeks = scoreStore(loadCdnowSample(), undefined, END, { unit: "weeks", backtestHorizonDays: false });
    // Same model in another unit: α scales by 7, r, a, b unchanged, same churn risk.
    expect(weeks.bgnbd!.params.alpha * 7).toBeCloseTo(days.bgnbd!.params.alpha, 3);
    expect(weeks.bgnbd!.params.r).toBeCloseTo(days.bgnbd!.params.r, 5);
    const d = days.customers[0]!,
      w = weeks.customers[0]!;
    if (d.status === "scored" && w.status === "scored") expect(w.churn_risk_score).toBeCloseTo(d.churn_risk_score, 5);
    else throw new Error("unscored");
  });
});
