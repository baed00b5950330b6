/**
 * The shapes of a stored customer and of an order as facts for the policy and the drafter. Types
 * only, so the pure core (drafting, policy) can name them without importing a repository.
 */
import type { customers } from "../db/schema";

export type CustomerRow = typeof customers.$inferSelect;

/**
 * One order as the drafter and the console see it (src/customers/repo.ts lastOrders, or mapped from
 * Shopify by src/shopify/mapping.ts). Money in minor units (`total` in major units, for display);
 * times ISO 8601 UTC.
 */
export interface OrderFacts {
  id: string;
  name: string;
  processed_at: string;
  currency: string;
  total_minor: number;
  total: number;
  financial_status: string | null;
  fulfillment_status: string | null;
  line_items: Array<{ title: string; sku: string | null; variant_title: string | null; quantity: number; unit_price_minor: number }>;
  fulfillments: Array<{
    status: string | null;
    tracking_company: string | null;
    tracking_number: string | null;
    tracking_url: string | null;
    delivered_at: string | null;
  }>;
}
