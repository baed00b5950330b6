/**
 * The API's response shapes as zod schemas, registered by name in the OpenAPI document
 * (`components.schemas`). The JSON builders (`json.ts`, `privacyTaskJson`, the scoring and
 * helpdesk routes) are type-checked against them through the routes' declared responses, and the
 * route tests parse real answers with them (test/helpers/openapi.ts).
 *
 * Conventions: snake_case, times ISO 8601 UTC strings, money in minor units (`*_minor`) next to
 * major units for display; `null` where a value is unknown, never a made-up one.
 */
import { z } from "@hono/zod-openapi";
import { HANDOVER_CATEGORIES } from "../handover/types";
import { TriageSchema } from "../ai/triage/types";
import { DRAFT_STATUSES } from "../drafts/repo";
import { PRIVACY_RIGHTS } from "../privacy/deadline";
import { PRIVACY_TASK_STATUSES } from "../privacy/tasks";

const isoTime = z.string().openapi({ format: "date-time", example: "2025-01-31T12:00:00.000Z" });
const uuid = z.string().uuid();

// `.meta({ id })`, not `.openapi()`: TriageSchema may be built before @hono/zod-openapi extends zod.
export const TriageJsonSchema = TriageSchema.meta({
  id: "Triage",
  description:
    "A ticket's reading: family and intent with calibrated confidence, `unclear` when the classifier abstained, the runner-up, retention evidence, sentiment, urgency, language and which classifier answered.",
});

export const DecisionReasonSchema = z.object({
  rule: z.string(),
  text: z.string(),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const HandoverDecisionSchema = z
  .object({
    categories: z.array(z.enum(HANDOVER_CATEGORIES)),
    owner: z.string(),
    owners: z.record(z.string(), z.string()),
    evidence: z.array(
      z.object({
        category: z.enum(HANDOVER_CATEGORIES),
        kind: z.string(),
        rule: z.string(),
        start: z.number(),
        end: z.number(),
        evidence: z.string(),
        confidence: z.number(),
      }),
    ),
  })
  .openapi("HandoverDecision", { description: "Who owns a handed-over ticket, and the words that made it one." });

export const DecisionSchema = z
  .object({
    offer_discount: z.boolean(),
    discount_percent: z.number(),
    free_shipping: z.boolean(),
    escalate: z.boolean(),
    follow_up: z.boolean(),
    follow_up_owner: z.enum(["manager", "agent"]).nullable(),
    priority: z.enum(["urgent", "high", "normal", "low"]),
    priority_score: z.number().min(0).max(100),
    churn_band: z.enum(["high", "medium", "low", "unknown"]),
    reasons: z.array(DecisionReasonSchema),
    offer_rule: z.string().nullable(),
    policy_version: z.string(),
    handover: HandoverDecisionSchema.optional(),
  })
  .openapi("Decision", {
    description: "What the policy decided (the system, not the model, states every commitment), with the rule and facts behind each part.",
  });

export const GuardRecordSchema = z
  .object({
    ok: z.boolean(),
    repaired: z.boolean().optional(),
    violations: z.array(z.object({ code: z.string(), kind: z.string(), detail: z.string() })),
    flagged: z.boolean().optional(),
    commitments: z.array(z.unknown()).optional(),
  })
  .openapi("GuardRecord", {
    description: "The guard's check of the model-written part: violations, whether it was repaired or flagged, and the rendered commitments.",
  });

export const ModelCallUsageSchema = z
  .object({
    prompt: z.string().openapi({ description: "Which prompt: `triage`, a reply prompt's name@version, or the repair prompt's." }),
    model: z.string(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cost_usd: z.number().nullable().openapi({ description: "Estimated from list prices; null for a model without a known price." }),
    ok: z.boolean().openapi({ description: "False when the call failed (its tokens are then 0)." }),
    discarded: z
      .boolean()
      .optional()
      .openapi({ description: "True for a speculative reply call whose draft was not kept (written again from the model's reading); paid for, so counted." }),
  })
  .openapi("ModelCallUsage", { description: "One model call a draft made." });

export const PromptBudgetSchema = z
  .object({
    budget: z.number().int(),
    estimated_before: z.number().int(),
    estimated_after: z.number().int(),
    passages_dropped: z.number().int(),
    orders_dropped: z.number().int(),
  })
  .openapi("PromptBudget", {
    description: "How the reply prompt was held to its token budget (OPENAI_PROMPT_TOKEN_BUDGET; tokens estimated at 4 characters each).",
  });

export const DraftUsageSchema = z
  .object({
    input_tokens: z.number().int().nullable().openapi({ description: "The drafting calls' input tokens (reply and repair; null for a template draft alone)." }),
    output_tokens: z.number().int().nullable(),
    cost_usd: z.number().nullable(),
    model_calls: z.number().int().openapi({ description: "Model calls the draft made: triage, reply and repair." }),
    total: z
      .object({ input_tokens: z.number().int(), output_tokens: z.number().int(), cost_usd: z.number().nullable() })
      .openapi({ description: "Every call of the draft summed." }),
    calls: z.array(ModelCallUsageSchema),
    triage_skipped: z
      .string()
      .nullable()
      .openapi({ description: "Why the model triage call was skipped (a confident offline reading, a hand-over); null when it was not." }),
    prompt_budget: PromptBudgetSchema.nullable(),
    speculative: z.enum(["kept", "rebound", "discarded"]).nullable().openapi({
      description:
        "The reply was drafted from the offline reading while the model triaged; `kept` when the model's reading led to the same reply content (facts, commitments, passages, language), `rebound` when it led to the same answer (family, facts, passages, language) with another offer, escalation or tone and the model's part passed the guard around the final decision's commitment block, `discarded` when it was written again. Null: not speculative.",
    }),
  })
  .openapi("DraftUsage", { description: "A draft's model calls, tokens and estimated cost." });

export const DraftSchema = z
  .object({
    id: uuid,
    ticket_id: uuid,
    revision: z.number().int(),
    status: z.enum(DRAFT_STATUSES),
    answered_message: z.string().nullable().openapi({ description: "The customer message this revision answers." }),
    body: z.string(),
    model_body: z.string(),
    language: z.string().nullable(),
    drafter: z.string().openapi({ description: "`llm` or `template`." }),
    fallback_reason: z.string().nullable(),
    prompt: z.object({ name: z.string().nullable(), version: z.string().nullable() }),
    model: z.string().nullable(),
    usage: DraftUsageSchema,
    redraft_due: z.boolean().openapi({
      description:
        "True when the template wrote it because the model provider was down, failing or timing out: it is flagged, and re-drafted with the model as a new revision once the provider answers again.",
    }),
    guard: GuardRecordSchema.nullable(),
    citations: z
      .array(z.object({ id: z.string(), title: z.string(), section: z.array(z.string()), url: z.string().nullable() }))
      .openapi({ description: "The knowledge passages the draft states: id, article title, section path and link ([] for none or an older draft)." }),
    instruction: z.string().nullable(),
    decision: DecisionSchema,
    created_at: isoTime,
    reviewed_at: isoTime.nullable(),
    reviewed_by: z.string().nullable(),
    edited: z.boolean().nullable(),
    reject_reason: z.string().nullable(),
  })
  .openapi("Draft", { description: "One revision of a reply draft, with its decision." });

export const TicketSchema = z
  .object({
    id: uuid,
    source: z.string(),
    external_id: z.string(),
    requester: z.object({ email: z.string().nullable(), customer_id: z.string().nullable() }),
    customer_id: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    channel: z.string().nullable(),
    helpdesk_url: z.string().nullable(),
    triage: z.record(z.string(), z.unknown()).nullable().openapi({ description: "The stored triage (see `Triage`), with the hand-over findings when any." }),
    status: z.string().openapi({ description: "`received`, `drafted` or `failed`." }),
    error: z.string().nullable(),
    created_at: isoTime,
    received_at: isoTime,
  })
  .openapi("Ticket");

const ArchetypeLevelsSchema = z.record(z.string(), z.string());

export const CustomerProfileSchema = z
  .object({
    customer_id: z.string(),
    customer_gid: z.string(),
    email: z.string().nullable(),
    first_name: z.string().nullable(),
    country: z.string().nullable(),
    currency: z.string(),
    as_of: z.string(),
    lifetime_value: z.number(),
    lifetime_value_minor: z.number(),
    gross_sales_minor: z.number(),
    total_orders: z.number().int(),
    avg_order_value: z.number(),
    avg_order_value_minor: z.number(),
    days_since_last_purchase: z.number().nullable(),
    customer_tenure_days: z.number().nullable(),
    first_order_at: z.string().nullable(),
    last_order_at: z.string().nullable(),
    purchase_frequency_30d: z.number(),
    refund_count: z.number().int(),
    refund_amount: z.number(),
    refund_amount_minor: z.number(),
    rfm_recency: z.number().nullable(),
    rfm_frequency: z.number().nullable(),
    rfm_monetary: z.number().nullable(),
    rfm_score: z.string().nullable(),
    rfm_segment: z.string().nullable(),
    churn_risk_score: z.number().nullable(),
    churn_calibrated: z.boolean(),
    p_alive: z.number().nullable(),
    next_purchase_30d: z.number().nullable(),
    expected_purchases_90d: z.number().nullable(),
    predicted_clv_12m: z.number().nullable(),
    predicted_clv_12m_minor: z.number().nullable(),
    archetype_id: z.string().nullable(),
    archetype_label: z.string().nullable(),
    archetype_levels: ArchetypeLevelsSchema.nullable(),
    churn_model: z.string(),
    scoring_run_id: z.number().nullable(),
    unscored_reason: z.string().nullable(),
    stale: z.boolean(),
    scores_source: z.string().optional(),
  })
  .openapi("CustomerProfile", {
    description:
      "A customer's behavioural profile: RFM, BG/NBD P(alive), churn risk, CLV, AOV, archetype. Money in major units of `currency` and in minor units (`*_minor`).",
  });

export const OrderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    processed_at: z.string(),
    currency: z.string(),
    total_minor: z.number(),
    total: z.number(),
    financial_status: z.string().nullable(),
    fulfillment_status: z.string().nullable(),
    line_items: z.array(
      z.object({ title: z.string(), sku: z.string().nullable(), variant_title: z.string().nullable(), quantity: z.number(), unit_price_minor: z.number() }),
    ),
    fulfillments: z.array(
      z.object({
        status: z.string().nullable(),
        tracking_company: z.string().nullable(),
        tracking_number: z.string().nullable(),
        tracking_url: z.string().nullable(),
        delivered_at: z.string().nullable(),
      }),
    ),
  })
  .openapi("Order", { description: "An order with its line items and tracking." });

export const OfferSchema = z
  .object({
    id: z.number().int(),
    createdAt: isoTime,
    draftId: uuid,
    ticketId: uuid,
    customerId: z.string().nullable(),
    rule: z.string(),
    discountPercent: z.number().int(),
    freeShipping: z.boolean(),
    churnRiskScore: z.number().nullable(),
    lifetimeValueMinor: z.number().nullable(),
    currency: z.string().nullable(),
    discountValueMinor: z.number(),
    approvedBy: z.string(),
    edited: z.boolean(),
    discountCode: z.string().nullable(),
    discountId: z.string().nullable(),
    policyVersion: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("LedgerEntry", { description: "One approved offer in the hash-chained ledger (as stored: camelCase)." });

export const ChainCheckSchema = z
  .object({ ok: z.boolean(), entries: z.number().int(), brokenAt: z.number().int().optional(), reason: z.string().optional() })
  .openapi("LedgerCheck", { description: "The ledger's hash chain walked: `ok: false` names the first broken entry." });

export const PrivacyTaskSchema = z
  .object({
    id: uuid,
    ticket_id: uuid,
    customer_id: z.string().nullable(),
    requester_email: z.string().nullable(),
    right: z.enum(PRIVACY_RIGHTS),
    evidence: z.string().nullable(),
    received_at: isoTime,
    deadline: z.object({
      due_on: z.string().openapi({ format: "date" }),
      regime: z.string(),
      rule: z.string(),
      days_left: z.number().int(),
      overdue: z.boolean(),
      candidates: z.array(z.object({ regime: z.string(), source: z.string(), detail: z.string(), due_on: z.string() })),
    }),
    status: z.enum(PRIVACY_TASK_STATUSES),
    shopify: z.object({ flow: z.string(), webhook_id: z.string().nullable(), received_at: isoTime.nullable() }).nullable(),
    note: z.string().nullable(),
    closed_at: isoTime.nullable(),
    closed_by: z.string().nullable(),
    created_at: isoTime,
  })
  .openapi("PrivacyTask", { description: "A data-protection request found in a ticket, with its statutory deadline and the rule that set it." });

export const ArchetypeSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    levels: z.record(z.string(), z.string()),
    count: z.number().int(),
    share: z.number(),
    average_ltv: z.number(),
    average_ltv_minor: z.number(),
    average_churn_risk: z.number().nullable(),
  })
  .openapi("Archetype");

export const ScoringRunSchema = z
  .object({
    id: z.number().int(),
    model: z.string(),
    as_of: isoTime,
    fitted_at: isoTime,
    customers: z.number().int(),
    converged: z.boolean(),
    params: z.unknown().openapi({ description: "The fitted parameters (BG/NBD r, α, a, b; Gamma-Gamma p, q, γ; RFM cut points)." }),
    figures: z.unknown().openapi({ description: "Fit and backtest figures, archetype statistics." }),
  })
  .openapi("ScoringRun");

export const JobSchema = z
  .object({
    id: z.string(),
    state: z.enum(["waiting", "active", "delayed", "completed", "failed"]),
    data: z.union([z.object({ kind: z.literal("inbound"), deliveryId: z.string() }), z.object({ kind: z.literal("post"), draftId: z.string() })]),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    last_error: z.string().nullable(),
    created_at: isoTime.nullable(),
    finished_at: isoTime.nullable(),
  })
  .openapi("Job");

export const HelpdeskPostSchema = z
  .object({
    draft_id: uuid,
    ticket_id: uuid,
    vendor: z.string(),
    mode: z.string(),
    status: z.string().openapi({ description: "`queued`, `sent` or `failed`." }),
    attempts: z.number().int(),
    external_id: z.string().nullable(),
    error: z.string().nullable(),
    tags: z.array(z.string()).nullable(),
    tag_error: z.string().nullable(),
    created_at: isoTime,
    updated_at: isoTime,
    sent_at: isoTime.nullable(),
  })
  .openapi("HelpdeskPost", { description: "A reply posted (or to be posted) back to the helpdesk." });
