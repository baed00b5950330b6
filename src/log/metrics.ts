/**
 * The metrics port: what the service counts, in the domain's words. Use cases and the drafter call
 * it; only the Node composition knows it is Prometheus (src/log/prometheus.ts, prom-client). The
 * Workers runtime and tools that need no figures use `noopMetrics`. A leaf: it imports nothing.
 *
 * Label values must come from small, known sets (a route pattern, a source, a rule name), never
 * from a ticket, a customer or an id, or the series multiply without end.
 */

/** How a stored draft came through the guard. */
export type GuardOutcome = "clean" | "repaired" | "flagged" | "fallback";

/** One call to a language model, as the drafter or the LLM classifier made it. */
export interface ModelCall {
  /** Which prompt called: `triage`, `draft:<prompt name>`, `repair`, ... (the AI SDK telemetry's `functionId`). */
  functionId: string;
  /** The configured model id (`gpt-4o-mini`). */
  model: string;
  /** `ok`, `error` (the provider failed or the output did not parse) or `timeout`. */
  outcome: "ok" | "error" | "timeout";
  /** Wall time of the call, seconds. */
  seconds: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated cost in USD from list prices (`estimateCostUsd`, src/ai/usage.ts), null for a model without a known price. */
  costUsd: number | null;
}

export interface Metrics {
  /** One HTTP request answered. `route` is the matched route pattern (`/v1/drafts/:id`), never the raw path. */
  httpRequest(r: { method: string; route: string; status: number; seconds: number }): void;
  /** A ticket stored for the first time, by its source (`api`, `zendesk`, ...). */
  ticketReceived(source: string): void;
  /** A draft stored: which drafter wrote it and how the guard left it. */
  draftCreated(d: { drafter: string; guard: GuardOutcome }): void;
  /** One guard violation found in a model's text (before repair), by its kind (`offer`, `grounding`, ...). */
  guardViolation(kind: string): void;
  /** A speculative draft (drafted while the model triaged): kept, kept around the final decision's block (rebound), or discarded and written again. */
  speculativeDraft(outcome: "kept" | "rebound" | "discarded"): void;
  /** A ticket triaged: the family and whether the classifier abstained. */
  triage(t: { family: string; unclear: boolean; classifier: string }): void;
  /** A policy decision: counted once under each rule among its reasons. */
  decision(rules: readonly string[]): void;
  /** A language-model call (latency, tokens, estimated cost). */
  modelCall(c: ModelCall): void;
  /** A queued job's try failed; `final` when it went to the dead letter. */
  jobFailed(kind: string, final: boolean): void;
  /** A scoring run finished (`written`, `not_written` when the fit did not converge, or `failed`). */
  scoringRun(outcome: "written" | "not_written" | "failed", seconds: number): void;
  /** A reply posted back to a helpdesk, or a post that failed. */
  helpdeskPost(vendor: string, outcome: "posted" | "failed"): void;
  /** The figures in Prometheus's text format, for `GET /metrics`; absent where nothing is kept. */
  render?(): Promise<{ contentType: string; body: string }>;
}

/** Counts nothing: the Workers runtime (no scrape endpoint per isolate) and tools. */
export const noopMetrics: Metrics = {
  httpRequest() {},
  ticketReceived() {},
  draftCreated() {},
  guardViolation() {},
  speculativeDraft() {},
  triage() {},
  decision() {},
  modelCall() {},
  jobFailed() {},
  scoringRun() {},
  helpdeskPost() {},
};

/** The guard outcome of a stored draft, from what the drafter reports. */
export function guardOutcome(d: { drafter: string; fallbackReason: string | null; guard: { repaired: boolean; flagged: boolean } }): GuardOutcome {
  if (d.guard.flagged) return "flagged";
  if (d.guard.repaired) return "repaired";
  if (d.drafter === "template" && d.fallbackReason) return "fallback";
  return "clean";
}
