/**
 * Product recommendations on the ticket path: a request for recommendations (triage intent
 * `product_recommendation`) gets the customer's top related products
 * (src/customers/recommendations.ts) as draft facts, so the template names them and the model may.
 * Other tickets (a stock or product-detail question included) cost nothing.
 */
import { recommendationFacts, type DraftFacts } from "../ai/draft/facts";
import type { Triage } from "../ai/triage/types";
import { recommendationsFor } from "../customers/recommendations";
import type { Services } from "../services";

/** How many products a reply recommends at most. */
export const DRAFT_RECOMMENDATIONS = 3;

/** Does this ticket ask what to buy? */
export function asksForRecommendations(triage: Pick<Triage, "intent">): boolean {
  return triage.intent === "product_recommendation";
}

/**
 * Adds `recommendations` to the facts (in place) when the ticket asks for them and the customer is
 * known; a store with no fitted neighbours yet adds none.
 * @param now the store clock (recency and the catalogue window)
 */
export async function withRecommendations(
  s: Pick<Services, "db">,
  facts: DraftFacts,
  customerGid: string | null,
  triage: Pick<Triage, "intent">,
  now: Date,
): Promise<void> {
  if (!customerGid || !asksForRecommendations(triage)) return;
  const recs = await recommendationsFor(s.db, customerGid, { now, limit: DRAFT_RECOMMENDATIONS });
  if (recs.length) facts.recommendations = recommendationFacts(recs);
}
