import type { CustomerRow } from "../customers/types";
import type { ArchetypeLevels, ArchetypeThresholds, BgNbdParams, GammaGammaParams, IsotonicCalibrator, RfmCutPoints, TimeUnit } from "../scoring";

/**
 * The population-level model a profile is computed with: what a scoring run stored. A customer's
 * profile is a pure function of their own orders, this model and the as-of date, so it is exact the
 * moment an order changes, and the daily run only refreshes the fitted parameters.
 */
export interface ProfileModel {
  runId: number | null;
  /** "rules-v0": the seed's recency-and-frequency rule; "bgnbd-gg-v1": the fitted models. */
  model: "rules-v0" | "bgnbd-gg-v1";
  unit: TimeUnit;
  churnHorizonDays: number;
  nextPurchaseDays: number;
  expectedPurchasesDays: number;
  clvMonths: number;
  monthlyDiscountRate: number;
  monthLength: number;
  bgnbd: BgNbdParams | null;
  gammaGamma: GammaGammaParams | null;
  rfmCutPoints: RfmCutPoints | null;
  archetypeThresholds: ArchetypeThresholds | null;
  /** Applied to churn_risk_score when the run's backtest showed it improves the Brier score. */
  churnCalibrator: IsotonicCalibrator | null;
}

/** One customer's history as the profile needs it. Money in minor units of `currency`. */
export interface CustomerHistory {
  customerGid: string;
  email: string | null;
  firstName: string | null;
  country: string | null;
  currency: string;
  orders: Array<{ id: string; processedAt: Date; totalMinor: number; productIds?: string[] }>;
  refunds: Array<{ processedAt: Date; amountMinor: number }>;
}

/**
 * A customer's behavioural profile, in the shape of the Quimbi example (../shared/seeds/002) plus
 * RFM, model and refund fields. Money: `*_minor` in minor units; the seed-compatible fields
 * (`lifetime_value`, `avg_order_value`, ...) in major units of `currency`. Days are whole days
 * (floor) before `as_of`.
 */
export interface CustomerProfile {
  customer_id: string;
  customer_gid: string;
  email: string | null;
  first_name: string | null;
  country: string | null;
  currency: string;
  as_of: string;
  /** Orders minus refunds. */
  lifetime_value: number;
  lifetime_value_minor: number;
  gross_sales_minor: number;
  total_orders: number;
  /** Gross sales per order. */
  avg_order_value: number;
  avg_order_value_minor: number;
  days_since_last_purchase: number | null;
  customer_tenure_days: number | null;
  first_order_at: string | null;
  last_order_at: string | null;
  /** Orders per 30 days of tenure (at least 30 days counted). */
  purchase_frequency_30d: number;
  refund_count: number;
  refund_amount: number;
  refund_amount_minor: number;
  rfm_recency: number | null;
  rfm_frequency: number | null;
  rfm_monetary: number | null;
  rfm_score: string | null;
  rfm_segment: string | null;
  churn_risk_score: number | null;
  churn_calibrated: boolean;
  p_alive: number | null;
  next_purchase_30d: number | null;
  expected_purchases_90d: number | null;
  predicted_clv_12m: number | null;
  predicted_clv_12m_minor: number | null;
  archetype_id: string | null;
  archetype_label: string | null;
  archetype_levels: ArchetypeLevels | null;
  /** Which model produced the churn figures, e.g. "rules-v0" or "bgnbd-gg-v1 (run 3)". */
  churn_model: string;
  scoring_run_id: number | null;
  /** Why a figure is missing (e.g. "no orders"), never a made-up number. */
  unscored_reason: string | null;
  /** True when built from a stale copy because the live source was unreachable. */
  stale: boolean;
  /** Which scores source answered ("internal", "quimbi", or the fallback and why). */
  scores_source?: string;
}

/** Profiles as the use cases read them: cached, computed from the stored orders with the latest scoring run. */
export interface ProfileStore {
  forCustomer(customer: CustomerRow): Promise<CustomerProfile>;
  /** Drops a customer's cached profile (their orders changed). */
  invalidate(customerGid: string): Promise<void>;
  /** Forgets the loaded model (after a scoring run). */
  refreshModel(): void;
}

/** Where behavioural scores come from for the ticket path (src/profile/sources.ts). */
export interface ScoresSource {
  readonly name: string;
  /** The customer's profile with scores from this source. */
  forCustomer(customer: CustomerRow): Promise<CustomerProfile>;
}
