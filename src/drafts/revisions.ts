/**
 * The one writer of draft revisions. A ticket's first draft, a follow-up's draft and an agent's
 * regeneration all write the same way: the drafts it replaces are marked `superseded`, the new
 * revision (one past the ticket's newest, or 1 for a first draft) is inserted as `pending_review`,
 * the ticket is marked drafted with its customer and triage (ending its claim, src/drafts/claims.ts), a helpdesk delivery it answers is
 * marked processed, and the audit events are written. One SQL statement does all of it:
 * PostgreSQL runs data-modifying CTEs as one atomic statement, so everything is written or
 * nothing is, in one round trip (a draft's database cost, bench/pipeline).
 *
 * Concurrency is decided by the database, not by timing. The drafts replaced are updated only if
 * they are still pending (a concurrent approval or regeneration wins), and two writers that
 * computed the same next revision collide on the unique index (ticket, revision): the statement of
 * the second fails as a whole, nothing of it is written, and this function reports `conflict`.
 */
import { sql } from "drizzle-orm";
import { auditEvents, drafts, tickets } from "../db/schema";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import { insertParts, rowFromJson } from "../db/columns";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import type { DraftColumns, DraftRow, TicketRow } from "./repo";

/** Which drafts of the ticket a new revision replaces. */
export type Replaces =
  /** none: a ticket's first draft */
  | { kind: "none" }
  /** every pending draft of the ticket (a customer's follow-up) */
  | { kind: "pending" }
  /** exactly this draft, which must still be pending (an agent's regeneration) */
  | { kind: "draft"; draftId: string };

export interface RevisionSpec {
  ticketId: string;
  /** The drafter's result as stored (drafts/repo `draftColumns`), plus an agent's instruction. */
  draft: DraftColumns & { instruction?: string | null };
  replaces: Replaces;
  /** Revision 1 (a first draft); otherwise one past the ticket's newest revision. */
  first?: boolean;
  /** Marks the ticket drafted with its resolved customer and triage (not for regenerations). */
  ticket?: { customerId: string | null; triage: unknown };
  /** The helpdesk delivery this revision answers: written only if it is still unanswered, and marked processed. */
  deliveryId?: string;
  /** The audit event of the new draft (`draft.created`, `draft.regenerated`); replaced drafts get `draft.superseded`. */
  event: { actor: string; action: string; changes: Record<string, unknown> };
}

export type RevisionOutcome =
  | { written: true; draft: DraftRow; ticket: TicketRow | null; superseded: string[] }
  /**
   * conflict: another writer took this revision number first (a duplicate or a concurrent
   * follow-up; read again and retry if still needed); not_pending: the draft to replace is no
   * longer pending; answered: the delivery already has its draft.
   */
  | { written: false; reason: "conflict" | "not_pending" | "answered" };

const UNIQUE_VIOLATION = "23505";

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === UNIQUE_VIOLATION) return true;
  return false;
}

/**
 * Writes a draft revision (see the module comment).
 * @returns the new draft and the updated ticket (null when `spec.ticket` is absent), with the ids of
 *   the drafts it superseded; or why nothing was written
 * @throws the database's error for anything but the revision collision
 */
export async function writeDraftRevision(db: Db, spec: RevisionSpec): Promise<RevisionOutcome> {
  const { ticketId, replaces } = spec;
  const only = replaces.kind === "draft" ? replaces.draftId : null;
  const ins = insertParts(drafts, { ...spec.draft, ticketId, status: "pending_review" });
  const markTicket = spec.ticket !== undefined;
  const delivery = spec.deliveryId ?? null;
  const statement = sql`
    with allowed as (
      select (${delivery}::uuid is null or exists (select 1 from ${helpdeskDeliveries} where id = ${delivery}::uuid and draft_id is null)) as ok
    ),
    old as (
      update ${drafts} set status = 'superseded'
      where ticket_id = ${ticketId}::uuid and status = 'pending_review' and ${replaces.kind !== "none"}
        and (${only}::uuid is null or id = ${only}::uuid)
        and (select ok from allowed)
      returning id
    ),
    d as (
      insert into ${drafts} (${ins.columns}, revision)
      select ${ins.values},
        case when ${spec.first === true} then 1 else (select coalesce(max(revision), 0) + 1 from ${drafts} where ticket_id = ${ticketId}::uuid) end
      where (select ok from allowed) and (${only}::uuid is null or exists (select 1 from old))
      returning *
    ),
    t as (
      update ${tickets} set status = 'drafted', error = null, claimed_until = null, customer_id = ${spec.ticket?.customerId ?? null}, triage = ${JSON.stringify(spec.ticket?.triage ?? null)}::jsonb
      where id = ${ticketId}::uuid and ${markTicket} and exists (select 1 from d)
      returning *
    ),
    w as (
      update ${helpdeskDeliveries} set status = 'processed', ticket_id = ${ticketId}::uuid, draft_id = (select id from d), processed_at = now(), error = null
      where id = ${delivery}::uuid and exists (select 1 from d)
      returning id
    ),
    a as (
      insert into ${auditEvents} (actor, action, entity_type, entity_id, changes)
      select ${spec.event.actor}, ${spec.event.action}, 'draft', d.id::text,
        ${JSON.stringify(spec.event.changes)}::jsonb || jsonb_build_object('revision', d.revision, 'supersedes', coalesce((select jsonb_agg(id) from old), '[]'::jsonb))
      from d
      union all
      select ${spec.event.actor}, 'draft.superseded', 'draft', old.id::text,
        jsonb_build_object('status', jsonb_build_object('from', 'pending_review', 'to', 'superseded'), 'by', d.id)
      from old cross join d
      returning id
    )
    select to_jsonb(d) as draft, (select to_jsonb(t) from t) as ticket,
      coalesce((select jsonb_agg(id) from old), '[]'::jsonb) as superseded,
      (select count(*) from w) as answered
    from d`;
  let row: { draft: Record<string, unknown>; ticket: Record<string, unknown> | null; superseded: string[] } | undefined;
  try {
    [row] = rowsOf<typeof row & object>(await db.execute(statement));
  } catch (err) {
    if (isUniqueViolation(err)) return { written: false, reason: "conflict" };
    throw err;
  }
  if (!row) {
    if (delivery) return { written: false, reason: "answered" };
    return { written: false, reason: only ? "not_pending" : "conflict" };
  }
  return {
    written: true,
    draft: rowFromJson(drafts, row.draft),
    ticket: row.ticket ? rowFromJson(tickets, row.ticket) : null,
    superseded: row.superseded,
  };
}
