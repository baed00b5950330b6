/**
 * The audit log: who did what to which entity, and what changed. One append-only table
 * (`audit_events`); every use case that changes something a person may need to account for writes
 * one event in the same transaction as the change (drafts reviewed, policy changed, ledger corrected,
 * users and keys managed, Shopify privacy requests, helpdesk posts).
 */
import { auditEvents } from "../db/schema";
import type { DbOrTx } from "../db/types";

/**
 * Writes one audit event.
 * @param actor who acted: a user's email, an API key's name, or a system actor ("pipeline", "helpdesk", "shopify")
 * @param action dotted verb, e.g. "draft.approved", "policy.changed"
 * @param entityType e.g. "draft", "policy", "offer", "user"
 * @param changes JSON: `{ field: { from, to } }` or the facts of the event
 */
export async function audit(tx: DbOrTx, actor: string, action: string, entityType: string, entityId: string, changes: unknown): Promise<void> {
  await tx.insert(auditEvents).values({ actor, action, entityType, entityId, changes });
}
