/**
 * Drafts and tickets as stored: the columns a drafter's result is stored as, and the queries the
 * use cases and routes read them with. Writing a new revision is src/drafts/revisions.ts; the
 * review transitions are use cases (src/pipeline/approve.ts, reject.ts).
 */
import { sumUsage, type DraftUsage } from "../ai/usage";
import { and, asc, desc, eq, lt, or } from "drizzle-orm";
import type { DraftResult } from "../ai/draft";
import { drafts, tickets } from "../db/schema";
import type { Db, DbOrTx } from "../db/types";
import type { Decision } from "../policy/types";
import type { CustomerProfile } from "../profile/types";

export type DraftRow = typeof drafts.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;

export const DRAFT_STATUSES = ["pending_review", "approved", "approved_unsent", "rejected", "superseded"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/** What a draft answered, kept so a regeneration answers the same message for the same person. */
export interface DraftInputRecord {
  ticket_text: string;
  first_name: string | null;
}

/**
 * The stored columns of a drafter's result (body, provenance, usage, guard) plus its decision,
 * the profile snapshot the decision used, and what it answered.
 */
export function draftColumns(d: DraftResult, decision: Decision, profile: CustomerProfile | null, input: DraftInputRecord | null = null, usage?: DraftUsage) {
  return {
    input,
    // Millisecond precision, as the keyset cursor carries it (PostgreSQL's now() has microseconds,
    // and a cursor rounded to milliseconds would skip a draft written in the same millisecond).
    createdAt: new Date(),
    body: d.body,
    modelBody: d.body,
    language: d.language,
    decision,
    profile,
    drafter: d.drafter,
    fallbackReason: d.fallbackReason,
    promptName: d.promptName,
    promptVersion: d.promptVersion,
    model: d.model,
    inputTokens: d.inputTokens,
    outputTokens: d.outputTokens,
    costUsd: d.costUsd,
    guard: d.guard,
    citations: d.citations,
    usage: usage ?? sumUsage(d.calls, { prompt_budget: d.promptBudget }),
    redraftDue: d.redraft,
  };
}

export type DraftColumns = ReturnType<typeof draftColumns>;

export async function getDraft(db: DbOrTx, id: string): Promise<DraftRow | undefined> {
  return (await db.select().from(drafts).where(eq(drafts.id, id)))[0];
}

export async function getTicket(db: DbOrTx, id: string): Promise<TicketRow | undefined> {
  return (await db.select().from(tickets).where(eq(tickets.id, id)))[0];
}

/** A ticket by its source and the source's id (the ticket's idempotency key). */
export async function getTicketByExternalId(db: DbOrTx, source: string, externalId: string): Promise<TicketRow | undefined> {
  return (
    await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.source, source), eq(tickets.externalId, externalId)))
  )[0];
}

/** Every revision of a ticket's draft, oldest first. */
export async function draftsOfTicket(db: DbOrTx, ticketId: string): Promise<DraftRow[]> {
  return db.select().from(drafts).where(eq(drafts.ticketId, ticketId)).orderBy(asc(drafts.revision));
}

/** A ticket's first draft (revision 1), if it has one. */
export async function firstDraftOf(db: DbOrTx, ticketId: string): Promise<DraftRow | undefined> {
  return (
    await db
      .select()
      .from(drafts)
      .where(and(eq(drafts.ticketId, ticketId), eq(drafts.revision, 1)))
  )[0];
}

/** Where a keyset page starts: after the row with this (created_at, id). */
export interface DraftKey {
  createdAt: Date;
  id: string;
}

/**
 * Lists drafts newest first, keyset-paginated on (created_at, id).
 * @returns at most `limit` rows, and the key of the last one when more follow
 */
export async function listDrafts(
  db: Db,
  opts: { status?: DraftStatus; limit: number; after?: DraftKey },
): Promise<{ items: DraftRow[]; next: DraftKey | null }> {
  const conds = [];
  if (opts.status) conds.push(eq(drafts.status, opts.status));
  if (opts.after) {
    const { createdAt: at, id } = opts.after;
    conds.push(or(lt(drafts.createdAt, at), and(eq(drafts.createdAt, at), lt(drafts.id, id))));
  }
  const rows = await db
    .select()
    .from(drafts)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(drafts.createdAt), desc(drafts.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return { items: page, next: rows.length > opts.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}
