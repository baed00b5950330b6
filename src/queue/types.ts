/**
 * The ticket job queue: webhooks are stored and acknowledged at once, and the pipeline (or an
 * outbound post) runs in a job. Two implementations share this interface: `BullMqTicketQueue`
 * (Redis, through ioredis) and `DbTicketQueue` (the service's own database, so a restart resumes
 * unfinished work with no Redis at all).
 *
 * Semantics both implementations keep:
 * - `enqueue(id, ...)` is idempotent on `id`: a job with that id that still exists is not added again.
 * - A handler that throws is retried after `retryDelayMs` (exponential from `backoffMs`, capped,
 *   with jitter: src/lib/backoff.ts), up to `attempts` tries;
 *   then the job is `failed` (the dead letter), listed by `list("failed")` and re-run by `retry(id)`.
 * - A job whose worker died mid-run (no completion, lease or lock expired) runs again, so handlers
 *   must be idempotent (ours are: every write is keyed by a unique index).
 */

import { backoffMs } from "../lib/backoff";

/** What a helpdesk job carries: which stored delivery to process, or which approved draft to post. */
export type TicketJobData = { kind: "inbound"; deliveryId: string } | { kind: "post"; draftId: string };

export type JobState = "waiting" | "active" | "delayed" | "completed" | "failed";
export const JOB_STATES: readonly JobState[] = ["waiting", "active", "delayed", "completed", "failed"];

export interface RetryPolicy {
  /** Tries in all, the first included (>= 1). */
  attempts: number;
  /** Delay before the second try, in milliseconds; doubled for each further try. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 2000 };

/** The longest wait between two tries, whatever the attempt: 15 minutes. */
export const MAX_RETRY_DELAY_MS = 15 * 60_000;

/**
 * The wait before try `attempt + 1` after try `attempt` (1-based) failed, in ms: `backoffMs`
 * doubled per failed try, capped at 15 minutes, plus up to 20% jitter.
 * @param random a uniform [0, 1) source (tests pass a fixed one)
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return backoffMs(attempt, { baseMs: policy.backoffMs, maxMs: MAX_RETRY_DELAY_MS, jitter: 0.2 }, random);
}

/** A job as a handler sees it. `attempt` is 1 on the first try. */
export interface RunningJob {
  id: string;
  data: TicketJobData;
  attempt: number;
}

/**
 * How a job is queued. `priority` 0..100, higher first (default 0): under a backlog a waiting job
 * runs before lower ones, and gains `PRIORITY_POINTS_PER_SECOND` for every second it waits, so no
 * job waits behind newer higher-priority ones for more than 100 / that many seconds (10 s).
 */
export interface EnqueueOptions {
  priority?: number;
}

/** What a waiting job gains per second of waiting (aging: new tickets never starve). */
export const PRIORITY_POINTS_PER_SECOND = 10;

/** A priority clamped to 0..100, whole. */
export const clampPriority = (p: number | undefined) => Math.max(0, Math.min(100, Math.round(p ?? 0)));

export type JobHandler = (job: RunningJob) => Promise<void>;

/** A job as `GET /v1/jobs` shows it. Times are ISO 8601 UTC. */
export interface JobInfo {
  id: string;
  state: JobState;
  data: TicketJobData;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: string | null;
  finished_at: string | null;
}

export interface Consumer {
  /**
   * Stops taking jobs. By default waits for running handlers; `{ abandon: true }` walks away from
   * them as a killed process would (their jobs run again once the lease or lock expires).
   */
  close(opts?: { abandon?: boolean }): Promise<void>;
}

export interface TicketQueue {
  /** "cloudflare": Cloudflare Queues on the Workers target (src/workers/queue.ts). */
  readonly kind: "bullmq" | "db" | "cloudflare";
  /** Adds a job unless a job with this id exists. @returns whether it was added */
  enqueue(id: string, data: TicketJobData, opts?: EnqueueOptions): Promise<{ added: boolean }>;
  /**
   * Raises a waiting job's priority (0..100, higher first) when it is lower; a job that started or
   * finished is left alone. @returns whether it changed
   */
  raisePriority?(id: string, priority: number): Promise<boolean>;
  /** Adds several jobs in one round trip where the queue can (ids already present are ignored). */
  enqueueBulk?(jobs: Array<{ id: string; data: TicketJobData; priority?: number }>): Promise<void>;
  /** Starts running jobs with `handler`, `concurrency` at a time (default 4). */
  consume(handler: JobHandler, opts?: { concurrency?: number }): Consumer;
  /** Jobs in a state, newest first, at most `limit`. */
  list(state: JobState, limit: number): Promise<JobInfo[]>;
  /**
   * Jobs now waiting, active, delayed (waiting for a retry) and failed (the dead letter): the
   * queue-depth gauge of `GET /metrics`. Completed jobs are not counted.
   */
  counts?(): Promise<Record<Exclude<JobState, "completed">, number>>;
  /** Moves a failed job back to waiting with its tries reset. @returns false when no failed job has this id */
  retry(id: string): Promise<boolean>;
  /**
   * A job's state as `list` shows it (a waiting job that has been tried is `delayed`).
   * @returns null when the queue holds no job with this id (never queued, or removed)
   */
  state(id: string): Promise<JobState | null>;
  /** Closes connections (not the database, which the caller owns). */
  close(): Promise<void>;
}
