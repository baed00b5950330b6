/**
 * The Workers-native parts on Node, against fakes of the bindings and the real PostgreSQL: what the
 * workerd test cannot steer (a failing queue send, a store over the scoring boundary, a bad binding).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/env";
import { openDb, type DbHandle } from "../../src/db/client";
import { queueJobs } from "../../src/db/schema-helpdesks";
import type { Services } from "../../src/services";
import { parseWorkerEnv, type WorkerBindings } from "../../src/workers/env";
import { KvCache } from "../../src/workers/kv-cache";
import { CloudflareTicketQueue, jobRows, type QueuedJob } from "../../src/workers/queue";
import { scheduledScoring } from "../../src/workers/scheduled";
import type { WorkerRuntime } from "../../src/workers/services";
import { silentLogger } from "../helpers/app";
import { cloneDemoDatabase } from "../helpers/db";

function fakeKv() {
  const puts: { key: string; value: string; ttl?: number }[] = [];
  const store = new Map<string, string>();
  return {
    puts,
    get: async (k: string) => store.get(k) ?? null,
    put: async (k: string, v: string, o?: { expirationTtl?: number }) => {
      puts.push({ key: k, value: v, ttl: o?.expirationTtl });
      store.set(k, v);
    },
    delete: async (k: string) => void store.delete(k),
  };
}

function fakeQueue(fail = false) {
  const sent: QueuedJob[] = [];
  return {
    sent,
    fail,
    send: async function (this: { fail: boolean }, body: QueuedJob) {
      if (this.fail) throw new Error("queue unavailable");
      sent.push(body);
    },
  };
}

describe("KvCache", () => {
  it("stores JSON under its prefix and raises a TTL under 60 s to KV's minimum", async () => {
    const kv = fakeKv();
    const cache = new KvCache(kv, "t:");
    await cache.set("profile:1", { a: 1 }, 5);
    await cache.set("profile:2", { b: 2 }, 3600);
    expect(kv.puts.map((p) => [p.key, p.ttl])).toEqual([
      ["t:profile:1", 60],
      ["t:profile:2", 3600],
    ]);
    expect(await cache.get("profile:1")).toEqual({ a: 1 });
    await cache.del("profile:1", "profile:2");
    expect(await cache.get("profile:1")).toBeUndefined();
  });
});

describe("parseWorkerEnv", () => {
  it("names a missing API_KEY and every missing binding", () => {
    expect(() => parseWorkerEnv({ LOG_LEVEL: "info" } as unknown as WorkerBindings)).toThrow(ConfigError);
    try {
      parseWorkerEnv({ PORT: "not-a-port" } as unknown as WorkerBindings);
    } catch (err) {
      const msg = (err as Error).message;
      for (const name of ["API_KEY", "HYPERDRIVE", "CACHE", "TICKET_QUEUE", "PORT"]) expect(msg).toContain(name);
    }
  });

  it("parses the shared schema's variables next to the Worker's own", () => {
    const env = parseWorkerEnv({
      API_KEY: "k".repeat(20),
      HELPDESK_JOB_ATTEMPTS: "3",
      HYPERDRIVE: { connectionString: "postgres://x" },
      CACHE: fakeKv(),
      TICKET_QUEUE: fakeQueue(),
    } as unknown as WorkerBindings);
    expect(env).toMatchObject({ API_KEY: "k".repeat(20), HELPDESK_JOB_ATTEMPTS: 3, WORKER_SCORING_MAX_ORDERS: 30_000, SCORING_CRON: "30 3 * * *" });
  });
});

describe("on the real PostgreSQL", () => {
  let clone: Awaited<ReturnType<typeof cloneDemoDatabase>>;
  let h: DbHandle;
  beforeAll(async () => {
    clone = await cloneDemoDatabase();
    h = await openDb({ databaseUrl: clone.url, max: 2 });
  });
  afterAll(async () => {
    await h?.close();
    await clone?.drop();
  });

  it("CloudflareTicketQueue sends a job once per id, and removes its row when the send fails", async () => {
    const q = fakeQueue();
    const queue = new CloudflareTicketQueue(h.db, q);
    expect(await queue.enqueue("in-a", { kind: "inbound", deliveryId: "a" })).toEqual({ added: true });
    expect(await queue.enqueue("in-a", { kind: "inbound", deliveryId: "a" })).toEqual({ added: false });
    expect(q.sent).toEqual([{ id: "in-a", data: { kind: "inbound", deliveryId: "a" } }]);
    q.fail = true;
    await expect(queue.enqueue("in-b", { kind: "inbound", deliveryId: "b" })).rejects.toThrow("queue unavailable");
    expect(await h.db.select().from(queueJobs).where(eq(queueJobs.id, "in-b"))).toHaveLength(0);
  });

  it("CloudflareTicketQueue lists a dead-lettered job as failed and a retry sends it again", async () => {
    const q = fakeQueue();
    const queue = new CloudflareTicketQueue(h.db, q);
    await queue.enqueue("post-x", { kind: "post", draftId: "x" });
    await jobRows.started(h.db, "post-x");
    await jobRows.retrying(h.db, "post-x", "vendor answered 503", 1000);
    await jobRows.dead(h.db, "post-x");
    const [failed] = await queue.list("failed", 10);
    expect(failed).toMatchObject({ id: "post-x", state: "failed", attempts: 1, last_error: "vendor answered 503" });
    expect(await queue.retry("post-x")).toBe(true);
    expect(q.sent.map((m) => m.id)).toEqual(["post-x", "post-x"]);
    expect(await queue.retry("post-x")).toBe(false); // no longer failed
  });

  it("leaves a store over WORKER_SCORING_MAX_ORDERS to the Node job and says why", async () => {
    const rt = { services: { db: h.db, log: silentLogger, clock: { now: () => new Date("2011-12-10") } } as unknown as Services } as WorkerRuntime;
    const out = await scheduledScoring(rt, 1000);
    expect(out).toMatchObject({ task: "scoring", ran: false, orders: 18_536 });
    expect(out.ran === false && out.reason).toContain("npm run score");
  });
});
