/**
 * The service under load, in its own OS process: the Node entry's wiring (src/main.ts: parseEnv,
 * bootstrap, createApp, @hono/node-server) with two differences a bench needs: it listens on
 * 127.0.0.1 only, and its Redis keys (cache and BullMQ) carry a per-run prefix
 * (`BENCH_KEY_PREFIX`), so a bench run never shares a queue with a developer's server or the tests.
 * `BENCH_ROLE=ingest` runs the webhooks without the job worker (an ingest-only instance,
 * `startHelpdesks({ worker: false })`); `worker` runs the job worker without HTTP; `all` (default)
 * is the one-process deployment of `npm start`.
 * Started and killed by bench/webhooks/run.ts; prints `ready <port>` once it accepts requests.
 */
import { setPriority } from "node:os";
import { serve } from "@hono/node-server";
import { createApp } from "../../src/app";
import { parseEnv } from "../../src/config/env";
import { helpdeskConfigFromEnv } from "../../src/config/helpdesks";
import { startHelpdesks } from "../../src/node/helpdesks";
import { bootstrap, nodeMounts } from "../../src/node/bootstrap";

const env = parseEnv(process.env);
const role = process.env.BENCH_ROLE ?? "all";
const keyPrefix = process.env.BENCH_KEY_PREFIX ?? "bench:";
const rt = await bootstrap(env, { keyPrefix });
if (role === "ingest") {
  await rt.helpdesks?.close();
  rt.helpdesks = rt.services.helpdesk = startHelpdesks(rt.services, helpdeskConfigFromEnv(env), {
    redisUrl: env.REDIS_URL,
    bullPrefix: `${keyPrefix.replace(/:+$/, "")}-bull`,
    worker: false,
  });
}
// As src/main.ts does for PROCESS_ROLE=worker: drafting yields the CPU to acknowledgements.
if (role === "worker") setPriority(10);
const server =
  role === "worker"
    ? null
    : serve({ fetch: createApp(rt.services, nodeMounts(rt)).fetch, port: env.PORT, hostname: "127.0.0.1" }, (info) => {
        console.log(`ready ${info.port} role=${role} drafter=${rt.services.drafter.model ? "model" : "template"} queue=${rt.helpdesks?.queue.kind ?? "none"}`);
      });
if (!server) console.log(`ready - role=${role} drafter=${rt.services.drafter.model ? "model" : "template"} queue=${rt.helpdesks?.queue.kind ?? "none"}`);

const shutdown = async () => {
  server?.close();
  await rt.close();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
