import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  archetypeAxes,
  archetypeId,
  archetypeKey,
  archetypeLabel,
  archetypeStats,
  archetypeThresholds,
  assignArchetype,
  type ArchetypeLevels,
} from "../../src/scoring/archetypes";

const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000);
const best: ArchetypeLevels = { value: "high", frequency: "frequent", recency: "active", breadth: "wide", refunds: "none", cadence: "regular" };

describe("archetype ids and labels", () => {
  it("hashes a fixed tuple to a fixed id (SHA-256 prefix of the canonical key)", () => {
    expect(archetypeId(best)).toBe("arch_3fbf53b9");
    expect(archetypeId(best)).toBe(`arch_${createHash("sha256").update(archetypeKey(best)).digest("hex").slice(0, 8)}`);
  });

  it("gives different tuples different ids", () => {
    expect(archetypeId({ ...best, refunds: "heavy" })).not.toBe(archetypeId(best));
  });

  it("builds a readable label from the levels", () => {
    expect(archetypeLabel(best)).toBe("High-value frequent regular buyer (active; wide baskets; no refunds)");
    expect(archetypeLabel({ value: "low", frequency: "one-time", recency: "dormant", breadth: "unknown", refunds: "unknown", cadence: "n/a" })).toBe(
      "Low-value one-time buyer (dormant; basket unknown; refunds unknown)",
    );
  });
});

describe("archetype axes and levels", () => {
  it("derives LTV, breadth, refund share and a regular cadence from orders", () => {
    const orders = [0, 7, 14, 21, 28].map((d, i) => ({ at: day(d), amount: 2000, productIds: i % 2 ? ["a", "b", "c", "c"] : ["a", "b", "c", "d"] }));
    const axes = archetypeAxes(orders, 1000, day(30));
    expect(axes).toEqual({ ltv: 9000, orders: 5, recencyDays: 2, breadth: 3.6, refundShare: 0.1, cadenceCv: 0 });
    const th = archetypeThresholds([{ ltv: 100 }, { ltv: 500 }, { ltv: 9000 }]);
    expect(th.value).toEqual([100, 500]);
    expect(assignArchetype(th, axes).levels).toEqual({ ...best, refunds: "some" });
  });

  it("uses n/a cadence below 3 purchase days and unknown axes without product or refund data", () => {
    const axes = archetypeAxes(
      [
        { at: day(0), amount: 10 },
        { at: day(0), amount: 5 },
        { at: day(9), amount: 5 },
      ],
      undefined,
      day(200),
    );
    expect(axes.cadenceCv).toBeNull();
    const lv = assignArchetype(archetypeThresholds([{ ltv: 20 }]), axes).levels;
    expect(lv).toMatchObject({ cadence: "n/a", breadth: "unknown", refunds: "unknown", recency: "dormant", frequency: "repeat" });
  });

  it("calls irregular gaps erratic", () => {
    const axes = archetypeAxes(
      [0, 1, 2, 60].map((d) => ({ at: day(d), amount: 1 })),
      0,
      day(61),
    );
    expect(axes.cadenceCv!).toBeGreaterThan(1);
    expect(assignArchetype(archetypeThresholds([axes]), axes).levels.cadence).toBe("erratic");
  });
});

describe("archetypeStats", () => {
  it("counts members and averages LTV and churn risk per archetype, ignoring unscored risks", () => {
    const a = assignArchetype(archetypeThresholds([{ ltv: 1 }]), { ltv: 1, orders: 1, recencyDays: 1, breadth: null, refundShare: null, cadenceCv: null });
    const b = { id: archetypeId(best), label: archetypeLabel(best), levels: best };
    const stats = archetypeStats([
      { archetype: a, ltv: 100, churnRisk: 0.2 },
      { archetype: a, ltv: 300, churnRisk: null },
      { archetype: a, ltv: 200, churnRisk: 0.4 },
      { archetype: b, ltv: 1000, churnRisk: 0.1 },
    ]);
    expect(stats).toHaveLength(2);
    expect(stats[0]).toMatchObject({ id: a.id, count: 3, share: 0.75, averageLtv: 200 });
    expect(stats[0]!.averageChurnRisk).toBeCloseTo(0.3, 12);
    expect(stats[1]).toMatchObject({ id: b.id, count: 1, share: 0.25, averageLtv: 1000, averageChurnRisk: 0.1 });
  });
});
