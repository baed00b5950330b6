// Order dates in replies are calendar dates in the store's time zone (src/ai/draft/facts.ts).
import { describe, expect, it } from "vitest";
import { buildDraftFacts, localDate, toneCovers, toneHint } from "../../src/ai/draft/facts";
import type { OrderFacts } from "../../src/customers/repo";
import type { Decision } from "../../src/policy/types";
import type { CustomerProfile } from "../../src/profile/types";

const order = (processed_at: string): OrderFacts => ({
  id: "gid://shopify/Order/1",
  name: "#1001",
  processed_at,
  currency: "GBP",
  total_minor: 1250,
  total: 12.5,
  financial_status: "PAID",
  fulfillment_status: "FULFILLED",
  line_items: [],
  fulfillments: [],
});
const decision = { discount_percent: 0, free_shipping: false, escalate: false, follow_up_owner: null, reasons: [] } as unknown as Decision;

describe("localDate", () => {
  it("gives the calendar date of an instant in a time zone, across the date line and summer time", () => {
    expect(localDate("2026-04-30T23:30:00Z", "UTC")).toBe("2026-04-30");
    expect(localDate("2026-04-30T23:30:00Z", "Europe/Berlin")).toBe("2026-05-01"); // UTC+2 in summer
    expect(localDate("2026-01-15T23:30:00Z", "Europe/London")).toBe("2026-01-15"); // GMT in winter
    expect(localDate("2026-07-15T23:30:00Z", "Europe/London")).toBe("2026-07-16"); // BST
    expect(localDate("2026-05-01T03:00:00Z", "America/Los_Angeles")).toBe("2026-04-30");
    expect(localDate("2011-04-01T12:41:00Z", "Pacific/Auckland")).toBe("2011-04-02");
  });
});

describe("buildDraftFacts", () => {
  it("states order, first-order and last-order dates in the store's time zone (UTC by default)", () => {
    const profile = {
      first_name: "Ann",
      total_orders: 2,
      first_order_at: "2025-12-31T23:10:00.000Z",
      last_order_at: "2026-04-30T22:15:00.000Z",
    } as unknown as CustomerProfile;
    const orders = [order("2026-04-30T22:15:00.000Z")];
    const utc = buildDraftFacts(profile, orders, decision, "en");
    expect([utc.first_order_date, utc.last_order_date, utc.recent_orders[0]!.date]).toEqual(["2025-12-31", "2026-04-30", "2026-04-30"]);
    const berlin = buildDraftFacts(profile, orders, decision, "en", "Europe/Berlin");
    expect([berlin.first_order_date, berlin.last_order_date, berlin.recent_orders[0]!.date]).toEqual(["2026-01-01", "2026-05-01", "2026-05-01"]);
  });
});

describe("toneCovers (a speculative draft carried to the final decision: src/ai/draft/index.ts rebindDraft)", () => {
  const regular = { total_orders: 12 } as unknown as CustomerProfile;
  const tone = (churn_band: Decision["churn_band"], escalate: boolean, lapsed = false) =>
    toneHint(regular, {
      ...decision,
      churn_band,
      escalate,
      reasons: lapsed ? [{ rule: "r", text: "", facts: { lapsed_after_days: 120 } }] : [],
    } as unknown as Decision);

  it("accepts a reply written warmer, or for an upset customer, for a decision that asks less", () => {
    expect(toneCovers(tone("medium", true), tone("medium", false))).toBe(true);
    expect(toneCovers(tone("medium", false, true), tone("medium", false))).toBe(true);
    expect(toneCovers(tone("high", true), tone("low", false))).toBe(true);
    expect(toneCovers(tone("low", false), tone("low", false))).toBe(true);
  });

  it("refuses one that did not acknowledge an upset customer, or was cooler than now asked", () => {
    expect(toneCovers(tone("medium", false), tone("medium", true))).toBe(false);
    expect(toneCovers(tone("low", false), tone("medium", false))).toBe(false);
    expect(toneCovers(tone("medium", true), tone("high", true))).toBe(false);
    // A first contact's tone and a regular's are different instructions.
    const first = toneHint(null, decision);
    expect(toneCovers(first, tone("low", false))).toBe(false);
    expect(toneCovers(tone("low", false), first)).toBe(false);
  });
});
