/**
 * Rejection: an agent refuses a pending draft, once, with a reason (kept with the draft and in the
 * audit log). Nothing is sent and nothing enters the ledger.
 */
import { and, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { drafts } from "../db/schema";
import type { Db } from "../db/types";
import { getDraft, type DraftRow } from "../drafts/repo";
import { ProblemError } from "../http/problem";

/**
 * Rejects a pending draft once, with a reason.
 * @throws ProblemError 404 (no such draft), 409 (not pending review)
 */
export async function rejectDraft(db: Db, id: string, actor: string, at: Date, reason: string): Promise<DraftRow> {
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
