/**
 * Privacy tasks as stored: recorded by the ticket pipeline for a data-protection request (one per
 * ticket and right, idempotent), listed for admins (open first, the earliest deadline first, so
 * overdue tasks lead), closed by an admin, and linked to Shopify's privacy webhooks
 * (`customers/redact` for erasure, `customers/data_request` for access and portability) when
 * Shopify sends them for the same customer. Every change writes an audit event in its transaction.
 */
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { audit } from "../audit/audit";
import { privacyTasks, type PrivacyTaskRow } from "../db/schema-privacy";
import type { DbOrTx } from "../db/types";
import { ProblemError } from "../http/problem";
import { one } from "../lib/one";
import type { PrivacyRight, RegimeCandidate, PrivacyRegime } from "./deadline";

export type { PrivacyTaskRow } from "../db/schema-privacy";

export const PRIVACY_TASK_STATUSES = ["open", "completed", "refused"] as const;
export type PrivacyTaskStatus = (typeof PRIVACY_TASK_STATUSES)[number];

/** The Shopify webhook that serves a right on a Shopify shop, or null (rectification, do-not-sell: done in the Shopify admin). */
export function shopifyFlowFor(right: PrivacyRight): "customers/redact" | "customers/data_request" | null {
  if (right === "erasure") return "customers/redact";
  if (right === "access" || right === "portability") return "customers/data_request";
  return null;
}

export interface NewPrivacyTask {
  ticketId: string;
  customerId: string | null;
  requesterEmail: string | null;
  right: PrivacyRight;
  evidence: string;
  regime: PrivacyRegime;
  regimeBasis: RegimeCandidate[];
  receivedAt: Date;
  dueOn: string;
  shopifyFlow: string | null;
}

/**
 * Records the tasks of one ticket; a (ticket, right) already recorded is left as it is, so a
 * re-run pipeline, a duplicate post or a follow-up repeating the request creates nothing.
 * @returns the tasks created now (empty when all existed)
 */
export async function recordPrivacyTasks(db: DbOrTx, tasks: readonly NewPrivacyTask[]): Promise<PrivacyTaskRow[]> {
  if (!tasks.length) return [];
  return db.transaction(async (tx) => {
    const created = await tx
      .insert(privacyTasks)
      .values(tasks.map((t) => ({ ...t, status: "open" })))
      .onConflictDoNothing({ target: [privacyTasks.ticketId, privacyTasks.right] })
      .returning();
    for (const t of created) {
      await audit(tx, "pipeline", "privacy_task.created", "privacy_task", t.id, { ticket_id: t.ticketId, right: t.right, regime: t.regime, due_on: t.dueOn });
    }
    return created;
  });
}

/**
 * Tasks for the admin list: open ones by deadline (overdue first), or closed ones newest first.
 * @param status "open" (default), "closed" (completed or refused) or "all"
 */
export async function listPrivacyTasks(db: DbOrTx, opts: { status?: "open" | "closed" | "all"; limit?: number } = {}): Promise<PrivacyTaskRow[]> {
  const status = opts.status ?? "open";
  const where: SQL | undefined =
    status === "open" ? eq(privacyTasks.status, "open") : status === "closed" ? inArray(privacyTasks.status, ["completed", "refused"]) : undefined;
  return db
    .select()
    .from(privacyTasks)
    .where(where)
    .orderBy(sql`(${privacyTasks.status} = 'open') desc`, asc(privacyTasks.dueOn), asc(privacyTasks.receivedAt), asc(privacyTasks.id))
    .limit(opts.limit ?? 200);
}

export async function getPrivacyTask(db: DbOrTx, id: string): Promise<PrivacyTaskRow | undefined> {
  return (await db.select().from(privacyTasks).where(eq(privacyTasks.id, id)))[0];
}

export async function privacyTasksOfTicket(db: DbOrTx, ticketId: string): Promise<PrivacyTaskRow[]> {
  return db.select().from(privacyTasks).where(eq(privacyTasks.ticketId, ticketId)).orderBy(asc(privacyTasks.right));
}

/**
 * Closes (or re-opens) a task.
 * @throws ProblemError 404 for an unknown task
 */
export async function setPrivacyTaskStatus(
  db: DbOrTx,
  id: string,
  change: { status: PrivacyTaskStatus; note?: string | null },
  actor: string,
  at: Date,
): Promise<PrivacyTaskRow> {
  return db.transaction(async (tx) => {
    const current = await getPrivacyTask(tx, id);
    if (!current) throw new ProblemError(404, "Not Found", `privacy task ${id} not found`);
    const open = change.status === "open";
    const rows = await tx
      .update(privacyTasks)
      .set({ status: change.status, note: change.note ?? current.note, closedAt: open ? null : at, closedBy: open ? null : actor, updatedAt: at })
      .where(eq(privacyTasks.id, id))
      .returning();
    await audit(tx, actor, "privacy_task.status_changed", "privacy_task", id, {
      status: { from: current.status, to: change.status },
      ...(change.note ? { note: change.note } : {}),
    });
    return one(rows, "privacy task");
  });
}

/**
 * Marks the tasks a Shopify privacy webhook serves: those of the same customer (by GID, or by the
 * requester's email) whose flow is `topic` and that no webhook marked yet. A `customers/redact`
 * also clears the requester's email and words from every task of that customer: the task stays,
 * as the record that the request was honoured. Call inside the webhook's transaction.
 * @returns how many tasks were marked
 */
export async function linkShopifyPrivacyWebhook(
  db: DbOrTx,
  ev: { topic: "customers/redact" | "customers/data_request"; customerGid: string; email: string | null; webhookId: string; at: Date },
): Promise<number> {
  const email = ev.email?.trim().toLowerCase() || null;
  const same = email
    ? or(eq(privacyTasks.customerId, ev.customerGid), sql`lower(${privacyTasks.requesterEmail}) = ${email}`)!
    : eq(privacyTasks.customerId, ev.customerGid);
  const marked = await db
    .update(privacyTasks)
    .set({ shopifyWebhookId: ev.webhookId, shopifyEventAt: ev.at, updatedAt: ev.at })
    .where(and(same, eq(privacyTasks.shopifyFlow, ev.topic), isNull(privacyTasks.shopifyWebhookId)))
    .returning({ id: privacyTasks.id });
  if (ev.topic === "customers/redact") {
    await db.update(privacyTasks).set({ requesterEmail: null, evidence: null, updatedAt: ev.at }).where(same);
  }
  for (const t of marked) await audit(db, "shopify", "privacy_task.shopify_webhook", "privacy_task", t.id, { topic: ev.topic, webhook_id: ev.webhookId });
  return marked.length;
}
