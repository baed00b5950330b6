/**
 * PostgreSQL on Workers: postgres.js (its `workerd` build, over `cloudflare:sockets`; needs the
 * `nodejs_compat` flag) through a Hyperdrive binding, driven by the same drizzle schema as on Node.
 *
 * A Worker may not reuse a socket across requests, so every invocation opens its own small client
 * (Hyperdrive keeps the real connections pooled near the database) and ends it after the response
 * (`ctx.waitUntil(handle.close())`). https://developers.cloudflare.com/hyperdrive/examples/connect-to-postgres/postgres-drivers-and-libraries/postgres-js/
 */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../db/types";

export interface WorkerDbHandle {
  db: Db;
  close(): Promise<void>;
}

/** drizzle's migration record, as scripts/build-worker-assets.ts bundles it. */
export interface BundledMigration {
  sql: string[];
  bps: boolean;
  folderMillis: number;
  hash: string;
}

/**
 * Opens a client for one invocation.
 * @param connectionString `env.HYPERDRIVE.connectionString`
 */
export function openWorkerDb(connectionString: string): WorkerDbHandle {
  // fetch_types: false saves a round trip per client (no custom types here); max 5 lets a request's
  // parallel queries (the pipeline's look-ups) share the client without waiting on one socket.
  const client = postgres(connectionString, { max: 5, fetch_types: false, onnotice: () => {} });
  const db = drizzle({ client, casing: "snake_case" }) as unknown as Db;
  return { db, close: () => client.end({ timeout: 5 }) };
}

let migrated = false;

/**
 * Applies the bundled migrations (the committed `drizzle/` folder) once per isolate, as the Node
 * entry does at start: one query when the database is up to date; drizzle's migrator (one
 * transaction) otherwise. Only a plain flag is kept across invocations: a promise made in one
 * request must not be awaited by another (workerd ties I/O to the request that started it).
 */
export async function ensureMigrated(db: Db, migrations: readonly BundledMigration[]): Promise<void> {
  if (migrated) return;
  const newest = migrations.reduce((m, x) => Math.max(m, x.folderMillis), 0);
  let applied = 0;
  try {
    const res = (await db.execute(sql`select max(created_at) as at from drizzle.__drizzle_migrations`)) as unknown as { at: string | null }[];
    applied = Number(res[0]?.at ?? 0);
  } catch {
    // No migrations table yet: a new database.
  }
  if (applied < newest) {
    const d = db as unknown as { dialect: { migrate(m: readonly BundledMigration[], s: unknown, c: object): Promise<void> }; session: unknown };
    await d.dialect.migrate(migrations, d.session, {});
  }
  migrated = true;
}
