/**
 * `CloudflareTicketQueue`: the `TicketQueue` (src/queue/types.ts) on Cloudflare Queues. The webhook
 * route and the approval produce through it; the Worker's `queue` handler (src/workers/consumer.ts)
 * runs the jobs; Cloudflare retries a failed job after the back-off the handler asks for and, after
 * `max_retries` (wrangler.toml), moves it to the dead-letter queue, whose consumer records it failed.
 *
 * Cloudflare Queues can neither de-duplicate by id nor list messages, so every job also has a
 * `queue_jobs` row (the database queue's table, under its own queue name so that a Node service on
 * the same database never claims these rows): the enqueue is idempotent on the job id, and
 * `GET /v1/jobs?state=failed` and `POST /v1/jobs/:id/retry` work as on Node.
 */
import { and, eq, sql } from "drizzle-orm";
import { queueJobs } from "../db/schema-helpdesks";
import type { Db } from "../db/types";
import { DbTicketQueue } from "../queue/db";
import { DEFAULT_RETRY, type Consumer, type JobInfo, type JobState, type RetryPolicy, type TicketJobData, type TicketQueue } from "../queue/types";
import type { QueueBinding } from "./bindings";
import { one } from "../lib/one";

/** The message body on the queue. */
export interface QueuedJob {
  id: string;
  data: TicketJobData;
}

/** The `queue_jobs.queue` of the Workers' jobs. */
export const CLOUDFLARE_QUEUE_NAME = "cloudflare-tickets";

export class CloudflareTicketQueue implements TicketQueue {
  readonly kind = "cloudflare" as const;
  private readonly rows: DbTicketQueue;

  constructor(
    private readonly db: Db,
    private readonly producer: QueueBinding<QueuedJob>,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.rows = new DbTicketQueue(db, { name: CLOUDFLARE_QUEUE_NAME, retry });
  }

  /**
   * Records the job and sends its message. @returns whether it was added (false: a job with this id exists)
   * @throws when the message cannot be sent (the row is removed again, so a later enqueue, e.g.
   *   the cron reconciler's, can add it)
   */
  async enqueue(id: string, data: TicketJobData): Promise<{ added: boolean }> {
    const { added } = await this.rows.enqueue(id, data);
    if (!added) return { added };
    try {
      await this.producer.send({ id, data }, { contentType: "json" });
    } catch (err) {
      await this.db.delete(queueJobs).where(and(eq(queueJobs.id, id), eq(queueJobs.queue, CLOUDFLARE_QUEUE_NAME), eq(queueJobs.state, "waiting")));
      throw err;
    }
    return { added };
  }

  /** Cloudflare pushes batches to the Worker's `queue` handler; nothing polls. */
  consume(): Consumer {
    throw new Error("CloudflareTicketQueue: jobs run in the Worker's queue handler (src/workers/consumer.ts)");
  }

  list(state: JobState, limit: number): Promise<JobInfo[]> {
    return this.rows.list(state, limit);
  }

  state(id: string): Promise<JobState | null> {
    return this.rows.state(id);
  }

  /** A dead job back to waiting with its tries reset, and its message sent again. */
  async retry(id: string): Promise<boolean> {
    if (!(await this.rows.retry(id))) return false;
    const row = one(await this.db.select({ data: queueJobs.data }).from(queueJobs).where(eq(queueJobs.id, id)), "queue job");
    await this.producer.send({ id, data: row.data as TicketJobData }, { contentType: "json" });
    return true;
  }

  async close(): Promise<void> {}
}

/** The consumer's bookkeeping on a job's row. Times are the database's `now()`. */
export const jobRows = {
  /** @returns the row's state before this try, or null when the job is unknown (sent by hand) */
  async started(db: Db, id: string): Promise<string | null> {
    const [before] = await db.select({ state: queueJobs.state }).from(queueJobs).where(eq(queueJobs.id, id));
    if (!before || before.state === "completed") return before?.state ?? null;
    await db
      .update(queueJobs)
      .set({ state: "active", attempts: sql`${queueJobs.attempts} + 1`, updatedAt: sql`now()` })
      .where(eq(queueJobs.id, id));
    return before.state;
  },
  async completed(db: Db, id: string): Promise<void> {
    await db.update(queueJobs).set({ state: "completed", lastError: null, finishedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(queueJobs.id, id));
  },
  /** A failed try that Cloudflare will deliver again after `delayMs`. */
  async retrying(db: Db, id: string, error: string, delayMs: number): Promise<void> {
    await db
      .update(queueJobs)
      .set({ state: "waiting", lastError: error.slice(0, 2000), runAt: sql`now() + make_interval(secs => ${delayMs / 1000})`, updatedAt: sql`now()` })
      .where(eq(queueJobs.id, id));
  },
  /** The dead letter: Cloudflare gave up on the job after its last retry. */
  async dead(db: Db, id: string): Promise<void> {
    await db.update(queueJobs).set({ state: "failed", finishedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(queueJobs.id, id));
  },
};
