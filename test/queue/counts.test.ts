/**
 * Queue depth for `GET /metrics` (`copilot_queue_jobs`): both queue implementations count their
 * jobs by state against real services (BullMQ on Redis, the database queue on a PostgreSQL clone).
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BullMqTicketQueue } from "../../src/queue/bullmq";
import { DbTicketQueue } from "../../src/queue/db";
import type { TicketQueue } from "../../src/queue/types";
import { useClonedDatabase } from "../helpers/db";
import { TEST_REDIS_URL } from "../helpers/env";
import { waitFor } from "../helpdesks/helpers";

const db = useClonedDatabase();

const retry = { attempts: 2, backoffMs: 20 };
const makers: Record<string, () => TicketQueue> = {
  bullmq: () => new BullMqTicketQueue({ url: TEST_REDIS_URL, prefix: `test-c-${randomBytes(4).toString("hex")}`, retry }),
  db: () => new DbTicketQueue(db().db, { name: `c-${randomBytes(4).toString("hex")}`, retry, pollMs: 20 }),
};

for (const [kind, make] of Object.entries(makers)) {
  describe(`${kind} queue counts`, () => {
    it("counts waiting jobs, then the dead letter, and leaves completed ones out", async () => {
      const q = make();
      try {
        for (const id of ["a", "b", "c"]) await q.enqueue(`job-${id}`, { kind: "inbound", deliveryId: id });
        expect(await q.counts!()).toEqual({ waiting: 3, active: 0, delayed: 0, failed: 0 });
        const c = q.consume(async (job) => {
          if (job.id !== "job-a") throw new Error("vendor said 503");
        });
        try {
          const counts = await waitFor(async () => {
            const n = await q.counts!();
            // Settled: both failing jobs in the dead letter and job-a's run ended (it may still be
            // marking itself completed when the second failure lands).
            return n.failed === 2 && n.active === 0 ? n : undefined;
          }, "two jobs in the dead letter and none running");
          expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 2 });
        } finally {
          await c.close();
        }
      } finally {
        await q.close();
      }
    });
  });
}
