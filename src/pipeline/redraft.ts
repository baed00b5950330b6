/**
 * The re-draft after an outage: drafts the template wrote while the model provider was down,
 * failing or timing out (`redraft_due`, flagged for the agent) are drafted again with the model once
 * it answers, highest priority first, as new revisions (the template's stays stored, superseded).
 * Only pending drafts: one an agent has already approved, edited into a reply or rejected is left alone.
 * Runs when the model gate's breaker closes again and on a timer (src/node/bootstrap.ts).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { drafts } from "../db/schema";
import type { Services } from "../services";
import { regenerateDraft } from "./regenerate";

/** What a sweep did. */
export interface RedraftSweep {
  /** Drafts written again by the model. */
  redrafted: number;
  /** Drafts tried whose new draft was not the model's again (left due, written nothing). */
  failed: number;
  /** Drafts skipped because an agent or another sweep got there first. */
  skipped: number;
}

/**
 * Re-drafts up to `limit` due drafts, `concurrency` at a time (the model gate paces the calls).
 * Does nothing without a model or while the provider is taken as down (the breaker is open).
 */
export async function redraftDue(s: Services, opts: { limit?: number; concurrency?: number } = {}): Promise<RedraftSweep> {
  const out: RedraftSweep = { redrafted: 0, failed: 0, skipped: 0 };
  if (!s.drafter.model || s.drafter.gate?.isOpen()) return out;
  const due = await s.db
    .select({ id: drafts.id })
    .from(drafts)
    .where(and(eq(drafts.redraftDue, true), eq(drafts.status, "pending_review")))
    .orderBy(desc(sql`coalesce((${drafts.decision}->>'priority_score')::float, 0)`), drafts.createdAt)
    .limit(opts.limit ?? 500);
  const queue = due.map((d) => d.id);
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (s.drafter.gate?.isOpen()) return; // down again: the next sweep goes on
      try {
        const written = await regenerateDraft(s, id, null, "pipeline", undefined, { modelOnly: true });
        if (written) out.redrafted++;
        else out.failed++;
      } catch {
        out.skipped++; // 409: no longer pending, or written meanwhile
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 32, queue.length) }, worker));
  return out;
}
