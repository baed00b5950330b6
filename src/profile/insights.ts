/**
 * Customer insights: the alerts the console's customer panel shows beside a ticket, each with its
 * type, impact, the facts behind it and suggested actions, after the seed's
 * `generateCustomerInsights` (../shared/seeds/003) with our profile's figures and the policy in
 * force. A pure function of the profile and the policy: the console, `GET /v1/customers/:id/insights`
 * and the MCP tools all call this one.
 *
 * Suggested actions never promise money: whether a customer gets a discount is the policy's
 * decision on a ticket (src/policy/engine.ts), so an action points at that decision instead.
 */
import { formatMoney } from "../lib/money";
import { churnBand } from "../policy/engine";
import type { PolicyConfig } from "../policy/config";
import type { CustomerProfile } from "./types";

/** The seed dashboard's "Inactivity Alert Days" default (../shared/seeds/004). */
export const INACTIVITY_ALERT_DAYS = 60;
/** Two or more refunds count as repeated. */
export const REPEATED_REFUNDS = 2;

export const INSIGHT_TYPES = ["churn_risk", "low_engagement", "repeated_refunds"] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];

export interface CustomerInsight {
  type: InsightType;
  /** Short title ("High churn risk"). */
  title: string;
  /** How much it should change the way the ticket is handled: high, medium or low. */
  impact: "high" | "medium" | "low";
  /** One sentence with the figures, as the console shows it. */
  message: string;
  /** The figures the insight rests on and the thresholds they were compared with (money in minor units). */
  facts: Record<string, string | number | boolean | null>;
  /** What a support agent can do about it; never a promise of money (the policy decides offers). */
  suggested_actions: string[];
}

/**
 * The insights for one customer, most important first (churn risk, inactivity, refunds).
 * @param profile the customer's profile (src/profile), or null when none could be built (no insights)
 * @param policy the policy in force: its high churn band and refund-heavy thresholds
 */
export function customerInsights(profile: CustomerProfile | null, policy: PolicyConfig): CustomerInsight[] {
  if (!profile) return [];
  const out: CustomerInsight[] = [];
  const churn = profile.churn_risk_score;
  if (churn !== null && churnBand(churn, policy) === "high") {
    out.push({
      type: "churn_risk",
      title: "High churn risk",
      impact: "high",
      message: `High churn risk: ${churn.toFixed(2)} (high band from ${policy.churn_bands.high.toFixed(2)}).`,
      facts: {
        churn_risk_score: round2(churn),
        high_band_from: policy.churn_bands.high,
        p_alive: profile.p_alive === null ? null : round2(profile.p_alive),
        churn_model: profile.churn_model,
      },
      suggested_actions: [
        "Answer this ticket first: the queue ranks high churn risk first.",
        "Reply personally and name their own orders.",
        "Leave any retention offer to the policy's decision on the ticket; do not promise one in an edit.",
      ],
    });
  }
  const idle = profile.days_since_last_purchase;
  if (idle !== null && idle >= INACTIVITY_ALERT_DAYS) {
    out.push({
      type: "low_engagement",
      title: "Long inactivity",
      impact: idle >= policy.lapsed.min_days_since_last_purchase ? "high" : "medium",
      message: `Long inactivity: ${idle} days since the last order.`,
      facts: {
        days_since_last_purchase: idle,
        last_order_at: profile.last_order_at,
        alert_after_days: INACTIVITY_ALERT_DAYS,
        lapsed_after_days: policy.lapsed.min_days_since_last_purchase,
        total_orders: profile.total_orders,
      },
      suggested_actions: [
        "Mention what they last bought and ask whether anything put them off.",
        "Check the last order's delivery and refunds before replying.",
      ],
    });
  }
  if (profile.refund_count >= REPEATED_REFUNDS) {
    const heavy = profile.refund_count >= policy.refund_heavy.min_refunds;
    out.push({
      type: "repeated_refunds",
      title: "Repeated refunds",
      impact: heavy ? "high" : "medium",
      message: `Repeated refunds: ${profile.refund_count} refunds, ${formatMoney(profile.refund_amount_minor, profile.currency)} in total.`,
      facts: {
        refund_count: profile.refund_count,
        refund_amount_minor: profile.refund_amount_minor,
        currency: profile.currency,
        repeated_from: REPEATED_REFUNDS,
        refund_heavy_from: policy.refund_heavy.min_refunds,
      },
      suggested_actions: [
        "Read the refunded orders before replying: a pattern (sizing, damage, late delivery) is worth naming.",
        heavy
          ? "The policy withholds offers from refund-heavy customers and escalates to a manager."
          : "Watch for a third refund: the policy then treats the customer as refund-heavy.",
      ],
    });
  }
  return out;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
