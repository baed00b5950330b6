/**
 * Discount codes on draft approval: a real, single-use, customer-specific percentage code made with
 * `discountCodeBasicCreate` (https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeBasicCreate).
 *
 * Idempotent per draft: the code is derived from the draft id, and `shopify_discount_codes` holds
 * one row per draft. A retried approval finds the created row; if an earlier attempt reached
 * Shopify but its answer was lost, Shopify refuses the same code as `TAKEN` and we adopt the
 * existing discount after checking it is this customer's. Either way one draft makes one code.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { sha256Hex } from "../lib/hash";
import { shopifyDiscountCodes } from "../db/schema-shopify";
import type { ShopifyClient } from "./client";
import { minorToDecimal } from "./mapping";
import { DISCOUNT_BY_CODE, DISCOUNT_CODE_BASIC_CREATE } from "./queries";
import { DiscountCreationError, type CreatedDiscount, type DiscountRequest, type DiscountUserError } from "./port";

export { DiscountCreationError, type CreatedDiscount, type DiscountRequest, type DiscountUserError } from "./port";

/**
 * The draft's code: `THANKS<percent>-<10 hex of SHA-256(draftId)>`, e.g. `THANKS15-3F2A9C1B7D`.
 * Stable for a draft (so retries collide instead of duplicating); unguessable enough, and usable
 * only by its customer anyway.
 */
export function discountCodeFor(draftId: string, percent: number): string {
  const hex = sha256Hex(`support-copilot:${draftId}`);
  return `THANKS${percent}-${hex.slice(0, 10).toUpperCase()}`;
}

/** The mutation's `DiscountCodeBasicInput` (pure; exported for tests). */
export function discountInput(req: DiscountRequest, code: string, now: Date) {
  return {
    title: `Support: ${req.percent}% for ${req.customerGid.split("/").pop()} (draft ${req.draftId.slice(0, 8)})`,
    code,
    startsAt: (req.startsAt ?? now).toISOString(),
    endsAt: req.expiresAt.toISOString(),
    customerSelection: { customers: { add: [req.customerGid] } },
    customerGets: { value: { percentage: req.percent / 100 }, items: { all: true } },
    ...(req.minimumSubtotalMinor > 0
      ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: minorToDecimal(req.minimumSubtotalMinor, req.currency) } } }
      : {}),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  };
}

interface CreatePayload {
  discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: DiscountUserError[] } | null;
}

interface ByCodePayload {
  codeDiscountNodeByCode: { id: string; codeDiscount: { customerSelection?: { customers?: Array<{ id: string }> } } } | null;
}

/**
 * Creates (once per draft) the customer's single-use percentage code.
 * @returns the code and its Shopify id; `created: false` when it existed already
 * @throws DiscountCreationError with Shopify's `userErrors` (e.g. `VALUE_OUTSIDE_RANGE`), or when
 *   Shopify is unreachable; the draft's row is then `failed` and the next call tries again
 */
export async function createDiscountCode(db: DbOrTx, client: ShopifyClient, req: DiscountRequest, now = new Date()): Promise<CreatedDiscount> {
  if (!Number.isInteger(req.percent) || req.percent < 1 || req.percent > 100) throw new DiscountCreationError(`percent must be 1-100, not ${req.percent}`);
  const [existing] = await db.select().from(shopifyDiscountCodes).where(eq(shopifyDiscountCodes.draftId, req.draftId));
  if (existing?.status === "created" && existing.shopifyId) {
    return { code: existing.code, shopifyId: existing.shopifyId, percent: existing.percent, expiresAt: existing.expiresAt, created: false };
  }
  const code = existing?.code ?? (await discountCodeFor(req.draftId, req.percent));
  const expiresAt = existing?.expiresAt ?? req.expiresAt;
  if (!existing) {
    await db
      .insert(shopifyDiscountCodes)
      .values({
        draftId: req.draftId,
        customerId: req.customerGid,
        code,
        percent: req.percent,
        minimumSubtotalMinor: req.minimumSubtotalMinor,
        currency: req.currency,
        expiresAt,
        status: "pending",
      })
      .onConflictDoNothing();
  }
  const fail = async (message: string, userErrors: DiscountUserError[] = []) => {
    await db
      .update(shopifyDiscountCodes)
      .set({ status: "failed", error: message.slice(0, 2000), updatedAt: now })
      .where(eq(shopifyDiscountCodes.draftId, req.draftId));
    return new DiscountCreationError(message, userErrors);
  };
  const done = async (shopifyId: string, created: boolean): Promise<CreatedDiscount> => {
    await db
      .update(shopifyDiscountCodes)
      .set({ status: "created", shopifyId, error: null, updatedAt: now })
      .where(eq(shopifyDiscountCodes.draftId, req.draftId));
    return { code, shopifyId, percent: req.percent, expiresAt, created };
  };

  let payload: CreatePayload["discountCodeBasicCreate"];
  try {
    const { data } = await client.request<CreatePayload>(DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: discountInput({ ...req, expiresAt }, code, now) });
    payload = data.discountCodeBasicCreate;
  } catch (err) {
    throw await fail(`Shopify did not create the discount code: ${(err as Error).message}`);
  }
  if (payload?.codeDiscountNode && !payload.userErrors.length) return done(payload.codeDiscountNode.id, true);
  const errors = payload?.userErrors ?? [];
  if (errors.length && errors.every((e) => e.code === "TAKEN")) {
    // An earlier attempt for this draft got through: adopt its code if it is this customer's.
    try {
      const { data } = await client.request<ByCodePayload>(DISCOUNT_BY_CODE, { code });
      const node = data.codeDiscountNodeByCode;
      const owners = node?.codeDiscount.customerSelection?.customers?.map((c) => c.id) ?? [];
      if (node && owners.includes(req.customerGid)) return done(node.id, false);
    } catch (err) {
      throw await fail(`Shopify did not confirm the existing discount code: ${(err as Error).message}`);
    }
  }
  throw await fail(
    `Shopify refused the discount code: ${errors.map((e) => `${e.field?.join(".") ?? "input"}: ${e.message}${e.code ? ` (${e.code})` : ""}`).join("; ") || "no discount returned"}`,
    errors,
  );
}
