import { describe, expect, it } from "vitest";
import { collapse, summarize, type Transaction } from "../../src/scoring/summary";
import { CDNOW_AS_OF, loadCdnowSample, loadPublishedSummary } from "./cdnow";
import { one } from "../../src/lib/one";

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe("summarize", () => {
  it("reproduces the published CDNOW 39-week calibration summary row by row", () => {
    const s = summarize(loadCdnowSample(), CDNOW_AS_OF, "weeks");
    const published = loadPublishedSummary();
    expect(s.customers).toHaveLength(2357);
    const byId = new Map(s.customers.map((c) => [c.customerId, c]));
    for (const row of published) {
      const c = byId.get(row.id)!;
      expect(c, `customer ${row.id}`).toBeDefined();
      expect(c.x).toBe(row.x);
      expect(Math.abs(c.t_x - row.t_x)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(c.T - row.T)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(c.monetary / 100 - row.zbar)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // Orders from 1997-10-01 to 1998-06-30 lie after the calibration period.
    expect(s.excluded.future).toBeGreaterThan(0);
  });

  it("counts zero and negative orders as purchase days but keeps them out of the monetary mean", () => {
    const tx: Transaction[] = [
      { customerId: "a", at: day("2024-01-01"), amount: 1000 },
      { customerId: "a", at: day("2024-01-05"), amount: 0 },
      { customerId: "a", at: day("2024-01-09"), amount: -500 },
      { customerId: "a", at: day("2024-01-12"), amount: 3000 },
    ];
    const c = one(summarize(tx, day("2024-01-20"), "days").customers);
    expect(c.x).toBe(3);
    expect(c.t_x).toBe(11);
    expect(c.T).toBe(19);
    expect(c.monetary).toBe(3000);
    expect(c.monetaryDays).toBe(1);
    expect(c.totalAmount).toBe(3500);
    expect(c.orders).toBe(4);
  });

  it("merges several orders on one UTC day into one purchase day valued at their sum", () => {
    const tx: Transaction[] = [
      { customerId: "a", at: new Date("2024-01-01T09:00:00Z"), amount: 100 },
      { customerId: "a", at: new Date("2024-01-03T08:00:00Z"), amount: 200 },
      { customerId: "a", at: new Date("2024-01-03T23:59:00Z"), amount: 300 },
    ];
    const c = one(summarize(tx, new Date("2024-01-10T12:00:00Z"), "days").customers);
    expect(c.x).toBe(1);
    expect(c.monetary).toBe(500);
    expect(c.T).toBe(9);
    expect(c.lastAt.toISOString()).toBe("2024-01-03T23:59:00.000Z");
  });

  it("excludes and counts future-dated and invalid orders", () => {
    const tx: Transaction[] = [
      { customerId: "a", at: day("2024-01-01"), amount: 100 },
      { customerId: "a", at: day("2024-03-01"), amount: 100 },
      { customerId: "b", at: day("2024-03-01"), amount: 100 },
      { customerId: "c", at: new Date("nope"), amount: 100 },
      { customerId: "d", at: day("2024-01-01"), amount: Number.NaN },
    ];
    const s = summarize(tx, day("2024-02-01"), "days");
    expect(s.customers.map((c) => c.customerId)).toEqual(["a"]);
    expect(s.customers[0]!.x).toBe(0);
    expect(s.excluded).toEqual({ future: 2, invalid: 2 });
  });

  it("gives T = 0 to a customer whose only order is on the as-of day", () => {
    const [c] = summarize([{ customerId: "a", at: new Date("2024-02-01T08:00:00Z"), amount: 5 }], new Date("2024-02-01T18:00:00Z"), "weeks").customers;
    expect(c).toMatchObject({ x: 0, t_x: 0, T: 0, monetary: 0 });
  });

  it("returns no customers for an empty store and rejects an invalid asOf", () => {
    expect(summarize([], day("2024-01-01"), "days").customers).toEqual([]);
    expect(() => summarize([], new Date("x"), "days")).toThrow(RangeError);
  });

  it("does not depend on input order", () => {
    const tx = loadCdnowSample().slice(0, 400);
    const a = summarize(tx, CDNOW_AS_OF, "weeks").customers;
    const b = summarize(tx.slice().reverse(), CDNOW_AS_OF, "weeks").customers;
    expect(b).toEqual(a);
  });
});

describe("collapse", () => {
  it("merges identical (x, t_x, T) rows into sorted weighted rows", () => {
    const rows = collapse([
      { x: 1, t_x: 2, T: 5 },
      { x: 0, t_x: 0, T: 5 },
      { x: 1, t_x: 2, T: 5 },
      { x: 0, t_x: 0, T: 5, weight: 3 },
    ]);
    expect(rows).toEqual([
      { x: 0, t_x: 0, T: 5, weight: 4 },
      { x: 1, t_x: 2, T: 5, weight: 2 },
    ]);
  });
});
