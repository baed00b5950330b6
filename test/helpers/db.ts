import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { openDb, type DbHandle } from "../../src/db/client";
import { databaseUrl, TEST_DATABASE_URL } from "./env";

/**
 * A fresh database cloned from the demo-store template built by the global setup.
 * @returns its URL and a `drop()` for afterAll
 */
export async function cloneDemoDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const template = process.env.COPILOT_TEMPLATE_DB;
  if (!template) throw new Error("COPILOT_TEMPLATE_DB is not set: the vitest global setup did not run");
  const name = `copilot_t_${randomBytes(5).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    // A template must have no other connections while it is copied; retry briefly if another suite is cloning.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(name),
    name,
    drop: async () => {
      const a = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks that clone the demo database and open it (`max`
 * connections, default 4), then close and drop it. Call at the top level of a test file.
 * @returns a getter for the open handle (valid inside tests, after `beforeAll`)
 */
export function useClonedDatabase(max = 4): () => DbHandle {
  let clone: Awaited<ReturnType<typeof cloneDemoDatabase>> | undefined;
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    clone = await cloneDemoDatabase();
    handle = await openDb({ databaseUrl: clone.url, max });
  });
  afterAll(async () => {
    await handle?.close();
    await clone?.drop();
  });
  return () => {
    if (!handle) throw new Error("useClonedDatabase: the database is opened in beforeAll");
    return handle;
  };
}
