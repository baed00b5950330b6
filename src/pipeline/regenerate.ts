/**
 * Regeneration: an agent asks for another version of a pending draft with an instruction
 * ("shorter", "warmer", "mention the tracking link"). The decision is the stored one, never
 * recomputed: an instruction can change the wording, not the offer. The new revision becomes the
 * pending draft and the old one is marked `superseded`; both stay stored. A hand-over draft stays
 * the holding reply: no instruction turns it into a drafted reply, let alone an offer.
 */
import { buildDraftFacts } from "../ai/draft/facts";
import { draftReply } from "../ai/draft";
import type { Triage } from "../ai/triage/types";
import { lastOrders } from "../customers/repo";
import { ProblemError } from "../http/problem";
import type { Decision } from "../policy/types";
import type { CustomerProfile } from "../profile/types";
import type { Services } from "../services";
import { guardOutcome } from "../log/metrics";
import { draftColumns, getDraft, getTicket, type DraftInputRecord, type DraftRow } from "../drafts/repo";
import { writeDraftRevision } from "../drafts/revisions";
import { claimRegeneration, claimWait, CLAIM_LEASE_MS, releaseRegeneration } from "../drafts/claims";
import { drafts } from "../db/schema";
import { and, asc, eq, gt } from "drizzle-orm";
import { regeneratedHoldingDraft } from "./handover";
import { passagesFor } from "./knowledge";
import { withRecommendations } from "./recommendations";
import { modelPriority } from "./ticket";

/**
 * Writes a new revision of a pending draft. One regeneration of a draft runs at a time (a claim on
 * the draft, src/drafts/claims.ts): a concurrent duplicate (the same instruction, a double click,
 * a retried request) waits and is answered with the revision the first one wrote, with no model
 * call of its own; a concurrent regeneration with another instruction gets 409.
 * @param instruction the agent's instruction; null for a re-draft with no instruction (src/pipeline/redraft.ts)
 * @param onDelta streams the model's text as it is written (server-sent events)
 * @param opts.modelOnly write nothing unless the model wrote the new draft (a re-draft after an
 *   outage: a second template draft is no better than the first); then returns null
 * @throws ProblemError 404 (no draft), 409 (the draft is not pending review, or was regenerated
 *   meanwhile with another instruction), 503 (another regeneration still holds it after its lease)
 */
export async function regenerateDraft(s: Services, draftId: string, instruction: string, actor: string, onDelta?: (text: string) => void): Promise<DraftRow>;
export async function regenerateDraft(
  s: Services,
  draftId: string,
  instruction: string | null,
  actor: string,
  onDelta: ((text: string) => void) | undefined,
  opts: { modelOnly: true },
): Promise<DraftRow | null>;
export async function regenerateDraft(
  s: Services,
  draftId: string,
  instruction: string | null,
  actor: string,
  onDelta?: (text: string) => void,
  opts: { modelOnly?: boolean } = {},
): Promise<DraftRow | null> {
  const giveUp = Date.now() + CLAIM_LEASE_MS + 10_000;
  for (let attempt = 0; Date.now() < giveUp; attempt++) {
    const current = await getDraft(s.db, draftId);
    if (!current) throw new ProblemError(404, "Not Found", `draft ${draftId} not found`);
    if (current.status === "pending_review" && (await claimRegeneration(s.db, draftId))) {
      try {
        return await regenerateClaimed(s, current, instruction, actor, onDelta, opts);
      } finally {
        await releaseRegeneration(s.db, draftId).catch(() => {});
      }
    }
    if (current.status !== "pending_review") {
      // Regenerated meanwhile: a duplicate of this request is answered with that revision.
      const [next] = await s.db
        .select()
        .from(drafts)
        .where(and(eq(drafts.ticketId, current.ticketId), gt(drafts.revision, current.revision)))
        .orderBy(asc(drafts.revision))
        .limit(1);
      if (attempt > 0 && next && next.instruction === instruction) return next;
      if (attempt > 0) throw new ProblemError(409, "Conflict", `draft ${draftId} changed while it was regenerated`, { draft_status: current.status });
      throw new ProblemError(409, "Conflict", `draft ${draftId} is ${current.status}, not pending_review`, { draft_status: current.status });
    }
    // Another regeneration of this draft is running: wait for its revision.
    await claimWait(attempt);
  }
  throw new ProblemError(503, "Service Unavailable", `draft ${draftId} is still being regenerated; try again`);
}

async function regenerateClaimed(
  s: Services,
  current: DraftRow,
  instruction: string | null,
  actor: string,
  onDelta: ((text: string) => void) | undefined,
  opts: { modelOnly?: boolean },
): Promise<DraftRow | null> {
  const draftId = current.id;
  const ticket = (await getTicket(s.db, current.ticketId))!;
  const decision = current.decision as Decision;
  const profile = current.profile as CustomerProfile | null;
  const triage = ticket.triage as Triage;
  const orders = ticket.customerId ? await lastOrders(s.db, ticket.customerId, 5) : [];
  // The message this draft answered (a follow-up's, for a follow-up draft) and the name it used.
  const answered = (current.input as DraftInputRecord | null) ?? { ticket_text: ticket.body, first_name: null };
  const facts = buildDraftFacts(profile, orders, decision, triage.language, s.timeZone);
  facts.first_name ??= answered.first_name;
  if (!decision.handover) await withRecommendations(s, facts, ticket.customerId, triage, s.clock.now());
  const d = decision.handover
    ? regeneratedHoldingDraft(s, decision, { ...facts, language: current.language ?? triage.language }, ticket.requesterEmail)
    : await draftReply(
        {
          facts,
          decision,
          family: triage.family,
          intent: triage.intent,
          ticketText: answered.ticket_text,
          instruction: instruction ?? undefined,
          passages: await passagesFor(s, answered.ticket_text, triage.language),
          requesterEmail: ticket.requesterEmail,
          priority: modelPriority(decision),
        },
        s.drafter,
        onDelta,
      );
  if (opts.modelOnly && d.drafter !== "llm") return null;

  const w = await writeDraftRevision(s.db, {
    ticketId: current.ticketId,
    draft: { ...draftColumns(d, decision, profile, answered), instruction },
    replaces: { kind: "draft", draftId },
    event: { actor, action: instruction === null ? "draft.redrafted" : "draft.regenerated", changes: { from_draft: draftId, instruction } },
  });
  if (!w.written) throw new ProblemError(409, "Conflict", `draft ${draftId} changed while it was regenerated`);
  s.metrics.draftCreated({ drafter: d.drafter, guard: guardOutcome(d) });
  for (const v of d.guard.violations) s.metrics.guardViolation(v.kind);
  return w.draft;
}
