import type { IntentFamily } from "../ai/triage/types";
import type { OfferHistory } from "../ledger/budget";
import type { HandoverCategory, HandoverFinding, HandoverKind } from "../handover/types";

/** What the policy needs to know of the ticket (from triage). */
export interface PolicyTicket {
  intent: string;
  family: IntentFamily;
  /** The classifier's calibrated confidence in the family, 0..1; below `min_triage_confidence` no money is offered. */
  confidence: number;
  /** True when the classifier abstained (family other); no money is offered. Absent = false. */
  unclear?: boolean;
  /** Retention evidence in the text: its probability and matched phrases. Absent = none. */
  retention?: { probability: number; evidence: string[] };
  sentiment: { score: number; label: "negative" | "neutral" | "positive" };
  urgency: "low" | "normal" | "high";
  /** The hand-over detector's findings (src/handover), when it ran; any finding hands the ticket over. */
  handover?: readonly HandoverFinding[];
}

/**
 * What the policy needs to know of the customer. `null` for an unknown requester (a new customer).
 * Money in major units of the store currency (the profile's `lifetime_value`).
 */
export interface PolicyProfile {
  total_orders: number;
  lifetime_value: number;
  days_since_last_purchase: number | null;
  /** 0-1, or null when the customer cannot be scored. */
  churn_risk_score: number | null;
  refund_count: number;
  refund_amount: number;
  /** True when the profile comes from a stale copy (the live source was unreachable). */
  stale?: boolean;
}

/** Offers already made, for budgets (src/ledger/budget.ts). */
export type PolicyHistory = OfferHistory;

export interface DecisionReason {
  rule: string;
  text: string;
  facts: Record<string, string | number | boolean | null>;
}

export interface Decision {
  offer_discount: boolean;
  discount_percent: number;
  free_shipping: boolean;
  escalate: boolean;
  follow_up: boolean;
  follow_up_owner: "manager" | "agent" | null;
  /** `urgent` only for a safety hand-over. */
  priority: "urgent" | "high" | "normal" | "low";
  /** 0-100: sorts the review queue (high churn risk and high value first). */
  priority_score: number;
  churn_band: "high" | "medium" | "low" | "unknown";
  reasons: DecisionReason[];
  /** The rule that produced the offer (the ledger's "rule that fired"), or null when none is made. */
  offer_rule: string | null;
  policy_version: string;
  /** Set when the ticket was handed over (policy/handover.ts): who owns it and the evidence. */
  handover?: HandoverDecision;
}

/** A hand-over: the categories (most severe first), the owner of the most severe, and the evidence. */
export interface HandoverDecision {
  categories: HandoverCategory[];
  owner: string;
  /** Owner of each category that fired. */
  owners: Partial<Record<HandoverCategory, string>>;
  evidence: { category: HandoverCategory; kind: HandoverKind; rule: string; start: number; end: number; evidence: string; confidence: number }[];
}
