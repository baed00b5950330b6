/**
 * The shape every language file of the commitment renderer fills (commitments/en.ts, es.ts, ...).
 * Each entry is a reviewed sentence: the only words in a reply that commit the shop to anything.
 * The compiler checks that every language has every sentence.
 */

/** Sentences of one language. `{{discount_code}}` in `code` is filled when the draft is approved. */
export interface CommitmentPhrases {
  /** A discount alone: `percent` is the decided whole percentage (1-100). */
  discount(percent: number): string;
  /** A discount together with free shipping on the same order, in one sentence. */
  discountWithShipping(percent: number): string;
  /** Free shipping alone. */
  freeShipping: string;
  /** Where the code goes; `placeholder` is replaced by the code (and its validity) on approval. */
  code(placeholder: string): string;
  /** The filled code: what replaces the placeholder once Shopify made the code (`until` is YYYY-MM-DD). */
  filledCode(code: string, until: string): string;
  /** The code sentence for a reply that has no placeholder (older drafts): appended after the offer. */
  codeLine(code: string, until: string): string;
  /** The decision's manager follow-up. */
  managerFollowUp: string;
  /** An escalation without a decided follow-up: the case went to a manager. */
  escalation: string;
  /**
   * Actions a person approved (refund, replacement, ...), stated as that person decided them. None
   * is decided by the policy today; the slot exists so that when one is, it is rendered here too.
   */
  action: Record<PersonApprovedAction, string>;
}

/** Actions only a person may decide; rendered when a decision carries one (none does yet). */
export const PERSON_APPROVED_ACTIONS = ["refund", "replacement", "return_label"] as const;
export type PersonApprovedAction = (typeof PERSON_APPROVED_ACTIONS)[number];
