import type { SentimentResult } from "./sentiment";
import type { Intent, IntentFamily, Urgency } from "./types";

/**
 * Escalation cue words in en/es/fr/de/pt: time pressure, money disputes and legal threats.
 * Matched on the lower-cased text at word boundaries (Unicode-aware).
 */
const HIGH_CUES: readonly RegExp[] = [
  /(?<!\p{L})(?:urgent(?:e|ly)?|asap|a\.s\.a\.p|immediately|right now|right away|emergency|as soon as possible)(?!\p{L})/iu,
  /(?<!\p{L})(?:chargeback|charge ?back|dispute the charge|fraud(?:ulent)?|scam|stolen|lawyer|attorney|legal action|sue you|small claims|trading standards|consumer protection)(?!\p{L})/iu,
  /(?<!\p{L})(?:inmediatamente|cuanto antes|abogado|denuncia|estafa|fraude)(?!\p{L})/iu,
  /(?<!\p{L})(?:imm[ée]diatement|tout de suite|avocat|arnaque|plainte officielle)(?!\p{L})/iu,
  /(?<!\p{L})(?:dringend|sofort|umgehend|anwalt|betrug|rückbuchung)(?!\p{L})/iu,
  /(?<!\p{L})(?:imediatamente|urgência|advogado|procon|golpe)(?!\p{L})/iu,
];

/** Intents that are questions with no time pressure of their own. */
const LOW_INTENTS: ReadonlySet<Intent> = new Set<Intent>([
  "product_recommendation",
  "newsletter_subscription",
  "review",
  "check_payment_methods",
  "check_refund_policy",
  "check_cancellation_fee",
  "delivery_options",
  "create_account",
]);

/** Families where an already unhappy customer should be answered first. */
const SENSITIVE_FAMILIES: ReadonlySet<IntentFamily> = new Set<IntentFamily>(["retention_risk", "service_complaint", "refund_return", "cancellation"]);

/** Sentiment at or below this counts as strongly negative (about an AFINN sum of -4). */
const STRONGLY_NEGATIVE = -0.6;

/** True when most letters are capitals ("WHERE IS MY ORDER"): at least 12 letters, 70% upper case. */
function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 12) return false;
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  return upper / letters.length >= 0.7;
}

/**
 * Urgency of a ticket, from its text, intent, family and sentiment. First matching rule wins:
 * 1. high: an escalation cue word (urgent, asap, immediately, chargeback, lawyer, fraud, and the
 *    es/fr/de/pt equivalents), three or more "!" in a row, mostly capitals, `payment_issue` with
 *    negative sentiment, or sentiment ≤ -0.6 in a sensitive family (retention risk, complaint,
 *    refund, cancellation);
 * 2. low: a question with no time pressure (recommendations, newsletter, reviews, policy and
 *    payment-method questions, delivery options, sign-up) whose sentiment is not negative;
 * 3. normal otherwise.
 */
export function urgencyOf(text: string, intent: Intent, family: IntentFamily, sentiment: SentimentResult): Urgency {
  if (HIGH_CUES.some((re) => re.test(text))) return "high";
  if (/!{3,}/.test(text) || isShouting(text)) return "high";
  if (intent === "payment_issue" && sentiment.label === "negative") return "high";
  if (SENSITIVE_FAMILIES.has(family) && sentiment.score <= STRONGLY_NEGATIVE) return "high";
  if (LOW_INTENTS.has(intent) && sentiment.label !== "negative") return "low";
  return "normal";
}
