/**
 * Webhook benchmark (issue 5): signed Zendesk `ticket.created` webhooks driven by autocannon from
 * this process at the service in another, on loopback, with the real PostgreSQL and Redis (BullMQ)
 * and the model replaced by an instant stub (no OPENAI_API_KEY: the deterministic template
 * drafter). 10% of the events are delivered twice with the same event id, as a vendor retry is.
 * Prints acknowledged requests per second, p50/p99/max acknowledgement latency, non-2xx and
 * errors; then waits for the queue to drain and counts from the database the tickets, drafts,
 * duplicates and losses; one verdict line per target. Not a test.
 *
 *   npx tsx bench/webhooks/run.ts                         # steady and kill-and-restart, 3 runs each
 *   npx tsx bench/webhooks/run.ts --variant steady --runs 1 --events 5000 --seconds 5
 *   npx tsx bench/webhooks/run.ts --rate 0                # closed loop: as fast as the connections go
 *
 * Kill-and-restart: the service gets SIGKILL at `--kill-at` of the run and is started again at
 * once; the load keeps going, requests that fail meanwhile are counted, and every event that got
 * no 2xx is sent again afterwards with a fresh signature (a vendor's retry), until all are acked.
 * Each run has its own database (cloned from a template of the demo store), Redis key prefix and
 * service process; all are removed at the end (`--keep` keeps the database). Logs: /tmp/copilot-bench-webhooks.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ZENDESK_TEST_SECRET } from "../../test/fakes/helpdesks/payloads";
import { buildStream, sign, type Stream } from "./deliveries";
import { drive, f0, f1, median, quantile, type Delivery, type LoadResult, type Sample } from "./load";
import { cpus, loadavg } from "node:os";
import { freePort, machineCpu, startChild, type Child } from "./procs";
import { countOutcome, createRunDb, dropDb, dropRedisKeys, ensureTemplate, queueCounts, sampleCustomers, waitDrained, type Outcome } from "./store";

const { values: a } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    seconds: { type: "string", default: "15" },
    rate: { type: "string" }, // deliveries per second; default events x (1 + repeat) / seconds; 0 = closed loop
    connections: { type: "string", default: "32" },
    repeat: { type: "string", default: "0.1" },
    runs: { type: "string", default: "3" },
    variant: { type: "string", default: "both" }, // steady | restart | both
    "kill-at": { type: "string", default: "0.3" },
    "drain-timeout": { type: "string", default: "600" },
    seed: { type: "string", default: "20240505" },
    keep: { type: "boolean", default: false },
    profile: { type: "string" }, // a directory: the service writes a V8 CPU profile there on exit
    // Two processes, as a deployment with PROCESS_ROLE=web and =worker: one acknowledges, one drafts.
    split: { type: "boolean", default: false },
  },
});
const N = Number(a.events);
const REPEAT = Number(a.repeat);
const CONNECTIONS = Number(a.connections);
const RUNS = Number(a.runs);
const SEED = Number(a.seed);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const FIRST_TICKET = 7_000_000; // deliveries.ts numbers the Zendesk tickets from here
const TARGET = { rps: 1000, p99Ms: 50 };
const LOG_DIR = "/tmp/copilot-bench-webhooks";
const MAX_RETRY_ROUNDS = 5;

type Variant = "steady" | "restart";

interface RunReport {
  variant: Variant;
  main: LoadResult;
  rate: number;
  /** Figures over the windows the service was up: all of a steady run; before the kill and after the restart. */
  windows: { name: string; fromMs: number; toMs: number; acked: number; rps: number; p50: number; p99: number; max: number }[];
  restart?: { killAtMs: number; readyAtMs: number; bootMs: number };
  retries: LoadResult[];
  stillUnacked: number;
  drain: { ms: number; drained: boolean };
  outcome: Outcome;
  queue: Record<string, number>;
  serviceCpuS: number;
  /** The drafting worker's CPU from the start of the load to the end of the drain, s (split runs; 0 otherwise). */
  workerCpuS: number;
  /** Cores busy during the main phase: the whole machine, this load generator, the service, the drafting worker (split runs), the fake API, and the rest (PostgreSQL, Redis, anything else running). */
  cpu: { machine: number; loadgen: number; service: number; worker: number; fake: number; rest: number; load1: number };
  repeats: number;
}

const log = (line: string) => console.log(line);

function windowOf(name: string, samples: Sample[], fromMs: number, toMs: number) {
  const ok = samples.filter((s) => s.at >= fromMs && s.at < toMs && s.status >= 200 && s.status < 300).map((s) => s.ms);
  const secs = Math.max(1e-9, (toMs - fromMs) / 1000);
  return {
    name,
    fromMs,
    toMs,
    acked: ok.length,
    rps: ok.length / secs,
    p50: quantile(ok, 0.5),
    p99: quantile(ok, 0.99),
    max: ok.length ? Math.max(...ok) : Number.NaN,
  };
}

async function oneRun(variant: Variant, runNo: number, template: string): Promise<RunReport> {
  const id = randomBytes(4).toString("hex");
  const dbName = `copilot_bench_wh_${id}`;
  const keyPrefix = `bench-wh-${id}:`;
  const dir = path.join(LOG_DIR, id);
  mkdirSync(dir, { recursive: true });
  log(`\n== ${variant} run ${runNo} (${id}; logs ${dir})`);

  const dbUrl = await createRunDb(template, dbName);
  const children: Child[] = [];
  try {
    const stream: Stream = buildStream(await sampleCustomers(dbUrl, 2000), N, REPEAT, SEED);
    const usersFile = path.join(dir, "users.json");
    writeFileSync(usersFile, JSON.stringify(stream.users));
    const fake = await startChild("bench/webhooks/fake-zendesk.ts", [usersFile], {}, path.join(dir, "fake-zendesk.log"));
    children.push(fake);
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_URL: dbUrl,
      REDIS_URL,
      BENCH_KEY_PREFIX: keyPrefix,
      BENCH_ROLE: a.split ? "ingest" : (process.env.BENCH_ROLE ?? "all"),
      API_KEY: `bench-${randomBytes(12).toString("hex")}`,
      DEMO_IMPORT: "off",
      LOG_LEVEL: "warn",
      OPENAI_API_KEY: "", // the instant stub: the template drafter
      ZENDESK_WEBHOOK_SECRET: ZENDESK_TEST_SECRET,
      ZENDESK_SUBDOMAIN: "bench",
      ZENDESK_EMAIL: "agent@bench.example",
      ZENDESK_API_TOKEN: "bench-token",
      ZENDESK_API_URL: fake.ready,
    };
    const serviceLog = path.join(dir, "service.log");
    const nodeArgs = a.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(a.profile)}`] : [];
    const workerEnv = { ...env, BENCH_ROLE: "worker", PORT: "1" }; // no HTTP in the worker; PORT is only validated
    const workerLog = path.join(dir, "worker.log");
    let worker = a.split ? await startChild("bench/webhooks/service.ts", [], workerEnv, workerLog, { nodeArgs }) : null;
    if (worker) {
      children.push(worker);
      log(`  worker ready in ${f0(worker.startMs)} ms: ${worker.ready}`);
    }
    let service = await startChild("bench/webhooks/service.ts", [], env, serviceLog, { nodeArgs });
    children.push(service);
    log(`  service ready in ${f0(service.startMs)} ms: ${service.ready}`);
    const cpuBefore = service.cpuSeconds();
    // The drafting worker's CPU (split runs), across a kill: what the killed process used plus the new one's since it was ready.
    let workerBase = worker?.cpuSeconds() ?? 0;
    let workerDone = 0;
    const workerCpu = () => workerDone + (worker ? worker.cpuSeconds() - workerBase : 0);

    const deliveries: Delivery[] = stream.order.map((ev) => ({ ev, headers: sign(stream.events[ev]!) }));
    const rate = a.rate !== undefined ? Number(a.rate) : Math.round(deliveries.length / Number(a.seconds));
    const acked = new Uint8Array(N);
    const expectedMs = rate > 0 ? (deliveries.length / rate) * 1000 : Number.NaN;
    let restart: RunReport["restart"];
    let restarting: Promise<void> | null = null;
    let cpuBeforeKill = 0;
    const onTick =
      variant === "restart"
        ? (at: number) => {
            if (restarting || at < Number(a["kill-at"]) * expectedMs) return;
            const killAtMs = at;
            const t0 = performance.now() - at;
            restarting = (async () => {
              cpuBeforeKill = service.cpuSeconds() - cpuBefore;
              workerDone = workerCpu();
              await Promise.all([service.kill("SIGKILL"), worker?.kill("SIGKILL")]);
              log(`  SIGKILL${worker ? " (service and worker)" : ""} at ${f1(killAtMs / 1000)} s; restarting`);
              if (worker) {
                worker = await startChild("bench/webhooks/service.ts", [], workerEnv, workerLog, { nodeArgs });
                workerBase = worker.cpuSeconds();
                children.push(worker);
              }
              service = await startChild("bench/webhooks/service.ts", [], env, serviceLog, { nodeArgs });
              children.push(service);
              restart = { killAtMs, readyAtMs: performance.now() - t0, bootMs: service.startMs };
              log(`  restarted, ready at ${f1(restart.readyAtMs / 1000)} s (boot ${f0(service.startMs)} ms)`);
            })();
          }
        : undefined;

    const m0 = machineCpu();
    const o0 = process.cpuUsage();
    const fake0 = fake.cpuSeconds();
    const worker0 = workerCpu();
    const load1 = loadavg()[0] ?? 0;
    log(
      `  sending ${f0(deliveries.length)} deliveries (${f0(N)} events, ${f0(stream.repeats)} repeated) at ${rate > 0 ? `${f0(rate)}/s` : "full speed"} over ${CONNECTIONS} connections`,
    );
    const main = await drive({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      rate: rate > 0 ? rate : undefined,
      events: stream.events,
      deliveries,
      acked,
      onTick,
    });
    if (restarting) await restarting;
    const m1 = machineCpu();
    const o1 = process.cpuUsage(o0);
    const secs = main.durationMs / 1000;
    const ncores = cpus().length;
    const machine = ((m1.busy - m0.busy) / (m1.total - m0.total)) * ncores;
    const loadgen = (o1.user + o1.system) / 1e6 / secs;
    const svc = (cpuBeforeKill + service.cpuSeconds() - (restart ? 0 : cpuBefore)) / secs;
    const fk = (fake.cpuSeconds() - fake0) / secs;
    const wk = (workerCpu() - worker0) / secs;
    const cpu = { machine, loadgen, service: svc, worker: wk, fake: fk, rest: machine - loadgen - svc - wk - fk, load1 };

    const retries: LoadResult[] = [];
    for (let round = 1; round <= MAX_RETRY_ROUNDS; round++) {
      const pending: Delivery[] = [];
      for (let ev = 0; ev < N; ev++) if (!acked[ev]) pending.push({ ev, headers: sign(stream.events[ev]!) });
      if (!pending.length) break;
      log(`  vendor retry round ${round}: ${f0(pending.length)} unacknowledged events sent again`);
      retries.push(await drive({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, events: stream.events, deliveries: pending, acked }));
    }
    const stillUnacked = N - acked.reduce((s, x) => s + x, 0);

    const drain = await waitDrained(dbUrl, N, Number(a["drain-timeout"]) * 1000, log);
    const serviceCpuS = cpuBeforeKill + service.cpuSeconds() - (restart ? 0 : cpuBefore);
    const workerCpuS = workerCpu() - worker0;
    const outcome = await countOutcome(dbUrl, FIRST_TICKET, N);
    const queue = await queueCounts(REDIS_URL, `${keyPrefix.replace(/:+$/, "")}-bull`);

    const windows = restart
      ? [windowOf("before kill", main.samples, 0, restart.killAtMs), windowOf("after restart", main.samples, restart.readyAtMs, main.durationMs)]
      : [windowOf("whole run", main.samples, 0, main.durationMs)];
    return { variant, main, rate, windows, restart, retries, stillUnacked, drain, outcome, queue, serviceCpuS, workerCpuS, cpu, repeats: stream.repeats };
  } finally {
    for (const c of children.reverse()) await c.kill().catch(() => {});
    await dropRedisKeys(REDIS_URL, keyPrefix.replace(/:+$/, "")).catch((err) => log(`  redis clean-up failed: ${err}`));
    if (!a.keep) await dropDb(dbName).catch((err) => log(`  drop ${dbName} failed: ${err}`));
    else log(`  kept database ${dbName}`);
  }
}

function printRun(r: RunReport) {
  const m = r.main;
  const non2xx = Object.entries(m.status).filter(([s]) => Number(s) < 200 || Number(s) >= 300);
  log(
    `  main phase: ${f0(m.sent)} sent in ${f1(m.durationMs / 1000)} s; 202 accepted ${f0(m.accepted)}, 200 duplicate ${f0(m.duplicates)}, non-2xx ${f0(non2xx.reduce((s, [, n]) => s + n, 0))}${non2xx.length ? ` (${non2xx.map(([s, n]) => `${s}: ${n}`).join(", ")})` : ""}, no response ${f0(m.errors)}`,
  );
  for (const w of r.windows)
    log(
      `  ${w.name} (${f1(w.fromMs / 1000)}-${f1(w.toMs / 1000)} s): ${f0(w.rps)} acks/s; latency p50 ${f1(w.p50)} ms, p99 ${f1(w.p99)} ms, max ${f1(w.max)} ms`,
    );
  for (const [i, t] of r.retries.entries()) {
    const ok = t.samples.filter((s) => s.status < 300).map((s) => s.ms);
    log(
      `  retry round ${i + 1}: ${f0(t.sent)} sent, ${f0(t.accepted)} accepted, ${f0(t.duplicates)} duplicate, ${f0(t.errors)} no response; ${f0(ok.length / (t.durationMs / 1000))} acks/s, p99 ${f1(quantile(ok, 0.99))} ms`,
    );
  }
  const c = r.cpu;
  log(
    `  CPU during the main phase (cores of ${cpus().length}): machine ${c.machine.toFixed(2)}, load generator ${c.loadgen.toFixed(2)}, service ${c.service.toFixed(2)}${a.split ? `, drafting worker ${c.worker.toFixed(2)}` : ""}, fake API ${c.fake.toFixed(2)}, rest (PostgreSQL, Redis, other users' processes) ${c.rest.toFixed(2)}; load average at start ${c.load1.toFixed(1)}`,
  );
  const o = r.outcome;
  log(
    `  drained ${r.drain.drained ? "in" : "NOT within"} ${f1(r.drain.ms / 1000)} s after the last send; service CPU ${f1(r.serviceCpuS)} s${a.split ? `; drafting worker CPU ${f1(r.workerCpuS)} s (${f1((r.workerCpuS * 1000) / Math.max(1, r.outcome.drafts))} ms per draft)` : ""}`,
  );
  log(
    `  database: tickets ${f0(o.tickets)}, drafts ${f0(o.drafts)}, tickets with >1 revision-1 draft ${o.duplicateFirstDrafts}, with >1 draft ${o.ticketsWithSeveralDrafts}, events never drafted ${o.lost}, failed tickets ${o.failedTickets}; deliveries ${JSON.stringify(o.deliveries)}; BullMQ ${JSON.stringify(r.queue)}`,
  );
}

const verdict = (name: string, ok: boolean, figure: string) => log(`${ok ? "MET   " : "MISSED"} ${name}: ${figure}`);

function summarise(variant: Variant, rs: RunReport[]) {
  if (!rs.length) return;
  const w = (r: RunReport) => r.windows[r.windows.length - 1]; // steady: the run; restart: after the restart
  const rps = median(rs.map((r) => w(r)!.rps));
  const p50 = median(rs.map((r) => w(r)!.p50));
  const p99 = median(rs.map((r) => w(r)!.p99));
  const max = median(rs.map((r) => w(r)!.max));
  const exact = rs.every(
    (r) => r.outcome.tickets === N && r.outcome.drafts === N && r.outcome.duplicateFirstDrafts === 0 && r.outcome.ticketsWithSeveralDrafts === 0,
  );
  const lost = Math.max(...rs.map((r) => r.outcome.lost));
  const label = variant === "steady" ? "steady" : "kill-and-restart";
  const scope = variant === "steady" ? "" : " after the restart";
  log(
    `\n-- ${label}: medians of ${rs.length} run(s)${scope}: ${f0(rps)} acks/s; p50 ${f1(p50)} ms, p99 ${f1(p99)} ms, max ${f1(max)} ms; drafts ${rs.map((r) => r.outcome.drafts).join(", ")} of ${N}`,
  );
  if (variant === "restart") {
    const before = median(rs.map((r) => r.windows[0]!.p99));
    const boot = median(rs.map((r) => r.restart?.bootMs ?? Number.NaN));
    const outage = median(rs.map((r) => r.main.errors));
    log(
      `   before the kill: p99 ${f1(before)} ms; restart took ${f0(boot)} ms; requests without a response during the outage ${f0(outage)} (sent again as vendor retries)`,
    );
  }
  verdict(`${label}: >= ${TARGET.rps} webhooks acknowledged per second${scope}`, rps >= TARGET.rps, `${f0(rps)}/s at ${f0(rs[0]!.rate)} offered/s`);
  verdict(`${label}: p99 acknowledgement latency < ${TARGET.p99Ms} ms${scope}`, p99 < TARGET.p99Ms, `${f1(p99)} ms`);
  verdict(
    `${label}: every ticket drafted exactly once`,
    exact,
    rs
      .map(
        (r) => `${r.outcome.tickets} tickets / ${r.outcome.drafts} drafts / ${r.outcome.duplicateFirstDrafts + r.outcome.ticketsWithSeveralDrafts} duplicated`,
      )
      .join("; "),
  );
  verdict(
    `${label}: none lost`,
    lost === 0 && rs.every((r) => r.stillUnacked === 0 && r.drain.drained),
    `${lost} never drafted (worst run), ${Math.max(...rs.map((r) => r.stillUnacked))} never acknowledged`,
  );
}

async function main() {
  mkdirSync(LOG_DIR, { recursive: true });
  log(
    `webhook bench: ${f0(N)} Zendesk ticket.created events, ${REPEAT * 100}% delivered twice, ${CONNECTIONS} connections, autocannon from pid ${process.pid}`,
  );
  log(`model: instant stub (no OPENAI_API_KEY: the deterministic template drafter); PostgreSQL and Redis (BullMQ) on 127.0.0.1; Node ${process.version}`);
  const template = await ensureTemplate(log);
  const variants: Variant[] = a.variant === "both" ? ["steady", "restart"] : [a.variant as Variant];
  const results = new Map<Variant, RunReport[]>();
  for (const v of variants) {
    results.set(v, []);
    for (let i = 1; i <= RUNS; i++) {
      const r = await oneRun(v, i, template);
      printRun(r);
      results.get(v)!.push(r);
    }
  }
  for (const v of variants) summarise(v, results.get(v)!);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
