/**
 * Approval as every reviewer sees it, through the API or the console: create the Shopify discount
 * code first when the store is Shopify and the decision offers one (a failure is a 502 and the draft
 * stays pending, so no reply ever promises a code that does not exist), approve once with the code
 * in the sent body and the ledger, then queue the reply's post to the originating helpdesk (after
 * the commit; the reconciler catches a miss).
 */
import { prepareApprovalDiscount } from "./discount";
import type { Services } from "../services";
import { ProblemError } from "../http/problem";
import type { Decision } from "../policy/types";
import { approveDraft, budgetSpent, getDraft, getTicket, offerHistory, type DraftRow } from "../drafts/repo";
import { buildDraftFacts } from "../ai/draft/facts";
import { checkDraft, OFFER_VIOLATIONS, type GuardViolation } from "../ai/draft/guard";
import { lastOrders } from "../customers/repo";
import type { CustomerProfile } from "../profile/types";

/**
 * The guard's offer checks on an agent's edited reply: the edited text must state the decided
 * offer (percentage, free shipping, manager follow-up) and no other, and name no code that does
 * not exist, because the ledger records the decision and the customer reads the text. Other
 * checks (orders, dates, products) are the agent's call: they may know more than the facts.
 * @param customerId the draft's ticket's customer (GID), whose orders are the facts; null for a new customer
 * @returns the violations, empty when the edit keeps the offer as decided
 */
export async function offerViolationsOfEdit(s: Services, draft: DraftRow, customerId: string | null, editedBody: string): Promise<GuardViolation[]> {
  const decision = draft.decision as Decision;
  // Tracking numbers from the customer's orders are not invented codes.
  const orders = customerId ? await lastOrders(s.db, customerId, 5) : [];
  const facts = buildDraftFacts(draft.profile as CustomerProfile | null, orders, decision, draft.language ?? "en", s.timeZone);
  return checkDraft(editedBody, facts, decision, { languageKnown: true }).violations.filter((v) => OFFER_VIOLATIONS.has(v.code));
}

/**
 * @param editedBody the agent's edited reply, when they edited it
 * @throws ProblemError 404 / 409 (see approveDraft), 422 (the edit changes the decided offer:
 *   `invalid_params` names `body` with each reason), 502 (Shopify would not create the code)
 */
export async function approveAndSend(s: Services, draftId: string, actor: string, editedBody?: string): Promise<DraftRow> {
  const budgets = s.policy().budgets;
  // Before any code is created: refuse an offer that a budget no longer allows (approveDraft checks
  // again under the ledger lock, for approvals racing each other).
  const draft = await getDraft(s.db, draftId);
  const decision = draft?.decision as Decision | undefined;
  const pending = draft?.status === "pending_review" ? draft : undefined;
  const customerId = pending && (editedBody !== undefined || decision?.offer_discount) ? ((await getTicket(s.db, pending.ticketId))?.customerId ?? null) : null;
  if (pending && editedBody !== undefined) {
    const violations = await offerViolationsOfEdit(s, pending, customerId, editedBody);
    if (violations.length) {
      throw new ProblemError(
        422,
        "Unprocessable Content",
        `The edited reply changes the offer the policy decided (${violations.map((v) => v.detail).join("; ")}). The ledger records the decision, so the reply must state it as decided: restore the offer, or reject the draft.`,
        { invalid_params: violations.map((v) => ({ name: "body", reason: v.detail, code: v.code })) },
      );
    }
  }
  if (pending && decision?.offer_discount) {
    const spent = budgetSpent(await offerHistory(s.db, customerId, s.clock.now()), budgets);
    if (spent) throw new ProblemError(409, "Conflict", `${spent}; the decision was made before that. Reject this draft, or post the ticket again for a fresh decision.`, { budget: spent });
  }
  const discount = s.shopify ? await prepareApprovalDiscount(s, s.shopify.client, draftId) : null;
  const row = await approveDraft(s.db, draftId, actor, s.clock.now(), editedBody, discount ?? undefined, budgets);
  await s.helpdesks?.dispatchDraft(row.id).catch((err) => s.log.warn("helpdesk dispatch failed", { draft: row.id, error: String(err) }));
  return row;
}
