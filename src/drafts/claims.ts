/**
 * Claims: one pipeline run per ticket, one regeneration per draft, at a time. A claim is a row
 * state (`tickets.claimed_until`, `drafts.regenerating_until`) set by one conditional UPDATE, so
 * PostgreSQL and PGlite decide who holds it, not timing, and no connection is held while the model
 * answers (unlike an advisory lock). A claim is a lease: a run that dies (a crash, a killed
 * isolate) holds it until `CLAIM_LEASE_MS` passes, then the next duplicate takes over. The
 * database's clock (`now()`) times leases, never the store's clock, which the demo stops in 2011.
 */
import { and, eq, isNull, lt, ne, or, sql } from "drizzle-orm";
import { drafts, tickets } from "../db/schema";
import type { Db } from "../db/types";
import type { TicketRow } from "./repo";

/**
 * How long a claim holds, ms: above a run's worst case (triage, draft and a repair round, each
 * bounded by LLM_TIMEOUT_MS, 20 s by default) with room for the database work.
 */
export const CLAIM_LEASE_MS = 120_000;

/** The end of a claim taken now, in SQL (the database's clock): for an INSERT that claims the row it stores. */
export const leaseEnd = sql`now() + ${`${CLAIM_LEASE_MS} milliseconds`}::interval`;

/**
 * Claims a ticket that is not drafted and not held by a live claim.
 * @returns the claimed row (the content it was first posted with), or undefined when it is
 *   drafted or another run holds it
 */
export async function claimTicket(db: Db, ticketId: string): Promise<TicketRow | undefined> {
  const [row] = await db
    .update(tickets)
    .set({ claimedUntil: leaseEnd })
    .where(and(eq(tickets.id, ticketId), ne(tickets.status, "drafted"), or(isNull(tickets.claimedUntil), lt(tickets.claimedUntil, sql`now()`))))
    .returning();
  return row;
}

/** Ends a ticket's claim (the draft was written, or the run failed and marked it). */
export async function releaseTicket(db: Db, ticketId: string): Promise<void> {
  await db.update(tickets).set({ claimedUntil: null }).where(eq(tickets.id, ticketId));
}

/**
 * Claims a pending draft for one regeneration.
 * @returns true when this caller holds it; false when it is not pending or another regeneration holds it
 */
export async function claimRegeneration(db: Db, draftId: string): Promise<boolean> {
  const rows = await db
    .update(drafts)
    .set({ regeneratingUntil: leaseEnd })
    .where(and(eq(drafts.id, draftId), eq(drafts.status, "pending_review"), or(isNull(drafts.regeneratingUntil), lt(drafts.regeneratingUntil, sql`now()`))))
    .returning({ id: drafts.id });
  return rows.length > 0;
}

/** Ends a draft's regeneration claim. */
export async function releaseRegeneration(db: Db, draftId: string): Promise<void> {
  await db.update(drafts).set({ regeneratingUntil: null }).where(eq(drafts.id, draftId));
}

/**
 * Waits before looking again at a claim another run holds: 20 ms doubling to 500 ms.
 * @param attempt 0 for the first wait
 */
export function claimWait(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(500, 20 * 2 ** attempt)));
}
