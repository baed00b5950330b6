/**
 * The retention policy engine: a pure, deterministic function of (ticket triage, customer profile,
 * offer history, policy config) that decides the offer, escalation and follow-up, and says why in
 * reasons that each name a rule and the facts it used. The drafter may state only what this
 * decides; the LLM never sees anything that could change it (it runs after).
 *
 * Rules, in order (defaults from ../shared/seeds/002: Quimbi support analysis):
 * - `triage_unclear`: the classifier abstained, or its confidence is below `min_triage_confidence`
 *   -> no money offer at all (no discount, no free shipping); the reason names the confidence and
 *   the agent decides. Money is never decided on a guess about what the ticket says.
 * - `new_customer`: no orders (or an unknown requester) -> no retention discount.
 * - at risk: a customer meets a churn threshold when the model's churn risk reaches it, or, for
 *   thresholds up to the high band, when they are a lapsed repeat customer (>= 180 days since the
 *   last order with >= 2 orders: the seed's "typical reorder cycle likely exceeded"). The second
 *   signal matters: on a seasonal store a calibrated 90-day churn risk can sit below 0.60 for a
 *   customer who has plainly lapsed, and the reason then says which signal applied.
 * - `retention_offer`: a retention-risk ticket (price objection, competitor, considering leaving)
 *   earns the first tier whose churn threshold the customer meets (15% at >= 0.60, 10% at >= 0.45),
 *   but only with retention evidence in the text: a retention probability >= `min_retention_probability`
 *   or a matched retention phrase; the facts name it.
 * - `service_recovery`: a service complaint from a customer at churn risk >= 0.60 earns 15%
 *   (20% for a VIP), free shipping, escalation and a manager follow-up; below the threshold,
 *   free shipping on the next order as an apology.
 * - `reengagement`: a product question from an at-risk customer idle for >= 90 days earns 10%.
 * - `refund_heavy`: many refunds (count or share of spend) -> the discount is withheld and the ticket
 *   escalated to a manager instead.
 * - `stale_data`: the profile is a stale copy -> no automatic discount; escalated for review.
 * - `budget_customer_90d` / `budget_monthly`: an offer over budget is withheld and escalated.
 * - `discount_cap`: no discount above `max_discount_percent`, ever.
 * - `vip_complaint`, `negative_sentiment`: escalate.
 * - `handover_<category>`: a hand-over ticket (policy/handover.ts) goes to its owner, escalated, with
 *   no offer; this overrides everything above.
 */
import { spentBudget } from "../ledger/budget";
import type { PolicyConfig } from "./config";
import { applyHandover } from "./handover";
import type { Decision, DecisionReason, PolicyHistory, PolicyProfile, PolicyTicket } from "./types";

const FAMILY_WORDS: Record<string, string> = {
  retention_risk: "a retention-risk ticket",
  service_complaint: "a service complaint",
  order_status: "an order-status ticket",
  refund_return: "a refund or return ticket",
  cancellation: "a cancellation ticket",
  product_question: "a product question",
  account_billing: "an account or billing ticket",
  other: "a general ticket",
};

const INTENT_WORDS: Record<string, string> = {
  price_objection: "a price-objection ticket",
  considering_leaving: "a ticket from a customer considering leaving",
  product_recommendation: "a product-recommendation question",
};

const r2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => n.toFixed(2);

/** "high" | "medium" | "low" | "unknown" for a churn risk score. */
export function churnBand(score: number | null, config: PolicyConfig): Decision["churn_band"] {
  if (score === null || Number.isNaN(score)) return "unknown";
  if (score >= config.churn_bands.high) return "high";
  if (score >= config.churn_bands.medium) return "medium";
  return "low";
}

/** True for a VIP by the config's value and order thresholds. */
export function isVip(profile: PolicyProfile | null, config: PolicyConfig): boolean {
  return !!profile && profile.lifetime_value >= config.vip.min_lifetime_value && profile.total_orders >= config.vip.min_orders;
}

/**
 * Decides the retention offer for one ticket.
 * @param ticket triage labels (intent, family, confidence 0..1, unclear, retention evidence, sentiment -1..1, urgency)
 * @param profile the customer's profile, or null for an unknown requester
 * @param config a validated policy config (see config.ts)
 * @param history offers already made to this customer / this month (budgets); zeros when absent
 * @returns the decision; never throws for any valid input
 */
export function decide(
  ticket: PolicyTicket,
  profile: PolicyProfile | null,
  config: PolicyConfig,
  history: PolicyHistory = { offers_last_90d: 0, month_discount_minor: 0 },
): Decision {
  const reasons: DecisionReason[] = [];
  const churn = profile?.churn_risk_score ?? null;
  const band = churnBand(churn, config);
  const vip = isVip(profile, config);
  const ticketWords = INTENT_WORDS[ticket.intent] ?? FAMILY_WORDS[ticket.family] ?? "a ticket";
  const orders = profile?.total_orders ?? 0;

  const idle = profile?.days_since_last_purchase ?? null;
  const lapsed = !!profile && idle !== null && idle >= config.lapsed.min_days_since_last_purchase && profile.total_orders >= config.lapsed.min_orders;
  /** Whether the customer meets a churn threshold, and the words and facts that say why. */
  const risk = (threshold: number): { met: boolean; text: string; facts: DecisionReason["facts"] } => {
    const scoreText = churn === null ? "no churn score" : `churn risk ${fmt(churn)}`;
    if (churn !== null && churn >= threshold) {
      return { met: true, text: `churn risk ${fmt(churn)} >= ${fmt(threshold)}`, facts: { churn_risk_score: r2(churn), threshold } };
    }
    if (lapsed && threshold <= config.churn_bands.high) {
      return {
        met: true,
        text: `${idle} days since the last order >= ${config.lapsed.min_days_since_last_purchase} (a lapsed repeat customer; ${scoreText})`,
        facts: {
          churn_risk_score: churn === null ? null : r2(churn),
          threshold,
          days_since_last_purchase: idle,
          lapsed_after_days: config.lapsed.min_days_since_last_purchase,
        },
      };
    }
    return { met: false, text: `${scoreText} is below ${fmt(threshold)}`, facts: { churn_risk_score: churn === null ? null : r2(churn), threshold } };
  };

  let discount = 0;
  let freeShipping = false;
  let escalate = false;
  let followUp: Decision["follow_up_owner"] = null;
  let offerRule: string | null = null;

  const confidence = r2(ticket.confidence);
  const unclear = ticket.unclear === true || !(ticket.confidence >= config.min_triage_confidence);
  const retentionProbability = ticket.retention?.probability ?? 0;
  const phrases = ticket.retention?.evidence ?? [];
  const retentionEvidence = retentionProbability >= config.min_retention_probability || phrases.length > 0;

  // 1. What the ticket and the customer would earn.
  if (unclear) {
    reasons.push({
      rule: "triage_unclear",
      text: `No offer: triage unclear (confidence ${fmt(ticket.confidence)}): the agent decides.`,
      facts: { confidence, min_triage_confidence: config.min_triage_confidence, unclear: ticket.unclear === true, family: ticket.family },
    });
  } else if (orders === 0) {
    if (ticket.family === "retention_risk" || ticket.family === "product_question" || ticket.family === "service_complaint") {
      reasons.push({
        rule: "new_customer",
        text: "No retention discount: the requester has no orders with us yet.",
        facts: { total_orders: orders, known_customer: profile !== null },
      });
    }
  } else if (ticket.family === "retention_risk" && !retentionEvidence) {
    reasons.push({
      rule: "retention_offer",
      text: `No retention discount: no retention evidence in the text (retention probability ${fmt(retentionProbability)} < ${fmt(config.min_retention_probability)} and no retention phrase): the agent decides.`,
      facts: {
        retention_probability: r2(retentionProbability),
        min_retention_probability: config.min_retention_probability,
        retention_evidence: null,
        intent: ticket.intent,
      },
    });
  } else if (ticket.family === "retention_risk") {
    const tiers = [...config.retention.tiers].sort((a, b) => b.min_churn_risk - a.min_churn_risk);
    const tier = tiers.find((t) => risk(t.min_churn_risk).met);
    if (tier) {
      const why = risk(tier.min_churn_risk);
      discount = tier.discount_percent;
      offerRule = "retention_offer";
      reasons.push({
        rule: "retention_offer",
        text: `${tier.discount_percent}% offered: ${why.text} and ${ticketWords}.`,
        facts: {
          ...why.facts,
          intent: ticket.intent,
          discount_percent: tier.discount_percent,
          triage_confidence: confidence,
          retention_probability: r2(retentionProbability),
          retention_evidence: phrases.length > 0 ? phrases.join("; ") : null,
        },
      });
    } else {
      const lowest = tiers.at(-1)?.min_churn_risk ?? 1; // the config schema requires at least one tier
      reasons.push({
        rule: "retention_offer",
        text:
          churn === null
            ? "No retention discount: the customer has no churn score and has not lapsed."
            : `No retention discount: churn risk ${fmt(churn)} is below the lowest tier (${fmt(lowest)}).`,
        facts: { churn_risk_score: churn === null ? null : r2(churn), intent: ticket.intent },
      });
    }
  } else if (ticket.family === "service_complaint") {
    const sr = config.service_recovery;
    const why = risk(sr.min_churn_risk);
    if (why.met) {
      discount = vip ? sr.high_value_discount_percent : sr.discount_percent;
      freeShipping = sr.free_shipping;
      escalate = true;
      followUp = sr.manager_follow_up ? "manager" : "agent";
      offerRule = "service_recovery";
      reasons.push({
        rule: "service_recovery",
        text: `${discount}% offered${freeShipping ? " with free shipping" : ""}, escalated for a ${followUp} follow-up: ${why.text} and ${ticketWords}${vip ? " from a VIP" : ""}.`,
        facts: { ...why.facts, vip, discount_percent: discount, free_shipping: freeShipping, triage_confidence: confidence },
      });
    } else if (sr.low_risk_free_shipping) {
      freeShipping = true;
      offerRule = "service_recovery";
      reasons.push({
        rule: "service_recovery",
        text: `Free shipping on the next order as an apology; no discount: ${why.text}.`,
        facts: { ...why.facts, free_shipping: true, triage_confidence: confidence },
      });
    }
  } else if (ticket.family === "product_question") {
    const re = config.reengagement;
    const why = risk(re.min_churn_risk);
    if (why.met && (idle ?? 0) >= re.min_days_since_last_purchase) {
      discount = re.discount_percent;
      offerRule = "reengagement";
      reasons.push({
        rule: "reengagement",
        text: `${discount}% offered to welcome the customer back: ${why.text}${why.facts.lapsed_after_days === undefined ? `, ${idle} days since the last order,` : ""} and ${ticketWords}.`,
        facts: { ...why.facts, days_since_last_purchase: idle, discount_percent: discount, triage_confidence: confidence },
      });
    }
  }

  // 2. Guards that withhold an offer and escalate instead.
  const withhold = (rule: string, text: string, facts: DecisionReason["facts"]) => {
    reasons.push({ rule, text, facts });
    discount = 0;
    freeShipping = false;
    offerRule = null;
    escalate = true;
    followUp ??= "manager";
  };
  const offering = () => discount > 0 || freeShipping;

  if (offering() && profile) {
    const spend = profile.lifetime_value + profile.refund_amount;
    const share = spend > 0 ? profile.refund_amount / spend : 0;
    if (profile.refund_count >= config.refund_heavy.min_refunds || share >= config.refund_heavy.min_refund_share) {
      withhold("refund_heavy", `Offer withheld and escalated to a manager: ${profile.refund_count} refunds, ${Math.round(share * 100)}% of spend refunded.`, {
        refund_count: profile.refund_count,
        refund_share: r2(share),
        min_refunds: config.refund_heavy.min_refunds,
        min_refund_share: config.refund_heavy.min_refund_share,
      });
    }
  }
  if (offering() && profile?.stale) {
    withhold("stale_data", "Offer withheld and escalated for review: the customer's data is a stale copy (the live store was unreachable).", { stale: true });
  }
  const spent = offering() && discount > 0 ? spentBudget(history, config.budgets) : null;
  if (spent) withhold(spent.rule, `Offer withheld and escalated: ${spent.summary}.`, spent.facts);
  if (discount > config.max_discount_percent) {
    reasons.push({
      rule: "discount_cap",
      text: `Discount capped at ${config.max_discount_percent}% (the rule asked for ${discount}%).`,
      facts: { requested_percent: discount, cap_percent: config.max_discount_percent },
    });
    discount = config.max_discount_percent;
  }

  // 3. Escalation for people, not offers.
  if (vip && ticket.family === "service_complaint" && config.escalation.escalate_vip_complaints && !escalate) {
    escalate = true;
    followUp ??= "manager";
    reasons.push({
      rule: "vip_complaint",
      text: "Escalated: a complaint from a VIP customer.",
      facts: { vip: true, lifetime_value: r2(profile!.lifetime_value) },
    });
  }
  if (ticket.sentiment.score <= config.escalation.min_negative_sentiment && !escalate) {
    escalate = true;
    reasons.push({
      rule: "negative_sentiment",
      text: `Escalated: strongly negative sentiment (${fmt(ticket.sentiment.score)} <= ${fmt(config.escalation.min_negative_sentiment)}).`,
      facts: { sentiment_score: r2(ticket.sentiment.score), threshold: config.escalation.min_negative_sentiment },
    });
  }
  if (!reasons.length) {
    reasons.push({
      rule: "no_offer",
      text: `No offer: ${ticketWords} with churn risk ${churn === null ? "unknown" : fmt(churn)} needs none.`,
      facts: { family: ticket.family, churn_risk_score: churn === null ? null : r2(churn) },
    });
  }

  // 4. Priority: high churn risk and high value first, then urgency.
  const valueScore = profile ? Math.min(1, profile.lifetime_value / Math.max(1, config.vip.min_lifetime_value)) : 0;
  const urgencyScore = ticket.urgency === "high" ? 1 : ticket.urgency === "normal" ? 0.5 : 0;
  const priorityScore = Math.round(45 * (churn ?? 0) + 35 * valueScore + 20 * Math.max(urgencyScore, ticket.sentiment.score < 0 ? -ticket.sentiment.score : 0));
  const priority: Decision["priority"] = escalate || priorityScore >= 60 ? "high" : priorityScore >= 30 ? "normal" : "low";

  const decision: Decision = {
    offer_discount: discount > 0,
    discount_percent: discount,
    free_shipping: freeShipping,
    escalate,
    follow_up: followUp !== null,
    follow_up_owner: followUp,
    priority,
    priority_score: priorityScore,
    churn_band: band,
    reasons,
    offer_rule: offerRule,
    policy_version: config.version,
  };
  // Hand-over categories (legal, chargeback/fraud, safety, abuse, data protection) override the offer.
  return applyHandover(decision, ticket, config.handover);
}
