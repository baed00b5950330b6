/**
 * Node entry: `npm start`. Parses the environment, builds the services (embedded PGlite and the
 * demo store by default), and serves the app on PORT (default 8787).
 */
import { setPriority } from "node:os";
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { ConfigError, parseEnv } from "./config/env";
import { bootstrap, nodeMounts } from "./node/bootstrap";
import { runMeasuredScoringJob } from "./jobs/score";
import { gracefulShutdown } from "./node/shutdown";
import { metricsRoutes } from "./routes/metrics";
import { startTracing } from "./log/tracing-node";

async function main() {
  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // Before anything makes a span: traces when OTEL_EXPORTER_OTLP_ENDPOINT is set, else none.
  const tracing = startTracing(env);
  const rt = await bootstrap(env);
  const { services } = rt;
  const app = createApp(services, nodeMounts(rt));
  const server =
    env.PROCESS_ROLE === "worker"
      ? null
      : serve({ fetch: app.fetch, port: env.PORT, hostname: "0.0.0.0" }, (info) => {
          console.log(`support-copilot listening on http://localhost:${info.port}`);
          console.log(
            `  database: ${rt.dbHandle.kind}${rt.dbHandle.kind === "pglite" ? ` (${env.DATA_DIR})` : ""}; cache: ${env.REDIS_URL ? "redis" : "memory"}`,
          );
          console.log(`  store: ${services.store.kind}, as of ${services.store.asOf ?? "now"}`);
          console.log(`  drafter: ${services.drafter.model ? `${env.OPENAI_MODEL} (template fallback)` : "template (set OPENAI_API_KEY for a model)"}`);
          if (rt.apiKeyGenerated) console.log(`  API key (generated; set API_KEY to choose one): ${services.apiKey}`);
          console.log(`  console: http://localhost:${info.port}/console`);
          if (rt.firstAdmin) {
            // Printed once, here only: the user table keeps a scrypt hash; the first sign-in must change it.
            console.log(`  first admin: ${rt.firstAdmin.email}, one-time password: ${rt.firstAdmin.password}`);
          }
          if (env.PROCESS_ROLE === "web") console.log("  role: web (jobs run in a PROCESS_ROLE=worker process)");
        });
  if (env.PROCESS_ROLE === "worker") {
    // Drafting can wait a second; acknowledging a vendor's webhook should not. On a machine shared
    // with the web process, the worker yields the CPU first.
    try {
      setPriority(10);
    } catch {
      // not permitted here: run at normal priority
    }
  }
  // Prometheus may scrape a port of its own (the only HTTP of a PROCESS_ROLE=worker process).
  const metricsRouter = env.METRICS_PORT ? metricsRoutes(services) : null;
  const metricsServer = metricsRouter && env.METRICS_PORT ? serve({ fetch: metricsRouter.fetch, port: env.METRICS_PORT, hostname: "0.0.0.0" }) : null;
  if (metricsServer) console.log(`  metrics: http://localhost:${env.METRICS_PORT}/metrics`);
  if (!server) console.log(`support-copilot worker running (jobs: ${rt.helpdesks ? rt.helpdesks.queue.kind : "none"}, daily scoring)`);

  // Daily scoring refresh; the run in force changes only when a new fit converges.
  const daily = setInterval(
    () => {
      if (env.PROCESS_ROLE === "web") return; // the worker process scores
      runMeasuredScoringJob(services.db, services.clock.now(), services.metrics, (l) => services.log.info(l))
        .then(() => services.profiles.refreshModel())
        .catch((err) => services.log.error("scheduled scoring failed", { error: String(err) }));
    },
    24 * 3600 * 1000,
  );
  daily.unref();

  // Another instance's policy change reaches this one within a minute (a change made here applies at once).
  const policyRefresh = setInterval(() => {
    rt.policyStore.refresh().catch((err: unknown) => services.log.warn("policy refresh failed", { error: String(err) }));
  }, 60_000);
  policyRefresh.unref();

  // SIGTERM (orchestrators) or SIGINT (Ctrl+C): stop accepting, drain for up to SHUTDOWN_TIMEOUT_MS,
  // then close the database. A second signal exits at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    clearInterval(daily);
    clearInterval(policyRefresh);
    services.log.info("signal received", { signal });
    const { drained } = await gracefulShutdown({
      server,
      drainJobs: async () => rt.helpdesks?.drain?.(),
      close: async (o) => {
        metricsServer?.close();
        await rt.close(o);
      },
      flush: () => tracing?.shutdown() ?? Promise.resolve(),
      log: services.log,
      timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    });
    process.exit(drained ? 0 : 1);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
