/**
 * Helpdesk deliveries as stored: one row per vendor event (`helpdesk_deliveries`, unique on
 * (vendor, event key)), each with one inbound job. The webhook route stores through the group
 * commit (batcher.ts) or, without it, one at a time here.
 */
import { and, eq } from "drizzle-orm";
import type { Vendor } from "../config/helpdesks";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import type { Db } from "../db/types";
import { one } from "../lib/one";
import type { MappedEvent } from "./types";

/** The job id of a delivery's inbound job. */
export const inboundJobId = (deliveryId: string) => `in-${deliveryId}`;

/** Stores a delivery once per (vendor, event key). @returns its id and whether this call stored it */
export async function storeDelivery(db: Db, vendor: Vendor, ev: MappedEvent): Promise<{ id: string; created: boolean }> {
  const [row] = await db
    .insert(helpdeskDeliveries)
    .values({
      vendor,
      eventKey: ev.eventKey,
      eventType: ev.eventType,
      kind: ev.kind,
      ticketExternalId: ev.ticket.external_id,
      ticket: ev.ticket,
      meta: ev.meta,
    })
    .onConflictDoNothing({ target: [helpdeskDeliveries.vendor, helpdeskDeliveries.eventKey] })
    .returning({ id: helpdeskDeliveries.id });
  if (row) return { id: row.id, created: true };
  // The conflict above means the row exists (deliveries are never deleted).
  const old = one(
    await db
      .select({ id: helpdeskDeliveries.id })
      .from(helpdeskDeliveries)
      .where(and(eq(helpdeskDeliveries.vendor, vendor), eq(helpdeskDeliveries.eventKey, ev.eventKey))),
    "stored delivery",
  );
  return { id: old.id, created: false };
}
