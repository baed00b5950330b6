/** The policy engine, rule by rule: a pure function, so every case is a table row. */
import { describe, expect, it } from "vitest";
import { PolicyConfigSchema, type PolicyConfig } from "../../src/policy/config";
import { loadPolicyConfig } from "../../src/node/policy-file";
import { churnBand, decide, isVip } from "../../src/policy/engine";
import type { PolicyProfile, PolicyTicket } from "../../src/policy/types";

const config = loadPolicyConfig("config/policy.json");

// A confident reading; retention tickets carry retention evidence (test/policy/triage-trust.test.ts covers the gates).
const ticket = (family: PolicyTicket["family"], intent = "complaint", sentiment = -0.2, urgency: PolicyTicket["urgency"] = "normal"): PolicyTicket => ({
  family,
  intent,
  confidence: 0.9,
  retention: family === "retention_risk" ? { probability: 0.9, evidence: ["too expensive"] } : { probability: 0.05, evidence: [] },
  sentiment: { score: sentiment, label: sentiment < -0.05 ? "negative" : sentiment > 0.05 ? "positive" : "neutral" },
  urgency,
});
const price = ticket("retention_risk", "price_objection");
const complaint = ticket("service_complaint", "complaint", -0.4);
const recommend = ticket("product_question", "product_recommendation", 0.1, "low");

const profile = (over: Partial<PolicyProfile> = {}): PolicyProfile => ({
  total_orders: 3,
  lifetime_value: 215.72,
  days_since_last_purchase: 40,
  churn_risk_score: 0.62,
  refund_count: 0,
  refund_amount: 0,
  ...over,
});
const rules = (d: ReturnType<typeof decide>) => d.reasons.map((r) => r.rule);

describe("retention_offer", () => {
  it("offers 15% to a high-risk customer with a price objection, and says why in plain words", () => {
    const d = decide(price, profile(), config);
    expect(d).toMatchObject({
      offer_discount: true,
      discount_percent: 15,
      free_shipping: false,
      escalate: false,
      follow_up: false,
      offer_rule: "retention_offer",
    });
    expect(d.reasons[0]!.text).toBe("15% offered: churn risk 0.62 >= 0.60 and a price-objection ticket.");
    expect(d.reasons[0]!.facts).toMatchObject({ churn_risk_score: 0.62, threshold: 0.6 });
    expect(d.policy_version).toBe(config.version);
  });
  it("offers the lower tier (10%) between 0.45 and 0.60", () => {
    expect(decide(price, profile({ churn_risk_score: 0.5 }), config).discount_percent).toBe(10);
  });
  it("offers nothing below the lowest tier", () => {
    const d = decide(price, profile({ churn_risk_score: 0.2 }), config);
    expect(d.offer_discount).toBe(false);
    expect(d.reasons[0]!.text).toMatch(/below the lowest tier/);
  });
  it("offers nothing when the customer has no churn score", () => {
    expect(decide(price, profile({ churn_risk_score: null }), config).offer_discount).toBe(false);
  });
  it("applies the threshold inclusively (0.60 earns 15%)", () => {
    expect(decide(price, profile({ churn_risk_score: 0.6 }), config).discount_percent).toBe(15);
  });
});

describe("lapsed repeat customers", () => {
  const lapsed = profile({ churn_risk_score: 0.47, days_since_last_purchase: 252 });
  it("count as at risk for the top tier, and the reason says the customer lapsed", () => {
    const d = decide(price, lapsed, config);
    expect(d.discount_percent).toBe(15);
    expect(d.reasons[0]!.text).toBe(
      "15% offered: 252 days since the last order >= 180 (a lapsed repeat customer; churn risk 0.47) and a price-objection ticket.",
    );
    expect(d.reasons[0]!.facts).toMatchObject({ churn_risk_score: 0.47, days_since_last_purchase: 252, lapsed_after_days: 180 });
  });
  it("earn service recovery and re-engagement offers", () => {
    expect(decide(complaint, lapsed, config)).toMatchObject({ discount_percent: 15, free_shipping: true, follow_up_owner: "manager" });
    expect(decide(recommend, lapsed, config).discount_percent).toBe(10);
  });
  it("need two orders: a one-time buyer idle for a year is not lapsed", () => {
    expect(decide(price, profile({ total_orders: 1, churn_risk_score: 0.2, days_since_last_purchase: 365 }), config).offer_discount).toBe(false);
  });
  it("are not at risk before 180 days", () => {
    expect(decide(price, profile({ churn_risk_score: 0.2, days_since_last_purchase: 179 }), config).offer_discount).toBe(false);
  });
});

describe("new_customer", () => {
  it("gives no retention discount to an unknown requester", () => {
    const d = decide(price, null, config);
    expect(d.offer_discount).toBe(false);
    expect(rules(d)).toEqual(["new_customer"]);
  });
  it("gives no retention discount to a known customer with no orders, whatever the churn score", () => {
    const d = decide(price, profile({ total_orders: 0, churn_risk_score: 0.95 }), config);
    expect(d.offer_discount).toBe(false);
    expect(rules(d)).toContain("new_customer");
  });
});

describe("service_recovery", () => {
  it("gives an at-risk customer 15%, free shipping, escalation and a manager follow-up", () => {
    const d = decide(complaint, profile(), config);
    expect(d).toMatchObject({
      discount_percent: 15,
      free_shipping: true,
      escalate: true,
      follow_up: true,
      follow_up_owner: "manager",
      priority: "high",
      offer_rule: "service_recovery",
    });
  });
  it("gives a VIP at risk the higher 20%", () => {
    const d = decide(complaint, profile({ lifetime_value: 5000, total_orders: 12 }), config);
    expect(d.discount_percent).toBe(20);
    expect(d.reasons[0]!.facts.vip).toBe(true);
  });
  it("gives a low-risk customer free shipping as an apology but no discount", () => {
    const d = decide(complaint, profile({ churn_risk_score: 0.3 }), config);
    expect(d).toMatchObject({ offer_discount: false, discount_percent: 0, free_shipping: true, escalate: false });
  });
});

describe("reengagement", () => {
  it("offers 10% to an idle at-risk customer asking for recommendations", () => {
    expect(decide(recommend, profile({ days_since_last_purchase: 120 }), config)).toMatchObject({
      discount_percent: 10,
      offer_rule: "reengagement",
      escalate: false,
    });
  });
  it("offers nothing to a recently active customer", () => {
    expect(decide(recommend, profile({ days_since_last_purchase: 20 }), config).offer_discount).toBe(false);
  });
  it("needs the customer idle for 90 days", () => {
    expect(decide(recommend, profile({ days_since_last_purchase: 89 }), config).discount_percent).toBe(0);
  });
});

describe("guards that withhold an offer", () => {
  it("withholds from a refund-heavy customer (by count) and escalates", () => {
    const d = decide(price, profile({ refund_count: 4, refund_amount: 20 }), config);
    expect(d).toMatchObject({ offer_discount: false, escalate: true, follow_up_owner: "manager", offer_rule: null });
    expect(rules(d)).toEqual(["retention_offer", "refund_heavy"]);
  });
  it("withholds from a refund-heavy customer (by share of spend)", () => {
    const d = decide(price, profile({ refund_count: 1, refund_amount: 150, lifetime_value: 215.72 }), config);
    expect(rules(d)).toContain("refund_heavy");
    expect(d.discount_percent).toBe(0);
  });
  it("withholds on stale data and escalates for review", () => {
    const d = decide(price, profile({ stale: true }), config);
    expect(d).toMatchObject({ offer_discount: false, escalate: true });
    expect(rules(d)).toContain("stale_data");
  });
  it("withholds a second offer within 90 days", () => {
    const d = decide(price, profile(), config, { offers_last_90d: 1, month_discount_minor: 0 });
    expect(rules(d)).toContain("budget_customer_90d");
    expect(d).toMatchObject({ offer_discount: false, escalate: true });
  });
  it("withholds when the monthly budget is spent", () => {
    const d = decide(price, profile(), config, { offers_last_90d: 0, month_discount_minor: config.budgets.max_monthly_discount_minor });
    expect(rules(d)).toContain("budget_monthly");
  });
});

describe("discount_cap", () => {
  it("never offers above the cap, whatever a tier says", () => {
    const greedy: PolicyConfig = PolicyConfigSchema.parse({ ...config, retention: { tiers: [{ min_churn_risk: 0.5, discount_percent: 40 }] } });
    const d = decide(price, profile(), greedy);
    expect(d.discount_percent).toBe(config.max_discount_percent);
    expect(rules(d)).toContain("discount_cap");
    expect(d.reasons.find((r) => r.rule === "discount_cap")!.facts).toEqual({ requested_percent: 40, cap_percent: 20 });
  });
});

describe("escalation and priority", () => {
  it("escalates strongly negative sentiment without an offer", () => {
    const d = decide(ticket("order_status", "track_order", -0.9), profile({ churn_risk_score: 0.1 }), config);
    expect(d).toMatchObject({ escalate: true, offer_discount: false });
    expect(rules(d)).toEqual(["negative_sentiment"]);
  });
  it("escalates a VIP's complaint even at low risk", () => {
    const d = decide(complaint, profile({ churn_risk_score: 0.1, lifetime_value: 3000, total_orders: 9 }), config);
    expect(rules(d)).toContain("vip_complaint");
    expect(d.escalate).toBe(true);
  });
  it("ranks a high-risk, high-value customer above a low-risk, low-value one", () => {
    const hi = decide(ticket("other", "review", 0), profile({ churn_risk_score: 0.9, lifetime_value: 2000, total_orders: 10 }), config);
    const lo = decide(ticket("other", "review", 0), profile({ churn_risk_score: 0.1, lifetime_value: 20 }), config);
    expect(hi.priority_score).toBeGreaterThan(lo.priority_score);
    expect(lo.priority).toBe("low");
  });
  it("explains a decision that offers nothing", () => {
    const d = decide(ticket("account_billing", "edit_account", 0), profile({ churn_risk_score: 0.1 }), config);
    expect(rules(d)).toEqual(["no_offer"]);
  });
  it("is deterministic", () => {
    expect(decide(complaint, profile(), config)).toEqual(decide(complaint, profile(), config));
  });
});

describe("bands and VIPs", () => {
  it("bands churn risk by the config's thresholds", () => {
    expect([0.61, 0.45, 0.05, null].map((s) => churnBand(s, config))).toEqual(["high", "medium", "low", "unknown"]);
  });
  it("needs both value and orders for VIP", () => {
    expect(isVip(profile({ lifetime_value: 5000, total_orders: 2 }), config)).toBe(false);
    expect(isVip(profile({ lifetime_value: 5000, total_orders: 5 }), config)).toBe(true);
  });
});

describe("the policy file", () => {
  it("rejects a config whose medium band exceeds the high band, naming the field", () => {
    const r = PolicyConfigSchema.safeParse({ ...config, churn_bands: { high: 0.5, medium: 0.7 } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["churn_bands", "medium"]);
  });
});
