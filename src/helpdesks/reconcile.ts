import { and, eq, gt, sql } from "drizzle-orm";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import type { TicketQueue } from "../queue/types";
import { dispatchPending, type OutboundDeps } from "./outbound";
import { inboundJobId } from "./deliveries";

/**
 * One reconciler pass: enqueues the inbound job of every delivery of the last day still `received`
 * (its enqueue failed, or its job was lost), then dispatches approved drafts with no post. Node runs
 * it every few seconds (runtime.ts); the Worker on its cron trigger. Enqueues are idempotent.
 */
export async function reconcileHelpdesks(queue: TicketQueue, out: OutboundDeps): Promise<void> {
  const stuck = await out.db
    .select({ id: helpdeskDeliveries.id })
    .from(helpdeskDeliveries)
    .where(and(eq(helpdeskDeliveries.status, "received"), gt(helpdeskDeliveries.receivedAt, sql`now() - interval '1 day'`)))
    .limit(500);
  for (const d of stuck) await queue.enqueue(inboundJobId(d.id), { kind: "inbound", deliveryId: d.id });
  await dispatchPending(out);
}
