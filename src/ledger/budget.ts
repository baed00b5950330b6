/**
 * The offer budgets, in one place: the policy applies them when it decides (src/policy/engine.ts)
 * and the approval applies them again under the ledger lock (src/pipeline/approve.ts), because
 * another offer may have been approved between the two. Pure: the history comes from
 * src/ledger/history.ts.
 */

/** Offers already made, as the budgets count them. */
export interface OfferHistory {
  /** Discount offers made to this customer in the 90 days before now. */
  offers_last_90d: number;
  /** Discount value promised this calendar month (UTC), minor units of the store currency. */
  month_discount_minor: number;
}

/** The policy's `budgets` block (src/policy/config.ts). */
export interface OfferBudgets {
  max_offers_per_customer_90d: number;
  max_monthly_discount_minor: number;
}

/** A spent budget: the rule's name (as the decision's reasons name it), a sentence, and its facts. */
export interface SpentBudget {
  rule: "budget_customer_90d" | "budget_monthly";
  /** Lower-case clause, e.g. "the customer's offer budget is spent (1 offer in 90 days; budget 1)". */
  summary: string;
  facts: Record<string, number>;
}

/**
 * Which budget a new discount offer would exceed, the customer's first.
 * @returns the spent budget, or null when both allow another offer
 */
export function spentBudget(history: OfferHistory, budgets: OfferBudgets): SpentBudget | null {
  const n = history.offers_last_90d;
  if (n >= budgets.max_offers_per_customer_90d) {
    return {
      rule: "budget_customer_90d",
      summary: `the customer's offer budget is spent (${n} offer${n === 1 ? "" : "s"} in 90 days; budget ${budgets.max_offers_per_customer_90d})`,
      facts: { offers_last_90d: n, budget: budgets.max_offers_per_customer_90d },
    };
  }
  if (history.month_discount_minor >= budgets.max_monthly_discount_minor) {
    return {
      rule: "budget_monthly",
      summary: "this month's discount budget is spent",
      facts: { month_discount_minor: history.month_discount_minor, budget_minor: budgets.max_monthly_discount_minor },
    };
  }
  return null;
}

/**
 * The discount value an offer promises, estimated as its percentage of the customer's AOV.
 * @param avgOrderValueMinor the customer's AOV in minor units (0 when unknown)
 * @param percent the decided discount, whole percent
 * @returns minor units, rounded
 */
export function estimatedDiscountMinor(avgOrderValueMinor: number, percent: number): number {
  return Math.round((avgOrderValueMinor * percent) / 100);
}
