/**
 * The hand-over draft: the holding reply as our own template, through the allow-list guard, in all
 * five languages, every category and every owner (a manager among them), and what an agent's edit
 * of it may and may not do.
 */
import { describe, expect, it } from "vitest";
import type { DraftFacts } from "../../src/ai/draft/facts";
import { checkAgentEdit } from "../../src/ai/draft/edit-check";
import { holdingDraft } from "../../src/handover/draft";
import { HOLDING_LANGUAGES } from "../../src/handover/holding";
import { HANDOVER_CATEGORIES, type HandoverCategory } from "../../src/handover/types";
import { applyHandover, HandoverPolicySchema } from "../../src/policy/handover";
import type { Decision } from "../../src/policy/types";

const OWNERS = ["legal", "payments", "safety", "privacy", "manager", "trust-and-safety"];
const retentionOffer: Decision = {
  offer_discount: true,
  discount_percent: 15,
  free_shipping: false,
  escalate: false,
  follow_up: false,
  follow_up_owner: null,
  priority: "normal",
  priority_score: 40,
  churn_band: "high",
  reasons: [],
  offer_rule: "retention_offer",
  policy_version: "test",
};

const handedOver = (category: HandoverCategory, owner: string) =>
  applyHandover(
    retentionOffer,
    {
      intent: "complaint",
      family: "service_complaint",
      confidence: 0.9,
      sentiment: { score: -0.5, label: "negative" },
      urgency: "normal",
      handover: [
        { category, confidence: 0.9, hits: [{ category, kind: "insult", rule: "test", start: 0, end: 4, evidence: "test", confidence: 0.9, modifiers: [] }] },
      ],
    },
    HandoverPolicySchema.parse({ owners: { [category]: owner } }),
  );

const facts = (language: string, first_name: string | null = "Ana"): DraftFacts => ({
  first_name,
  language,
  order_count: 3,
  first_order_date: "2010-12-01",
  last_order_date: "2011-04-01",
  recent_orders: [
    { name: "#563220", date: "2011-04-01", total: "£121.17", products: ["6 Egg House Painted Wood"], fulfillment_status: "fulfilled", tracking: [] },
  ],
  favourite_products: ["6 Egg House Painted Wood"],
  tone: "",
  offer: { discount_percent: 0, free_shipping: false, escalate: true, follow_up_owner: null },
});

describe("holding replies through the guard", () => {
  it("pass in every language, category and owner, a manager included", () => {
    const failures: string[] = [];
    for (const language of HOLDING_LANGUAGES) {
      for (const category of HANDOVER_CATEGORIES) {
        for (const owner of OWNERS) {
          for (const first of ["Ana", null]) {
            const d = holdingDraft({ decision: handedOver(category, owner), facts: facts(language, first), requesterEmail: "ana@example.org" });
            if (!d.guard.ok || d.guard.flagged || d.language !== language)
              failures.push(`${language} ${category} ${owner}: ${d.guard.violations.map((v) => v.detail).join("; ")}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("passes the Spanish and Portuguese replies a manager owns (the follow-up kind allows 'un responsable')", () => {
    for (const language of ["es", "pt"]) {
      const d = holdingDraft({ decision: handedOver("abuse", "manager"), facts: facts(language) });
      expect(d.body).toMatch(/un responsable|um responsável/);
      expect(d.guard).toMatchObject({ ok: true, violations: [], commitments: [{ kind: "manager_follow_up" }] });
    }
  });

  it("records the paragraph naming the owner as the reply's one commitment: a manager follow-up or an escalation", () => {
    const legal = holdingDraft({ decision: handedOver("legal_threat", "legal"), facts: facts("en") });
    expect(legal.guard.commitments).toEqual([{ kind: "escalation", text: expect.stringContaining("our legal team") }]);
    expect(legal.body).toContain(legal.guard.commitments[0]!.text);
    expect(legal).toMatchObject({ drafter: "template", promptName: "handover-holding", model: null, fallbackReason: null });
  });

  it("recaps no order and names no product, though the facts hold them", () => {
    for (const category of HANDOVER_CATEGORIES) {
      const d = holdingDraft({ decision: handedOver(category, "manager"), facts: facts("en") });
      expect(d.body).not.toMatch(/563220|121\.17|Egg House|2011|order/i);
    }
  });

  it("answers a language it has no template for in English", () => {
    const d = holdingDraft({ decision: handedOver("legal_threat", "legal"), facts: facts("nl") });
    expect(d.language).toBe("en");
    expect(d.guard.ok).toBe(true);
  });

  it("refuses to draft a decision that hands nothing over", () => {
    expect(() => holdingDraft({ decision: retentionOffer, facts: facts("en") })).toThrow(/hands nothing over/);
  });
});

describe("a manager's wording", () => {
  const decision = handedOver("legal_threat", "legal");

  it("is used when it passes the guard", () => {
    const wording = { legal_threat: { en: "Thanks for writing. {team} has your message and will contact you directly." } };
    const d = holdingDraft({ decision, facts: facts("en"), wording });
    expect(d.body).toContain("our legal team has your message");
    expect(d.guard).toMatchObject({ ok: true, flagged: false });
  });

  it("gives way to the reviewed template, flagged, when it promises something", () => {
    const wording = { legal_threat: { en: "Sorry! {team} will refund you in full and add 20% off your next order by Friday." } };
    const d = holdingDraft({ decision, facts: facts("en"), wording });
    expect(d.body).toContain("I have passed it to our legal team");
    expect(d.body).not.toMatch(/refund|20%|Friday/);
    expect(d.fallbackReason).toMatch(/broke the guard/);
    expect(d.guard.flagged).toBe(true);
    expect(d.guard.violations.map((v) => v.code)).toEqual(expect.arrayContaining(["offer_language", "deadline"]));
  });

  it("may give the reviewed emergency numbers and no other number", () => {
    const safety = handedOver("safety", "safety");
    const ok = holdingDraft({
      decision: safety,
      facts: facts("en"),
      wording: { safety: { en: "If you are in danger, call 999 in the UK. {team} will be in touch with you." } },
    });
    expect(ok.guard.ok).toBe(true);
    const made = holdingDraft({
      decision: safety,
      facts: facts("en"),
      wording: { safety: { en: "Please call our hotline on 0800 555 0199. {team} will be in touch with you." } },
    });
    expect(made.guard.flagged).toBe(true);
    expect(made.body).not.toContain("0800");
  });
});

describe("an agent's edit of a holding reply", () => {
  const d = holdingDraft({ decision: handedOver("chargeback_fraud", "payments"), facts: facts("en") });

  it("may add words around the paragraph naming the owner", () => {
    expect(checkAgentEdit({ edited: `${d.body}\n\nI'm sorry for the trouble this has caused.`, commitments: d.guard.commitments })).toEqual([]);
  });

  it("may not add an offer, nor drop the paragraph naming the owner", () => {
    expect(checkAgentEdit({ edited: `${d.body}\n\nHere is 10% off your next order.`, commitments: d.guard.commitments }).map((v) => v.code)).toContain(
      "offer_language",
    );
    expect(
      checkAgentEdit({ edited: "Hi Ana,\n\nThanks, we will look into it.\n\nKind regards", commitments: d.guard.commitments }).map((v) => v.code),
    ).toContain("commitment_changed");
  });
});
