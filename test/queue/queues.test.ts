/**
 * Both queue implementations against real services: BullMQ on the machine's Redis (a unique prefix
 * per run) and the database queue on a fresh PostgreSQL clone. Retries with back-off, the dead
 * letter, idempotent enqueue, and a worker killed mid-job whose job another worker finishes.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BullMqTicketQueue } from "../../src/queue/bullmq";
import { DbTicketQueue } from "../../src/queue/db";
import { retryDelayMs, type RunningJob, type TicketQueue } from "../../src/queue/types";
import { useClonedDatabase } from "../helpers/db";
import { TEST_REDIS_URL } from "../helpers/env";
import { waitFor } from "../helpdesks/helpers";

const db = useClonedDatabase();

const retry = { attempts: 3, backoffMs: 30 };
/** A queue handle; the same `name` is the same queue as another process would open it. */
const makers: Record<string, (name?: string) => TicketQueue> = {
  bullmq: (name = `test-q-${randomBytes(4).toString("hex")}`) => new BullMqTicketQueue({ url: TEST_REDIS_URL, prefix: name, retry, lockDurationMs: 1000 }),
  db: (name = `q-${randomBytes(4).toString("hex")}`) => new DbTicketQueue(db().db, { name, retry, pollMs: 20, leaseMs: 1000 }),
};

it("doubles the back-off for each try", () => {
  expect([1, 2, 3].map((a) => retryDelayMs({ attempts: 5, backoffMs: 1000 }, a, () => 0))).toEqual([1000, 2000, 4000]);
});

for (const [kind, make] of Object.entries(makers)) {
  describe(`${kind} queue`, () => {
    it("retries a failing job and completes it when a later try succeeds", async () => {
      const q = make();
      const tries: number[] = [];
      const c = q.consume(async (job) => {
        tries.push(job.attempt);
        if (job.attempt < 3) throw new Error(`flaky ${job.attempt}`);
      });
      try {
        await q.enqueue("job-retry", { kind: "inbound", deliveryId: "d1" });
        await waitFor(async () => (await q.list("completed", 10)).find((j) => j.id === "job-retry"), "completion");
        expect(tries).toEqual([1, 2, 3]);
        expect(await q.list("failed", 10)).toEqual([]);
      } finally {
        await c.close();
        await q.close();
      }
    });

    it("moves a job out of tries to the dead letter with its error, and retry() runs it again", async () => {
      const q = make();
      let fail = true;
      let runs = 0;
      const c = q.consume(async () => {
        runs++;
        if (fail) throw new Error("vendor said 503");
      });
      try {
        await q.enqueue("job-dead", { kind: "post", draftId: "x" });
        const [dead] = await waitFor(async () => {
          const f = await q.list("failed", 10);
          return f.length ? f : undefined;
        }, "the dead letter");
        expect(dead).toMatchObject({ id: "job-dead", state: "failed", attempts: 3, last_error: "vendor said 503", data: { kind: "post", draftId: "x" } });
        expect(runs).toBe(3);
        expect(await q.state("job-dead")).toBe("failed");
        fail = false;
        expect(await q.retry("job-dead")).toBe(true);
        await waitFor(async () => (await q.list("completed", 10)).find((j) => j.id === "job-dead"), "the retried job");
        expect(runs).toBe(4);
        expect(await q.state("job-dead")).toBe("completed");
        expect(await q.retry("job-dead")).toBe(false); // completed, not failed
        expect(await q.retry("no-such-job")).toBe(false);
        expect(await q.state("no-such-job")).toBeNull();
      } finally {
        await c.close();
        await q.close();
      }
    });

    it("adds a job id once, even when two enqueues race", async () => {
      const q = make();
      const seen: string[] = [];
      const results = await Promise.all([q.enqueue("same", { kind: "inbound", deliveryId: "a" }), q.enqueue("same", { kind: "inbound", deliveryId: "a" })]);
      expect(results.filter((r) => r.added).length).toBeGreaterThanOrEqual(1);
      const c = q.consume(async (job) => {
        seen.push(job.id);
      });
      try {
        await waitFor(async () => seen.length > 0, "the job");
        await q.enqueue("same", { kind: "inbound", deliveryId: "a" });
        await waitFor(async () => (await q.list("completed", 10)).length > 0, "completion");
        expect(seen).toEqual(["same"]);
      } finally {
        await c.close();
        await q.close();
      }
    });

    it("runs a job again on another worker when the first is killed mid-job", async () => {
      const name = `${kind}-crash-${randomBytes(4).toString("hex")}`;
      const first = make(name);
      const started: RunningJob[] = [];
      const killed = first.consume(async (job) => {
        started.push(job);
        await new Promise(() => {}); // the process "dies" here: no completion, no lock renewal
      });
      await first.enqueue("job-crash", { kind: "inbound", deliveryId: "c" });
      await waitFor(async () => started.length === 1, "the first try");
      await killed.close({ abandon: true });

      const restarted = make(name); // the restarted process opens the same queue
      const resumed: RunningJob[] = [];
      const c2 = restarted.consume(async (job) => {
        resumed.push(job);
      });
      try {
        await waitFor(async () => (await restarted.list("completed", 10)).find((j) => j.id === "job-crash"), "the resumed job");
        expect(resumed).toHaveLength(1);
        expect(resumed[0]).toMatchObject({ id: "job-crash", data: { deliveryId: "c" } });
        expect(started).toHaveLength(1);
      } finally {
        await c2.close();
        await restarted.close();
        await first.close();
      }
    });
  });
}
