/**
 * The discount code in the reply's text: the code exists only once an agent approves (Shopify
 * creates it then, src/shopify/discounts.ts), so drafts carry a placeholder or nothing, and the
 * approval puts the code in. Pure text, in the reply's language.
 */

const CODE_LINE: Record<string, (code: string, until: string) => string> = {
  en: (c, u) => `Your personal code is ${c}: enter it at checkout. It can be used once, until ${u}.`,
  es: (c, u) => `Su código personal es ${c}: introdúzcalo al pagar. Puede usarse una vez, hasta el ${u}.`,
  fr: (c, u) => `Votre code personnel est ${c} : saisissez-le lors du paiement. Il est utilisable une fois, jusqu'au ${u}.`,
  de: (c, u) => `Ihr persönlicher Code lautet ${c}: Geben Sie ihn an der Kasse ein. Er ist einmal einlösbar, bis zum ${u}.`,
  pt: (c, u) => `O seu código pessoal é ${c}: introduza-o no checkout. Pode ser usado uma vez, até ${u}.`,
};

/** Placeholder a drafter or an agent may put where the code belongs. */
export const DISCOUNT_CODE_PLACEHOLDER = "{{discount_code}}";

/**
 * Puts the code into the reply: replaces `{{discount_code}}` wherever it appears, otherwise adds a
 * sentence (in the draft's language; English when unknown) before the sign-off, i.e. after the
 * paragraph that makes the offer, or at the end.
 * @param expiresAt shown as YYYY-MM-DD (UTC)
 */
export function withDiscountCode(body: string, code: string, expiresAt: Date, language: string | null): string {
  if (body.includes(DISCOUNT_CODE_PLACEHOLDER)) return body.split(DISCOUNT_CODE_PLACEHOLDER).join(code);
  if (body.includes(code)) return body;
  const line = (CODE_LINE[language ?? "en"] ?? CODE_LINE.en)(code, expiresAt.toISOString().slice(0, 10));
  const paragraphs = body.split(/\n{2,}/);
  const offerAt = paragraphs.findIndex((p) => /\d+\s?%/.test(p));
  if (offerAt < 0) return `${body.trimEnd()}\n\n${line}`;
  paragraphs[offerAt] = `${paragraphs[offerAt].trimEnd()} ${line}`;
  return paragraphs.join("\n\n");
}
