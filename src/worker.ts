/**
 * Cloudflare Workers entry (wrangler.toml `main`): the same `createApp` as Node, on Workers-native
 * services (src/workers/services.ts). Exports the three handlers:
 * - `fetch`: the HTTP app (webhooks enqueue onto Cloudflare Queues);
 * - `queue`: the ticket jobs and their dead letters (src/workers/consumer.ts);
 * - `scheduled`: the helpdesk reconciler and the daily scoring refresh (src/workers/scheduled.ts).
 *
 * The bindings are parsed by the Node service's zod schema (src/workers/env.ts); a bad variable or a
 * missing binding answers 500 with a problem+json naming it, and is logged.
 */
import { createApp } from "./app";
import { ConfigError } from "./config/env";
import type { ExecutionContextLike, QueueBatch, ScheduledControllerLike } from "./workers/bindings";
import { handleTicketBatch } from "./workers/consumer";
import { parseWorkerEnv, type WorkerBindings } from "./workers/env";
import type { QueuedJob } from "./workers/queue";
import { handleScheduled } from "./workers/scheduled";
import { buildWorkerServices } from "./workers/services";

function configProblem(err: ConfigError): Response {
  console.error(err.message);
  const body = { type: "about:blank", title: "Service misconfigured", status: 500, detail: err.message };
  return new Response(JSON.stringify(body), { status: 500, headers: { "content-type": "application/problem+json" } });
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContextLike): Promise<Response> {
    let env: ReturnType<typeof parseWorkerEnv>;
    try {
      env = parseWorkerEnv(bindings);
    } catch (err) {
      if (err instanceof ConfigError) return configProblem(err);
      throw err;
    }
    const rt = await buildWorkerServices(env, bindings, ctx);
    const res = await createApp(rt.services, rt.mounts).fetch(request, bindings, ctx as never);
    // A streamed answer (regenerate's server-sent events) still uses the client while it streams;
    // the runtime closes its sockets when the request ends.
    if (res.headers.get("content-type")?.startsWith("text/event-stream")) return res;
    ctx.waitUntil(rt.close());
    return res;
  },

  async queue(batch: QueueBatch<QueuedJob>, bindings: WorkerBindings, ctx: ExecutionContextLike): Promise<void> {
    const env = parseWorkerEnv(bindings);
    const rt = await buildWorkerServices(env, bindings, ctx);
    try {
      await handleTicketBatch(batch, rt, env.TICKET_DEAD_LETTER_QUEUE);
    } finally {
      ctx.waitUntil(rt.close());
    }
  },

  async scheduled(controller: ScheduledControllerLike, bindings: WorkerBindings, ctx: ExecutionContextLike): Promise<void> {
    const env = parseWorkerEnv(bindings);
    const rt = await buildWorkerServices(env, bindings, ctx);
    try {
      const done = await handleScheduled(controller, rt, { scoringCron: env.SCORING_CRON, maxOrders: env.WORKER_SCORING_MAX_ORDERS });
      rt.services.log.info("scheduled run done", { cron: controller.cron, done });
    } finally {
      ctx.waitUntil(rt.close());
    }
  },
};
