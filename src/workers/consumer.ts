/**
 * The Worker's `queue` handler: runs the ticket jobs Cloudflare Queues delivers, as Node's queue
 * worker does (src/node/helpdesks.ts): an inbound job runs the pipeline for a stored webhook
 * delivery, a post job posts an approved reply back to the helpdesk.
 *
 * Retries: a job that throws is retried with the same exponential back-off as on Node
 * (`HELPDESK_JOB_BACKOFF_MS * 2^(attempt-1)`, whole seconds, at most 12 h, Cloudflare's limit);
 * after the consumer's `max_retries` (wrangler.toml) Cloudflare moves it to the dead-letter queue,
 * whose batches this same handler receives and records as failed (`GET /v1/jobs?state=failed`).
 */
import { runHelpdeskJob } from "../helpdesks/jobs";
import { retryDelayMs } from "../queue/types";
import type { QueueBatch } from "./bindings";
import { jobRows, type QueuedJob } from "./queue";
import type { WorkerRuntime } from "./services";

/** Cloudflare's longest retry delay, seconds. */
const MAX_DELAY_SECONDS = 43_200;

/**
 * Handles one batch, message by message (each acked or retried on its own).
 * @param deadLetterQueue the dead-letter queue's name: its messages are recorded failed, not run
 */
export async function handleTicketBatch(batch: QueueBatch<QueuedJob>, rt: WorkerRuntime, deadLetterQueue: string): Promise<void> {
  const { services, helpdeskConfig: config } = rt;
  const db = services.db;
  for (const msg of batch.messages) {
    const job = msg.body;
    if (batch.queue === deadLetterQueue) {
      services.log.warn("job dead-lettered", { job: job.id, kind: job.data.kind });
      await jobRows.dead(db, job.id);
      msg.ack();
      continue;
    }
    if (!rt.helpdesks) {
      services.log.error("ticket job received but no helpdesk is configured; retrying", { job: job.id });
      msg.retry({ delaySeconds: 60 });
      continue;
    }
    const state = await jobRows.started(db, job.id);
    if (state === "completed") {
      msg.ack(); // a second delivery of a finished job (Queues deliver at least once)
      continue;
    }
    try {
      await runHelpdeskJob({ services, config, queue: rt.helpdesks.queue }, job.data, { n: msg.attempts, of: config.retry.attempts });
      await jobRows.completed(db, job.id);
      msg.ack();
    } catch (err) {
      const error = String((err as Error)?.message ?? err);
      const delayMs = retryDelayMs(config.retry, msg.attempts);
      services.log.warn("job failed", { job: job.id, attempt: msg.attempts, kind: job.data.kind, error });
      await jobRows.retrying(db, job.id, error, delayMs).catch(() => {});
      msg.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.ceil(delayMs / 1000)) });
    }
  }
}
