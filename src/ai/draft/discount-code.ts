/**
 * The discount code in the reply's text: the code exists only once an agent approves (Shopify
 * creates it then, src/shopify/discounts.ts), so a draft carries the rendered code sentence with
 * the placeholder `{{discount_code}}` (commitments/), and the approval fills it, or removes it when
 * no code was made. Pure text, in the reply's language, from the same renderer that wrote it.
 */
import { commitmentPhrases, DISCOUNT_CODE_PLACEHOLDER, fillDiscountCode } from "./commitments";

export { DISCOUNT_CODE_PLACEHOLDER, fillDiscountCode } from "./commitments";

/**
 * Puts the code into the reply: the rendered code sentence's placeholder gets the code and its
 * validity (`fillDiscountCode`); a reply without the placeholder (older drafts) gets the code
 * sentence, in the draft's language (English when unknown), after the paragraph that makes the
 * offer, or at the end.
 * @param expiresAt shown as YYYY-MM-DD (UTC)
 */
export function withDiscountCode(body: string, code: string, expiresAt: Date, language: string | null): string {
  if (body.includes(DISCOUNT_CODE_PLACEHOLDER)) return fillDiscountCode(body, { code, expiresAt }, language);
  if (body.includes(code)) return body;
  const line = commitmentPhrases(language ?? "en").phrases.codeLine(code, expiresAt.toISOString().slice(0, 10));
  const paragraphs = body.split(/\n{2,}/);
  const offerAt = paragraphs.findIndex((p) => /\d+\s?%/.test(p));
  if (offerAt < 0) return `${body.trimEnd()}\n\n${line}`;
  paragraphs[offerAt] = `${paragraphs[offerAt]!.trimEnd()} ${line}`;
  return paragraphs.join("\n\n");
}
