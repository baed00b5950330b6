/**
 * Database connection: PostgreSQL through postgres.js when `DATABASE_URL` is set, otherwise PGlite
 * (real PostgreSQL compiled to WASM, in-process) persisted under `DATA_DIR`. Both are driven by the
 * same drizzle schema and the same committed migrations in `drizzle/`.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Db } from "./types";

export type { Db, Tx } from "./types";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../drizzle");

export interface DbHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** Applies the committed drizzle migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database.
 * @param opts.databaseUrl a `postgres://` URL; when absent, PGlite under `opts.dataDir/pglite`
 *   (or in memory when `dataDir` is `":memory:"`).
 * @throws when the server cannot be reached (postgres.js connects lazily: on first query)
 */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string; max?: number }): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, { max: opts.max ?? 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      migrate: () => migratePostgres(db as never, { migrationsFolder: MIGRATIONS_DIR }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = opts.dataDir ?? ".data";
  let pg: PGlite;
  if (dataDir === ":memory:") {
    pg = new PGlite();
  } else {
    const dir = path.resolve(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    pg = new PGlite(dir);
  }
  await pg.waitReady;
  const db = drizzlePglite({ client: pg, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => pg.close(),
  };
}
