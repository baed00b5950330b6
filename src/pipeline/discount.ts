/**
 * The Shopify step of a draft approval: before the draft is marked approved, make the discount code
 * its decision promises. If Shopify does not make it, the approval stops with a 502 and the draft
 * stays `pending_review` (approvable again), so no reply ever promises a code that does not exist.
 */
import { eq } from "drizzle-orm";
import { drafts, tickets } from "../db/schema";
import { ProblemError } from "../http/problem";
import type { Decision } from "../policy/types";
import type { Services } from "../services";
import type { ShopifyClient } from "../shopify/client";
import { createDiscountCode, DiscountCreationError, type CreatedDiscount } from "../shopify/discounts";

/**
 * Creates (idempotently) the code for a pending draft whose decision offers a discount to a known
 * customer.
 * @returns the code, or null when there is nothing to create (no discount, no customer, not pending:
 *   the approval itself then answers 404/409)
 * @throws ProblemError 502 "Discount code not created" with Shopify's `user_errors`
 */
export async function prepareApprovalDiscount(s: Services, client: ShopifyClient, draftId: string): Promise<CreatedDiscount | null> {
  const [draft] = await s.db.select().from(drafts).where(eq(drafts.id, draftId));
  if (!draft || draft.status !== "pending_review") return null;
  const decision = draft.decision as Decision;
  if (!decision.offer_discount || decision.discount_percent <= 0) return null;
  const [ticket] = await s.db.select().from(tickets).where(eq(tickets.id, draft.ticketId));
  if (!ticket?.customerId) return null;
  const policy = s.policy();
  const now = s.clock.now();
  try {
    return await createDiscountCode(
      s.db,
      client,
      {
        draftId,
        customerGid: ticket.customerId,
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
