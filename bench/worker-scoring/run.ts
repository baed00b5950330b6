/**
 * Where the Worker's cron scoring stops (README "Cloudflare Workers"): the CPU time and memory of
 * the daily scoring job as the store grows, measured on this machine's Node (V8, as in workerd).
 *
 * 1. The real job (`runScoringJob`: load every order from PostgreSQL, fit, backtest, write the run)
 *    on the demo store: CPU time of this process (`process.cpuUsage`, which is what a Worker's CPU
 *    limit counts: the database's own time is not ours), wall time, peak heap.
 * 2. The pure part (`scoreStore`) on the demo store's orders replicated k times under new customer
 *    ids (k = 1, 2, 4, 8), each in a fresh child process: CPU time and peak heap against the order count.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a clone of the demo template> npx tsx bench/worker-scoring/run.ts
 *
 * Prints figures; not a test. The job writes a new scoring run into that database.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadStoreTransactions } from "../../src/customers/repo";
import { openDb } from "../../src/db/client";
import { runScoringJob } from "../../src/jobs/score";
import { scoreStore, type StoreOrder } from "../../src/scoring/store";

const AS_OF = new Date("2011-12-10T00:00:00Z");
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const mib = (b: number) => (b / 1048576).toFixed(0);

function peakHeap(): { stop(): number } {
  let peak = process.memoryUsage().heapUsed;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  return {
    stop: () => {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().heapUsed);
    },
  };
}

async function loadOrders(url: string): Promise<StoreOrder[]> {
  const h = await openDb({ databaseUrl: url, max: 2 });
  try {
    const { orderRows } = await loadStoreTransactions(h.db);
    return orderRows.map((o) => ({ customerId: o.customer_id, at: new Date(o.processed_at), amount: Number(o.total_minor), productIds: o.skus ?? [] }));
  } finally {
    await h.close();
  }
}

async function child(url: string, k: number) {
  const base = await loadOrders(url);
  global.gc?.();
  const heapBase = process.memoryUsage().heapUsed;
  // Deep copies (own strings, dates and product arrays), plus the raw rows the job also holds while
  // it maps them, so the heap figure is what k times the store really costs.
  const orders: StoreOrder[] = [];
  const rawRows: unknown[] = [];
  for (let i = 0; i < k; i++)
    for (const o of base) {
      const customerId = `${o.customerId}-x${i}`;
      rawRows.push({
        id: `${customerId}:${o.at.getTime()}`,
        customer_id: customerId,
        processed_at: o.at.toISOString(),
        total_minor: String(o.amount),
        skus: (o.productIds ?? []).map((p) => `${p} `.trim()),
      });
      orders.push({ customerId, at: new Date(o.at.getTime()), amount: o.amount, productIds: (o.productIds ?? []).map((p) => `${p} `.trim()) });
    }
  base.length = 0;
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const hp = peakHeap();
  const c0 = process.cpuUsage();
  const run = scoreStore(orders, [], AS_OF);
  const cpu = cpuMs(process.cpuUsage(c0));
  const peak = hp.stop();
  console.log(
    JSON.stringify({
      k,
      orders: orders.length,
      customers: run.counts.customers,
      status: run.status,
      cpuMs: Math.round(cpu),
      heapBaseMiB: Number(mib(heapBase)),
      heapInputMiB: Number(mib(heap0 - heapBase)),
      heapPeakMiB: Number(mib(peak - heapBase)),
      rows: rawRows.length,
    }),
  );
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("set DATABASE_URL to a clone of the demo store");
  if (process.argv[2] === "--child") return child(url, Number(process.argv[3]));

  const h = await openDb({ databaseUrl: url, max: 4 });
  const hp = peakHeap();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runScoringJob(h.db, AS_OF);
  const wall = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(c0));
  const peak = hp.stop();
  await h.close();
  const orders = (r.figures.counts as { orders?: number } | undefined)?.orders;
  console.log(
    `runScoringJob on the demo store: ${r.status}, written ${r.written}; CPU ${cpu.toFixed(0)} ms, wall ${wall.toFixed(0)} ms, peak heap ${mib(peak)} MiB${orders ? `, ${orders} orders` : ""}`,
  );

  console.log("scoreStore alone, demo orders replicated k times (fresh process each):");
  for (const k of [1, 2, 4, 8]) {
    const res = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--child", String(k)], {
      env: process.env,
      encoding: "utf8",
    });
    const line = res.stdout.trim().split("\n").pop() ?? "";
    try {
      const f = JSON.parse(line);
      console.log(
        `  k=${f.k}: ${f.orders} orders, ${f.customers} customers: CPU ${f.cpuMs} ms (${((f.cpuMs / f.orders) * 1000).toFixed(0)} ms per 1,000 orders), input ${f.heapInputMiB} MiB, peak ${f.heapPeakMiB} MiB above the ${f.heapBaseMiB} MiB baseline`,
      );
    } catch {
      console.log(`  k=${k}: failed: ${res.stderr.slice(-500)}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
