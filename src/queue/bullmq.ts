/**
 * `BullMqTicketQueue`: the job queue on Redis through BullMQ (which drives ioredis). Retries use
 * BullMQ's exponential back-off (`delay * 2^(attemptsMade-1)`); a job out of tries stays in
 * BullMQ's `failed` set (`removeOnFail: false`): that set is the dead letter that `GET /v1/jobs?state=failed`
 * lists. A worker that dies mid-job stops renewing its lock; BullMQ's stalled-job check moves the
 * job back to `wait` after `lockDuration`, and another worker (or the restarted one) runs it again.
 * Priorities: BullMQ's own (1 first; a job of priority p, 0..100 higher first, is added as
 * 101 - p). BullMQ does not age them, so a worker re-prioritises waiting jobs every 2 s by their
 * age (`PRIORITY_POINTS_PER_SECOND`), as the database queue does in its claim: no job waits more
 * than about 10 s behind newer higher-priority ones.
 * Docs: https://docs.bullmq.io/guide/retrying-failing-jobs, https://docs.bullmq.io/guide/workers/stalled-jobs,
 * https://docs.bullmq.io/guide/jobs/prioritized
 */
import { Queue, Worker, type Job } from "bullmq";
import {
  clampPriority,
  PRIORITY_POINTS_PER_SECOND,
  retryDelayMs,
  DEFAULT_RETRY,
  type EnqueueOptions,
  type Consumer,
  type JobHandler,
  type JobInfo,
  type JobState,
  type RetryPolicy,
  type TicketJobData,
  type TicketQueue,
} from "./types";

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

/** BullMQ's priority (1 highest) of our 0..100 (higher first). */
const bullPriority = (p: number | undefined) => 101 - clampPriority(p);

/** A waiting job's BullMQ priority after `ageMs` of waiting (aging). */
export function agedBullPriority(initial: number, ageMs: number): number {
  return Math.max(1, initial - Math.floor((ageMs / 1000) * PRIORITY_POINTS_PER_SECOND));
}

const STATE_MAP: Record<JobState, Array<"waiting" | "prioritized" | "active" | "delayed" | "completed" | "failed">> = {
  waiting: ["waiting", "prioritized"],
  active: ["active"],
  delayed: ["delayed"],
  completed: ["completed"],
  failed: ["failed"],
};

export class BullMqTicketQueue implements TicketQueue {
  readonly kind = "bullmq" as const;
  readonly queue: Queue;
  private readonly connection: { url: string; maxRetriesPerRequest: null };
  private readonly retryPolicy: RetryPolicy;
  private readonly workers = new Set<Worker>();
  private ager: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly opts: BullMqQueueOptions) {
    this.connection = { url: opts.url, maxRetriesPerRequest: null };
    this.retryPolicy = opts.retry ?? DEFAULT_RETRY;
    this.queue = new Queue(opts.name ?? "tickets", { connection: this.connection, prefix: opts.prefix ?? "copilot-bull" });
  }

  async enqueue(id: string, data: TicketJobData, opts: EnqueueOptions = {}): Promise<{ added: boolean }> {
    const jobId = safeId(id);
    // BullMQ ignores an add whose jobId exists (until removed); `added` is informational only.
    const existed = (await this.queue.getJob(jobId)) !== undefined;
    await this.queue.add(data.kind, data, {
      jobId,
      priority: bullPriority(opts.priority),
      attempts: this.retryPolicy.attempts,
      backoff: { type: "copilot" },
      removeOnComplete: { count: this.opts.keepCompleted ?? 10_000 },
      removeOnFail: false,
    });
    return { added: !existed };
  }

  async raisePriority(id: string, priority: number): Promise<boolean> {
    const job = await this.queue.getJob(safeId(id));
    if (!job || (await job.getState()) !== "prioritized") return false;
    const wanted = bullPriority(priority);
    if (wanted >= (job.priority ?? job.opts.priority ?? 101)) return false;
    await job.changePriority({ priority: wanted }).catch(() => {}); // it may have started meanwhile
    return true;
  }

  /** One round trip for the batch (BullMQ addBulk); an id that exists is ignored, as with add. */
  async enqueueBulk(jobs: Array<{ id: string; data: TicketJobData; priority?: number }>): Promise<void> {
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: j.data.kind,
        data: j.data,
        opts: {
          jobId: safeId(j.id),
          priority: bullPriority(j.priority),
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
    this.ager ??= setInterval(() => void this.age().catch(() => {}), 2000);
    this.ager.unref?.();
    return {
      close: async ({ abandon = false } = {}) => {
        this.workers.delete(worker);
        if (!this.workers.size && this.ager) {
          clearInterval(this.ager);
          this.ager = null;
        }
        await worker.close(abandon);
      },
    };
  }

  /**
   * Raises the priority of waiting jobs by their age (BullMQ does not): one pass over at most
   * 5,000 prioritized jobs, changing only those whose aged priority is higher.
   * @returns how many jobs it changed
   */
  async age(now = Date.now()): Promise<number> {
    const jobs = await this.queue.getJobs(["prioritized"], 0, 4999, true);
    let changed = 0;
    for (const j of jobs) {
      if (!j) continue;
      const initial = j.opts.priority ?? 101;
      const aged = agedBullPriority(initial, now - j.timestamp);
      if (aged < (j.priority ?? initial)) {
        await j.changePriority({ priority: aged }).catch(() => {}); // it may have started meanwhile
        changed++;
      }
    }
    return changed;
  }

  async list(state: JobState, limit: number): Promise<JobInfo[]> {
    const jobs = await this.queue.getJobs(STATE_MAP[state], 0, Math.max(0, limit - 1), false);
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

  async state(id: string): Promise<JobState | null> {
    const job = await this.queue.getJob(safeId(id));
    if (!job) return null;
    const s = await job.getState();
    if (s === "active" || s === "delayed" || s === "completed" || s === "failed") return s;
    return s === "unknown" ? null : "waiting"; // waiting, prioritized, waiting-children
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
    if (this.ager) clearInterval(this.ager);
    this.ager = null;
    for (const w of this.workers) await w.close(true).catch(() => {});
    this.workers.clear();
    await this.queue.close();
  }
}
