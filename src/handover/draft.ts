/**
 * The draft of a hand-over ticket: the holding reply (holding.ts) in the ticket's language, and
 * nothing else: no model call, no order recap, no offer, no knowledge. Its middle paragraph (who
 * handles the ticket and that they will be in touch) is the reply's one commitment, stored as the
 * draft's rendered sentence (kind `manager_follow_up` when a manager owns it, else `escalation`),
 * so an agent's edit may move it and write around it but not change it, and may add no offer
 * (src/ai/draft/edit-check.ts). The whole reply goes through the allow-list guard
 * (src/ai/draft/guard.ts) as our own text: a manager's wording (`handover.wording`) can say what
 * the reviewed templates never do, and a wording the guard refuses gives way to the reviewed
 * template, flagged. The safety reply's emergency numbers are grounded by one reviewed source
 * (`EMERGENCY_NUMBERS`), so a wording may give those numbers and no other. Pure.
 */
import type { DraftResult } from "../ai/draft";
import type { Commitment, CommitmentKind, RenderedCommitments } from "../ai/draft/commitments";
import type { DraftFacts } from "../ai/draft/facts";
import { checkModelText, type GuardViolation } from "../ai/draft/guard";
import type { Decision } from "../policy/types";
import { renderHoldingReply, type HoldingReply, type HoldingWording } from "./holding";
import { EMERGENCY_NUMBERS, HOLDING_TEMPLATES_VERSION } from "./holding-templates";

/** The drafter's name and version stored with a holding draft (`prompt` in the API). */
export const HOLDING_DRAFTER = { name: "handover-holding", version: HOLDING_TEMPLATES_VERSION } as const;

export interface HoldingDraftInput {
  /** A decision with `handover` set (policy/handover.ts). */
  decision: Decision;
  /** The draft facts: the reply uses the first name and the language only. */
  facts: DraftFacts;
  /** The policy's holding-reply wording (`handover.wording`), when managers changed it. */
  wording?: HoldingWording;
  /** The requester's email: the only address the reply may contain. */
  requesterEmail?: string | null;
}

/** The commitment kind of a holding reply: a manager follow-up when a manager owns the ticket, else an escalation. */
function commitmentKind(decision: Decision): CommitmentKind {
  return decision.follow_up_owner === "manager" ? "manager_follow_up" : "escalation";
}

function check(reply: HoldingReply, input: HoldingDraftInput, kind: CommitmentKind) {
  const commitments: RenderedCommitments = { language: reply.language, items: [{ kind, text: reply.paragraph }], kinds: [kind], text: reply.paragraph };
  return checkModelText({
    text: reply.body,
    facts: { ...input.facts, language: reply.language },
    commitments,
    language: reply.language,
    passages: [EMERGENCY_NUMBERS],
    cited: [EMERGENCY_NUMBERS.id],
    requesterEmail: input.requesterEmail,
    // Our reviewed templates are written in their language; a manager's wording is checked for it.
    languageKnown: reply.source === "template",
  });
}

/**
 * Drafts the holding reply of a hand-over decision.
 * @returns a draft (`drafter: "template"`, prompt `handover-holding`), in the ticket's language when
 *   it is one of en/es/fr/de/pt (else English); the policy's wording when it passes the guard, else
 *   the reviewed template with the wording's violations and `flagged: true`
 * @throws Error when the decision has no hand-over
 */
export function holdingDraft(input: HoldingDraftInput): DraftResult {
  const h = input.decision.handover;
  if (!h) throw new Error("holdingDraft: the decision hands nothing over");
  const kind = commitmentKind(input.decision);
  const render = (wording?: HoldingWording) =>
    renderHoldingReply({ categories: h.categories, language: input.facts.language, owner: h.owner, firstName: input.facts.first_name, wording });
  let reply = render(input.wording);
  let result = check(reply, input, kind);
  let refused: GuardViolation[] = [];
  if (!result.ok && reply.source === "policy") {
    refused = result.violations;
    reply = render();
    result = check(reply, input, kind);
  }
  const commitments: Commitment[] = [{ kind, text: reply.paragraph }];
  return {
    body: reply.body,
    language: reply.language,
    drafter: "template",
    promptName: HOLDING_DRAFTER.name,
    promptVersion: HOLDING_DRAFTER.version,
    model: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    fallbackReason: refused.length
      ? `the policy's holding wording for ${reply.category} (${reply.language}) broke the guard; the reviewed template was used`
      : null,
    guard: { ok: result.ok, repaired: false, violations: [...refused, ...result.violations], flagged: refused.length > 0 || !result.ok, commitments },
    // A holding reply answers from no knowledge: it cites nothing.
    citations: [],
    calls: [],
    promptBudget: null,
    redraft: false,
  };
}
