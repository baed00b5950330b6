/**
 * A customer's follow-up on a helpdesk ticket that already has a draft: a fresh draft (the next
 * revision) answering the new message, which supersedes the pending one. Exactly once per
 * delivery: the draft insert and the delivery's `draft_id` are written in one transaction that
 * holds the ticket and delivery rows locked, so a re-run job (vendor retry, restart mid-job, a
 * second instance) finds the delivery answered and creates nothing.
 * The drafting steps are the pipeline's own (`prepareDraft`).
 */
import { and, eq, max, sql } from "drizzle-orm";
import { drafts, tickets } from "../db/schema";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import { audit } from "../audit/audit";
import { draftColumns, type DraftRow } from "../drafts/repo";
import type { TicketInput } from "./schemas";
import { prepareDraft } from "./ticket";
import type { Services } from "../services";

/**
 * Drafts the next revision of `ticketId` for the message in `input`, superseding pending drafts.
 * @param deliveryId the delivery carrying the message (its `draft_id` marks it answered)
 * @returns the draft, and `created: false` when the delivery had been answered already
 */
export async function processFollowUp(s: Services, ticketId: string, deliveryId: string, input: TicketInput): Promise<{ created: boolean; draft: DraftRow }> {
  const answered = async () => {
    const [d] = await s.db.select({ draftId: helpdeskDeliveries.draftId }).from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, deliveryId));
    return d?.draftId ? (await s.db.select().from(drafts).where(eq(drafts.id, d.draftId)))[0] : undefined;
  };
  const before = await answered();
  if (before) return { created: false, draft: before };

  // Triage the new message alone (no subject): the subject belongs to the first message and would outweigh it.
  const { customer, profile, triage, decision, facts, draft: d } = await prepareDraft(s, { requester: input.requester, subject: "", body: input.body }, s.clock.now());

  const result = await s.db.transaction(async (tx) => {
    await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId)).for("update");
    const [delivery] = await tx.select({ draftId: helpdeskDeliveries.draftId }).from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, deliveryId)).for("update");
    if (delivery?.draftId) return { created: false, draftId: delivery.draftId };
    const superseded = await tx
      .update(drafts)
      .set({ status: "superseded" })
      .where(and(eq(drafts.ticketId, ticketId), eq(drafts.status, "pending_review")))
      .returning({ id: drafts.id });
    const [{ rev }] = await tx.select({ rev: max(drafts.revision) }).from(drafts).where(eq(drafts.ticketId, ticketId));
    const [row] = await tx
      .insert(drafts)
      .values({
        ticketId,
        revision: (rev ?? 0) + 1,
        status: "pending_review",
        ...draftColumns(d, decision, profile, { ticket_text: input.body, first_name: facts.first_name }),
      })
      .returning();
    for (const old of superseded) await audit(tx, "pipeline", "draft.superseded", "draft", old.id, { status: { from: "pending_review", to: "superseded" }, by: row.id });
    await tx.update(tickets).set({ status: "drafted", customerId: customer?.id ?? null, triage, error: null }).where(eq(tickets.id, ticketId));
    await tx
      .update(helpdeskDeliveries)
      .set({ status: "processed", ticketId, draftId: row.id, processedAt: sql`now()`, error: null })
      .where(eq(helpdeskDeliveries.id, deliveryId));
    await audit(tx, "pipeline", "draft.created", "draft", row.id, { ticket_id: ticketId, revision: row.revision, follow_up: true, supersedes: superseded.map((x) => x.id) });
    return { created: true, draftId: row.id };
  });
  const [draft] = await s.db.select().from(drafts).where(eq(drafts.id, result.draftId));
  return { created: result.created, draft };
}
