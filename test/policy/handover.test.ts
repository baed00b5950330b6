/** Hand-over in the policy, rule by rule: owners, no offer, priority, reasons, and categories that cannot be switched off. */
import { describe, expect, it } from "vitest";
import { detectHandover } from "../../src/handover/detect";
import { PolicyConfigSchema, parsePolicyConfig } from "../../src/policy/config";
import { loadPolicyConfig } from "../../src/node/policy-file";
import { decide } from "../../src/policy/engine";
import type { PolicyProfile, PolicyTicket } from "../../src/policy/types";

const config = loadPolicyConfig("config/policy.json");

const base = (family: PolicyTicket["family"], intent: string, sentiment = -0.4): PolicyTicket => ({
  family,
  intent,
  // A confident reading with retention evidence, so only the hand-over withholds an offer here.
  confidence: 0.9,
  retention: { probability: 0.9, evidence: ["different supplier"] },
  sentiment: { score: sentiment, label: sentiment < -0.05 ? "negative" : "neutral" },
  urgency: "normal",
});
/** A ticket as the pipeline will build it: triage labels plus the detector's findings on the text. */
const ticket = (text: string, family: PolicyTicket["family"] = "service_complaint", intent = "complaint"): PolicyTicket => ({
  ...base(family, intent),
  handover: detectHandover(text).findings,
});

// Customer 17580 of the seed scenarios: 3 orders, £215.72, 252 days since the last order.
const c17580: PolicyProfile = {
  total_orders: 3,
  lifetime_value: 215.72,
  days_since_last_purchase: 252,
  churn_risk_score: 0.47,
  refund_count: 0,
  refund_amount: 0,
};

describe("a hand-over category decides the escalation", () => {
  it.each([
    ["I'm reporting you to trading standards and my solicitor will be in touch", "legal_threat", "legal", "high"],
    ["filing a chargeback with my bank for this order", "chargeback_fraud", "payments", "high"],
    ["I want to kill myself", "safety", "safety", "urgent"],
    ["you useless fucking idiots", "abuse", "manager", "high"],
    ["please erase all my personal data under the GDPR", "data_protection", "privacy", "high"],
  ] as const)("%s -> %s, owner %s, priority %s, no offer", (text, category, owner, priority) => {
    const d = decide(ticket(text), c17580, config);
    expect(d).toMatchObject({ escalate: true, offer_discount: false, discount_percent: 0, free_shipping: false, offer_rule: null, priority });
    expect(d.handover).toMatchObject({ categories: [category], owner, owners: { [category]: owner } });
    expect(d.reasons[0]).toMatchObject({ rule: `handover_${category}`, facts: { category, owner } });
    expect(d.reasons[0]?.text).toMatch(new RegExp(`^Handed over to ${owner}: .+ \\(".+"\\)\\. No offer, no free shipping\\.$`));
    expect(d.handover?.evidence.length).toBeGreaterThan(0);
  });

  it("withholds the offer the retention rules would have made, and says what it was", () => {
    // A service complaint from a lapsed repeat customer earns 15% + free shipping without the hand-over.
    const plain = decide(base("service_complaint", "complaint"), c17580, config);
    expect(plain).toMatchObject({ offer_discount: true, discount_percent: 15, free_shipping: true });
    const d = decide(ticket("this is the third late order, I'm calling my bank to reverse the charge"), c17580, config);
    expect(d).toMatchObject({ offer_discount: false, discount_percent: 0, free_shipping: false, follow_up: false, follow_up_owner: null });
    expect(d.reasons.map((r) => r.rule)).toEqual(["handover_chargeback_fraud", "handover_no_offer"]);
    expect(d.reasons[1]?.text).toBe("No offer: a hand-over ticket gets none (the retention rules would have offered 15% and free shipping).");
  });

  it("routes to the most severe category's owner and names every category's owner", () => {
    const d = decide(ticket("you idiots, my lawyer will hear about this and if your driver comes back I will stab him"), c17580, config);
    expect(d.handover).toMatchObject({
      categories: ["safety", "legal_threat", "abuse"],
      owner: "safety",
      owners: { safety: "safety", legal_threat: "legal", abuse: "manager" },
    });
    expect(d.priority).toBe("urgent");
    expect(d.reasons.map((r) => r.rule)).toEqual(["handover_safety", "handover_legal_threat", "handover_abuse", "handover_no_offer"]);
  });

  it("puts hand-over tickets at the top of the review queue (safety first)", () => {
    expect(decide(ticket("I want to end my life"), c17580, config).priority_score).toBe(100);
    expect(decide(ticket("see you in court"), null, config).priority_score).toBeGreaterThanOrEqual(90);
  });

  it("asks a manager to follow up when a manager owns the category", () => {
    expect(decide(ticket("fuck you"), c17580, config)).toMatchObject({ follow_up: true, follow_up_owner: "manager" });
  });

  it("hands over a new customer too (no profile)", () => {
    expect(decide(ticket("delete my account and all my data"), null, config)).toMatchObject({ escalate: true, handover: { owner: "privacy" } });
  });

  it("leaves a ticket without findings exactly as the retention rules decided", () => {
    const t = base("retention_risk", "considering_leaving");
    expect(decide({ ...t, handover: [] }, c17580, config)).toEqual(decide(t, c17580, config));
  });
});

describe("owners and wording are the managers' to change", () => {
  const withHandover = (handover: unknown) => ({ ...structuredClone(config), handover });

  it("routes to the owner a manager configured", () => {
    const c = PolicyConfigSchema.parse(withHandover({ owners: { legal_threat: "counsel" } }));
    expect(decide(ticket("see you in court"), c17580, c).handover?.owner).toBe("counsel");
  });

  it("sends a category without an owner to the default owner (manager unless configured)", () => {
    expect(decide(ticket("see you in court"), c17580, PolicyConfigSchema.parse(withHandover({ owners: {} }))).handover?.owner).toBe("manager");
    expect(decide(ticket("see you in court"), c17580, PolicyConfigSchema.parse(withHandover({ default_owner: "ops" }))).handover?.owner).toBe("ops");
  });

  it("accepts a policy without a handover block (versions saved before it existed): every category still on", () => {
    const { handover: _omit, ...old } = structuredClone(config);
    const c = PolicyConfigSchema.parse(old);
    expect(c.handover).toMatchObject({ owners: {}, default_owner: "manager" });
    expect(decide(ticket("chargeback filed"), c17580, c).escalate).toBe(true);
  });

  it("accepts reviewed wording per category and language", () => {
    const c = PolicyConfigSchema.parse(withHandover({ wording: { abuse: { en: "Thank you. {team} will read your message and reply." } } }));
    expect(c.handover.wording.abuse?.en).toMatch(/^Thank you/);
  });
});

describe("the categories cannot be switched off", () => {
  const refuse = (handover: unknown) => () => parsePolicyConfig({ ...structuredClone(config), handover }, "policy.json");

  it.each([
    ["handover.enabled", { enabled: false }],
    ["handover.disabled", { disabled: ["abuse"] }],
    ["handover.categories", { categories: { safety: false } }],
    ["handover.owners.safety", { owners: { safety: null } }],
    ["handover.owners.safety", { owners: { safety: false } }],
    ["handover.owners.legal_threat", { owners: { legal_threat: "none" } }],
    ["handover.owners.abuse", { owners: { abuse: "" } }],
    ["handover.default_owner", { default_owner: "nobody" }],
  ])("refuses %s with a clear error", (field, handover) => {
    expect(refuse(handover)).toThrow(
      new RegExp(`invalid policy file policy\\.json: .*${field.replace(/\./g, "\\.")}: hand-over categories cannot be switched off`),
    );
  });

  it("refuses an unknown category and a blank holding reply, naming the field", () => {
    expect(refuse({ owners: { shoplifting: "legal" } })).toThrow(/handover\.owners/);
    expect(refuse({ wording: { safety: { en: "" } } })).toThrow(/handover\.wording\.safety\.en: holding-reply wording must be a sentence or more/);
  });
});
