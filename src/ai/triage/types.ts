import type { ModelCallUsage } from "../usage";
import { z } from "zod";

/**
 * The 27 intents of the Bitext customer-support dataset (`shared/data/bitext/intents-train.csv`,
 * bitext/customer-support-llm-chatbot-training-dataset, CDLA-Sharing-1.0), in the dataset's spelling.
 */
export const BITEXT_INTENTS = [
  "cancel_order",
  "change_order",
  "change_shipping_address",
  "check_cancellation_fee",
  "check_invoice",
  "check_payment_methods",
  "check_refund_policy",
  "complaint",
  "contact_customer_service",
  "contact_human_agent",
  "create_account",
  "delete_account",
  "delivery_options",
  "delivery_period",
  "edit_account",
  "get_invoice",
  "get_refund",
  "newsletter_subscription",
  "payment_issue",
  "place_order",
  "recover_password",
  "registration_problems",
  "review",
  "set_up_shipping_address",
  "switch_account",
  "track_order",
  "track_refund",
] as const;

/** Our own retention and recommendation intents (`examples/`); Bitext has nothing for them. */
export const RETENTION_INTENTS = ["price_objection", "considering_leaving", "product_recommendation"] as const;

/**
 * Intents real messages need that Bitext lacks: `product_info` (availability, price, how to use,
 * deals), `chatter` (praise, thanks, jokes, promotions: not a support request) and `unclear`
 * (the classifier abstained: its calibrated confidence was below its threshold).
 */
export const REAL_TEXT_INTENTS = ["product_info", "chatter", "unclear"] as const;

/** Every intent a ticket classifier may return. */
export const INTENTS = [...BITEXT_INTENTS, ...RETENTION_INTENTS, ...REAL_TEXT_INTENTS] as const;
export type Intent = (typeof INTENTS)[number];

/** Coarse routing groups; `families.ts` maps each intent to one and says why. */
export const INTENT_FAMILIES = [
  "retention_risk",
  "service_complaint",
  "order_status",
  "refund_return",
  "cancellation",
  "product_question",
  "account_billing",
  "other",
] as const;
export type IntentFamily = (typeof INTENT_FAMILIES)[number];

export const SENTIMENT_LABELS = ["negative", "neutral", "positive"] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const URGENCIES = ["low", "normal", "high"] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The best reading of a ticket other than the one a triage returns. */
export interface RunnerUp {
  family: IntentFamily;
  intent: Intent;
  /** Calibrated probability of that family, 0..1. */
  confidence: number;
}

/** Whether the customer signals they may stop buying, cancel, switch, or objects to price or value. */
export interface RetentionEvidence {
  /** Calibrated probability of a retention signal in the text, 0..1 (its own model). */
  probability: number;
  /** The phrases of the text that signal it ("switching to", "too expensive"); empty when none. */
  evidence: string[];
}

/** Where a second classifier read the same ticket differently (recorded with the ticket). */
export interface TriageDisagreement {
  classifier: string;
  family: IntentFamily;
  intent: Intent;
  confidence: number;
  unclear: boolean;
}

/** The result of classifying one ticket. Labels only: a classifier never acts on the ticket. */
export interface Triage {
  intent: Intent;
  family: IntentFamily;
  /**
   * Calibrated probability of the family the model ranked first, 0..1 (for an LLM, its own
   * estimate). Below the classifier's threshold the triage is `unclear`.
   */
  confidence: number;
  /** True when the classifier abstained: family `other`, intent `unclear`; the agent decides. */
  unclear: boolean;
  /** The most probable reading other than the one returned (for an unclear triage, the best guess). */
  runner_up: RunnerUp | null;
  retention: RetentionEvidence;
  sentiment: { score: number /* -1..1 */; label: SentimentLabel };
  urgency: Urgency;
  /** ISO 639-1 code of the ticket's language ("en", "es", ...), or "und" when there are too few words. */
  language: string;
  /** Which classifier produced it, e.g. "offline-lr-v2" or "llm:<model>". */
  classifier: string;
  /** Set by the LLM classifier when the offline classifier read the ticket differently. */
  disagreement?: TriageDisagreement;
  /** The model triage call, when one was made (the LLM classifier): its tokens and estimated cost. */
  model_call?: ModelCallUsage;
  /** Why no model triage call was made although a model is configured (the offline reading was confident). */
  model_skipped?: string;
}

/** How a ticket is classified: the model gate's priority, a reason to skip the model, a hook before the model call. */
export interface ClassifyOptions {
  /** The model gate's order for a model call (0..100, higher first), or how to work it out from the offline reading. */
  priority?: number | ((offline: Triage) => number);
  /** When the ticket began waiting, epoch ms: the gate ages the call's priority from then. */
  since?: number;
  /** Why no model call is needed (the offline reading answers). */
  skipModel?: string;
  /** Told the offline reading when a model call will be made, before it is made. */
  onModelTriage?: (offline: Triage) => void;
}

/** Anything that turns a ticket's text into a `Triage`: the offline model here, an LLM elsewhere. */
export interface TicketClassifier {
  readonly name: string;
  /**
   * @param opts.priority the model gate's order for a model call (0..100, higher first), or how to
   *   work it out from the offline reading (read first in any case)
   * @param opts.skipModel why no model call is needed (the offline reading answers); offline classifiers ignore both
   * @param opts.onModelTriage told the offline reading when a model call will be made (after the skip
   *   rules), before it is made: what a draft written while the model triages starts from
   *   (src/pipeline/ticket.ts); offline classifiers never call it
   */
  classify(text: string, opts?: ClassifyOptions): Promise<Triage>;
}

const RunnerUpSchema = z.object({ family: z.enum(INTENT_FAMILIES), intent: z.enum(INTENTS), confidence: z.number().min(0).max(1) });

/**
 * zod schema of `Triage`, for validating any triage that crosses a boundary. `language` is two
 * lowercase letters (ISO 639-1) or "und".
 */
export const TriageSchema = z.object({
  intent: z.enum(INTENTS),
  family: z.enum(INTENT_FAMILIES),
  confidence: z.number().min(0).max(1),
  unclear: z.boolean(),
  runner_up: RunnerUpSchema.nullable(),
  retention: z.object({ probability: z.number().min(0).max(1), evidence: z.array(z.string()) }),
  sentiment: z.object({
    score: z.number().min(-1).max(1),
    label: z.enum(SENTIMENT_LABELS),
  }),
  urgency: z.enum(URGENCIES),
  language: z.string().regex(/^(?:[a-z]{2}|und)$/, "ISO 639-1 code, two lowercase letters, or und"),
  classifier: z.string().min(1),
  disagreement: RunnerUpSchema.extend({ classifier: z.string().min(1), unclear: z.boolean() }).optional(),
  model_call: z
    .object({
      prompt: z.string(),
      model: z.string(),
      input_tokens: z.number().int().min(0),
      output_tokens: z.number().int().min(0),
      cost_usd: z.number().nullable(),
      ok: z.boolean(),
    })
    .optional(),
  model_skipped: z.string().optional(),
});

// Keeps the interface and the schema from drifting apart: both directions must be assignable.
type _SchemaMatchesInterface = [z.infer<typeof TriageSchema>, Triage] extends [Triage, z.infer<typeof TriageSchema>] ? true : never;
const _schemaMatches: _SchemaMatchesInterface = true;
void _schemaMatches;

/** One labelled utterance, from Bitext, HINT3 or our own examples. */
export interface LabelledText {
  text: string;
  intent: Intent;
  /** A retention signal in the text; by default true exactly for the `retention_risk` intents. */
  retention?: boolean;
  /** The customer's tone, where the row is labelled with it (trains the sentiment head). */
  sentiment?: SentimentLabel;
}
