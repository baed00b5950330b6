/**
 * Hand-over in the ticket pipeline (issue 18): the detector runs beside triage on the ticket's text
 * (a follow-up's message alone), its findings go into the policy ticket and are stored with the
 * ticket's triage (`triage.handover`); a decision that hands over gets the holding reply instead of
 * a drafted one; a data-protection request records its privacy tasks.
 *
 * A ticket once handed over stays handed over: a follow-up carries the ticket's earlier findings,
 * so "thanks, and is there a discount?" after a chargeback threat gets a holding reply, not an offer.
 */
import type { DraftResult } from "../ai/draft";
import type { DraftFacts } from "../ai/draft/facts";
import type { CustomerRow } from "../customers/types";
import { detectHandoverOnce } from "../handover/memo";
import { holdingDraft } from "../handover/draft";
import { HANDOVER_CATEGORIES, type HandoverDetection, type HandoverFinding } from "../handover/types";
import type { Decision } from "../policy/types";
import { localDate, PRIVACY_RIGHTS, statutoryDeadline, type PrivacyRight } from "../privacy/deadline";
import { recordPrivacyTasks, shopifyFlowFor, type NewPrivacyTask } from "../privacy/tasks";
import type { Services } from "../services";

/**
 * Detects hand-over evidence in a ticket's text and adds the categories an earlier message of the
 * same ticket raised that this one does not.
 * @param earlier the detection stored with the ticket (`triage.handover`), for a follow-up
 */
export function detectTicketHandover(text: string, earlier?: HandoverDetection | null): HandoverDetection {
  const now = detectHandoverOnce(text);
  const carried = (earlier?.findings ?? []).filter((f) => !now.findings.some((n) => n.category === f.category));
  if (!carried.length) return now;
  // Severity order, as the detector gives its own findings.
  const findings: HandoverFinding[] = [...now.findings, ...carried].sort(
    (a, b) => HANDOVER_CATEGORIES.indexOf(a.category) - HANDOVER_CATEGORIES.indexOf(b.category),
  );
  return { ...now, handover: true, findings };
}

/** The detection stored with a ticket's triage, or null (a ticket triaged before the detector ran). */
export function storedHandover(triage: unknown): HandoverDetection | null {
  const h = (triage as { handover?: HandoverDetection } | null)?.handover;
  return h && Array.isArray(h.findings) ? h : null;
}

/** The holding reply of a hand-over decision, with the policy's wording (src/handover/draft.ts). */
export function holdingDraftFor(s: Services, decision: Decision, facts: DraftFacts, requesterEmail: string | null | undefined): DraftResult {
  return holdingDraft({ decision, facts, wording: s.policy().handover.wording, requesterEmail });
}

/** A regeneration of a hand-over draft: the holding reply again, saying the instruction was not applied. */
export function regeneratedHoldingDraft(s: Services, decision: Decision, facts: DraftFacts, requesterEmail: string | null | undefined): DraftResult {
  const d = holdingDraftFor(s, decision, facts, requesterEmail);
  return { ...d, fallbackReason: [d.fallbackReason, "a hand-over draft stays the holding reply; the instruction was not applied"].filter(Boolean).join("; ") };
}

/**
 * The rights a detection exercises, with the customer's words for each (unweakened hits first). A
 * law named alone ("under the GDPR", "this is a DSAR") reads as an access request, as its rule
 * says; beside a named right it adds nothing ("delete my data under the RGPD" is erasure only).
 */
export function privacyRights(d: HandoverDetection): Array<{ right: PrivacyRight; evidence: string }> {
  const all = d.findings.find((f) => f.category === "data_protection")?.hits ?? [];
  const named = all.filter((h) => h.rule !== "privacy.law" && PRIVACY_RIGHTS.some((r) => r === h.kind));
  const hits = named.length ? named : all;
  const out = new Map<PrivacyRight, string>();
  for (const h of [...hits].sort((a, b) => a.modifiers.length - b.modifiers.length)) {
    const right = PRIVACY_RIGHTS.find((r) => r === h.kind);
    if (right && !out.has(right)) out.set(right, h.evidence);
  }
  return [...out].map(([right, evidence]) => ({ right, evidence }));
}

/**
 * Records a privacy task per right a data-protection request exercises (none for a complaint about
 * data handling alone), with its statutory deadline (src/privacy/deadline.ts) counted from the day
 * the customer sent it, in the store's time zone. Idempotent per (ticket, right). Runs before the
 * draft is written, so a drafted ticket always has its tasks.
 * @param receivedAt when the customer sent the message (the ticket's `created_at`)
 */
export async function recordPrivacyRequests(
  s: Services,
  p: { ticketId: string; customer: CustomerRow | undefined; requesterEmail: string | null; receivedAt: Date; text: string; handover: HandoverDetection },
): Promise<void> {
  const rights = privacyRights(p.handover);
  if (!rights.length) return;
  const receivedOn = localDate(p.receivedAt, s.timeZone);
  const storeCountry = s.policy().handover.privacy.store_country;
  const tasks: NewPrivacyTask[] = rights.map(({ right, evidence }) => {
    const d = statutoryDeadline({ right, receivedOn, text: p.text, customerCountry: p.customer?.country ?? null, storeCountry });
    return {
      ticketId: p.ticketId,
      customerId: p.customer?.id ?? null,
      requesterEmail: p.requesterEmail ?? p.customer?.email ?? null,
      right,
      evidence,
      regime: d.regime,
      regimeBasis: d.candidates,
      receivedAt: p.receivedAt,
      dueOn: d.due_on,
      shopifyFlow: s.shopify ? shopifyFlowFor(right) : null,
    };
  });
  await recordPrivacyTasks(s.db, tasks);
}
