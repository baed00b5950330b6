/**
 * Starts the Worker (src/worker.ts, wrangler.toml) in workerd through wrangler's programmatic API
 * (`unstable_startWorker`: wrangler's bundler, then Miniflare with its local KV and Queues), against
 * a fresh clone of the demo database on the machine's PostgreSQL as Hyperdrive's local connection
 * string, with a fake helpdesk API for the Zendesk look-ups. `close()` always stops workerd and drops
 * the database; a start that fails cleans up too.
 */
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { unstable_startWorker } from "wrangler";
import type { Db } from "../../src/db/types";
import { buildWorkerAssets } from "../../scripts/build-worker-assets";
import { cloneDemoDatabase } from "../helpers/db";
import { ZENDESK_TEST_SECRET } from "../fakes/helpdesks/payloads";
import { startFakeHelpdesk, type FakeHelpdesk } from "../fakes/helpdesks/server";
import { SHARED_API_KEY } from "../shared/ticket-routes";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface WorkerUnderTest {
  url: URL;
  /** A request to the Worker over HTTP (as a client would send it). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Runs the Worker's `scheduled` handler as the cron trigger `cron` would (wrangler's `/__scheduled`). */
  scheduled(cron: string): Promise<void>;
  /** A direct connection to the Worker's database, for assertions. */
  db: Db;
  fake: FakeHelpdesk;
  close(): Promise<void>;
}

/** Polls until only `client`'s own session is connected to its database (bounded; not an assertion). */
async function waitForIdleDatabase(client: postgres.Sql, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { n } = (await client`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)[0]!;
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Hyperdrive's local connection string must carry a password; PostgreSQL ignores it under trust auth. */
function withPassword(url: string): string {
  const u = new URL(url);
  if (!u.password) u.password = "local";
  return u.toString();
}

/**
 * @param vars extra string bindings (variables and secrets), e.g. `{ WORKER_SCORING_MAX_ORDERS: "10" }`
 */
export async function startWorkerUnderTest(vars: Record<string, string> = {}): Promise<WorkerUnderTest> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const clone = await cloneDemoDatabase();
    cleanups.push(() => clone.drop());
    const client = postgres(clone.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => client.end({ timeout: 5 }));
    const fake = await startFakeHelpdesk();
    cleanups.push(() => fake.close());

    // What wrangler.toml's [build] command does before `wrangler deploy` (run here once, in-process).
    buildWorkerAssets();
    process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = withPassword(clone.url);
    process.env.WRANGLER_SEND_METRICS = "false";
    const secrets: Record<string, string> = {
      API_KEY: SHARED_API_KEY,
      ZENDESK_WEBHOOK_SECRET: ZENDESK_TEST_SECRET,
      ZENDESK_SUBDOMAIN: "shop",
      ZENDESK_EMAIL: "agent@shop.example",
      ZENDESK_API_TOKEN: "zd-token",
      ZENDESK_API_URL: fake.url,
      HELPDESK_JOB_BACKOFF_MS: "20",
      LOG_LEVEL: "error",
      ...vars,
    };
    const worker = await unstable_startWorker({
      config: path.join(ROOT, "wrangler.toml"),
      bindings: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, { type: "secret_text" as const, value: v }])),
      build: {
        // The assets were built above; wrangler's custom build would also watch src/ for changes.
        custom: { command: "" },
        // wrangler.toml has nodejs_compat with a 2026 date: wrangler dev's "v2" mode. The programmatic
        // API does not derive it from the config file.
        nodejsCompatMode: "v2",
      },
      dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, persist: false, watch: false, logLevel: "warn", testScheduled: true },
    });
    cleanups.push(async () => {
      // Miniflare's Hyperdrive proxy pipes workerd's sockets to PostgreSQL without error handlers:
      // stopping workerd while one is open throws ECONNRESET in this process. The Worker ends its
      // client after each invocation (ctx.waitUntil), so wait for the database to have no sessions
      // other than ours before stopping it.
      await waitForIdleDatabase(client, 10_000);
      await worker.dispose();
    });
    const failed = new Promise<never>((_, reject) => worker.raw.on("error", (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)))));
    failed.catch(() => {});
    await Promise.race([worker.ready, failed]);
    const url = await worker.url;
    // The first request waits for workerd to load the bundle; a failed start rejects instead of hanging.
    const health = await Promise.race([fetch(new URL("/healthz", url), { signal: AbortSignal.timeout(120_000) }), failed]);
    if (health.status !== 200) throw new Error(`the Worker answered /healthz with ${health.status}: ${await health.text()}`);
    return {
      url,
      fetch: (p, init) => fetch(new URL(p, url), init),
      scheduled: async (cron) => {
        const res = await fetch(new URL(`/__scheduled?cron=${encodeURIComponent(cron)}`, url), { signal: AbortSignal.timeout(300_000) });
        if (!res.ok) throw new Error(`scheduled ${cron}: ${res.status} ${await res.text()}`);
      },
      db: drizzle({ client, casing: "snake_case" }) as unknown as Db,
      fake,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
