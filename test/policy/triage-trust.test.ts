/**
 * The policy never pays on a guess: below `min_triage_confidence` (or when triage abstained) no
 * rule makes a money offer, and a retention offer also needs retention evidence in the text.
 * Rule by rule: retention_offer, service_recovery (both branches), reengagement.
 */
import { describe, expect, it } from "vitest";
import { PolicyConfigSchema } from "../../src/policy/config";
import { loadPolicyConfig } from "../../src/node/policy-file";
import { decide } from "../../src/policy/engine";
import type { PolicyProfile, PolicyTicket } from "../../src/policy/types";

const config = loadPolicyConfig("config/policy.json");

/** Customer 17580 of the seed: 3 orders, lapsed 252 days, churn risk 0.62 (at risk for every rule). */
const atRisk: PolicyProfile = {
  total_orders: 3,
  lifetime_value: 215.72,
  days_since_last_purchase: 252,
  churn_risk_score: 0.62,
  refund_count: 0,
  refund_amount: 0,
};
const lowRisk: PolicyProfile = { ...atRisk, churn_risk_score: 0.2, days_since_last_purchase: 30 };

const NO_EVIDENCE = { probability: 0.05, evidence: [] as string[] };
const t = (family: PolicyTicket["family"], intent: string, confidence: number, over: Partial<PolicyTicket> = {}): PolicyTicket => ({
  family,
  intent,
  confidence,
  retention: NO_EVIDENCE,
  sentiment: { score: -0.3, label: "negative" },
  urgency: "normal",
  ...over,
});
const money = (d: ReturnType<typeof decide>) => ({ discount: d.discount_percent, free_shipping: d.free_shipping, offer_rule: d.offer_rule });
const NO_MONEY = { discount: 0, free_shipping: false, offer_rule: null };
const unclearReason = (d: ReturnType<typeof decide>) => d.reasons.find((r) => r.rule === "triage_unclear");

describe("the policy file", () => {
  it("sets min_triage_confidence and min_retention_probability, and defaults them in older saved policies", () => {
    expect(config.min_triage_confidence).toBeGreaterThan(0);
    expect(config.min_retention_probability).toBeGreaterThan(0);
    const { min_triage_confidence: _a, min_retention_probability: _b, ...older } = config;
    expect(PolicyConfigSchema.parse(older)).toMatchObject({ min_triage_confidence: 0.5, min_retention_probability: 0.5 });
  });
  it("refuses a confidence threshold outside 0..1, naming the field", () => {
    const r = PolicyConfigSchema.safeParse({ ...config, min_triage_confidence: 1.5 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["min_triage_confidence"]);
  });
});

describe("retention_offer", () => {
  const evidence = { probability: 0.91, evidence: ["different supplier", "competitors"] };
  it("offers 15% on a confident reading with evidence, and names the evidence in the facts", () => {
    const d = decide(t("retention_risk", "considering_leaving", 0.8, { retention: evidence }), atRisk, config);
    expect(money(d)).toEqual({ discount: 15, free_shipping: false, offer_rule: "retention_offer" });
    expect(d.reasons[0]!.facts).toMatchObject({ triage_confidence: 0.8, retention_probability: 0.91, retention_evidence: "different supplier; competitors" });
  });
  it("makes no offer below min_triage_confidence, and the reason names the confidence", () => {
    const d = decide(t("retention_risk", "considering_leaving", 0.41, { retention: evidence }), atRisk, config);
    expect(money(d)).toEqual(NO_MONEY);
    expect(unclearReason(d)!.text).toBe("No offer: triage unclear (confidence 0.41): the agent decides.");
    expect(unclearReason(d)!.facts).toMatchObject({ confidence: 0.41, min_triage_confidence: config.min_triage_confidence });
  });
  it("makes no offer when triage abstained, whatever the confidence", () => {
    const d = decide(t("retention_risk", "considering_leaving", 0.9, { unclear: true, retention: evidence }), atRisk, config);
    expect(money(d)).toEqual(NO_MONEY);
    expect(unclearReason(d)!.facts.unclear).toBe(true);
  });
  it("makes no offer without retention evidence in the text, and says so", () => {
    const d = decide(t("retention_risk", "price_objection", 0.9), atRisk, config);
    expect(money(d)).toEqual(NO_MONEY);
    expect(d.reasons[0]!.text).toMatch(
      /^No retention discount: no retention evidence in the text \(retention probability 0\.05 < 0\.50 and no retention phrase\)/,
    );
  });
  it("takes either kind of evidence: a matched phrase alone, or the probability alone", () => {
    const phrase = decide(t("retention_risk", "price_objection", 0.9, { retention: { probability: 0.1, evidence: ["too expensive"] } }), atRisk, config);
    const probability = decide(t("retention_risk", "price_objection", 0.9, { retention: { probability: 0.7, evidence: [] } }), atRisk, config);
    expect([phrase.discount_percent, probability.discount_percent]).toEqual([15, 15]);
    expect(probability.reasons[0]!.facts.retention_evidence).toBeNull();
  });
  it("treats a missing retention record as no evidence", () => {
    const { retention: _r, ...bare } = t("retention_risk", "price_objection", 0.9);
    expect(decide(bare, atRisk, config).discount_percent).toBe(0);
  });
});

describe("service_recovery", () => {
  it("offers 15%, free shipping and a manager follow-up on a confident complaint", () => {
    const d = decide(t("service_complaint", "complaint", 0.7), atRisk, config);
    expect(money(d)).toEqual({ discount: 15, free_shipping: true, offer_rule: "service_recovery" });
    expect(d.reasons[0]!.facts.triage_confidence).toBe(0.7);
  });
  it("makes no discount and no free shipping below min_triage_confidence", () => {
    const d = decide(t("service_complaint", "complaint", 0.3), atRisk, config);
    expect(money(d)).toEqual(NO_MONEY);
    expect(d.follow_up_owner).not.toBe("manager");
    expect(unclearReason(d)!.text).toContain("confidence 0.30");
  });
  it("withholds the low-risk free-shipping apology too when the reading is unclear", () => {
    expect(money(decide(t("service_complaint", "complaint", 0.8), lowRisk, config))).toEqual({
      discount: 0,
      free_shipping: true,
      offer_rule: "service_recovery",
    });
    const d = decide(t("service_complaint", "complaint", 0.35), lowRisk, config);
    expect(money(d)).toEqual(NO_MONEY);
    expect(unclearReason(d)).toBeDefined();
  });
});

describe("reengagement", () => {
  it("offers 10% on a confident product question", () => {
    expect(money(decide(t("product_question", "product_recommendation", 0.75), atRisk, config))).toEqual({
      discount: 10,
      free_shipping: false,
      offer_rule: "reengagement",
    });
  });
  it("makes no offer below min_triage_confidence", () => {
    const d = decide(t("product_question", "product_recommendation", 0.2), atRisk, config);
    expect(money(d)).toEqual(NO_MONEY);
    expect(unclearReason(d)!.text).toBe("No offer: triage unclear (confidence 0.20): the agent decides.");
  });
});

describe("the threshold", () => {
  it("is inclusive: a confidence exactly at min_triage_confidence may earn money", () => {
    expect(decide(t("product_question", "product_recommendation", config.min_triage_confidence), atRisk, config).discount_percent).toBe(10);
  });
  it("follows the config: a manager who lowers it lets a weaker reading earn the offer", () => {
    const lenient = PolicyConfigSchema.parse({ ...config, min_triage_confidence: 0.25 });
    expect(decide(t("product_question", "product_recommendation", 0.3), atRisk, lenient).discount_percent).toBe(10);
  });
  it("still escalates a strongly negative unclear ticket, without money", () => {
    const d = decide(t("other", "unclear", 0.2, { unclear: true, sentiment: { score: -0.9, label: "negative" } }), atRisk, config);
    expect(d).toMatchObject({ escalate: true, offer_discount: false, free_shipping: false });
  });
});
