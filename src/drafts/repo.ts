/**
 * Drafts: queries, the JSON shape the API serves, and the review transitions (approve, reject),
 * each of which happens once and writes an audit event.
 */
import { and, desc, eq, getTableColumns, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/types";
import { auditEvents, drafts, tickets } from "../db/schema";
import { audit } from "../audit/audit";
import type { Decision } from "../policy/types";
import type { DraftResult } from "../ai/draft";
import type { CustomerProfile } from "../profile/types";
import { appendOffer, lockLedger } from "../ledger/ledger";
import { ProblemError } from "../http/problem";
import { withDiscountCode } from "../shopify/discounts";
import { rowsOf } from "../db/rows";
import { placeholders, prepared } from "../db/prepared";

export type DraftRow = typeof drafts.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;

export const DRAFT_STATUSES = ["pending_review", "approved", "approved_unsent", "rejected", "superseded"] as const;

/** The API's draft shape. */
export function draftJson(d: DraftRow) {
  return {
    id: d.id,
    ticket_id: d.ticketId,
    revision: d.revision,
    status: d.status,
    body: d.body,
    model_body: d.modelBody,
    language: d.language,
    drafter: d.drafter,
    fallback_reason: d.fallbackReason,
    prompt: { name: d.promptName, version: d.promptVersion },
    model: d.model,
    usage: { input_tokens: d.inputTokens, output_tokens: d.outputTokens, cost_usd: d.costUsd },
    guard: d.guard,
    instruction: d.instruction,
    decision: d.decision as Decision,
    created_at: d.createdAt.toISOString(),
    reviewed_at: d.reviewedAt?.toISOString() ?? null,
    reviewed_by: d.reviewedBy,
    edited: d.edited,
    reject_reason: d.rejectReason,
  };
}

/** The API's ticket shape. */
export function ticketJson(t: TicketRow) {
  return {
    id: t.id,
    source: t.source,
    external_id: t.externalId,
    requester: { email: t.requesterEmail, customer_id: t.requesterCustomerId },
    customer_id: t.customerId,
    subject: t.subject,
    body: t.body,
    channel: t.channel,
    helpdesk_url: t.helpdeskUrl,
    triage: t.triage,
    status: t.status,
    /** Why the pipeline failed, for a `failed` ticket (the latest try); null otherwise. */
    error: t.error,
    created_at: t.createdAt.toISOString(),
    received_at: t.receivedAt.toISOString(),
  };
}

/** The stored columns of a drafter's result (body, provenance, usage, guard) plus its decision and profile snapshot. */
/** What a draft answered, kept so a regeneration answers the same message for the same person. */
export interface DraftInputRecord {
  ticket_text: string;
  first_name: string | null;
}

export function draftColumns(d: DraftResult, decision: Decision, profile: CustomerProfile | null, input: DraftInputRecord | null = null) {
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
  };
}

export async function getDraft(db: DbOrTx, id: string): Promise<DraftRow | undefined> {
  return (await db.select().from(drafts).where(eq(drafts.id, id)))[0];
}

export async function getTicket(db: DbOrTx, id: string): Promise<TicketRow | undefined> {
  return (await db.select().from(tickets).where(eq(tickets.id, id)))[0];
}

/** Cursor of the keyset pagination: the last row's (created_at, id). */
export function encodeCursor(d: DraftRow): string {
  return Buffer.from(JSON.stringify([d.createdAt.toISOString(), d.id])).toString("base64url");
}

/** @throws ProblemError 400 for a cursor this API did not issue */
export function decodeCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const d = new Date(at);
    if (Number.isNaN(d.getTime()) || typeof id !== "string") throw new Error("bad");
    return [d, id];
  } catch {
    throw new ProblemError(400, "Invalid request", "Invalid query: cursor is not one this API issued", { invalid_params: [{ name: "cursor", reason: "unknown cursor" }] });
  }
}

/** Lists drafts newest first, keyset-paginated. */
export async function listDrafts(db: Db, opts: { status?: string; limit: number; cursor?: string }) {
  const conds = [];
  if (opts.status) conds.push(eq(drafts.status, opts.status));
  if (opts.cursor) {
    const [at, id] = decodeCursor(opts.cursor);
    conds.push(or(lt(drafts.createdAt, at), and(eq(drafts.createdAt, at), lt(drafts.id, id))));
  }
  const rows = await db
    .select()
    .from(drafts)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(drafts.createdAt), desc(drafts.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return { items: page, next_cursor: rows.length > opts.limit ? encodeCursor(page[page.length - 1]) : null };
}

/** The columns of `table` read from a CTE that returned its rows (`returning()`), for a typed select. */
function cteColumns<T extends typeof drafts | typeof tickets>(cte: object, table: T): T["_"]["columns"] {
  return Object.fromEntries(Object.keys(getTableColumns(table)).map((k) => [k, (cte as Record<string, unknown>)[k]])) as T["_"]["columns"];
}

/** The draft columns `draftColumns` gives, as placeholders of the prepared first-draft write. */
const DRAFT_KEYS = ["input", "createdAt", "body", "modelBody", "language", "decision", "profile", "drafter", "fallbackReason", "promptName", "promptVersion", "model", "inputTokens", "outputTokens", "costUsd", "guard"] as const;
// Compile-time check that DRAFT_KEYS are exactly draftColumns' keys.
const draftKeysExact: [keyof ReturnType<typeof draftColumns>] extends [(typeof DRAFT_KEYS)[number]] ? ([(typeof DRAFT_KEYS)[number]] extends [keyof ReturnType<typeof draftColumns>] ? true : false) : false = true;
void draftKeysExact;

const firstDraftWrite = prepared((db) => {
  const d = db.$with("d").as(
    db
      .insert(drafts)
      .values({ ...placeholders(DRAFT_KEYS), ticketId: sql.placeholder("ticketId"), revision: 1, status: "pending_review" } as unknown as typeof drafts.$inferInsert)
      .onConflictDoNothing({ target: [drafts.ticketId, drafts.revision] })
      .returning(),
  );
  const t = db.$with("t").as(
    db
      .update(tickets)
      .set({ status: "drafted", error: null, ...placeholders(["customerId", "triage"]) } as unknown as Partial<typeof tickets.$inferInsert>)
      .where(sql`${tickets.id} = ${sql.placeholder("ticketId")} and exists (select 1 from ${d})`)
      .returning(),
  );
  const a = db
    .$with("a", { id: auditEvents.id })
    .as(
      sql`insert into ${auditEvents} (actor, action, entity_type, entity_id, changes) select ${sql.placeholder("actor")}, 'draft.created', 'draft', ${d.id}::text, ${sql.placeholder("changes")}::jsonb from ${d} returning id`,
    );
  return db
    .with(d, t, a)
    .select({ draft: cteColumns(d, drafts), ticket: cteColumns(t, tickets) })
    .from(d)
    .innerJoin(t, sql`true`)
    .prepare("write_first_draft");
});

/**
 * Writes a ticket's first draft (revision 1, pending review), marks the ticket drafted (with its
 * customer and triage) and records the `draft.created` audit event, as one statement: PostgreSQL
 * runs data-modifying CTEs as one atomic statement, so all three are written or none. It runs once
 * per ticket, and one prepared round trip instead of a transaction's five is most of what a draft
 * costs the database (bench/pipeline).
 * @param draft the columns from `draftColumns`
 * @returns the new draft and the updated ticket; undefined when the ticket already has a first
 *   draft (a concurrent duplicate drafted first: the unique index on (ticket_id, revision) decides)
 */
export async function writeFirstDraft(
  db: Db,
  ticketId: string,
  draft: ReturnType<typeof draftColumns>,
  ticket: { customerId: string | null; triage: unknown },
  event: { actor: string; changes: unknown },
): Promise<{ draft: DraftRow; ticket: TicketRow } | undefined> {
  const [row] = await firstDraftWrite(db).execute({ ...draft, ticketId, ...ticket, actor: event.actor, changes: JSON.stringify(event.changes) });
  return row as { draft: DraftRow; ticket: TicketRow } | undefined;
}

/**
 * Approves a pending draft once, optionally with the agent's edited body, and records the offer in
 * the ledger when the decision made one.
 * @throws ProblemError 404 (no such draft), 409 (not pending review: already approved or rejected)
 */
export async function approveDraft(
  db: Db,
  id: string,
  actor: string,
  at: Date,
  editedBody?: string,
  /** A code already created in Shopify for this draft (src/shopify/approval.ts): put into the sent body and the ledger. */
  discount?: { code: string; shopifyId: string; expiresAt: Date },
  /** The policy's budgets, checked again at approval (another offer may have been approved since the draft was written). */
  budgets?: OfferBudgets,
) {
  return db.transaction(async (tx) => {
    const current = await getDraft(tx, id);
    if (!current) throw new ProblemError(404, "Not Found", `draft ${id} not found`);
    const edited = editedBody !== undefined && editedBody.trim() !== current.modelBody.trim();
    const agentBody = editedBody ?? current.body;
    const body = discount ? withDiscountCode(agentBody, discount.code, discount.expiresAt, current.language) : agentBody;
    const [row] = await tx
      .update(drafts)
      .set({ status: "approved", body, edited, reviewedAt: at, reviewedBy: actor })
      .where(and(eq(drafts.id, id), eq(drafts.status, "pending_review")))
      .returning();
    if (!row) throw new ProblemError(409, "Conflict", `draft ${id} is ${current.status}, not pending_review`, { draft_status: current.status });
    await audit(tx, actor, "draft.approved", "draft", id, {
      status: { from: current.status, to: "approved" },
      ...(edited ? { body: { from: current.body, to: body } } : {}),
    });
    const decision = row.decision as Decision;
    const profile = row.profile as CustomerProfile | null;
    if (decision.offer_discount || decision.free_shipping) {
      const ticket = await getTicket(tx, row.ticketId);
      if (budgets && decision.offer_discount) {
        await lockLedger(tx);
        const spent = budgetSpent(await offerHistory(tx, ticket?.customerId ?? null, at), budgets);
        if (spent) throw new ProblemError(409, "Conflict", `${spent}; the decision was made before that. Reject this draft, or post the ticket again for a fresh decision.`, { budget: spent });
      }
      await appendOffer(tx, {
        createdAt: at,
        draftId: row.id,
        ticketId: row.ticketId,
        customerId: ticket?.customerId ?? null,
        rule: decision.offer_rule ?? "unknown",
        discountPercent: decision.discount_percent,
        freeShipping: decision.free_shipping,
        churnRiskScore: profile?.churn_risk_score ?? null,
        lifetimeValueMinor: profile?.lifetime_value_minor ?? null,
        currency: profile?.currency ?? null,
        discountValueMinor: estimatedDiscountMinor(profile, decision),
        approvedBy: actor,
        edited,
        discountCode: discount?.code ?? null,
        discountId: discount?.shopifyId ?? null,
        policyVersion: decision.policy_version,
      });
    }
    return row;
  });
}

/**
 * Rejects a pending draft once, with a reason.
 * @throws ProblemError 404, 409 as approveDraft
 */
export async function rejectDraft(db: Db, id: string, actor: string, at: Date, reason: string) {
  return db.transaction(async (tx) => {
    const current = await getDraft(tx, id);
    if (!current) throw new ProblemError(404, "Not Found", `draft ${id} not found`);
    const [row] = await tx
      .update(drafts)
      .set({ status: "rejected", rejectReason: reason, reviewedAt: at, reviewedBy: actor })
      .where(and(eq(drafts.id, id), eq(drafts.status, "pending_review")))
      .returning();
    if (!row) throw new ProblemError(409, "Conflict", `draft ${id} is ${current.status}, not pending_review`, { draft_status: current.status });
    await audit(tx, actor, "draft.rejected", "draft", id, { status: { from: current.status, to: "rejected" }, reason });
    return row;
  });
}

export type OfferBudgets = { max_offers_per_customer_90d: number; max_monthly_discount_minor: number };

/** The discount value an offer promises, estimated as its percentage of the customer's AOV (minor units). */
export function estimatedDiscountMinor(profile: CustomerProfile | null, decision: Decision): number {
  return Math.round(((profile?.avg_order_value_minor ?? 0) * decision.discount_percent) / 100);
}

/** Which budget is spent, in words, or null: the policy engine's own test (src/policy/engine.ts), applied again at approval. */
export function budgetSpent(history: { offers_last_90d: number; month_discount_minor: number }, budgets: OfferBudgets): string | null {
  if (history.offers_last_90d >= budgets.max_offers_per_customer_90d) return `the customer's offer budget is spent (${history.offers_last_90d} offer(s) in 90 days)`;
  if (history.month_discount_minor >= budgets.max_monthly_discount_minor) return "this month's discount budget is spent";
  return null;
}

/** Offers made to a customer in the 90 days before `at`, and discount value promised this month (minor units, estimated on AOV). */
export async function offerHistory(db: DbOrTx, customerGid: string | null, at: Date) {
  const since = new Date(at.getTime() - 90 * 86_400_000);
  const monthStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  // One statement for both figures: this runs on every ticket.
  const [r] = await db
    .execute(
      sql`select
        ${customerGid ? sql`(select count(*)::int from offers where customer_id = ${customerGid} and discount_percent > 0 and created_at >= ${since.toISOString()})` : sql`0`} as n,
        (select coalesce(sum(discount_value_minor), 0)::bigint from offers where created_at >= ${monthStart.toISOString()}) as v`,
    )
    .then((res) => rowsOf<{ n: number; v: string | number }>(res));
  return { offers_last_90d: Number(r?.n ?? 0), month_discount_minor: Number(r?.v ?? 0) };
}
