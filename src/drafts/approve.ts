/**
 * Approval as every reviewer sees it, through the API or the console: create the Shopify discount
 * code first when the store is Shopify and the decision offers one (a failure is a 502 and the draft
 * stays pending, so no reply ever promises a code that does not exist), approve once with the code
 * in the sent body and the ledger, then queue the reply's post to the originating helpdesk (after
 * the commit; the reconciler catches a miss).
 */
import { prepareApprovalDiscount } from "../shopify/approval";
import type { Services } from "../services";
import { ProblemError } from "../http/problem";
import type { Decision } from "../policy/types";
import { approveDraft, budgetSpent, getDraft, getTicket, offerHistory, type DraftRow } from "./repo";

/**
 * @param editedBody the agent's edited reply, when they edited it
 * @throws ProblemError 404 / 409 (see approveDraft), 502 (Shopify would not create the code)
 */
export async function approveAndSend(s: Services, draftId: string, actor: string, editedBody?: string): Promise<DraftRow> {
  const budgets = s.policy().budgets;
  // Before any code is created: refuse an offer that a budget no longer allows (approveDraft checks
  // again under the ledger lock, for approvals racing each other).
  const draft = await getDraft(s.db, draftId);
  const decision = draft?.decision as Decision | undefined;
  if (draft && draft.status === "pending_review" && decision?.offer_discount) {
    const ticket = await getTicket(s.db, draft.ticketId);
    const spent = budgetSpent(await offerHistory(s.db, ticket?.customerId ?? null, s.clock.now()), budgets);
    if (spent) throw new ProblemError(409, "Conflict", `${spent}; the decision was made before that. Reject this draft, or post the ticket again for a fresh decision.`, { budget: spent });
  }
  const discount = s.shopify ? await prepareApprovalDiscount(s, s.shopify.client, draftId) : null;
  const row = await approveDraft(s.db, draftId, actor, s.clock.now(), editedBody, discount ?? undefined, budgets);
  await s.helpdesks?.dispatchDraft(row.id).catch((err) => s.log.warn("helpdesk dispatch failed", { draft: row.id, error: String(err) }));
  return row;
}
