/**
 * What model calls cost: tokens per call, the published list prices, and the estimate of a draft's
 * cost per prompt and model. Plain data and arithmetic (no I/O), shared by the drafter and the LLM
 * classifier; `GET /v1/drafts/:id` shows a draft's record as `usage`.
 */

/** USD per million tokens (input, output), published list prices; an estimate, not a bill. */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1": [2, 8],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1-nano": [0.1, 0.4],
  "gpt-5": [1.25, 10],
  "gpt-5-mini": [0.25, 2],
  "gpt-5-nano": [0.05, 0.4],
};

/** Estimated cost in USD of a call, or null for a model without a known price. */
export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number | null {
  const p = PRICES[model];
  return p ? Math.round(((inputTokens * p[0] + outputTokens * p[1]) / 1e6) * 1e6) / 1e6 : null;
}

/** One model call as the draft records it. */
export interface ModelCallUsage {
  /** Which prompt: "triage", a reply prompt's name@version, or "repair". */
  prompt: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  /** Null for a model without a known price. */
  cost_usd: number | null;
  /** False when the call failed (its tokens are 0: the provider reported none). */
  ok: boolean;
  /**
   * True for a call of a speculative draft that was not kept: written from the offline reading
   * while the model triaged, it did not match what the model's reading decided (src/pipeline/ticket.ts).
   * Paid for, so counted.
   */
  discarded?: boolean;
}

/** How the reply prompt was held to its token budget (estimated at 4 characters a token). */
export interface PromptBudgetReport {
  /** The budget, tokens (OPENAI_PROMPT_TOKEN_BUDGET). */
  budget: number;
  /** The prompt's estimated tokens before trimming and after. */
  estimated_before: number;
  estimated_after: number;
  /** Passages dropped, lowest-ranked first, and recent orders dropped, oldest first. */
  passages_dropped: number;
  orders_dropped: number;
}

/** The per-draft record: every call that made it, in order, and their sums. */
export interface DraftUsage {
  model_calls: number;
  input_tokens: number;
  output_tokens: number;
  /** Null when no call had a known price (or there was no call). */
  cost_usd: number | null;
  calls: ModelCallUsage[];
  /** Set when the model triage call was skipped: the offline reading was confident enough. */
  triage_skipped?: string;
  prompt_budget?: PromptBudgetReport | null;
  /** For a ticket drafted from the offline reading while the model triaged: see `SpeculativeOutcome`. */
  speculative?: SpeculativeOutcome;
}

/**
 * What became of a draft written from the offline reading while the model triaged:
 * `kept` when the model's reading led to the same reply content; `rebound` when it led to the same
 * answer (family, facts, knowledge) with another offer, escalation or tone, and the model's part
 * passed the guard around the new decision's commitment block; `discarded` when the reply was
 * written again from the model's reading.
 */
export type SpeculativeOutcome = "kept" | "rebound" | "discarded";

/** A prompt's estimated tokens: characters / 4, rounded up (OpenAI's rule of thumb for English). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Sums calls into a draft's usage record. */
export function sumUsage(calls: readonly ModelCallUsage[], extra: Pick<DraftUsage, "triage_skipped" | "prompt_budget" | "speculative"> = {}): DraftUsage {
  const priced = calls.filter((c) => c.cost_usd !== null);
  return {
    model_calls: calls.length,
    input_tokens: calls.reduce((s, c) => s + c.input_tokens, 0),
    output_tokens: calls.reduce((s, c) => s + c.output_tokens, 0),
    cost_usd: priced.length ? Math.round(priced.reduce((s, c) => s + (c.cost_usd ?? 0), 0) * 1e6) / 1e6 : null,
    calls: [...calls],
    ...(extra.triage_skipped ? { triage_skipped: extra.triage_skipped } : {}),
    ...(extra.prompt_budget !== undefined ? { prompt_budget: extra.prompt_budget } : {}),
    ...(extra.speculative ? { speculative: extra.speculative } : {}),
  };
}
