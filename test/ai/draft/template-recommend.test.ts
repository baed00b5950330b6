/** The template drafter's recommendation paragraph: names the facts' products with why, in five languages, guard-clean. */
import { describe, expect, it } from "vitest";
import { checkModelText } from "../../../src/ai/draft/guard";
import { templateParts } from "../../../src/ai/draft/template";
import { recommendationParagraph } from "../../../src/ai/draft/template-recommend";
import { guardContext } from "../../../evals/guard-contexts";

const recommendations = [
  { product: "Pink Regency Teacup and Saucer", bought_with: "Green Regency Teacup and Saucer" },
  { product: "Set of 3 Cake Tins Pantry Design", bought_with: "6 Egg House Painted Wood" },
  { product: "Jumbo Bag Red Retrospot", bought_with: "Lunch Bag Red Retrospot" },
  { product: "Fourth One Never Named", bought_with: "6 Egg House Painted Wood" },
];
const catalogue = [...recommendations.flatMap((r) => [r.product, r.bought_with]), "Regency Cakestand 3 Tier"];

describe("recommendationParagraph", () => {
  it("names at most three products, each with the product it is often bought with", () => {
    const p = recommendationParagraph(recommendations, "en")!;
    expect(p).toBe(
      "Based on your previous orders, I'd suggest the Pink Regency Teacup and Saucer, often bought with the Green Regency Teacup and Saucer you ordered; the Set of 3 Cake Tins Pantry Design, often bought with the 6 Egg House Painted Wood you ordered; and the Jumbo Bag Red Retrospot, often bought with the Lunch Bag Red Retrospot you ordered.",
    );
    expect(p).not.toContain("Fourth One");
    expect(recommendationParagraph([], "en")).toBeNull();
    expect(recommendationParagraph(undefined, "de")).toBeNull();
  });

  it("goes into a product question's template reply in every language, which the guard passes (language checked too)", () => {
    for (const language of ["en", "es", "fr", "de", "pt"]) {
      const c = guardContext("s2", language);
      const facts = { ...c.facts, recommendations };
      const t = templateParts(facts, "product_question", "product_recommendation");
      for (const r of recommendations.slice(0, 3)) expect(t.body).toContain(r.product);
      const g = checkModelText({ text: t.modelText, facts, commitments: t.commitments, language: t.language, catalogue });
      expect(g, `${language}: ${t.modelText}`).toEqual({ ok: true, violations: [] });
    }
  });

  it("leaves the general answer when there is nothing to recommend", () => {
    const c = guardContext("s2", "en");
    expect(templateParts(c.facts, "product_question", "product_recommendation").body).not.toContain("often bought with");
  });
});
