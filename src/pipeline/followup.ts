/**
 * A customer's follow-up on a helpdesk ticket that already has a draft: a fresh draft (the next
 * revision) answering the new message, which supersedes the pending one. Exactly once per
 * delivery: the draft and the delivery's `draft_id` are written in one statement that writes only
 * while the delivery is unanswered (src/drafts/revisions.ts), so a re-run job (vendor retry,
 * restart mid-job, a second instance) finds the delivery answered and creates nothing.
 * The drafting steps are the pipeline's own (`prepareDraft`). A ticket handed over stays handed
 * over: the follow-up carries the ticket's earlier hand-over findings (src/pipeline/handover.ts).
 */
import { eq } from "drizzle-orm";
import { drafts } from "../db/schema";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import { draftColumns, getTicket, type DraftRow } from "../drafts/repo";
import { writeDraftRevision } from "../drafts/revisions";
import { recordPrivacyRequests, storedHandover } from "./handover";
import type { TicketInput } from "./schemas";
import { prepareDraft } from "./ticket";
import type { Services } from "../services";
import { guardOutcome } from "../log/metrics";
import { inSpan } from "../log/tracing";

/**
 * Drafts the next revision of `ticketId` for the message in `input`, superseding pending drafts.
 * @param deliveryId the delivery carrying the message (its `draft_id` marks it answered)
 * @returns the draft, and `created: false` when the delivery had been answered already
 */
export async function processFollowUp(s: Services, ticketId: string, deliveryId: string, input: TicketInput): Promise<{ created: boolean; draft: DraftRow }> {
  return inSpan("pipeline.followup", () => draftFollowUp(s, ticketId, deliveryId, input), {
    "copilot.ticket.source": input.source,
    "copilot.ticket.id": ticketId,
  });
}

async function draftFollowUp(s: Services, ticketId: string, deliveryId: string, input: TicketInput): Promise<{ created: boolean; draft: DraftRow }> {
  const answered = async () => {
    const [d] = await s.db.select({ draftId: helpdeskDeliveries.draftId }).from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, deliveryId));
    return d?.draftId ? (await s.db.select().from(drafts).where(eq(drafts.id, d.draftId)))[0] : undefined;
  };
  const before = await answered();
  if (before) return { created: false, draft: before };

  // Triage the new message alone (no subject): the subject belongs to the first message and would outweigh it.
  const earlier = storedHandover((await getTicket(s.db, ticketId))?.triage);
  const now = s.clock.now();
  const {
    customer,
    profile,
    triage,
    handover,
    decision,
    facts,
    draft: d,
    usage,
  } = await prepareDraft(s, { requester: input.requester, subject: "", body: input.body }, now, earlier);
  const receivedAt = input.created_at ? new Date(input.created_at) : now;
  await recordPrivacyRequests(s, { ticketId, customer, requesterEmail: input.requester.email ?? null, receivedAt, text: input.body, handover });

  const columns = draftColumns(d, decision, profile, { ticket_text: input.body, first_name: facts.first_name }, usage);
  // A collision means another revision of this ticket was written meanwhile (a concurrent
  // follow-up, a regeneration): write after it, superseding it too.
  for (let attempt = 1; attempt <= 5; attempt++) {
    const w = await writeDraftRevision(s.db, {
      ticketId,
      draft: columns,
      replaces: { kind: "pending" },
      ticket: { customerId: customer?.id ?? null, triage: { ...triage, handover } },
      deliveryId,
      event: { actor: "pipeline", action: "draft.created", changes: { ticket_id: ticketId, follow_up: true } },
    });
    if (w.written) {
      s.metrics.draftCreated({ drafter: d.drafter, guard: guardOutcome(d) });
      return { created: true, draft: w.draft };
    }
    if (w.reason === "answered") {
      const done = await answered();
      if (done) return { created: false, draft: done };
    }
  }
  throw new Error(`follow-up of ticket ${ticketId}: the draft revision kept colliding with concurrent writes`);
}
