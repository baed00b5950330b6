/**
 * `DbTicketQueue`: the job queue in the service's own PostgreSQL (or PGlite), for deployments
 * without Redis. A job is a `queue_jobs` row; a worker's one dispatcher claims as many due rows as
 * it has free slots, in one statement with `FOR UPDATE SKIP LOCKED` (so two instances never take
 * the same job), and holds each under a lease it renews while the handler runs. Rows are claimed
 * by priority with aging: a row of priority p counts as if it had been due p / 10 seconds earlier
 * (`PRIORITY_POINTS_PER_SECOND`), so under a backlog high-priority tickets go first and no ticket
 * waits more than 10 s behind newer ones. A process that dies mid-job stops renewing; once the lease
 * expires any worker, including the restarted process, claims the job again. All times are the
 * database's `now()`, never the service clock (which the demo store pins to 2011).
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import { queueJobs } from "../db/schema-helpdesks";
import type { Db } from "../db/types";
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

type JobRow = typeof queueJobs.$inferSelect;

export interface DbQueueOptions {
  /** Queue name (rows of other queues are left alone). Default "tickets". */
  name?: string;
  retry?: RetryPolicy;
  /** How long a claimed job stays ours without renewal, ms (default 30 000); renewed every third of it. */
  leaseMs?: number;
  /** Idle poll interval, ms (default 250); an in-process enqueue wakes the workers at once. */
  pollMs?: number;
}

function toInfo(r: JobRow): JobInfo {
  const delayed = r.state === "waiting" && r.attempts > 0;
  return {
    id: r.id,
    state: (delayed ? "delayed" : r.state) as JobState,
    data: r.data as TicketJobData,
    attempts: r.attempts,
    max_attempts: r.maxAttempts,
    last_error: r.lastError,
    created_at: r.createdAt?.toISOString() ?? null,
    finished_at: r.finishedAt?.toISOString() ?? null,
  };
}

export class DbTicketQueue implements TicketQueue {
  readonly kind = "db" as const;
  readonly name: string;
  private readonly retryPolicy: RetryPolicy;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private wakers = new Set<() => void>();

  constructor(
    private readonly db: Db,
    opts: DbQueueOptions = {},
  ) {
    this.name = opts.name ?? "tickets";
    this.retryPolicy = opts.retry ?? DEFAULT_RETRY;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 250;
  }

  async enqueue(id: string, data: TicketJobData, opts: EnqueueOptions = {}): Promise<{ added: boolean }> {
    const rows = await this.db
      .insert(queueJobs)
      .values({
        id,
        queue: this.name,
        name: data.kind,
        data,
        state: "waiting",
        maxAttempts: this.retryPolicy.attempts,
        backoffMs: this.retryPolicy.backoffMs,
        priority: clampPriority(opts.priority),
      })
      .onConflictDoNothing({ target: queueJobs.id })
      .returning({ id: queueJobs.id });
    if (rows.length) for (const w of this.wakers) w();
    return { added: rows.length > 0 };
  }

  async raisePriority(id: string, priority: number): Promise<boolean> {
    const rows = await this.db.execute(
      sql`update queue_jobs set priority = ${clampPriority(priority)} where id = ${id} and queue = ${this.name} and state = 'waiting' and priority < ${clampPriority(priority)} returning id`,
    );
    return rowsOf(rows).length > 0;
  }

  /** Several jobs in one statement (one commit), ids present already ignored. */
  async enqueueBulk(jobs: Array<{ id: string; data: TicketJobData; priority?: number }>): Promise<void> {
    if (!jobs.length) return;
    const rows = await this.db
      .insert(queueJobs)
      .values(
        jobs.map((j) => ({
          id: j.id,
          queue: this.name,
          name: j.data.kind,
          data: j.data,
          state: "waiting",
          maxAttempts: this.retryPolicy.attempts,
          backoffMs: this.retryPolicy.backoffMs,
          priority: clampPriority(j.priority),
        })),
      )
      .onConflictDoNothing({ target: queueJobs.id })
      .returning({ id: queueJobs.id });
    if (rows.length) for (const w of this.wakers) w();
  }

  /**
   * Claims up to `n` due jobs (waiting and due, or active with an expired lease) for `worker`,
   * highest priority first after aging.
   */
  private async claim(worker: string, n: number): Promise<JobRow[]> {
    const res = await this.db.execute(sql`
      update queue_jobs set state = 'active', attempts = attempts + 1, locked_by = ${worker},
        locked_until = now() + make_interval(secs => ${this.leaseMs / 1000}), updated_at = now()
      where id in (
        select id from queue_jobs
        where queue = ${this.name}
          and ((state = 'waiting' and run_at <= now()) or (state = 'active' and locked_until < now()))
        order by run_at - make_interval(secs => priority::float8 / ${PRIORITY_POINTS_PER_SECOND}), created_at
        limit ${n}
        for update skip locked
      )
      returning id, data, attempts, max_attempts, backoff_ms`);
    return rowsOf<{ id: string; data: TicketJobData; attempts: number; max_attempts: number; backoff_ms: number }>(res).map(
      (r) => ({ id: r.id, data: r.data, attempts: Number(r.attempts), maxAttempts: Number(r.max_attempts), backoffMs: Number(r.backoff_ms) }) as JobRow,
    );
  }

  private async renew(id: string, worker: string) {
    await this.db.execute(sql`update queue_jobs set locked_until = now() + make_interval(secs => ${this.leaseMs / 1000})
      where id = ${id} and locked_by = ${worker} and state = 'active'`);
  }

  private async complete(id: string, worker: string) {
    await this.db
      .update(queueJobs)
      .set({ state: "completed", lockedBy: null, lockedUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(queueJobs.id, id), eq(queueJobs.lockedBy, worker)));
  }

  private async fail(job: JobRow, worker: string, err: unknown) {
    const message = String((err as Error)?.message ?? err).slice(0, 2000);
    if (job.attempts >= job.maxAttempts) {
      await this.db
        .update(queueJobs)
        .set({ state: "failed", lastError: message, lockedBy: null, lockedUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(queueJobs.id, job.id), eq(queueJobs.lockedBy, worker)));
      return;
    }
    const delayMs = retryDelayMs({ attempts: job.maxAttempts, backoffMs: job.backoffMs }, job.attempts);
    await this.db.execute(sql`update queue_jobs set state = 'waiting', last_error = ${message}, locked_by = null, locked_until = null,
        run_at = now() + make_interval(secs => ${delayMs / 1000}), updated_at = now()
      where id = ${job.id} and locked_by = ${worker}`);
  }

  consume(handler: JobHandler, opts: { concurrency?: number } = {}): Consumer {
    const concurrency = opts.concurrency ?? 4;
    const workerId = `w-${process.pid}-${randomBytes(4).toString("hex")}`;
    let stopped = false;
    let abandoned = false;
    let wake: (() => void) | null = null;
    const renewals = new Set<NodeJS.Timeout>();
    const waker = () => wake?.();
    this.wakers.add(waker);
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(done, ms);
        function done() {
          clearTimeout(t);
          wake = null;
          resolve();
        }
        wake = done;
      });

    let running = 0;
    const inFlight = new Set<Promise<void>>();
    let slotFreed: (() => void) | null = null;
    const run = async (job: JobRow) => {
      const renewal = setInterval(() => void this.renew(job.id, workerId).catch(() => {}), Math.max(50, this.leaseMs / 3));
      renewals.add(renewal);
      try {
        await handler({ id: job.id, data: job.data as TicketJobData, attempt: job.attempts });
        clearInterval(renewal);
        renewals.delete(renewal);
        if (!abandoned) await this.complete(job.id, workerId);
      } catch (err) {
        clearInterval(renewal);
        renewals.delete(renewal);
        if (!abandoned) await this.fail(job, workerId, err).catch(() => {});
      }
    };
    // One dispatcher: claims as many jobs as there are free slots (at most 64 a statement).
    const dispatch = async () => {
      while (!stopped) {
        const free = concurrency - running;
        if (free <= 0) {
          await new Promise<void>((r) => (slotFreed = r));
          slotFreed = null;
          continue;
        }
        let jobs: JobRow[];
        try {
          jobs = await this.claim(workerId, Math.min(free, 64));
        } catch {
          jobs = []; // database briefly unavailable: poll again
        }
        if (!jobs.length) {
          await sleep(this.pollMs);
          continue;
        }
        for (const job of jobs) {
          running++;
          const p = run(job).finally(() => {
            running--;
            inFlight.delete(p);
            slotFreed?.();
          });
          inFlight.add(p);
        }
      }
    };
    const dispatcher = dispatch();
    return {
      close: async ({ abandon = false } = {}) => {
        stopped = true;
        this.wakers.delete(waker);
        wake?.();
        slotFreed?.();
        if (abandon) {
          // As a killed process: no more lease renewals, no completion; the lease runs out.
          abandoned = true;
          for (const r of renewals) clearInterval(r);
          renewals.clear();
          return;
        }
        await dispatcher;
        await Promise.all([...inFlight]);
      },
    };
  }

  async list(state: JobState, limit: number): Promise<JobInfo[]> {
    const base = eq(queueJobs.queue, this.name);
    const cond =
      state === "delayed"
        ? and(base, eq(queueJobs.state, "waiting"), sql`${queueJobs.attempts} > 0`)
        : state === "waiting"
          ? and(base, eq(queueJobs.state, "waiting"), eq(queueJobs.attempts, 0))
          : and(base, eq(queueJobs.state, state));
    const rows = await this.db.select().from(queueJobs).where(cond).orderBy(desc(queueJobs.updatedAt)).limit(limit);
    return rows.map(toInfo);
  }

  async counts(): Promise<Record<Exclude<JobState, "completed">, number>> {
    const rows = await this.db
      .select({ state: queueJobs.state, retried: sql<boolean>`${queueJobs.attempts} > 0`, n: sql<number>`count(*)::int` })
      .from(queueJobs)
      .where(and(eq(queueJobs.queue, this.name), sql`${queueJobs.state} <> 'completed'`))
      .groupBy(queueJobs.state, sql`${queueJobs.attempts} > 0`);
    const out = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const r of rows) {
      // As `list` shows them: a waiting job that has been tried is waiting for its retry (delayed).
      const state = r.state === "waiting" && r.retried ? "delayed" : r.state;
      if (state in out) out[state as keyof typeof out] += Number(r.n);
    }
    return out;
  }

  async state(id: string): Promise<JobState | null> {
    const [row] = await this.db
      .select({ state: queueJobs.state, attempts: queueJobs.attempts })
      .from(queueJobs)
      .where(and(eq(queueJobs.id, id), eq(queueJobs.queue, this.name)));
    if (!row) return null;
    return row.state === "waiting" && row.attempts > 0 ? "delayed" : (row.state as JobState);
  }

  async retry(id: string): Promise<boolean> {
    const rows = await this.db
      .update(queueJobs)
      .set({ state: "waiting", attempts: 0, runAt: sql`now()`, finishedAt: null, updatedAt: sql`now()` })
      .where(and(eq(queueJobs.id, id), eq(queueJobs.queue, this.name), eq(queueJobs.state, "failed")))
      .returning({ id: queueJobs.id });
    if (rows.length) for (const w of this.wakers) w();
    return rows.length > 0;
  }

  async close(): Promise<void> {}
}
