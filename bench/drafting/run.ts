/**
 * Drafting throughput benchmark (issue 20): N signed Zendesk `ticket.created` webhooks into the
 * service (its own process, wired as `npm start` is: bench/webhooks/service.ts), drafted with a
 * model served by a local OpenAI-compatible provider (bench/drafting/fake-provider.ts: log-normal
 * latency, RPM/TPM limits answering 429 beyond them, optional error bursts), with the real
 * PostgreSQL, Redis (BullMQ, the model gate's shared limiter) and the fake Zendesk API. Ticket
 * texts are real customer messages (TWCS inbound starters, ../shared/data/real-support), with a
 * share of hand-over and escalation messages.
 *
 * Prints per run: drafts per second (whole run, and sustained: the middle 80% of drafts),
 * p50/p95/p99 from webhook sent to pending draft stored, the same p95 for high-priority tickets
 * (the policy's priority high or urgent: hand-overs, escalations, high churn risk and value),
 * model calls per draft (recorded with each draft, and requests the provider saw per draft,
 * retries included), 429s received, tokens per draft, CPU per draft (the service process), lost and
 * duplicated drafts; then medians over the runs and one verdict line per target. Not a test.
 *
 *   npx tsx bench/drafting/run.ts                                # 2,000 tickets at 25/s, 3 runs
 *   npx tsx bench/drafting/run.ts --tickets 2000 --rate 0 --runs 1   # all at once (a burst)
 *   npx tsx bench/drafting/run.ts --tickets 300 --runs 1         # a short check
 *
 * Each run has its own database (cloned from the bench template of bench/webhooks), Redis key
 * prefix and processes; all are removed at the end. Logs: /tmp/copilot-bench-drafting.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import postgres from "postgres";
import { ZENDESK_TEST_SECRET, zendeskHeaders, zendeskTicketCreated } from "../../test/fakes/helpdesks/payloads";
import { prng, type FakeUser } from "../webhooks/deliveries";
import type { ProviderStats } from "./fake-provider";
import { f0, f1, median, quantile } from "../webhooks/load";
import { freePort, machineCpu, ROOT, startChild, type Child } from "../webhooks/procs";
import { countOutcome, createRunDb, dropDb, dropRedisKeys, ensureTemplate, sampleCustomers } from "../webhooks/store";

const { values: a } = parseArgs({
  options: {
    tickets: { type: "string", default: "2000" },
    rate: { type: "string", default: "25" }, // webhooks per second; 0 = all at once
    runs: { type: "string", default: "3" },
    "latency-ms": { type: "string", default: "2000" },
    sigma: { type: "string", default: "0.35" },
    rpm: { type: "string", default: "3000" },
    tpm: { type: "string", default: "10000000" }, // a token limit with room, so that the RPM binds as the issue's targets assume (2,000,000: the token limit binds at 12 drafts/s)
    // How the provider counts output against its TPM: "max_tokens" (at admission, as OpenAI does) or "used"; the service is told the same (OPENAI_TPM_OUTPUT).
    "tpm-counts": { type: "string", default: "max_tokens" },
    "burst-every": { type: "string", default: "0" },
    "burst-seconds": { type: "string", default: "3" },
    "burst-rate": { type: "string", default: "0.5" },
    concurrency: { type: "string", default: "1000" }, // HELPDESK_WORKER_CONCURRENCY
    speculate: { type: "string", default: "60" }, // OPENAI_SPECULATE_ABOVE (60, the service default: high priority; 101: never)
    answers: { type: "string", default: "read" }, // the provider's answers: read (the ticket, by its own rules) or constant
    connections: { type: "string", default: "32" },
    "handover-share": { type: "string", default: "0.05" },
    "drain-timeout": { type: "string", default: "900" },
    seed: { type: "string", default: "20261201" },
    profile: { type: "string" }, // a directory: the service writes a V8 CPU profile there on exit
  },
});
const N = Number(a.tickets);
const RATE = Number(a.rate);
const RUNS = Number(a.runs);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const FIRST_TICKET = 8_000_000;
const LOG_DIR = "/tmp/copilot-bench-drafting";
const TARGET = { draftsPerSecond: 20, p95Ms: 10_000, highP95Ms: 5_000 };

const log = (line: string) => console.log(line);
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");

/** Messages that hand the ticket over (legal, chargeback, safety) or escalate it. */
const HANDOVER_TEXTS = [
  "This is my final warning: if I don't get my money back by Friday my lawyer will be in touch.",
  "I've filed a chargeback with my bank for this order, you took my money twice.",
  "The heater you sold me caught fire last night. Nobody was hurt but this is dangerous.",
  "Please delete my account and all the data you hold about me.",
];

/** Real first messages to support accounts (TWCS), handles and links removed, 20+ characters. */
function realTexts(): string[] {
  const file = path.resolve(ROOT, "../shared/data/real-support/twcs/inbound-starters.csv");
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as { text: string }[];
  return rows
    .map((r) =>
      r.text
        .replace(/@\w+/g, "")
        .replace(/https?:\/\/\S+/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((t) => t.length >= 20);
}

interface Ticket {
  id: string;
  body: string;
}

function buildTickets(customers: { email: string; firstName: string | null }[], texts: string[], seed: number) {
  const rand = prng(seed);
  const users: FakeUser[] = [];
  const tickets: Ticket[] = [];
  for (let i = 0; i < N; i++) {
    const ticketId = String(FIRST_TICKET + i);
    const requesterId = String(95_000_000 + i);
    const c = customers[Math.floor(rand() * customers.length)]!;
    users.push([requesterId, c.email, c.firstName ?? "Customer"]);
    const text = rand() < Number(a["handover-share"]) ? HANDOVER_TEXTS[Math.floor(rand() * HANDOVER_TEXTS.length)]! : texts[Math.floor(rand() * texts.length)]!;
    const payload = zendeskTicketCreated(ticketId, requesterId, text, `01HDRAFT${String(i).padStart(8, "0")}CREATED`);
    payload.detail.subject = "Support request";
    tickets.push({ id: ticketId, body: JSON.stringify(payload) });
  }
  return { users, tickets };
}

/** Sends every webhook once at `RATE` per second (0: as fast as `connections` go), retrying a non-2xx up to 5 times. @returns epoch ms each was first sent */
async function send(url: string, tickets: Ticket[]): Promise<{ sentAt: Float64Array; failed: number; seconds: number }> {
  const sentAt = new Float64Array(tickets.length);
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < tickets.length; i = next++) {
      if (RATE > 0) {
        const due = (i / RATE) * 1000;
        const wait = due - (performance.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const t = tickets[i]!;
      sentAt[i] = Date.now();
      let ok = false;
      for (let attempt = 0; attempt < 5 && !ok; attempt++) {
        try {
          const res = await fetch(`${url}/webhooks/zendesk`, {
            method: "POST",
            headers: zendeskHeaders(t.body, new Date(), ZENDESK_TEST_SECRET),
            body: t.body,
          });
          await res.arrayBuffer();
          ok = res.status >= 200 && res.status < 300;
        } catch {
          ok = false;
        }
        if (!ok) await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
      if (!ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: Number(a.connections) }, worker));
  return { sentAt, failed, seconds: (performance.now() - t0) / 1000 };
}

interface RunReport {
  drafts: number;
  draftsPerSecond: number;
  sustained: number;
  p50: number;
  p95: number;
  p99: number;
  high: number;
  highP95: number;
  callsPerDraft: number;
  providerRequestsPerDraft: number;
  rateLimited: number;
  providerErrors: number;
  tokensPerDraft: number;
  admittedTokensPerDraft: number;
  costPerDraft: number;
  cpuMsPerDraft: number;
  machineCores: number;
  lost: number;
  duplicated: number;
  templateFallbacks: number;
  triageSkipped: number;
  speculativeKept: number;
  speculativeRebound: number;
  speculativeDiscarded: number;
}

async function oneRun(runNo: number, template: string, texts: string[]): Promise<RunReport> {
  const id = randomBytes(4).toString("hex");
  const dbName = `copilot_bench_dr_${id}`;
  const keyPrefix = `bench-dr-${id}:`;
  const dir = path.join(LOG_DIR, id);
  mkdirSync(dir, { recursive: true });
  log(`\n== run ${runNo} (${id}; logs ${dir})`);
  const dbUrl = await createRunDb(template, dbName);
  const children: Child[] = [];
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const { users, tickets } = buildTickets(await sampleCustomers(dbUrl, 2000), texts, Number(a.seed) + runNo);
    const usersFile = path.join(dir, "users.json");
    writeFileSync(usersFile, JSON.stringify(users));
    const zendesk = await startChild("bench/webhooks/fake-zendesk.ts", [usersFile], {}, path.join(dir, "fake-zendesk.log"));
    children.push(zendesk);
    const provider = await startChild(
      "bench/drafting/fake-provider.ts",
      [
        "--latency-ms",
        a["latency-ms"]!,
        "--sigma",
        a.sigma!,
        "--rpm",
        a.rpm!,
        "--tpm",
        a.tpm!,
        "--tpm-counts",
        a["tpm-counts"]!,
        "--burst-every",
        a["burst-every"]!,
        "--burst-seconds",
        a["burst-seconds"]!,
        "--burst-rate",
        a["burst-rate"]!,
        "--answers",
        a.answers!,
      ],
      {},
      path.join(dir, "fake-provider.log"),
    );
    children.push(provider);
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_URL: dbUrl,
      REDIS_URL,
      BENCH_KEY_PREFIX: keyPrefix,
      BENCH_ROLE: "all",
      API_KEY: `bench-${randomBytes(12).toString("hex")}`,
      DEMO_IMPORT: "off",
      LOG_LEVEL: "error",
      OPENAI_API_KEY: "bench-key",
      OPENAI_BASE_URL: provider.ready,
      OPENAI_MODEL: "gpt-4o-mini",
      OPENAI_RPM: a.rpm!,
      OPENAI_TPM: a.tpm!,
      OPENAI_TPM_OUTPUT: a["tpm-counts"]!,
      LLM_TIMEOUT_MS: "30000",
      HELPDESK_WORKER_CONCURRENCY: a.concurrency!,
      OPENAI_SPECULATE_ABOVE: a.speculate!,
      ZENDESK_WEBHOOK_SECRET: ZENDESK_TEST_SECRET,
      ZENDESK_SUBDOMAIN: "bench",
      ZENDESK_EMAIL: "agent@bench.example",
      ZENDESK_API_TOKEN: "bench-token",
      ZENDESK_API_URL: zendesk.ready,
    };
    const nodeArgs = a.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(a.profile)}`] : [];
    const service = await startChild("bench/webhooks/service.ts", [], env, path.join(dir, "service.log"), { nodeArgs });
    children.push(service);
    log(`  service ready in ${f0(service.startMs)} ms: ${service.ready}`);
    const cpu0 = service.cpuSeconds();
    const m0 = machineCpu();
    log(
      `  sending ${f0(N)} webhooks ${RATE > 0 ? `at ${RATE}/s` : "at once"}; provider: median ${a["latency-ms"]} ms (sigma ${a.sigma}), ${a.rpm} RPM, ${a.tpm} TPM (output counted as ${a["tpm-counts"]})${Number(a["burst-every"]) > 0 ? `, 503 bursts ${a["burst-seconds"]} s every ${a["burst-every"]} s at ${a["burst-rate"]}` : ""}`,
    );
    const sending = send(`http://127.0.0.1:${port}`, tickets);
    // Wait for every ticket's first draft (bounded).
    const deadline = performance.now() + Number(a["drain-timeout"]) * 1000;
    let lastLog = performance.now();
    let sent: Awaited<typeof sending> | null = null;
    void sending.then((s) => (sent = s));
    for (;;) {
      const [r] = await sql<
        { n: number }[]
      >`select count(*)::int as n from drafts d join tickets t on t.id = d.ticket_id where t.source = 'zendesk' and d.revision = 1`;
      if (r!.n >= N && sent) break;
      if (performance.now() > deadline) {
        log(`  drain timeout with ${r!.n}/${N} drafted`);
        break;
      }
      if (performance.now() - lastLog > 10_000) {
        log(`  ${r!.n}/${N} drafted`);
        lastLog = performance.now();
      }
      await new Promise((res) => setTimeout(res, 250));
    }
    const s = await sending;
    const cpuS = service.cpuSeconds() - cpu0;
    const m1 = machineCpu();
    const stats = (await (await fetch(`${provider.ready.replace(/\/v1$/, "")}/stats`)).json()) as ProviderStats;
    const rows = await sql<
      {
        external_id: string;
        at: Date;
        priority: string | null;
        calls: number | null;
        tokens: number | null;
        cost: number | null;
        drafter: string;
        skipped: string | null;
        speculative: string | null;
      }[]
    >`
      select t.external_id, d.created_at as at, d.decision->>'priority' as priority,
        (d.usage->>'model_calls')::int as calls, (d.usage->>'input_tokens')::int + (d.usage->>'output_tokens')::int as tokens,
        (d.usage->>'cost_usd')::float8 as cost, d.drafter, d.usage->>'triage_skipped' as skipped,
        d.usage->>'speculative' as speculative
      from drafts d join tickets t on t.id = d.ticket_id where t.source = 'zendesk' and d.revision = 1`;
    const latency: number[] = [];
    const high: number[] = [];
    /** High-priority latencies by the path the ticket took (no call, triage skipped, speculative kept, rebound or discarded, triage then reply). */
    const highPaths = new Map<string, number[]>();
    const done: number[] = [];
    for (const r of rows) {
      const i = Number(r.external_id) - FIRST_TICKET;
      const ms = r.at.getTime() - s.sentAt[i]!;
      latency.push(ms);
      done.push(r.at.getTime());
      if (r.priority === "high" || r.priority === "urgent") {
        high.push(ms);
        const p = !r.calls ? "no model call" : r.speculative ? `speculative ${r.speculative}` : r.skipped ? "triage skipped" : "triage then reply";
        highPaths.set(p, [...(highPaths.get(p) ?? []), ms]);
      }
    }
    done.sort((x, y) => x - y);
    const first = Math.min(...Array.from(s.sentAt));
    const wall = (done[done.length - 1]! - first) / 1000;
    const lo = done[Math.floor(done.length * 0.1)]!;
    const hi = done[Math.floor(done.length * 0.9)]!;
    const sustained = (Math.floor(done.length * 0.9) - Math.floor(done.length * 0.1)) / Math.max(1e-9, (hi - lo) / 1000);
    const outcome = await countOutcome(dbUrl, FIRST_TICKET, N);
    const avg = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / Math.max(1, xs.length);
    const rep: RunReport = {
      drafts: rows.length,
      draftsPerSecond: rows.length / wall,
      sustained,
      p50: quantile(latency, 0.5),
      p95: quantile(latency, 0.95),
      p99: quantile(latency, 0.99),
      high: high.length,
      highP95: quantile(high, 0.95),
      callsPerDraft: avg(rows.map((r) => r.calls ?? 0)),
      providerRequestsPerDraft: stats.requests / Math.max(1, rows.length),
      rateLimited: stats.rateLimited,
      providerErrors: stats.errors,
      tokensPerDraft: avg(rows.map((r) => r.tokens ?? 0)),
      admittedTokensPerDraft: stats.admittedTokens / Math.max(1, rows.length),
      costPerDraft: avg(rows.map((r) => r.cost ?? 0)),
      cpuMsPerDraft: (cpuS * 1000) / Math.max(1, rows.length),
      machineCores: ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 2,
      lost: outcome.lost,
      duplicated: outcome.duplicateFirstDrafts + outcome.ticketsWithSeveralDrafts,
      templateFallbacks: rows.filter((r) => r.drafter !== "llm").length,
      triageSkipped: rows.filter((r) => r.skipped).length,
      speculativeKept: rows.filter((r) => r.speculative === "kept").length,
      speculativeRebound: rows.filter((r) => r.speculative === "rebound").length,
      speculativeDiscarded: rows.filter((r) => r.speculative === "discarded").length,
    };
    log(`  sent ${f0(N)} in ${f1(s.seconds)} s (${s.failed} never acknowledged); drafted ${f0(rep.drafts)} in ${f1(wall)} s`);
    log(
      `  drafts/s ${f1(rep.draftsPerSecond)} (sustained ${f1(rep.sustained)}); webhook to pending draft p50 ${f0(rep.p50)} ms, p95 ${f0(rep.p95)} ms, p99 ${f0(rep.p99)} ms`,
    );
    log(`  high priority: ${f0(rep.high)} tickets, p95 ${f0(rep.highP95)} ms`);
    log(
      `    by path: ${[...highPaths]
        .sort((x, y) => y[1].length - x[1].length)
        .map(([p, xs]) => `${p} ${xs.length} (p50 ${f0(quantile(xs, 0.5))}, p95 ${f0(quantile(xs, 0.95))} ms)`)
        .join("; ")}`,
    );
    log(
      `  drafted speculatively (offline reading, while the model triaged): ${rep.speculativeKept} kept, ${rep.speculativeRebound} kept around the final decision's block, ${rep.speculativeDiscarded} discarded`,
    );
    log(
      `  model calls per draft ${f2(rep.callsPerDraft)} (provider saw ${f2(rep.providerRequestsPerDraft)} requests per draft); 429s ${f0(rep.rateLimited)}; provider 5xx ${f0(rep.providerErrors)}; triage call skipped on ${f0(rep.triageSkipped)}`,
    );
    log(
      `  tokens per draft ${f0(rep.tokensPerDraft)}, estimated cost per draft $${rep.costPerDraft.toFixed(6)}; CPU per draft ${f1(rep.cpuMsPerDraft)} ms (service process); machine ${f2(rep.machineCores)} cores busy`,
    );
    const perKind = Object.keys(stats.okByKind)
      .sort()
      .map((k) => {
        const n = stats.okByKind[k]!;
        return `${k} ${f0(n)} calls, prompt ${f0(stats.promptTokensByKind[k]! / n)} and counted ${f0(stats.admittedTokensByKind[k]! / n)} tokens a call`;
      });
    const counts = a["tpm-counts"] === "used" ? "prompt estimate + tokens written" : "prompt estimate + max_tokens";
    log(`  provider's TPM count (${counts}) per draft ${f0(rep.admittedTokensPerDraft)}: ${perKind.join("; ")}`);
    log(`  lost ${rep.lost}, duplicated ${rep.duplicated}, template drafts ${rep.templateFallbacks}, failed tickets ${outcome.failedTickets}`);
    return rep;
  } finally {
    await sql.end();
    for (const c of children.reverse()) await c.kill().catch(() => {});
    await dropDb(dbName).catch(() => {});
    await dropRedisKeys(REDIS_URL, keyPrefix.replace(/:$/, "")).catch(() => {});
  }
}

const template = await ensureTemplate(log);
const texts = realTexts();
log(`drafting bench: ${f0(N)} tickets (${f0(texts.length)} real texts, ${Number(a["handover-share"]) * 100}% hand-over), ${RUNS} run(s)`);
const reports: RunReport[] = [];
for (let r = 1; r <= RUNS; r++) reports.push(await oneRun(r, template, texts));
const m = (k: keyof RunReport) => median(reports.map((r) => r[k]));
log(`\n== medians of ${reports.length}`);
log(
  `drafts/s ${f1(m("draftsPerSecond"))} (sustained ${f1(m("sustained"))}); p50 ${f0(m("p50"))} ms, p95 ${f0(m("p95"))} ms, p99 ${f0(m("p99"))} ms; high-priority p95 ${f0(m("highP95"))} ms`,
);
log(
  `model calls per draft ${f2(m("callsPerDraft"))} (provider requests ${f2(m("providerRequestsPerDraft"))}); 429s ${f0(m("rateLimited"))}; tokens per draft ${f0(m("tokensPerDraft"))} (provider's TPM count ${f0(m("admittedTokensPerDraft"))}); CPU per draft ${f1(m("cpuMsPerDraft"))} ms; lost ${f0(m("lost"))}, duplicated ${f0(m("duplicated"))}`,
);
const verdict = (ok: boolean, what: string) => log(`${ok ? "PASS" : "FAIL"} ${what}`);
verdict(m("sustained") >= TARGET.draftsPerSecond, `sustained drafts/s ${f1(m("sustained"))} >= ${TARGET.draftsPerSecond}`);
verdict(m("p95") < TARGET.p95Ms, `p95 webhook to draft ${f0(m("p95"))} ms < ${f0(TARGET.p95Ms)} ms`);
verdict(m("highP95") < TARGET.highP95Ms, `high-priority p95 ${f0(m("highP95"))} ms < ${f0(TARGET.highP95Ms)} ms`);
verdict(
  reports.every((r) => r.lost === 0),
  "0 lost",
);
verdict(
  reports.every((r) => r.duplicated === 0),
  "0 duplicated",
);
process.exit(0);
