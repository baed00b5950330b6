/**
 * `BullMqTicketQueue`: the job queue on Redis through BullMQ (which drives ioredis). Retries use
 * BullMQ's exponential back-off (`delay * 2^(attemptsMade-1)`); a job out of tries stays in
 * BullMQ's `failed` set (`removeOnFail: false`): that set is the dead letter that `GET /v1/jobs?state=failed`
 * lists. A worker that dies mid-job stops renewing its lock; BullMQ's stalled-job check moves the
 * job back to `wait` after `lockDuration`, and another worker (or the restarted one) runs it again.
 * Docs: https://docs.bullmq.io/guide/retrying-failing-jobs, https://docs.bullmq.io/guide/workers/stalled-jobs
 */
import { Queue, Worker, type Job } from "bullmq";
import { retryDelayMs, DEFAULT_RETRY, type Consumer, type JobHandler, type JobInfo, type JobState, type RetryPolicy, type TicketJobData, type TicketQueue } from "./types";

export interface BullMqQueueOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379 */
  url: string;
  /** BullMQ key prefix (one per deployment, or per test file). Default "copilot-bull". */
  prefix?: string;
  /** Queue name. Default "tickets". */
  name?: string;
  retry?: RetryPolicy;
  /** BullMQ lock duration, ms (default 30 000); the stalled check runs as often. */
  lockDurationMs?: number;
  /** Completed jobs kept for inspection and dedupe (default 10 000). */
  keepCompleted?: number;
}

/** BullMQ forbids ':' in custom ids (it separates key parts). */
const safeId = (id: string) => id.replaceAll(":", "_");

const STATE_MAP: Record<JobState, "waiting" | "active" | "delayed" | "completed" | "failed"> = {
  waiting: "waiting",
  active: "active",
  delayed: "delayed",
  completed: "completed",
  failed: "failed",
};

export class BullMqTicketQueue implements TicketQueue {
  readonly kind = "bullmq" as const;
  readonly queue: Queue;
  private readonly connection: { url: string; maxRetriesPerRequest: null };
  private readonly retryPolicy: RetryPolicy;
  private readonly workers = new Set<Worker>();

  constructor(private readonly opts: BullMqQueueOptions) {
    this.connection = { url: opts.url, maxRetriesPerRequest: null };
    this.retryPolicy = opts.retry ?? DEFAULT_RETRY;
    this.queue = new Queue(opts.name ?? "tickets", { connection: this.connection, prefix: opts.prefix ?? "copilot-bull" });
  }

  async enqueue(id: string, data: TicketJobData): Promise<{ added: boolean }> {
    const jobId = safeId(id);
    // BullMQ ignores an add whose jobId exists (until removed); `added` is informational only.
    const existed = (await this.queue.getJob(jobId)) !== undefined;
    await this.queue.add(data.kind, data, {
      jobId,
      attempts: this.retryPolicy.attempts,
      backoff: { type: "copilot" },
      removeOnComplete: { count: this.opts.keepCompleted ?? 10_000 },
      removeOnFail: false,
    });
    return { added: !existed };
  }

  /** One round trip for the batch (BullMQ addBulk); an id that exists is ignored, as with add. */
  async enqueueBulk(jobs: Array<{ id: string; data: TicketJobData }>): Promise<void> {
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: j.data.kind,
        data: j.data,
        opts: {
          jobId: safeId(j.id),
          attempts: this.retryPolicy.attempts,
          backoff: { type: "copilot" },
          removeOnComplete: { count: this.opts.keepCompleted ?? 10_000 },
          removeOnFail: false,
        },
      })),
    );
  }

  consume(handler: JobHandler, opts: { concurrency?: number } = {}): Consumer {
    const lockDuration = this.opts.lockDurationMs ?? 30_000;
    const worker = new Worker(
      this.queue.name,
      async (job: Job) => {
        await handler({ id: job.id!, data: job.data as TicketJobData, attempt: job.attemptsMade + 1 });
      },
      {
        connection: this.connection,
        prefix: this.opts.prefix ?? "copilot-bull",
        concurrency: opts.concurrency ?? 4,
        lockDuration,
        stalledInterval: lockDuration,
        maxStalledCount: 2,
        // The project's one back-off (src/lib/backoff.ts), not BullMQ's own exponential formula.
        settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(this.retryPolicy, attemptsMade) },
      },
    );
    worker.on("error", () => {}); // connection errors surface through job failures; avoid an unhandled 'error'
    this.workers.add(worker);
    return {
      close: async ({ abandon = false } = {}) => {
        this.workers.delete(worker);
        await worker.close(abandon);
      },
    };
  }

  async list(state: JobState, limit: number): Promise<JobInfo[]> {
    const jobs = await this.queue.getJobs([STATE_MAP[state]], 0, Math.max(0, limit - 1), false);
    return jobs.filter(Boolean).map((j) => ({
      id: j.id!,
      state,
      data: j.data as TicketJobData,
      attempts: j.attemptsMade,
      max_attempts: j.opts.attempts ?? 1,
      last_error: j.failedReason ?? null,
      created_at: new Date(j.timestamp).toISOString(),
      finished_at: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    }));
  }

  async counts(): Promise<Record<Exclude<JobState, "completed">, number>> {
    const c = await this.queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  async retry(id: string): Promise<boolean> {
    const job = await this.queue.getJob(safeId(id));
    if (!job || !(await job.isFailed())) return false;
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  /** The delay BullMQ will wait before try `attempt + 1`, ms (for docs and tests). */
  retryDelayMs(attempt: number, random?: () => number): number {
    return retryDelayMs(this.retryPolicy, attempt, random);
  }

  async close(): Promise<void> {
    for (const w of this.workers) await w.close(true).catch(() => {});
    this.workers.clear();
    await this.queue.close();
  }
}
