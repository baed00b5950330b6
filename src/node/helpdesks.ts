/**
 * The helpdesk connectors on Node: the queue (BullMQ when a Redis URL is given, else the database
 * queue), the worker that runs inbound and post jobs, a reconciler that re-enqueues anything
 * stored without a job, and the two routers. The bootstrap sets the runtime as
 * `services.helpdesk` (the dispatch port approvals use) and mounts its routers
 * (`nodeMounts`): `/webhooks/:vendor` and, under /v1, the jobs and posts.
 */
import { BullMqTicketQueue } from "../queue/bullmq";
import { DbTicketQueue } from "../queue/db";
import type { Consumer, TicketQueue } from "../queue/types";
import { startTicketWorker } from "../queue/worker";
import type { Logger } from "../log/logger";
import type { HelpdeskRuntime } from "../helpdesks/runtime";
import type { Services } from "../services";

export type { HelpdeskRuntime } from "../helpdesks/runtime";
import type { HelpdeskConfig } from "../config/helpdesks";
import { runHelpdeskJob } from "../helpdesks/jobs";
import { dispatchDraft, retryPost, type OutboundDeps } from "../helpdesks/outbound";
import { reconcileHelpdesks } from "../helpdesks/reconcile";
import { helpdeskAdminRoutes } from "../routes/helpdesk-admin";
import { helpdeskWebhookRoutes } from "../routes/webhooks/helpdesks";
import { inboundJobId } from "../helpdesks/deliveries";
import { DeliveryBatcher } from "../helpdesks/batcher";

export interface HelpdeskOptions {
  /** Use this queue (tests); otherwise BullMQ on `redisUrl`, or the database queue. */
  queue?: TicketQueue;
  redisUrl?: string;
  /** BullMQ key prefix (default "copilot-bull"). */
  bullPrefix?: string;
  /** Run jobs in this process (default true; false for an ingest-only instance). */
  worker?: boolean;
  /** Reconciler period, ms (default 5000; 0 disables). */
  reconcileMs?: number;
  fetch?: typeof fetch;
  log?: Logger;
  /** Wall clock for webhook timestamps (tests). */
  now?: () => number;
}

/** Builds and starts the helpdesk connectors. Nothing is posted or drafted for vendors without configuration. */
export function startHelpdesks(services: Services, config: HelpdeskConfig, opts: HelpdeskOptions = {}): HelpdeskRuntime {
  const log = opts.log ?? services.log;
  const queue =
    opts.queue ??
    (opts.redisUrl
      ? new BullMqTicketQueue({ url: opts.redisUrl, prefix: opts.bullPrefix, retry: config.retry })
      : new DbTicketQueue(services.db, { retry: config.retry }));
  const out: OutboundDeps = { db: services.db, queue, config, fetch: opts.fetch, log, metrics: services.metrics };

  let consumer: Consumer | null = null;
  if (opts.worker !== false) {
    consumer = startTicketWorker(
      queue,
      (job) =>
        runHelpdeskJob({ services, config, queue, fetch: opts.fetch, log }, job.data, { n: job.attempt, of: config.retry.attempts }).catch((err: unknown) => {
          services.metrics.jobFailed(job.data.kind, job.attempt >= config.retry.attempts);
          throw err;
        }),
      { concurrency: config.concurrency, log },
    );
  }

  const reconcile = () => reconcileHelpdesks(queue, out);
  let timer: NodeJS.Timeout | null = null;
  const period = opts.reconcileMs ?? 5000;
  if (period > 0 && opts.worker !== false) {
    timer = setInterval(() => void reconcile().catch((err) => log.warn("helpdesk reconcile failed", { error: String(err) })), period);
    timer.unref();
  }

  let drained: Promise<void> | null = null;
  const drain = () =>
    (drained ??= (async () => {
      if (timer) clearInterval(timer);
      await consumer?.close().catch(() => {});
    })());

  return {
    queue,
    config,
    webhookRoutes: helpdeskWebhookRoutes({
      db: services.db,
      queue,
      config,
      log,
      now: opts.now,
      batcher: new DeliveryBatcher(services.db, queue, { jobId: inboundJobId, log, maxWaitMs: 5 }),
    }),
    adminRoutes: helpdeskAdminRoutes(out),
    dispatchDraft: (id) => dispatchDraft(out, id),
    retryPost: (id) => retryPost(out, id),
    reconcile,
    drain,
    close: async ({ abandon = false } = {}) => {
      if (abandon) {
        if (timer) clearInterval(timer);
        await consumer?.close({ abandon: true }).catch(() => {});
      } else await drain();
      if (!opts.queue) await queue.close().catch(() => {});
    },
  };
}
