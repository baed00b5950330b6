/**
 * The agent-edit check: an agent may rewrite a draft's conversation and move the rendered
 * commitment sentences, but not change them, and may not add an offer of their own, because the
 * ledger records the decision and the customer reads the text. The whole edited text is read after
 * the guard's normalisation (`２０％`, a Cyrillic `frее`, `coupon WELCOMEBACK` are what they look
 * like), with the same offer and escalation words as a model's text. Facts (orders, dates,
 * products) and person-decided actions (a refund, a replacement) are the agent's call: they may know
 * more than the facts, and they are the person who decides those. Pure.
 */
import type { Commitment, CommitmentKind } from "./commitments";
import { codeLikeTokens, conceptViolations, type GuardViolation } from "./guard";
import { normalizeText } from "./normalize";

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** Offer concepts an agent may state: actions a person decides, and the agent is that person. */
const AGENT_DECIDES = /promises (?:a refund|a replacement)\b/;

export interface AgentEditInput {
  /** The agent's edited reply. */
  edited: string;
  /** The sentences the draft's block rendered (stored with the draft, or rendered again from its decision). */
  commitments: readonly Commitment[];
  /** Codes and references the reply may carry: the draft's own tracking numbers (not codes). */
  allowedTokens?: readonly string[];
}

/**
 * Checks an agent's edit.
 * @returns the violations, each naming what changed (empty = the edit keeps the commitments as
 *   rendered and adds no offer)
 */
export function checkAgentEdit(input: AgentEditInput): GuardViolation[] {
  const out: GuardViolation[] = [];
  let rest = squash(input.edited);
  for (const c of input.commitments) {
    const sentence = squash(c.text);
    if (!rest.includes(sentence)) {
      out.push({
        code: "commitment_changed",
        kind: "offer",
        detail: `the rendered sentence "${c.text}" was changed or removed; it states the decision and may be moved, not changed`,
      });
    }
    rest = rest.split(sentence).join(" ");
  }
  const kinds: CommitmentKind[] = [...new Set(input.commitments.map((c) => c.kind))];
  if (
    kinds.includes("discount") &&
    input.commitments.some((c) => /\b(?:free shipping|envío gratuito|livraison gratuite|kostenlosem Versand|portes grátis)\b/i.test(c.text))
  )
    kinds.push("free_shipping");
  const n = normalizeText(rest);
  for (const v of conceptViolations(n, kinds, new Set(["offer", "escalation"]))) {
    if (!AGENT_DECIDES.test(v.detail)) out.push({ ...v, detail: `adds ${v.detail.replace(/^promises /, "").replace(/^mentions /, "")}` });
  }
  const allowed = new Set(input.allowedTokens ?? []);
  for (const token of codeLikeTokens(n.cased)) {
    if (!allowed.has(token))
      out.push({ code: "code_like_token", kind: "offer", detail: `adds "${token}", which reads as a discount code; the code is created on approval` });
  }
  return out;
}
