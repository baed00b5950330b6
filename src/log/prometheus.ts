/**
 * The metrics port on prom-client: one registry per runtime (never prom-client's global one, so two
 * services in one process, as in the tests, count apart), the process's default metrics, and the
 * service's own series. `GET /metrics` renders it in Prometheus's text format (src/app.ts).
 * Node only: the Workers runtime uses `noopMetrics`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Metrics, ModelCall } from "./metrics";

/** Latency buckets for HTTP requests, seconds (a webhook's ack is milliseconds; a drafted ticket seconds). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Latency buckets for model calls, seconds. */
const MODEL_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
/** Scoring runs take seconds to minutes. */
const SCORING_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 900];

/** UTC days of per-day model figures kept in the scrape: the last two with calls (today and yesterday; older days are dropped). */
export const MODEL_DAYS_KEPT = 2;

/** One model's calls, tokens and estimated cost on one UTC day. */
interface DayFigures {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Job counts by state, for the queue-depth gauge (read when Prometheus scrapes). */
export type QueueCounts = () => Promise<Partial<Record<string, number>>>;

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly http: Histogram<"method" | "route" | "status">;
  private readonly tickets: Counter<"source">;
  private readonly drafts: Counter<"drafter" | "guard">;
  private readonly violations: Counter<"kind">;
  private readonly speculative: Counter<"outcome">;
  private readonly triages: Counter<"family" | "unclear" | "classifier">;
  private readonly decisions: Counter<"rule">;
  private readonly jobFailures: Counter<"kind" | "final">;
  private readonly scoringRuns: Counter<"outcome">;
  private readonly scoringDuration: Histogram<"outcome">;
  private readonly posts: Counter<"vendor" | "outcome">;
  private readonly queues = new Map<string, QueueCounts>();

  // Model calls: every call to a language model, by the prompt that made it (`function`, the AI
  // SDK telemetry's functionId) and the model. Tokens and the estimated cost are running totals:
  // a day's figures are `increase(copilot_model_tokens_total[1d])` and
  // `increase(copilot_model_cost_usd_total[1d])`. The per-day gauges (`copilot_model_day_*`) sum
  // the same calls by UTC day and model, as this process counted them (see `modelDays`).
  private readonly modelCalls: Counter<"function" | "model" | "outcome">;
  private readonly modelDuration: Histogram<"function" | "model">;
  private readonly modelTokens: Counter<"function" | "model" | "type">;
  private readonly modelCost: Counter<"function" | "model">;
  /** UTC day (YYYY-MM-DD) -> model -> that day's figures; the last `MODEL_DAYS_KEPT` days. */
  private readonly modelDays = new Map<string, Map<string, DayFigures>>();
  private readonly now: () => Date;

  /**
   * @param opts.defaultMetrics the process's CPU, memory, event-loop and GC metrics (default true)
   * @param opts.now the wall clock that dates model calls for the per-day figures (default: the
   *   system's; not the store's clock, which the demo store fixes in 2011)
   */
  constructor(opts: { defaultMetrics?: boolean; now?: () => Date } = {}) {
    this.now = opts.now ?? (() => new Date());
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests answered, by method, matched route and status (its _count is the request count), seconds",
      labelNames: ["method", "route", "status"],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.tickets = new Counter({
      name: "copilot_tickets_received_total",
      help: "Tickets stored for the first time, by source",
      labelNames: ["source"],
      registers,
    });
    this.drafts = new Counter({
      name: "copilot_drafts_total",
      help: "Drafts stored, by drafter (llm, template) and guard outcome (clean, repaired, flagged, fallback)",
      labelNames: ["drafter", "guard"],
      registers,
    });
    this.violations = new Counter({
      name: "copilot_guard_violations_total",
      help: "Guard violations found in model text before repair, by kind",
      labelNames: ["kind"],
      registers,
    });
    this.speculative = new Counter({
      name: "copilot_speculative_drafts_total",
      help: "High-priority drafts written from the offline reading while the model triaged, by outcome (kept, rebound, discarded)",
      labelNames: ["outcome"],
      registers,
    });
    this.triages = new Counter({
      name: "copilot_triage_total",
      help: "Tickets triaged, by family, unclear (abstained) and classifier",
      labelNames: ["family", "unclear", "classifier"],
      registers,
    });
    this.decisions = new Counter({
      name: "copilot_decisions_total",
      help: "Policy decisions, counted once under each rule among their reasons",
      labelNames: ["rule"],
      registers,
    });
    this.modelCalls = new Counter({
      name: "copilot_model_calls_total",
      help: "Language-model calls, by prompt (function), model and outcome (ok, error, timeout)",
      labelNames: ["function", "model", "outcome"],
      registers,
    });
    this.modelDuration = new Histogram({
      name: "copilot_model_call_duration_seconds",
      help: "Language-model call latency, seconds",
      labelNames: ["function", "model"],
      buckets: MODEL_BUCKETS,
      registers,
    });
    this.modelTokens = new Counter({
      name: "copilot_model_tokens_total",
      help: "Tokens used by language-model calls, by type (input, output)",
      labelNames: ["function", "model", "type"],
      registers,
    });
    this.modelCost = new Counter({
      name: "copilot_model_cost_usd_total",
      help: "Estimated cost of language-model calls from list prices, USD (models without a known price add nothing)",
      labelNames: ["function", "model"],
      registers,
    });
    this.jobFailures = new Counter({
      name: "copilot_job_failures_total",
      help: "Failed tries of queued jobs, by kind (inbound, post); final=true went to the dead letter",
      labelNames: ["kind", "final"],
      registers,
    });
    this.scoringRuns = new Counter({
      name: "copilot_scoring_runs_total",
      help: "Scoring runs, by outcome (written, not_written, failed)",
      labelNames: ["outcome"],
      registers,
    });
    this.scoringDuration = new Histogram({
      name: "copilot_scoring_run_duration_seconds",
      help: "Scoring run wall time, seconds",
      labelNames: ["outcome"],
      buckets: SCORING_BUCKETS,
      registers,
    });
    this.posts = new Counter({
      name: "copilot_helpdesk_posts_total",
      help: "Replies posted back to helpdesks, by vendor and outcome (posted, failed)",
      labelNames: ["vendor", "outcome"],
      registers,
    });
    const days = this.modelDays;
    const dayGauge = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      set: (g: Gauge<L>, day: string, model: string, f: DayFigures) => void,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          for (const [day, models] of days) for (const [model, f] of models) set(this, day, model, f);
        },
      });
    dayGauge(
      "copilot_model_day_calls",
      "Language-model calls on a UTC day (the last two days with calls), by model, counted by this process",
      ["day", "model"],
      (g, day, model, f) => g.set({ day, model }, f.calls),
    );
    dayGauge(
      "copilot_model_day_tokens",
      "Tokens used by language-model calls on a UTC day (the last two days with calls), by model and type (input, output), counted by this process",
      ["day", "model", "type"],
      (g, day, model, f) => {
        g.set({ day, model, type: "input" }, f.inputTokens);
        g.set({ day, model, type: "output" }, f.outputTokens);
      },
    );
    dayGauge(
      "copilot_model_day_cost_usd",
      "Estimated cost of language-model calls on a UTC day (the last two days with calls) from list prices, USD, by model, counted by this process",
      ["day", "model"],
      (g, day, model, f) => g.set({ day, model }, Math.round(f.costUsd * 1e6) / 1e6),
    );
    const queues = this.queues;
    new Gauge({
      name: "copilot_queue_jobs",
      help: "Jobs in each queue by state (waiting, active, delayed, failed = the dead letter), read at scrape time",
      labelNames: ["queue", "state"],
      registers,
      async collect() {
        this.reset();
        for (const [name, counts] of queues) {
          const c = await counts().catch(() => null);
          if (!c) continue;
          for (const [state, n] of Object.entries(c)) if (n !== undefined) this.set({ queue: name, state }, n);
        }
      },
    });
  }

  /** Reports the depth of a queue at every scrape (the composition root registers its queues). */
  watchQueue(name: string, counts: QueueCounts): void {
    this.queues.set(name, counts);
  }

  /** The registry in Prometheus's text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  httpRequest(r: { method: string; route: string; status: number; seconds: number }): void {
    this.http.observe({ method: r.method, route: r.route, status: String(r.status) }, r.seconds);
  }
  ticketReceived(source: string): void {
    this.tickets.inc({ source });
  }
  draftCreated(d: { drafter: string; guard: string }): void {
    this.drafts.inc({ drafter: d.drafter, guard: d.guard });
  }
  guardViolation(kind: string): void {
    this.violations.inc({ kind });
  }
  speculativeDraft(outcome: "kept" | "rebound" | "discarded"): void {
    this.speculative.inc({ outcome });
  }
  triage(t: { family: string; unclear: boolean; classifier: string }): void {
    this.triages.inc({ family: t.family, unclear: String(t.unclear), classifier: t.classifier });
  }
  decision(rules: readonly string[]): void {
    for (const rule of new Set(rules)) this.decisions.inc({ rule });
  }
  modelCall(c: ModelCall): void {
    const l = { function: c.functionId, model: c.model };
    this.modelCalls.inc({ ...l, outcome: c.outcome });
    this.modelDuration.observe(l, c.seconds);
    if (c.inputTokens) this.modelTokens.inc({ ...l, type: "input" }, c.inputTokens);
    if (c.outputTokens) this.modelTokens.inc({ ...l, type: "output" }, c.outputTokens);
    if (c.costUsd) this.modelCost.inc(l, c.costUsd);
    this.countDay(c);
  }

  /** Adds a call to its UTC day's figures, dropping days older than the last `MODEL_DAYS_KEPT`. */
  private countDay(c: ModelCall): void {
    const day = this.now().toISOString().slice(0, 10);
    let models = this.modelDays.get(day);
    if (!models) {
      models = new Map();
      this.modelDays.set(day, models);
      for (const old of [...this.modelDays.keys()].sort().slice(0, -MODEL_DAYS_KEPT)) this.modelDays.delete(old);
    }
    const f = models.get(c.model) ?? { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    f.calls++;
    f.inputTokens += c.inputTokens;
    f.outputTokens += c.outputTokens;
    f.costUsd += c.costUsd ?? 0;
    models.set(c.model, f);
  }
  jobFailed(kind: string, final: boolean): void {
    this.jobFailures.inc({ kind, final: String(final) });
  }
  scoringRun(outcome: "written" | "not_written" | "failed", seconds: number): void {
    this.scoringRuns.inc({ outcome });
    this.scoringDuration.observe({ outcome }, seconds);
  }
  helpdeskPost(vendor: string, outcome: "posted" | "failed"): void {
    this.posts.inc({ vendor, outcome });
  }
}
