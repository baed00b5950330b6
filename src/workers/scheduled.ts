/**
 * The Worker's cron triggers (wrangler.toml `[triggers] crons`):
 * - every run: the helpdesk reconciler (Node runs it every 5 s): deliveries stored without a job and
 *   approved drafts without a post get one;
 * - on `SCORING_CRON` (daily): the scoring refresh of `npm run score`, for a store of at most
 *   `WORKER_SCORING_MAX_ORDERS` orders. A larger store would not fit a Worker's CPU and memory
 *   limits; it is skipped with a log line saying so, and the Node job (`npm run score`, e.g. from a
 *   cron of its own against the same database) keeps it fresh. The boundary and the measured figure
 *   behind its default are in the README ("Cloudflare Workers").
 */
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import { customers, orders } from "../db/schema";
import type { Db } from "../db/types";
import { runScoringJob, type ScoringJobResult } from "../jobs/score";
import type { ScheduledControllerLike } from "./bindings";
import type { WorkerRuntime } from "./services";
import { one } from "../lib/one";

export type ScoringOutcome =
  | { task: "scoring"; ran: true; orders: number; result: Pick<ScoringJobResult, "written" | "runId" | "model" | "status" | "reason"> }
  | { task: "scoring"; ran: false; orders: number; reason: string };
export type ScheduledOutcome = { task: "reconcile" } | ScoringOutcome;

/** What the scoring job would load: orders with a customer, and customers. */
export async function storeSize(db: Db): Promise<{ orders: number; customers: number }> {
  const r = one(
    rowsOf<{ orders: number; customers: number }>(
      await db.execute(
        sql`select (select count(*) from ${orders} where customer_id is not null)::int as orders, (select count(*) from ${customers})::int as customers`,
      ),
    ),
    "count",
  );
  return { orders: Number(r.orders), customers: Number(r.customers) };
}

/**
 * Runs what the cron expression asks for.
 * @param scoringCron the expression of the daily scoring run (`SCORING_CRON`)
 * @param maxOrders the largest store scored in the Worker (`WORKER_SCORING_MAX_ORDERS`)
 */
export async function handleScheduled(
  controller: ScheduledControllerLike,
  rt: WorkerRuntime,
  opts: { scoringCron: string; maxOrders: number },
): Promise<ScheduledOutcome[]> {
  const done: ScheduledOutcome[] = [];
  if (rt.helpdesks) {
    await rt.helpdesks.reconcile();
    done.push({ task: "reconcile" });
  }
  if (controller.cron === opts.scoringCron) done.push(await scheduledScoring(rt, opts.maxOrders));
  return done;
}

/** The scoring refresh, when the store is small enough for a Worker. */
export async function scheduledScoring(rt: WorkerRuntime, maxOrders: number): Promise<ScoringOutcome> {
  const { services } = rt;
  const { orders } = await storeSize(services.db);
  if (orders > maxOrders) {
    const reason = `the store has ${orders} orders, more than WORKER_SCORING_MAX_ORDERS=${maxOrders}: scoring is left to the Node job (npm run score)`;
    services.log.warn("scheduled scoring skipped", { reason });
    return { task: "scoring", ran: false, orders, reason };
  }
  const r = await runScoringJob(services.db, services.clock.now(), (line) => services.log.info(line));
  return { task: "scoring", ran: true, orders, result: { written: r.written, runId: r.runId, model: r.model, status: r.status, reason: r.reason } };
}
