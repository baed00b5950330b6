/**
 * Vitest global setup: builds, once per code version, a PostgreSQL template database holding the
 * migrated schema, the imported demo store and a scoring run. Each integration suite then clones it
 * (`CREATE DATABASE ... TEMPLATE ...`, a file copy), so every suite starts from the real demo data
 * in about a second instead of importing 541,909 lines again. The template's name carries a hash
 * of the migrations, the importer and the scoring code, so a change rebuilds it.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { prepareDemoDatabase } from "../../src/jobs/demo-store";
import { databaseUrl, DEMO_FILE, TEST_DATABASE_URL } from "../helpers/env";

function fingerprint(): string {
  const h = createHash("sha256");
  const files = [
    ...readdirSync("drizzle")
      .filter((f) => f.endsWith(".sql"))
      .map((f) => path.join("drizzle", f)),
    "src/store/online-retail.ts",
    "src/jobs/score.ts",
    "src/jobs/demo-store.ts",
    "src/customers/repo.ts",
    ...readdirSync("src/scoring").map((f) => path.join("src/scoring", f)),
  ].sort();
  for (const f of files) h.update(f).update(readFileSync(f));
  return h.digest("hex").slice(0, 10);
}

export default async function setup() {
  const name = `copilot_tpl_${fingerprint()}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    // Serialise builders (several vitest processes may start at once on a developer's machine).
    await admin`select pg_advisory_lock(hashtext('copilot_tpl'))`;
    const exists = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists.length) {
      const building = `${name}_building`;
      await admin.unsafe(`drop database if exists "${building}" with (force)`);
      await admin.unsafe(`create database "${building}"`);
      await prepareDemoDatabase(databaseUrl(building), DEMO_FILE);
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
      // Keep the thirty newest templates (about 100 MB each): other checkouts on this machine (working copies of branches,
      // CI next to a developer) may be cloning from its own right now.
      const stale = await admin`
        select datname from pg_database
        where datname like 'copilot_tpl_%' and datname not like '%_building' and datname <> ${name}
        order by oid desc offset 29`;
      for (const s of stale) await admin.unsafe(`drop database if exists "${s.datname}" with (force)`);
    }
  } finally {
    await admin`select pg_advisory_unlock(hashtext('copilot_tpl'))`.catch(() => {});
    await admin.end();
  }
  process.env.COPILOT_TEMPLATE_DB = name;
}
