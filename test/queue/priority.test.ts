/**
 * Priorities under a backlog, in both queues against real services: jobs queued while no worker
 * runs are taken highest priority first (hand-over 100, retention 70, the rest 40), oldest first
 * among equals; and a job that has waited long enough overtakes newer higher-priority ones (aging:
 * new tickets never starve).
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BullMqTicketQueue } from "../../src/queue/bullmq";
import { DbTicketQueue } from "../../src/queue/db";
import type { TicketQueue } from "../../src/queue/types";
import { intakePriority } from "../../src/policy/intake-priority";
import { useClonedDatabase } from "../helpers/db";
import { TEST_REDIS_URL } from "../helpers/env";
import { waitFor } from "../helpdesks/helpers";

const db = useClonedDatabase();

const retry = { attempts: 1, backoffMs: 10 };

/** A backlog of 12 jobs in arrival order: ids say their priority and arrival. */
const BACKLOG: Array<[string, number]> = [
  ["n1", 40],
  ["n2", 40],
  ["r1", 70],
  ["n3", 40],
  ["h1", 100],
  ["n4", 40],
  ["r2", 70],
  ["h2", 100],
  ["n5", 40],
  ["n6", 40],
  ["r3", 70],
  ["n7", 40],
];
const EXPECTED = ["h1", "h2", "r1", "r2", "r3", "n1", "n2", "n3", "n4", "n5", "n6", "n7"];

/** Runs the queue's jobs one at a time and returns the ids in the order they ran. */
async function drain(q: TicketQueue, n: number): Promise<string[]> {
  const order: string[] = [];
  const consumer = q.consume(
    async (job) => {
      order.push(job.data.kind === "inbound" ? job.data.deliveryId : job.data.draftId);
    },
    { concurrency: 1 },
  );
  await waitFor(async () => order.length >= n, "every job run", 20_000);
  await consumer.close();
  return order;
}

it("the intake priority reads hand-over first, then retention signals, then the rest", () => {
  expect(intakePriority({ subject: "", body: "I have filed a chargeback with my bank for this order." })).toBe(100);
  expect(intakePriority({ subject: "", body: "I'm thinking about trying a different supplier. Your prices seem high." })).toBe(70);
  expect(intakePriority({ subject: "", body: "Where is my order? It has been two weeks." })).toBe(40);
  expect(intakePriority({ subject: "", body: "Where is my order? It has been two weeks." }, "follow_up")).toBe(60);
});

describe("database queue", () => {
  it("takes a backlog by priority, oldest first among equals", async () => {
    const q = new DbTicketQueue(db().db, { name: `prio-${randomBytes(4).toString("hex")}`, retry, pollMs: 20 });
    for (const [id, priority] of BACKLOG) await q.enqueue(`job-${id}`, { kind: "inbound", deliveryId: id }, { priority });
    expect(await drain(q, BACKLOG.length)).toEqual(EXPECTED);
  });

  it("lets a job that has waited 10 s or more go before newer higher-priority ones", async () => {
    const name = `prio-${randomBytes(4).toString("hex")}`;
    const q = new DbTicketQueue(db().db, { name, retry, pollMs: 20 });
    await q.enqueue("job-old", { kind: "inbound", deliveryId: "old" }, { priority: 40 });
    // It arrived 20 s ago: 40 + 20 x 10 points of aging beats a new hand-over's 100.
    await db().db.execute(
      sql`update queue_jobs set run_at = now() - interval '20 seconds', created_at = now() - interval '20 seconds' where queue = ${name} and id = 'job-old'`,
    );
    await q.enqueue("job-h", { kind: "inbound", deliveryId: "h" }, { priority: 100 });
    await q.enqueue("job-r", { kind: "inbound", deliveryId: "r" }, { priority: 70 });
    expect(await drain(q, 3)).toEqual(["old", "h", "r"]);
  });
});

describe("BullMQ queue", () => {
  it("takes a backlog by priority, oldest first among equals", async () => {
    const q = new BullMqTicketQueue({ url: TEST_REDIS_URL, prefix: `test-prio-${randomBytes(4).toString("hex")}`, retry });
    try {
      await q.enqueueBulk(BACKLOG.map(([id, priority]) => ({ id: `job-${id}`, data: { kind: "inbound" as const, deliveryId: id }, priority })));
      expect(await drain(q, BACKLOG.length)).toEqual(EXPECTED);
    } finally {
      await q.close();
    }
  });

  it("ages waiting jobs, so one that has waited goes before newer higher-priority ones", async () => {
    const q = new BullMqTicketQueue({ url: TEST_REDIS_URL, prefix: `test-prio-${randomBytes(4).toString("hex")}`, retry });
    try {
      await q.enqueue("job-old", { kind: "inbound", deliveryId: "old" }, { priority: 40 });
      // The aging pass as it runs 20 s later: the old job is lifted to the top priority.
      expect(await q.age(Date.now() + 20_000)).toBe(1);
      await q.enqueue("job-h", { kind: "inbound", deliveryId: "h" }, { priority: 100 });
      await q.enqueue("job-r", { kind: "inbound", deliveryId: "r" }, { priority: 70 });
      expect(await drain(q, 3)).toEqual(["old", "h", "r"]);
    } finally {
      await q.close();
    }
  });
});
