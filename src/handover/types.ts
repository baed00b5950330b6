/**
 * Hand-over categories: tickets a copilot must not handle itself (no retention offer, no cheerful
 * order recap), routed to a person who owns them. Mirrors Gorgias's built-in hand-over triggers
 * (legal, chargeback, safety, abuse, privacy), which cannot be switched off.
 */
export const HANDOVER_CATEGORIES = ["safety", "legal_threat", "chargeback_fraud", "data_protection", "abuse"] as const;
/** In order of severity: `safety` first. */
export type HandoverCategory = (typeof HANDOVER_CATEGORIES)[number];

/**
 * What a hit is about, within its category: the privacy task needs the right exercised, the safety
 * template needs to know a person may be at risk, payments needs to know a chargeback from a stolen card.
 */
export type HandoverKind =
  | "legal_action"
  | "regulator_complaint"
  | "chargeback"
  | "unauthorised_charge"
  | "stolen_card"
  | "account_takeover"
  | "self_harm"
  | "threat_to_others"
  | "emergency"
  | "insult"
  | "slur"
  | "sexual_harassment"
  | "access"
  | "erasure"
  | "rectification"
  | "portability"
  | "do_not_sell"
  | "privacy_complaint";

/** Why a hit's confidence was lowered. */
export type HitModifier = "negated" | "retracted" | "quoted";

/** One piece of evidence: a span of the ticket's own text that a rule matched. */
export interface HandoverHit {
  category: HandoverCategory;
  kind: HandoverKind;
  /** The rule's id, e.g. "legal.sue" (rules live in src/handover/rules). */
  rule: string;
  /** UTF-16 offsets into the original text, end exclusive: `text.slice(start, end) === evidence`. */
  start: number;
  end: number;
  evidence: string;
  /** 0..1, the rule's confidence after modifiers. */
  confidence: number;
  modifiers: HitModifier[];
}

/** One category that fired, with the evidence for it. */
export interface HandoverFinding {
  category: HandoverCategory;
  /** 0..1: the hits combined (noisy-or of independent cues). */
  confidence: number;
  /** Its hits, strongest first. */
  hits: HandoverHit[];
}

/** The detector's answer for one ticket. Labels only: it never acts on the ticket. */
export interface HandoverDetection {
  /** True when at least one category fired. */
  handover: boolean;
  /** Fired categories in order of severity (`safety` first). */
  findings: HandoverFinding[];
  /** Hits below the firing threshold (negated, retracted, quoted or weak cues), for explanation only. */
  suppressed: HandoverHit[];
  /** Detector version, stored with a decision so an audit can tell which rules were in force. */
  detector: string;
}
