/**
 * Builds the Worker as `wrangler deploy` would, without uploading (`wrangler deploy --dry-run
 * --outdir dist/worker`), prints its size raw and gzipped, and fails (exit 1) when
 * - the gzipped bundle exceeds 3 MiB (Cloudflare's Free-plan limit; Paid allows 10 MiB), or
 * - a Node-only module reaches it: PGlite, ioredis, BullMQ, gray-matter (reads files), or a Node
 *   built-in that workerd's `nodejs_compat` does not give a Worker a real implementation of.
 *
 *   npx tsx scripts/check-worker-bundle.ts
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "..");
export const MAX_GZIP_BYTES = 3 * 1024 * 1024;

const FORBIDDEN_PACKAGES = ["@electric-sql/pglite", "ioredis", "bullmq", "gray-matter", "@hono/node-server"];
const FORBIDDEN_BUILTINS = /^(node:)?(fs|fs\/promises|module|path|zlib|child_process|os|net|tls|http|https|worker_threads)$/;
/** Known exceptions, each with its reason (none today: the console's jsdiff is bundled). */
const ALLOWED: Record<string, string> = {};

export interface BundleReport {
  rawBytes: number;
  gzipBytes: number;
  offenders: string[];
  allowed: string[];
}

/** Runs the dry-run build and checks it. @throws when wrangler fails */
export function checkWorkerBundle(outDir = path.join(ROOT, "dist/worker")): BundleReport {
  const meta = path.join(outDir, "meta.json");
  const r = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outDir, "--metafile", meta], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed (${r.status}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  const code = readFileSync(path.join(outDir, "worker.js"));
  const metafile = JSON.parse(readFileSync(meta, "utf8")) as { inputs: Record<string, { imports?: { path: string; external?: boolean }[] }> };
  const offenders: string[] = [];
  const allowed: string[] = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    const rel = file.replace(/^.*?node_modules\//, "node_modules/");
    const pkg = FORBIDDEN_PACKAGES.find((p) => rel.startsWith(`node_modules/${p}/`));
    if (pkg) offenders.push(`${pkg} (${rel})`);
    for (const imp of input.imports ?? []) {
      if (!imp.external || !FORBIDDEN_BUILTINS.test(imp.path)) continue;
      const line = `${file} imports ${imp.path}`;
      if (ALLOWED[file]) allowed.push(`${line}: ${ALLOWED[file]}`);
      else offenders.push(line);
    }
  }
  return { rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, offenders, allowed };
}

const mib = (b: number) => `${(b / 1048576).toFixed(2)} MiB`;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    const rep = checkWorkerBundle();
    console.log(`worker bundle: ${mib(rep.rawBytes)} raw, ${mib(rep.gzipBytes)} gzip (limit ${mib(MAX_GZIP_BYTES)} gzip)`);
    for (const a of rep.allowed) console.log(`  allowed: ${a}`);
    for (const o of rep.offenders) console.error(`  Node-only in the bundle: ${o}`);
    if (rep.gzipBytes > MAX_GZIP_BYTES || rep.offenders.length) process.exit(1);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
