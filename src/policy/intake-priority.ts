/**
 * A ticket's place in the job queue when it arrives, before anything is looked up: what its text
 * alone suggests, read in microseconds because it runs on the webhook's acknowledgement path (the
 * hand-over detector, src/handover, costs milliseconds a ticket and runs once, in the job). The
 * job queue orders drafting by it under a backlog; once the job runs, the detector and the
 * policy's full priority score (churn risk, value, urgency: engine.ts) order its model calls in
 * the model gate, so a screen that guesses wrong only moves a ticket in the queue, never its draft.
 *
 * - 100: words of a hand-over (a lawyer, a court or regulator, a chargeback or bank dispute, fire,
 *   injury or danger, a data-protection request), in en/es/fr/de/pt. The screen catches about a
 *   third of what the detector finds, so the batcher also runs the detector itself right after
 *   answering the webhook and raises a hand-over's waiting job to 100 (its job then reads the
 *   detector's answer from memory, src/handover/memo.ts);
 * - 70: a retention signal (a phrase of leaving, cancelling or switching, a price objection: the
 *   triage's own phrases, src/ai/triage/retention.ts);
 * - 60: a follow-up on a ticket (the conversation is already open);
 * - 40: anything else.
 * Aging in the queues lifts every waiting job by 10 points a second, so none starves.
 */
import { retentionPhrases } from "../ai/triage/retention";

/**
 * Stems that a hand-over message nearly always carries (legal, chargeback, safety, data
 * protection), matched at a word start, case- and accent-insensitively. A screen, not the detector.
 */
const HANDOVER_SCREEN = new RegExp(
  [
    // legal
    "lawyer",
    "attorney",
    "solicitor",
    "sue\\b",
    "suing",
    "lawsuit",
    "legal action",
    "court",
    "small claims",
    "trading standards",
    "ombudsman",
    "abogad",
    "demand(a|ar)",
    "avocat",
    "tribunal",
    "anwalt",
    "klage",
    "gericht",
    "advogad",
    "processar",
    "procon",
    // chargeback and disputes
    "chargeback",
    "charge back",
    "dispute",
    "my bank",
    "fraud",
    "contracargo",
    "reclamaci[oó]n bancaria",
    "r[uü]ckbuchung",
    "estorno",
    // safety
    "fire",
    "burn",
    "smok",
    "explod",
    "injur",
    "hospital",
    "allerg",
    "poison",
    "chok",
    "electric shock",
    "danger",
    "incendi",
    "quem",
    "feu\\b",
    "brand\\b",
    "verletz",
    // data protection
    "gdpr",
    "rgpd",
    "dsgvo",
    "lgpd",
    "ccpa",
    "personal data",
    "my data",
    "data protection",
    "delete my account",
    "erase",
    "subject access",
    "datos personales",
    "donn[eé]es personnelles",
    "dados pessoais",
    "meine daten",
    // abuse and threats
    "kill",
    "threat",
  ]
    .map((s) => `\\b${s}`)
    .join("|"),
  "i",
);

/** True when the text carries words of a hand-over (a screen; the detector decides in the job). */
export function mayNeedHandover(text: string): boolean {
  return HANDOVER_SCREEN.test(text);
}

/** The text the pipeline reads of a message: its subject and body (src/pipeline/ticket.ts `prepareDraft`). */
export function ticketText(message: { subject?: string; body: string }): string {
  return message.subject ? `${message.subject}\n\n${message.body}` : message.body;
}

/** The intake priority, 0..100 (higher first), of a message with its subject. */
export function intakePriority(message: { subject?: string; body: string }, kind: "created" | "follow_up" = "created"): number {
  const text = ticketText(message);
  if (mayNeedHandover(text)) return 100;
  if (retentionPhrases(text).length) return 70;
  return kind === "follow_up" ? 60 : 40;
}
