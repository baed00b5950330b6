/**
 * Durability on the real Redis (BullMQ) and PostgreSQL: the same Zendesk event delivered to two
 * service instances at once makes one delivery and one draft; a worker killed after drafting but
 * before completing its job is resumed by a restarted worker without a second draft.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drafts, tickets } from "../../src/db/schema";
import { helpdeskDeliveries } from "../../src/db/schema-helpdesks";
import { runInboundJob } from "../../src/helpdesks/inbound";
import { helpdeskWebhookRoutes } from "../../src/routes/webhooks/helpdesks";
import { BullMqTicketQueue } from "../../src/queue/bullmq";
import { startTestApp, type TestApp } from "../helpers/app";
import { TEST_REDIS_URL } from "../helpers/env";
import { startFakeHelpdesk, type FakeHelpdesk } from "../fakes/helpdesks/server";
import { zendeskHeaders, zendeskTicketCreated } from "../fakes/helpdesks/payloads";
import { testHelpdeskConfig, waitFor } from "./helpers";

let t: TestApp;
let fake: FakeHelpdesk;
const prefix = `test-dur-${randomBytes(4).toString("hex")}`;
const queues: BullMqTicketQueue[] = [];
// The lock outlives a draft on a loaded machine (a job whose lock lapses mid-run is run again by
// design, which would blur what these tests count); a killed worker's job still resumes after it.
const newQueue = () => {
  const q = new BullMqTicketQueue({ url: TEST_REDIS_URL, prefix, retry: { attempts: 3, backoffMs: 20 }, lockDurationMs: 4000 });
  queues.push(q);
  return q;
};

beforeAll(async () => {
  t = await startTestApp();
  fake = await startFakeHelpdesk();
  fake.users.set("17580001", { email: "17580@customers.example", name: "Ann" });
});
afterAll(async () => {
  for (const q of queues) await q.close().catch(() => {});
  await fake?.close();
  await t?.close();
});

const draftsFor = async (externalId: string) => {
  const [tk] = await t.rt.services.db.select().from(tickets).where(eq(tickets.externalId, externalId));
  return tk ? t.rt.services.db.select().from(drafts).where(eq(drafts.ticketId, tk.id)) : [];
};

describe("two service instances receiving the same event", () => {
  it("store one delivery, enqueue one job and make one draft", async () => {
    const config = testHelpdeskConfig(fake.url);
    const [qa, qb] = [newQueue(), newQueue()];
    const a = helpdeskWebhookRoutes({ db: t.rt.services.db, queue: qa, config });
    const b = helpdeskWebhookRoutes({ db: t.rt.services.db, queue: qb, config });
    const raw = JSON.stringify(zendeskTicketCreated("6601", "17580001", "Your prices seem high compared to competitors."));
    const send = (app: typeof a) => app.request("/zendesk", { method: "POST", headers: zendeskHeaders(raw), body: raw });
    const [ra, rb] = await Promise.all([send(a), send(b)]);
    expect([ra.status, rb.status].sort()).toEqual([200, 202]);
    const bodies = [await ra.json(), await rb.json()];
    expect(bodies.map((x) => x.status).sort()).toEqual(["accepted", "duplicate"]);
    expect(bodies[0].delivery_id).toBe(bodies[1].delivery_id);
    const rows = await t.rt.services.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.ticketExternalId, "6601"));
    expect(rows).toHaveLength(1);

    const worker = qa.consume((job) => runInboundJob({ services: t.rt.services, config, fetch }, (job.data as { deliveryId: string }).deliveryId), {
      concurrency: 2,
    });
    const worker2 = qb.consume((job) => runInboundJob({ services: t.rt.services, config, fetch }, (job.data as { deliveryId: string }).deliveryId), {
      concurrency: 2,
    });
    try {
      await waitFor(
        async () => (await t.rt.services.db.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, rows[0]!.id)))[0]!.status === "processed",
        "processing",
      );
      expect(await draftsFor("6601")).toHaveLength(1);
      // The job is marked complete just after its delivery is processed.
      const completed = await waitFor(async () => {
        const jobs = (await qa.list("completed", 100)).filter((j) => (j.data as { deliveryId?: string }).deliveryId === rows[0]!.id);
        return jobs.length ? jobs : undefined;
      }, "the completed job");
      expect(completed).toHaveLength(1);
    } finally {
      await worker.close();
      await worker2.close();
    }
  });
});

describe("a restart mid-job", () => {
  it("resumes the job on the restarted worker without a second draft", async () => {
    const config = testHelpdeskConfig(fake.url);
    const q1 = newQueue();
    const routes = helpdeskWebhookRoutes({ db: t.rt.services.db, queue: q1, config });
    let drafted = false;
    // The first process drafts, then dies before its job is marked complete.
    const dying = q1.consume(async (job) => {
      await runInboundJob({ services: t.rt.services, config, fetch }, (job.data as { deliveryId: string }).deliveryId);
      drafted = true;
      await new Promise(() => {});
    });
    const raw = JSON.stringify(zendeskTicketCreated("6602", "17580001", "My last order took forever to ship. This is getting frustrating."));
    const res = await routes.request("/zendesk", { method: "POST", headers: zendeskHeaders(raw), body: raw });
    expect(res.status).toBe(202);
    const { delivery_id } = await res.json();
    await waitFor(async () => drafted, "the first process's draft");
    await dying.close({ abandon: true });
    expect(await draftsFor("6602")).toHaveLength(1);

    const q2 = newQueue(); // the restarted process
    const runs: string[] = [];
    const worker = q2.consume(async (job) => {
      runs.push(job.id);
      await runInboundJob({ services: t.rt.services, config, fetch }, (job.data as { deliveryId: string }).deliveryId);
    });
    try {
      await waitFor(
        async () => (await q2.list("completed", 100)).find((j) => (j.data as { deliveryId?: string }).deliveryId === delivery_id),
        "the resumed job",
      );
      expect(runs).toHaveLength(1);
      const ds = await draftsFor("6602");
      expect(ds).toHaveLength(1);
      expect(ds[0]!.status).toBe("pending_review");
    } finally {
      await worker.close();
    }
  });
});
