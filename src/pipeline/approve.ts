/**
 * Approval as every reviewer sees it, through the API or the console: check an edited reply against
 * the decided offer and the budgets, create the Shopify discount code first when the store is
 * Shopify and the decision offers one (a failure is a 502 and the draft stays pending, so no reply
 * ever promises a code that does not exist), approve once with the code in the sent body and the
 * offer in the ledger, then queue the reply's post to the originating helpdesk (after the commit;
 * the reconciler catches a miss).
 */
import { and, eq } from "drizzle-orm";
import { renderCommitments, type Commitment } from "../ai/draft/commitments";
import { fillDiscountCode, withDiscountCode } from "../ai/draft/discount-code";
import { checkAgentEdit } from "../ai/draft/edit-check";
import type { GuardViolation } from "../ai/draft/guard";
import { audit } from "../audit/audit";
import { lastOrders } from "../customers/repo";
import { drafts } from "../db/schema";
import type { Db } from "../db/types";
import { getDraft, getTicket, type DraftRow } from "../drafts/repo";
import { ProblemError } from "../http/problem";
import { estimatedDiscountMinor, spentBudget, type OfferBudgets } from "../ledger/budget";
import { offerHistory } from "../ledger/history";
import { appendOffer, lockLedger } from "../ledger/ledger";
import type { Decision } from "../policy/types";
import type { CustomerProfile } from "../profile/types";
import type { Services } from "../services";
import { DiscountCreationError, type CreatedDiscount } from "../shopify/port";

/**
 * The guard's offer checks on an agent's edited reply (src/ai/draft/edit-check.ts, pure): the
 * sentences the system rendered for the decision must still be there, unchanged (they may move),
 * and the agent's own text may add no offer (a percentage in any notation, a code, a coupon, free
 * shipping, credit, a gift, ...) and no manager follow-up the decision did not make, because the
 * ledger records the decision and the customer reads the text. Facts and person-decided actions
 * (refunds, replacements) are the agent's call.
 * @param customerId the draft's ticket's customer (GID), whose tracking numbers are not codes; null for a new customer
 * @returns the violations, empty when the edit keeps the commitments as rendered
 */
export async function offerViolationsOfEdit(s: Services, draft: DraftRow, customerId: string | null, editedBody: string): Promise<GuardViolation[]> {
  const decision = draft.decision as Decision;
  // The sentences stored with the draft; a draft from before they were stored gets them rendered again.
  const stored = (draft.guard as { commitments?: Commitment[] } | null)?.commitments;
  const commitments = stored ?? renderCommitments(decision, draft.language ?? "en").items;
  const orders = customerId ? await lastOrders(s.db, customerId, 5) : [];
  const allowedTokens = orders.flatMap((o) => [o.name.replace(/^#/, ""), ...o.fulfillments.map((f) => f.tracking_number ?? "")]).filter(Boolean);
  return checkAgentEdit({ edited: editedBody, commitments, allowedTokens });
}

/**
 * The Shopify step: creates (idempotently) the code of a pending draft whose decision offers a
 * discount to a known customer, before the draft is approved.
 * @returns the code, or null when there is nothing to create (no Shopify, no discount, no customer,
 *   not pending: the approval itself then answers 404/409)
 * @throws ProblemError 502 "Discount code not created" with Shopify's `user_errors`
 */
export async function prepareApprovalDiscount(s: Services, draftId: string): Promise<CreatedDiscount | null> {
  const draft = await getDraft(s.db, draftId);
  if (!s.shopify || !draft || draft.status !== "pending_review") return null;
  const decision = draft.decision as Decision;
  if (!decision.offer_discount || decision.discount_percent <= 0) return null;
  const customerGid = (await getTicket(s.db, draft.ticketId))?.customerId;
  if (!customerGid) return null;
  const policy = s.policy();
  const now = s.clock.now();
  try {
    return await s.shopify.createDiscountCode(
      {
        draftId,
        customerGid,
        percent: decision.discount_percent,
        expiresAt: new Date(now.getTime() + policy.discount_code.expires_in_days * 86_400_000),
        minimumSubtotalMinor: policy.discount_code.minimum_subtotal_minor,
        currency: policy.currency,
      },
      now,
    );
  } catch (err) {
    if (!(err instanceof DiscountCreationError)) throw err;
    s.log.warn("discount code not created; draft left pending", { draftId, error: err.message });
    throw new ProblemError(502, "Discount code not created", `${err.message}. The draft was not approved and can be approved again.`, {
      draft_status: "pending_review",
      user_errors: err.userErrors,
    });
  }
}

const budgetConflict = (summary: string) =>
  new ProblemError(409, "Conflict", `${summary}; the decision was made before that. Reject this draft, or post the ticket again for a fresh decision.`, {
    budget: summary,
  });

/**
 * @param editedBody the agent's edited reply, when they edited it
 * @throws ProblemError 404 / 409 (see approveDraft), 422 (the edit changes the decided offer:
 *   `invalid_params` names `body` with each reason), 502 (Shopify would not create the code)
 */
export async function approveAndSend(s: Services, draftId: string, actor: string, editedBody?: string): Promise<DraftRow> {
  const budgets = s.policy().budgets;
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
        `The edited reply changes what the policy decided (${violations.map((v) => v.detail).join("; ")}). The ledger records the decision, so the reply must state it as the system rendered it: restore those sentences and remove the added offer, or reject the draft.`,
        { invalid_params: violations.map((v) => ({ name: "body", reason: v.detail, code: v.code })) },
      );
    }
  }
  if (pending && decision?.offer_discount) {
    // Before any code is created: refuse an offer that a budget no longer allows (approveDraft checks
    // again under the ledger lock, for approvals racing each other).
    const spent = spentBudget(await offerHistory(s.db, customerId, s.clock.now()), budgets);
    if (spent) throw budgetConflict(spent.summary);
  }
  const discount = await prepareApprovalDiscount(s, draftId);
  const row = await approveDraft(s.db, draftId, actor, s.clock.now(), editedBody, discount ?? undefined, budgets);
  await s.helpdesk?.dispatchDraft(row.id).catch((err: unknown) => s.log.warn("helpdesk dispatch failed", { draft: row.id, error: String(err) }));
  return row;
}

/**
 * Approves a pending draft once, optionally with the agent's edited body, and records the offer in
 * the ledger when the decision made one: one transaction.
 * @param discount a code already created in Shopify for this draft: put into the sent body and the ledger
 * @param budgets the policy's budgets, checked again under the ledger lock (another offer may have
 *   been approved since the draft was written)
 * @throws ProblemError 404 (no such draft), 409 (not pending review: already approved or rejected;
 *   or a budget spent meanwhile)
 */
export async function approveDraft(
  db: Db,
  id: string,
  actor: string,
  at: Date,
  editedBody?: string,
  discount?: CreatedDiscount,
  budgets?: OfferBudgets,
): Promise<DraftRow> {
  return db.transaction(async (tx) => {
    const current = await getDraft(tx, id);
    if (!current) throw new ProblemError(404, "Not Found", `draft ${id} not found`);
    const edited = editedBody !== undefined && editedBody.trim() !== current.modelBody.trim();
    const agentBody = editedBody ?? current.body;
    // No code was created (no Shopify, or nothing to create): the rendered code sentence goes, so no reply promises one.
    const body = discount
      ? withDiscountCode(agentBody, discount.code, discount.expiresAt, current.language)
      : fillDiscountCode(agentBody, null, current.language);
    const [row] = await tx
      .update(drafts)
      .set({ status: "approved", body, edited, reviewedAt: at, reviewedBy: actor })
      .where(and(eq(drafts.id, id), eq(drafts.status, "pending_review")))
      .returning();
    if (!row) throw new ProblemError(409, "Conflict", `draft ${id} is ${current.status}, not pending_review`, { draft_status: current.status });
    await audit(tx, actor, "draft.approved", "draft", id, {
      status: { from: current.status, to: "approved" },
      ...(edited ? { body: { from: current.body, to: body } } : {}),
    });
    const decision = row.decision as Decision;
    const profile = row.profile as CustomerProfile | null;
    if (decision.offer_discount || decision.free_shipping) {
      const ticket = await getTicket(tx, row.ticketId);
      if (budgets && decision.offer_discount) {
        await lockLedger(tx);
        const spent = spentBudget(await offerHistory(tx, ticket?.customerId ?? null, at), budgets);
        if (spent) throw budgetConflict(spent.summary);
      }
      await appendOffer(tx, {
        createdAt: at,
        draftId: row.id,
        ticketId: row.ticketId,
        customerId: ticket?.customerId ?? null,
        rule: decision.offer_rule ?? "unknown",
        discountPercent: decision.discount_percent,
        freeShipping: decision.free_shipping,
        churnRiskScore: profile?.churn_risk_score ?? null,
        lifetimeValueMinor: profile?.lifetime_value_minor ?? null,
        currency: profile?.currency ?? null,
        discountValueMinor: estimatedDiscountMinor(profile?.avg_order_value_minor ?? 0, decision.discount_percent),
        approvedBy: actor,
        edited,
        discountCode: discount?.code ?? null,
        discountId: discount?.shopifyId ?? null,
        policyVersion: decision.policy_version,
      });
    }
    return row;
  });
}
