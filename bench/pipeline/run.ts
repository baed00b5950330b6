/**
 * Draft cost: the inbound job's work without the queue and the vendor look-up. Tickets from demo
 * customers (as bench/webhooks sends them) go through `processTicket` with the real PostgreSQL and
 * Redis (profile cache), the model replaced by the template drafter, `--concurrency` at a time
 * (the worker's default, 4). Prints, per run, tickets per second, the Node process's CPU per
 * ticket, PostgreSQL's CPU per ticket (its backends for this database, read from /proc), and the
 * statements sent per ticket (counted on the connection). Medians over `--runs`. Not a test.
 *
 *   npx tsx bench/pipeline/run.ts [--tickets 2000] [--concurrency 4] [--runs 3]
 *
 * This is the worker's side of bench/webhooks: there, every draft's CPU competes on the same two
 * cores with the acknowledgements, so a cheaper draft is a faster drain and a quieter machine for
 * the webhooks.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { parseEnv } from "../../src/config/env";
import { MIGRATIONS_DIR, type Db, type DbHandle } from "../../src/db/client";
import { bootstrap } from "../../src/node/bootstrap";
import { processTicket } from "../../src/pipeline/ticket";
import { buildStream } from "../webhooks/deliveries";
import { createRunDb, dropDb, dropRedisKeys, ensureTemplate, sampleCustomers } from "../webhooks/store";

const { values: a } = parseArgs({
  options: {
    tickets: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "4" },
    runs: { type: "string", default: "3" },
    seed: { type: "string", default: "20240505" },
  },
});
const N = Number(a.tickets);
const CONCURRENCY = Number(a.concurrency);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

/** CPU seconds (user + system) of the PostgreSQL backends serving `dbName`. */
async function backendCpu(admin: postgres.Sql, dbName: string): Promise<number> {
  const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch {
      // exited meanwhile
    }
  }
  return ticks / TICKS;
}

/**
 * Counts the statements drizzle sends through `client` (and through its transactions, with their
 * BEGIN and COMMIT). postgres.js's own `debug` hook would do it, but it also captures a stack
 * trace per query, which would be measured as our CPU.
 */
function countStatements(client: postgres.Sql, count: () => void) {
  const wrap = (s: postgres.Sql | postgres.TransactionSql) => {
    const unsafe = s.unsafe.bind(s);
    s.unsafe = ((...args: Parameters<typeof unsafe>) => {
      count();
      return unsafe(...args);
    }) as typeof s.unsafe;
  };
  wrap(client);
  const begin = client.begin.bind(client) as (fn: (tx: postgres.TransactionSql) => unknown) => Promise<unknown>;
  (client as { begin: unknown }).begin = (fn: (tx: postgres.TransactionSql) => unknown) => {
    count();
    count();
    return begin((tx) => {
      wrap(tx);
      return fn(tx);
    });
  };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)] ?? NaN;

async function oneRun(template: string, runNo: number) {
  const id = randomBytes(4).toString("hex");
  const dbName = `copilot_bench_pipe_${id}`;
  const url = await createRunDb(template, dbName);
  const keyPrefix = `bench-pipe-${id}:`;
  let statements = 0;
  const client = postgres(url, { max: 10, onnotice: () => {} });
  countStatements(client, () => statements++);
  const db = drizzle({ client, casing: "snake_case" }) as unknown as Db;
  const handle: DbHandle = {
    db,
    kind: "postgres",
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.end({ timeout: 5 }),
  };
  const env = parseEnv({
    ...process.env,
    DATABASE_URL: url,
    REDIS_URL,
    DEMO_IMPORT: "off",
    LOG_LEVEL: "warn",
    OPENAI_API_KEY: "",
    API_KEY: `bench-${randomBytes(12).toString("hex")}`,
  });
  const rt = await bootstrap(env, { keyPrefix, db: handle });
  const admin = postgres(url.replace(`/${dbName}`, "/postgres"), { max: 1, onnotice: () => {} });
  try {
    const stream = buildStream(await sampleCustomers(url, 2000), N, 0, Number(a.seed) + runNo);
    const byId = new Map(stream.users.map(([uid, email, name]) => [uid, { email, name }]));
    const inputs = stream.events.map((e) => {
      const t = JSON.parse(e.body).detail as { id: string; requester_id: string; subject: string; description: string };
      const u = byId.get(String(t.requester_id))!;
      return { source: "zendesk" as const, external_id: String(t.id), requester: { email: u.email, name: u.name }, subject: t.subject, body: t.description };
    });
    // Warm-up: JIT, connection pool, prepared statements (not counted).
    for (const input of inputs.slice(0, 50)) await processTicket(rt.services, { ...input, external_id: `warm-${input.external_id}` });

    statements = 0;
    const pg0 = await backendCpu(admin, dbName);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < inputs.length) await processTicket(rt.services, inputs[next++]!);
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pg = (await backendCpu(admin, dbName)) - pg0;
    const r = { perSecond: N / wall, nodeMs: (cpu.user + cpu.system) / 1000 / N, pgMs: (pg * 1000) / N, statements: statements / N };
    console.log(
      `run ${runNo}: ${N} tickets in ${wall.toFixed(1)} s = ${r.perSecond.toFixed(0)}/s; Node CPU ${r.nodeMs.toFixed(2)} ms/ticket; PostgreSQL CPU ${r.pgMs.toFixed(2)} ms/ticket; ${r.statements.toFixed(1)} statements/ticket`,
    );
    return r;
  } finally {
    await rt.close();
    await admin.end();
    await dropRedisKeys(REDIS_URL, keyPrefix.replace(/:+$/, "")).catch(() => {});
    await dropDb(dbName).catch(() => {});
  }
}

async function main() {
  console.log(`pipeline bench: ${N} tickets, concurrency ${CONCURRENCY}, template drafter, PostgreSQL and Redis on 127.0.0.1; Node ${process.version}`);
  const template = await ensureTemplate((l) => console.log(l));
  const rs = [];
  for (let i = 1; i <= Number(a.runs); i++) rs.push(await oneRun(template, i));
  console.log(
    `median of ${rs.length}: ${median(rs.map((r) => r.perSecond)).toFixed(0)} tickets/s; Node CPU ${median(rs.map((r) => r.nodeMs)).toFixed(2)} ms/ticket; PostgreSQL CPU ${median(rs.map((r) => r.pgMs)).toFixed(2)} ms/ticket; ${median(rs.map((r) => r.statements)).toFixed(1)} statements/ticket`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
