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

/** Our own intents, labelled in `retention-examples.ts`; Bitext has nothing for them. */
export const RETENTION_INTENTS = ["price_objection", "considering_leaving", "product_recommendation"] as const;

/** Every intent a ticket classifier may return: the 27 Bitext intents plus our 3 retention intents. */
export const INTENTS = [...BITEXT_INTENTS, ...RETENTION_INTENTS] as const;
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

/** The result of classifying one ticket. Labels only: a classifier never acts on the ticket. */
export interface Triage {
  intent: Intent;
  family: IntentFamily;
  /** Probability the classifier gives its chosen intent, 0..1. */
  confidence: number;
  sentiment: { score: number /* -1..1 */; label: SentimentLabel };
  urgency: Urgency;
  /** ISO 639-1 code of the ticket's language, e.g. "en", "es", "fr", "de", "pt". */
  language: string;
  /** Which classifier produced it, e.g. "offline-nb-v1" or "llm:<model>". */
  classifier: string;
}

/** Anything that turns a ticket's text into a `Triage`: the offline model here, an LLM elsewhere. */
export interface TicketClassifier {
  readonly name: string;
  classify(text: string): Promise<Triage>;
}

/**
 * zod schema of `Triage`, for the LLM classifier's `generateObject` and for validating any triage
 * that crosses a boundary. `language` is two lowercase letters (ISO 639-1).
 */
export const TriageSchema = z.object({
  intent: z.enum(INTENTS),
  family: z.enum(INTENT_FAMILIES),
  confidence: z.number().min(0).max(1),
  sentiment: z.object({
    score: z.number().min(-1).max(1),
    label: z.enum(SENTIMENT_LABELS),
  }),
  urgency: z.enum(URGENCIES),
  language: z.string().regex(/^[a-z]{2}$/, "ISO 639-1 code, two lowercase letters"),
  classifier: z.string().min(1),
});

// Keeps the interface and the schema from drifting apart: both directions must be assignable.
type _SchemaMatchesInterface = [z.infer<typeof TriageSchema>, Triage] extends [Triage, z.infer<typeof TriageSchema>]
  ? true
  : never;
const _schemaMatches: _SchemaMatchesInterface = true;
void _schemaMatches;

/** One labelled utterance, from Bitext or from our own retention examples. */
export interface LabelledText {
  text: string;
  intent: Intent;
}
