/** Holding replies: reviewed templates per category and language, rendered without promises, recaps or offers. */
import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/ai/triage/language";
import { HOLDING_LANGUAGES, mostSevere, renderHoldingReply } from "../../src/handover/holding";
import { HANDOVER_CATEGORIES } from "../../src/handover/types";

const OWNERS = ["legal", "payments", "safety", "privacy", "manager", "trust-and-safety"];

describe("renderHoldingReply", () => {
  for (const category of HANDOVER_CATEGORIES) {
    for (const language of HOLDING_LANGUAGES) {
      it(`${category} in ${language}: greets, names the team, reads as ${language}, no offer, no figures, no order recap`, () => {
        for (const owner of OWNERS) {
          const r = renderHoldingReply({ categories: [category], language, owner, firstName: "Ana" });
          expect(r).toMatchObject({ category, language, source: "template" });
          expect(r.body).toContain("Ana");
          expect(r.body).not.toContain("{team}");
          // No percentage, money, order number or date: nothing to promise or recap.
          expect(r.body).not.toMatch(/%|£|\$|€|#\d|\b\d{4,}\b|\d{1,2}\/\d{1,2}/);
          expect(r.body).not.toMatch(
            /discount|descuento|réduction|rabatt|desconto|free shipping|envío gratuito|livraison gratuite|kostenlose|portes grátis|refund|reembolso|rembourse|erstatt|guarantee|garant/i,
          );
        }
        expect(detectLanguage(renderHoldingReply({ categories: [category], language, owner: "manager", firstName: null }).body)).toBe(language);
      });
    }
  }

  it("points a safety reply to emergency help in every language", () => {
    for (const language of HOLDING_LANGUAGES) {
      expect(renderHoldingReply({ categories: ["safety"], language, owner: "safety", firstName: null }).body).toMatch(/112/);
    }
  });

  it("uses the most severe category when several fired (safety over legal over abuse)", () => {
    expect(mostSevere(["abuse", "legal_threat", "safety"])).toBe("safety");
    expect(renderHoldingReply({ categories: ["abuse", "legal_threat"], language: "en", owner: "legal", firstName: null }).category).toBe("legal_threat");
  });

  it("names the owner's team, and a neutral phrase for an owner it has no name for", () => {
    expect(renderHoldingReply({ categories: ["data_protection"], language: "en", owner: "privacy", firstName: null }).body).toContain("our privacy team");
    expect(renderHoldingReply({ categories: ["legal_threat"], language: "de", owner: "legal", firstName: null }).body).toContain("unsere Rechtsabteilung");
    expect(renderHoldingReply({ categories: ["legal_threat"], language: "en", owner: "counsel-eu", firstName: null }).body).toContain(
      "the right person in our team",
    );
  });

  it("answers an unsupported language in English and greets without a name", () => {
    const r = renderHoldingReply({ categories: ["abuse"], language: "nl", owner: "manager", firstName: "  " });
    expect(r.language).toBe("en");
    expect(r.body.startsWith("Hello,")).toBe(true);
  });

  it("uses the policy's reviewed wording for its category and language, the template elsewhere", () => {
    const wording = { legal_threat: { en: "We have received your message and {team} will contact you." } };
    expect(renderHoldingReply({ categories: ["legal_threat"], language: "en", owner: "legal", firstName: null, wording })).toMatchObject({ source: "policy" });
    expect(renderHoldingReply({ categories: ["legal_threat"], language: "en", owner: "legal", firstName: null, wording }).body).toContain(
      "We have received your message and our legal team will contact you.",
    );
    expect(renderHoldingReply({ categories: ["legal_threat"], language: "fr", owner: "legal", firstName: null, wording }).source).toBe("template");
  });

  it("refuses to render without a category", () => {
    expect(() => renderHoldingReply({ categories: [], language: "en", owner: "manager", firstName: null })).toThrow(/no hand-over category/);
  });
});
