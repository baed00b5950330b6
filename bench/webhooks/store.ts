/**
 * The bench's PostgreSQL and Redis: a fresh database per run cloned from a bench template (the demo
 * store, migrated and scored), the drain wait, the exactly-once and loss counts, and clean-up.
 * Counts come from the service's own tables, never from what the load generator saw.
 */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import postgres from "postgres";
import { prepareDemoDatabase } from "../../src/jobs/demo-store";

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** Survives the test setup's clean-up of stale `copilot_tpl_*` templates. */
const TEMPLATE = "copilot_bench_webhooks_tpl";
const DEMO_FILE = "../shared/data/online-retail/online-retail.csv.gz";

export function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** CREATE DATABASE ... TEMPLATE, retried while another session holds the template (bounded). */
async function cloneDb(sql: postgres.Sql, name: string, template: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await sql.unsafe(`create database "${name}" template "${template}"`);
      return;
    } catch (err) {
      if (attempt >= 40 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Makes sure the bench template exists: a copy of the tests' current demo template when there is
 * one, otherwise built here (migrate, import the demo store, score; a few minutes, once).
 */
export async function ensureTemplate(log: (line: string) => void): Promise<string> {
  return withAdmin(async (sql) => {
    if ((await sql`select 1 from pg_database where datname = ${TEMPLATE}`).length) return TEMPLATE;
    const building = `${TEMPLATE}_building`;
    await sql.unsafe(`drop database if exists "${building}" with (force)`);
    const tests = await sql<{ datname: string }[]>`select datname from pg_database where datname like 'copilot_tpl_%' and datname not like '%_building'`;
    let cloned = false;
    for (const t of tests) {
      try {
        await cloneDb(sql, building, t.datname);
        log(`bench template: cloned from ${t.datname}`);
        cloned = true;
        break;
      } catch {
        // dropped or busy meanwhile: try the next, else build
      }
    }
    if (!cloned) {
      log(`bench template: importing the demo store from ${DEMO_FILE} (once)`);
      await sql.unsafe(`create database "${building}"`);
      await prepareDemoDatabase(dbUrl(building), DEMO_FILE);
    }
    // Planner statistics, whatever the source (the import analyzes; an older test template may not have).
    const b = postgres(dbUrl(building), { max: 1, onnotice: () => {} });
    await b.unsafe("analyze").finally(() => b.end());
    await sql.unsafe(`alter database "${building}" rename to "${TEMPLATE}"`);
    return TEMPLATE;
  });
}

export async function createRunDb(template: string, name: string): Promise<string> {
  await withAdmin((sql) => cloneDb(sql, name, template));
  return dbUrl(name);
}

export async function dropDb(name: string): Promise<void> {
  await withAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

export async function sampleCustomers(url: string, limit: number): Promise<{ email: string; firstName: string | null }[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<
      { email: string; first_name: string | null }[]
    >`select email, first_name from customers where email is not null order by id limit ${limit}`;
    return rows.map((r) => ({ email: r.email, firstName: r.first_name }));
  } finally {
    await sql.end();
  }
}

export interface Outcome {
  tickets: number;
  drafts: number;
  /** Tickets with more than one revision-1 draft (the unique index forbids it; counted anyway). */
  duplicateFirstDrafts: number;
  /** Tickets with more than one draft of any revision (no follow-ups are sent, so any is a duplicate). */
  ticketsWithSeveralDrafts: number;
  /** Events whose ticket has no revision-1 draft. */
  lost: number;
  deliveries: Record<string, number>;
  failedTickets: number;
}

/** Counts what the service made of tickets `firstId .. firstId + n - 1` (Zendesk ids). */
export async function countOutcome(url: string, firstId: number, n: number): Promise<Outcome> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [o] = await sql<{ tickets: number; drafts: number; dup: number; multi: number; lost: number; failed: number }[]>`
      select
        (select count(*)::int from tickets where source = 'zendesk') as tickets,
        (select count(*)::int from drafts d join tickets t on t.id = d.ticket_id where t.source = 'zendesk') as drafts,
        (select count(*)::int from (select ticket_id from drafts where revision = 1 group by ticket_id having count(*) > 1) x) as dup,
        (select count(*)::int from (select ticket_id from drafts group by ticket_id having count(*) > 1) x) as multi,
        (select count(*)::int from generate_series(${firstId}::bigint, ${firstId + n - 1}::bigint) g
           where not exists (select 1 from tickets t join drafts d on d.ticket_id = t.id and d.revision = 1
                             where t.source = 'zendesk' and t.external_id = g::text)) as lost,
        (select count(*)::int from tickets where source = 'zendesk' and status = 'failed') as failed`;
    const rows = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from helpdesk_deliveries group by status`;
    return {
      tickets: o!.tickets,
      drafts: o!.drafts,
      duplicateFirstDrafts: o!.dup,
      ticketsWithSeveralDrafts: o!.multi,
      lost: o!.lost,
      deliveries: Object.fromEntries(rows.map((r) => [r.status, r.n])),
      failedTickets: o!.failed,
    };
  } finally {
    await sql.end();
  }
}

/**
 * Waits until `n` deliveries are stored and none is still `received` (bounded by `timeoutMs`).
 * @returns ms waited, whether it drained, and the processed count at the end
 */
export async function waitDrained(url: string, n: number, timeoutMs: number, progress: (line: string) => void): Promise<{ ms: number; drained: boolean }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const t0 = performance.now();
  let lastLog = 0;
  try {
    for (;;) {
      const [r] = await sql<
        { total: number; received: number }[]
      >`select count(*)::int as total, count(*) filter (where status = 'received')::int as received from helpdesk_deliveries`;
      const ms = performance.now() - t0;
      if (r!.total >= n && r!.received === 0) return { ms, drained: true };
      if (ms > timeoutMs) return { ms, drained: false };
      if (ms - lastLog > 10_000) {
        progress(`  draining: ${r!.total - r!.received}/${n} processed, ${r!.received} waiting (${(ms / 1000).toFixed(0)} s)`);
        lastLog = ms;
      }
      await new Promise((res) => setTimeout(res, 250));
    }
  } finally {
    await sql.end();
  }
}

/** BullMQ's job counts for the run's queue (the `failed` set is the dead letter). */
export async function queueCounts(redisUrl: string, prefix: string): Promise<Record<string, number>> {
  const q = new Queue("tickets", { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix });
  try {
    return await q.getJobCounts("waiting", "active", "delayed", "completed", "failed");
  } finally {
    await q.close();
  }
}

/** Deletes the run's Redis keys (cache and BullMQ), found by SCAN on their common prefix. */
export async function dropRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length) removed += await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return removed;
}
