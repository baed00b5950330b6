import { randomBytes } from "node:crypto";
import postgres from "postgres";
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
