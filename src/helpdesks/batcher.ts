/**
 * Group commit for webhook deliveries. Under load, every acknowledgement was one INSERT and one
 * commit in PostgreSQL plus two Redis round trips to BullMQ; batching the deliveries that arrive
 * within a couple of milliseconds into one multi-row INSERT ... ON CONFLICT DO NOTHING and one bulk
 * enqueue amortises the commit, the query building and the round trips over the batch, which is
 * what lets one process acknowledge vendor bursts quickly (bench/webhooks). Each request still gets
 * its answer only after its row is committed and its job queued: a 2xx always means stored.
 * A failed enqueue is logged and left to the reconciler, which queues any `received` delivery.
 * Each job is queued with its intake priority (src/policy/intake-priority.ts: hand-over first, then
 * retention signals), so under a backlog those tickets are drafted first.
 */
import { and, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/types";
import { helpdeskDeliveries } from "../db/schema-helpdesks";
import type { TicketQueue } from "../queue/types";
import type { Logger } from "../log/logger";
import type { Vendor } from "../config/helpdesks";
import type { MappedEvent } from "./types";
import { intakePriority, ticketText } from "../policy/intake-priority";
import { detectHandoverOnce } from "../handover/memo";

export interface StoredDelivery {
  id: string;
  /** False when this vendor event was stored before (a retry, or a twin in the same batch). */
  created: boolean;
}

interface Pending {
  vendor: Vendor;
  ev: MappedEvent;
  resolve: (r: StoredDelivery) => void;
  reject: (e: unknown) => void;
}

export interface BatcherOptions {
  /** Flush when this many deliveries wait (default 128). */
  maxBatch?: number;
  /** Flush at the latest this long after the first waiting delivery, ms (default 2). */
  maxWaitMs?: number;
  /** The job id of a delivery's inbound job. */
  jobId: (deliveryId: string) => string;
  log?: Logger;
}

const keyOf = (vendor: string, eventKey: string) => `${vendor}\u0000${eventKey}`;

export class DeliveryBatcher {
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: Db,
    private readonly queue: TicketQueue,
    private readonly opts: BatcherOptions,
  ) {}

  /**
   * Stores one delivery (once per vendor and event key) and queues its inbound job.
   * @returns the delivery id and whether this call stored it
   * @throws the database error when the batch's insert fails (nothing of the batch is stored)
   */
  store(vendor: Vendor, ev: MappedEvent): Promise<StoredDelivery> {
    return new Promise((resolve, reject) => {
      this.pending.push({ vendor, ev, resolve, reject });
      if (this.pending.length >= (this.opts.maxBatch ?? 128)) this.flushSoon(0);
      else if (!this.timer) this.flushSoon(this.opts.maxWaitMs ?? 2);
    });
  }

  private flushSoon(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const batch = this.pending;
      this.pending = [];
      void this.flush(batch);
    }, ms);
  }

  /**
   * Reads each queued delivery's text with the hand-over detector, off the acknowledgement path
   * (one text per macrotask, so requests are not held up), and raises a hand-over's job to 100.
   * The job's own read answers from the detector's memory (src/handover/memo.ts).
   */
  private async raiseHandovers(jobs: Array<{ id: string; priority?: number; text: string }>) {
    if (!this.queue.raisePriority) return;
    for (const j of jobs) {
      if (!j.text || (j.priority ?? 0) >= 100) continue;
      await new Promise((r) => setImmediate(r));
      if (!detectHandoverOnce(j.text).handover) continue;
      await this.queue
        .raisePriority(j.id, 100)
        .catch((err) => this.opts.log?.warn("could not raise a hand-over job's priority", { job: j.id, error: String(err) }));
    }
  }

  private async flush(batch: Pending[]) {
    try {
      // One row per distinct (vendor, event key); twins in the batch share its answer.
      const first = new Map<string, Pending>();
      for (const p of batch) if (!first.has(keyOf(p.vendor, p.ev.eventKey))) first.set(keyOf(p.vendor, p.ev.eventKey), p);
      const rows = [...first.values()].map((p) => ({
        vendor: p.vendor,
        eventKey: p.ev.eventKey,
        eventType: p.ev.eventType,
        kind: p.ev.kind,
        ticketExternalId: p.ev.ticket.external_id,
        ticket: p.ev.ticket,
        meta: p.ev.meta,
      }));
      const inserted = await this.db
        .insert(helpdeskDeliveries)
        .values(rows)
        .onConflictDoNothing({ target: [helpdeskDeliveries.vendor, helpdeskDeliveries.eventKey] })
        .returning({ id: helpdeskDeliveries.id, vendor: helpdeskDeliveries.vendor, eventKey: helpdeskDeliveries.eventKey });
      const ids = new Map<string, { id: string; created: boolean }>();
      for (const r of inserted) ids.set(keyOf(r.vendor, r.eventKey), { id: r.id, created: true });
      const missing = rows.filter((r) => !ids.has(keyOf(r.vendor, r.eventKey)));
      if (missing.length) {
        const old = await this.db
          .select({ id: helpdeskDeliveries.id, vendor: helpdeskDeliveries.vendor, eventKey: helpdeskDeliveries.eventKey })
          .from(helpdeskDeliveries)
          .where(
            and(
              inArray(
                helpdeskDeliveries.eventKey,
                missing.map((m) => m.eventKey),
              ),
              sql`(${helpdeskDeliveries.vendor}, ${helpdeskDeliveries.eventKey}) in (${sql.join(
                missing.map((m) => sql`(${m.vendor}, ${m.eventKey})`),
                sql`, `,
              )})`,
            ),
          );
        for (const o of old) ids.set(keyOf(o.vendor, o.eventKey), { id: o.id, created: false });
      }
      if (inserted.length) {
        const byKey = new Map(rows.map((r) => [keyOf(r.vendor, r.eventKey), r]));
        const jobs = inserted.map((r) => {
          const row = byKey.get(keyOf(r.vendor, r.eventKey));
          // A delivery whose text the inbound job still reads (Help Scout) has none yet: it gets the default.
          const priority = row ? intakePriority(row.ticket, row.kind) : undefined;
          return { id: this.opts.jobId(r.id), data: { kind: "inbound" as const, deliveryId: r.id }, priority, text: row ? ticketText(row.ticket) : "" };
        });
        // After the answers: the hand-over detector reads each text and lifts a hand-over's job to the top.
        queueMicrotask(() => void this.raiseHandovers(jobs));
        try {
          if (this.queue.enqueueBulk) await this.queue.enqueueBulk(jobs);
          else await Promise.all(jobs.map((j) => this.queue.enqueue(j.id, j.data, { priority: j.priority })));
        } catch (err) {
          this.opts.log?.warn("enqueue failed; the reconciler will retry", { deliveries: inserted.length, error: String(err) });
        }
      }
      for (const p of batch) {
        const k = keyOf(p.vendor, p.ev.eventKey);
        const got = ids.get(k)!;
        // Only the batch's first delivery of an event is "created"; its twins are duplicates.
        p.resolve(first.get(k) === p ? got : { id: got.id, created: false });
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
