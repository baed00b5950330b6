/**
 * The policy configuration: thresholds, tiers, caps and budgets, validated by zod. The default lives
 * in `config/policy.json`; its `version` is stamped on every decision so an audit can tell which
 * rules were in force.
 */
import { z } from "zod";
import { HandoverPolicySchema } from "./handover";

const percent = z.number().int().min(0).max(100);
const probability = z.number().min(0).max(1);

export const PolicyConfigSchema = z
  .object({
    version: z.string().min(1),
    currency: z.string().length(3),
    churn_bands: z.object({ high: probability, medium: probability }),
    /** No decision ever offers more than this, whatever the tiers say. */
    max_discount_percent: percent,
    /**
     * Below this calibrated triage confidence (or when triage abstained) the decision makes no money
     * offer: the reading of the ticket is a guess, so the agent decides. Default 0.5.
     */
    min_triage_confidence: probability.default(0.5),
    /**
     * A retention offer needs retention evidence in the text: a retention probability at least this
     * high, or a matched retention phrase. Default 0.5.
     */
    min_retention_probability: probability.default(0.5),
    retention: z.object({
      tiers: z.array(z.object({ min_churn_risk: probability, discount_percent: percent })).min(1),
    }),
    service_recovery: z.object({
      min_churn_risk: probability,
      discount_percent: percent,
      high_value_discount_percent: percent,
      free_shipping: z.boolean(),
      manager_follow_up: z.boolean(),
      low_risk_free_shipping: z.boolean(),
    }),
    reengagement: z.object({
      min_churn_risk: probability,
      min_days_since_last_purchase: z.number().int().min(0),
      discount_percent: percent,
    }),
    /** A repeat customer idle this long counts as at risk for thresholds up to the high band. */
    lapsed: z.object({ min_days_since_last_purchase: z.number().int().min(1), min_orders: z.number().int().min(1) }),
    vip: z.object({ min_lifetime_value: z.number().min(0), min_orders: z.number().int().min(0) }),
    refund_heavy: z.object({ min_refunds: z.number().int().min(1), min_refund_share: probability }),
    escalation: z.object({ min_negative_sentiment: z.number().min(-1).max(0), escalate_vip_complaints: z.boolean() }),
    budgets: z.object({
      max_offers_per_customer_90d: z.number().int().min(0),
      /** Discount value promised per calendar month, in minor units of `currency` (estimated on AOV). */
      max_monthly_discount_minor: z.number().int().min(0),
    }),
    discount_code: z.object({ expires_in_days: z.number().int().min(1), minimum_subtotal_minor: z.number().int().min(0) }),
    /** Hand-over owners and holding-reply wording; the categories cannot be switched off (policy/handover.ts). */
    handover: HandoverPolicySchema.prefault({}),
  })
  .refine((c) => c.churn_bands.medium <= c.churn_bands.high, {
    message: "churn_bands.medium must not exceed churn_bands.high",
    path: ["churn_bands", "medium"],
  });

export type PolicyConfig = z.infer<typeof PolicyConfigSchema>;

/**
 * Validates a parsed policy document (the file's JSON). Reading the file is Node-only:
 * `loadPolicyConfig` in src/node/policy-file.ts; the Workers build bundles the document.
 * @param source names the document in the error, e.g. the file path
 * @throws Error naming the source and every invalid field
 */
export function parsePolicyConfig(raw: unknown, source: string): PolicyConfig {
  const parsed = PolicyConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid policy file ${source}: ${issues}`);
  }
  return parsed.data;
}
