/** Group commit of webhook deliveries, on the real PostgreSQL: one row and one job per vendor event. */
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helpdeskDeliveries } from "../../src/db/schema-helpdesks";
import { DeliveryBatcher } from "../../src/helpdesks/batcher";
import type { MappedEvent } from "../../src/helpdesks/types";
import type { TicketJobData, TicketQueue } from "../../src/queue/types";
import { startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
});
afterAll(async () => {
  await t?.close();
});

const event = (key: string): MappedEvent => ({
  kind: "created",
  eventType: "zen:event-type:ticket.created",
  eventKey: key,
  ticket: {
    external_id: `t-${key}`,
    source: "zendesk",
    requester: { email: "17580@customers.example" },
    subject: "Hi",
    body: "Where is my order?",
  } as MappedEvent["ticket"],
  meta: {},
});

/** A queue that records what it was given, in bulk or one by one. */
function recordingQueue(): TicketQueue & { jobs: Array<{ id: string; data: TicketJobData }>; bulkCalls: number } {
  const q = {
    kind: "db" as const,
    jobs: [] as Array<{ id: string; data: TicketJobData }>,
    bulkCalls: 0,
    async enqueue(id: string, data: TicketJobData) {
      q.jobs.push({ id, data });
      return { added: true };
    },
    async enqueueBulk(jobs: Array<{ id: string; data: TicketJobData }>) {
      q.bulkCalls++;
      q.jobs.push(...jobs);
    },
    consume: () => ({ close: async () => {} }),
    list: async () => [],
    retry: async () => false,
    state: async () => null,
    close: async () => {},
  };
  return q;
}

describe("DeliveryBatcher", () => {
  it("stores a burst in one batch: one row and one job per event, twins answered as duplicates", async () => {
    const q = recordingQueue();
    const b = new DeliveryBatcher(t.rt.services.db, q, { jobId: (id) => `in-${id}`, maxWaitMs: 20 });
    const run = randomBytes(4).toString("hex");
    const keys = [...Array(10).keys()].map((i) => `${run}-${i}`);
    const answers = await Promise.all([...keys, keys[0], keys[3], keys[3]].map((k) => b.store("zendesk", event(k!))));
    expect(answers.filter((a) => a.created)).toHaveLength(10);
    expect(answers.slice(10).every((a) => !a.created)).toBe(true);
    expect(answers[10]!.id).toBe(answers[0]!.id);
    expect(q.bulkCalls).toBe(1);
    expect(q.jobs.map((j) => j.data)).toEqual(answers.slice(0, 10).map((a) => ({ kind: "inbound", deliveryId: a.id })));
    const { n } = (await t.rt.services.db.select({ n: count() }).from(helpdeskDeliveries).where(eq(helpdeskDeliveries.vendor, "zendesk")))[0]!;
    expect(n).toBeGreaterThanOrEqual(10);
  });

  it("answers a retry of an event stored in an earlier batch as a duplicate and queues nothing", async () => {
    const q = recordingQueue();
    const b = new DeliveryBatcher(t.rt.services.db, q, { jobId: (id) => `in-${id}` });
    const key = `again-${randomBytes(4).toString("hex")}`;
    const first = await b.store("zendesk", event(key));
    const again = await b.store("zendesk", event(key));
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(q.jobs).toHaveLength(1);
  });

  it("still answers when the queue is down: stored is what counts, the reconciler queues it later", async () => {
    const q = recordingQueue();
    q.enqueueBulk = async () => {
      throw new Error("redis down");
    };
    const b = new DeliveryBatcher(t.rt.services.db, q, { jobId: (id) => `in-${id}` });
    const r = await b.store("zendesk", event(`down-${randomBytes(4).toString("hex")}`));
    expect(r.created).toBe(true);
    const [row] = await t.rt.services.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, r.id));
    expect(row!.status).toBe("received");
  });
});
