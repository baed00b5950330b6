/**
 * The commitment renderer: everything a decision commits the shop to (the discount and its
 * percentage, free shipping, the discount code placeholder, the manager follow-up or escalation
 * note, and later any refund or action a person approved) becomes short sentences rendered from
 * reviewed templates, one file per language (en, es, fr, de, pt; anything else renders English).
 * The model never writes a percentage, a code or a promise: the drafter puts this block where the
 * model's structured output says it goes, the template drafter puts it in the same place, and the
 * approval fills the code placeholder. Pure: a function of the decision and the language.
 */
import type { Decision } from "../../../policy/types";
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { pt } from "./pt";
import type { CommitmentPhrases, PersonApprovedAction } from "./types";

export { PERSON_APPROVED_ACTIONS, type CommitmentPhrases, type PersonApprovedAction } from "./types";

export const COMMITMENT_LANGUAGES: Readonly<Record<string, CommitmentPhrases>> = { en, es, fr, de, pt };

/** Where the approval puts the discount code (src/shopify/discounts.ts `withDiscountCode`). */
export const DISCOUNT_CODE_PLACEHOLDER = "{{discount_code}}";

/** What a rendered sentence commits to; the guard allows the model to refer (without figures) only to these. */
export type CommitmentKind = "discount" | "free_shipping" | "code" | "manager_follow_up" | "escalation" | PersonApprovedAction;

export interface Commitment {
  kind: CommitmentKind;
  /** The sentence exactly as rendered; an agent's edit may move it, never change it. */
  text: string;
}

export interface RenderedCommitments {
  /** The language the sentences are in (the reply's, or "en" for one we do not write). */
  language: string;
  /** Every sentence, in reply order. Empty when the decision commits to nothing. */
  items: Commitment[];
  /** The kinds rendered (several items may share one: a discount with shipping is both). */
  kinds: CommitmentKind[];
  /** The block as it goes into the reply: paragraphs separated by a blank line; "" when empty. */
  text: string;
}

/** The decision fields that carry commitments (a Decision, or the drafter facts' `offer`). */
export type CommitmentDecision = Pick<Decision, "discount_percent" | "free_shipping" | "escalate" | "follow_up_owner"> & { offer_discount?: boolean };

/** The phrasebook of a language, and the language actually used (English for one we do not write). */
export function commitmentPhrases(language: string): { language: string; phrases: CommitmentPhrases } {
  const phrases = COMMITMENT_LANGUAGES[language];
  return phrases ? { language, phrases } : { language: "en", phrases: en };
}

/**
 * Renders a decision's commitments.
 * @param decision the policy decision (a discount counts when `discount_percent` > 0 and
 *   `offer_discount` is not false)
 * @param language ISO 639-1 code of the reply
 * @param approvedActions actions a person approved for this reply (none comes from the policy yet)
 * @returns the sentences, their kinds and the block text; deterministic for the same input
 */
export function renderCommitments(decision: CommitmentDecision, language: string, approvedActions: readonly PersonApprovedAction[] = []): RenderedCommitments {
  const { language: lang, phrases: t } = commitmentPhrases(language);
  const paragraphs: Commitment[][] = [];
  const discount = decision.offer_discount !== false && decision.discount_percent > 0 ? decision.discount_percent : 0;
  const offer: Commitment[] = [];
  if (discount && decision.free_shipping) offer.push({ kind: "discount", text: t.discountWithShipping(discount) });
  else if (discount) offer.push({ kind: "discount", text: t.discount(discount) });
  else if (decision.free_shipping) offer.push({ kind: "free_shipping", text: t.freeShipping });
  if (discount) offer.push({ kind: "code", text: t.code(DISCOUNT_CODE_PLACEHOLDER) });
  if (offer.length) paragraphs.push(offer);
  if (decision.follow_up_owner === "manager") paragraphs.push([{ kind: "manager_follow_up", text: t.managerFollowUp }]);
  else if (decision.escalate) paragraphs.push([{ kind: "escalation", text: t.escalation }]);
  const actions = [...new Set(approvedActions)].map((a): Commitment => ({ kind: a, text: t.action[a] }));
  if (actions.length) paragraphs.push(actions);

  const items = paragraphs.flat();
  const kinds = new Set<CommitmentKind>(items.map((i) => i.kind));
  if (discount && decision.free_shipping) kinds.add("free_shipping");
  return { language: lang, items, kinds: [...kinds], text: paragraphs.map((p) => p.map((c) => c.text).join(" ")).join("\n\n") };
}

/**
 * Fills the code placeholder on approval. The rendered code sentence gets the code and its validity;
 * a bare placeholder elsewhere (an agent's own) gets the code alone. With no code (no Shopify, or
 * nothing to create) the rendered code sentence is removed, so no reply promises a code that does
 * not exist.
 * @param code the created code and its expiry, or null when none was created
 * @param language the draft's language (the one its block was rendered in)
 * @returns the body to send; unchanged when it holds no placeholder
 */
export function fillDiscountCode(body: string, code: { code: string; expiresAt: Date } | null, language: string | null): string {
  if (!body.includes(DISCOUNT_CODE_PLACEHOLDER)) return body;
  const { phrases: t } = commitmentPhrases(language ?? "en");
  const sentence = t.code(DISCOUNT_CODE_PLACEHOLDER);
  if (!code) {
    return body
      .split(sentence)
      .map((part, i, all) => (i < all.length - 1 ? part.replace(/[ \t]+$/, "") : part))
      .join("")
      .split(DISCOUNT_CODE_PLACEHOLDER)
      .join("")
      .replace(/[ \t]+\n/g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  }
  const until = code.expiresAt.toISOString().slice(0, 10);
  return body
    .split(sentence)
    .join(t.code(t.filledCode(code.code, until)))
    .split(DISCOUNT_CODE_PLACEHOLDER)
    .join(code.code);
}
