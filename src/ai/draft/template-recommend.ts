/**
 * The template drafter's answer to a recommendation question: two or three products from the
 * store's co-purchase data (facts.recommendations), each with why ("often bought with the Egg
 * House Painted Wood you ordered"), in the reply's language. Every product it names is in the
 * facts, so the guard's catalogue check passes it. Pure.
 */
import type { DraftRecommendation } from "./facts";

const MAX = 3;

const join = (items: string[], and: string) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join("; ")}; ${and} ${items[items.length - 1]}`);

const PHRASES: Record<string, { lead: string; item: (r: DraftRecommendation) => string; and: string }> = {
  en: {
    lead: "Based on your previous orders, I'd suggest",
    item: (r) => `the ${r.product}, often bought with the ${r.bought_with} you ordered`,
    and: "and",
  },
  es: {
    lead: "Según sus pedidos anteriores, le sugeriría",
    item: (r) => `${r.product}, que suele comprarse junto con ${r.bought_with}, que usted ya pidió`,
    and: "y",
  },
  fr: {
    lead: "D'après vos commandes précédentes, je vous suggérerais",
    item: (r) => `${r.product}, souvent acheté avec ${r.bought_with}, que vous avez commandé`,
    and: "et",
  },
  de: {
    lead: "Nach Ihren bisherigen Bestellungen empfehle ich Ihnen",
    item: (r) => `${r.product}, oft zusammen mit ${r.bought_with} gekauft, das Sie bestellt haben`,
    and: "und",
  },
  pt: {
    lead: "Com base nas suas encomendas anteriores, sugeria",
    item: (r) => `${r.product}, muitas vezes comprado com ${r.bought_with}, que já encomendou`,
    and: "e",
  },
};

/**
 * The recommendation paragraph, or null when the facts hold no recommendation (the template then
 * writes its general answer).
 * @param language the reply's language (en, es, fr, de, pt; anything else gets English)
 */
export function recommendationParagraph(recs: readonly DraftRecommendation[] | undefined, language: string): string | null {
  if (!recs?.length) return null;
  const p = PHRASES[language] ?? PHRASES.en!;
  return `${p.lead} ${join(recs.slice(0, MAX).map(p.item), p.and)}.`;
}
