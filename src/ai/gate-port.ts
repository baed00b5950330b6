/**
 * The model gate's port: what the drafter and the LLM classifier ask of the gate that schedules
 * calls to the model provider (src/ai/gate.ts), and the error of a refused call. Kept apart from the
 * implementation so the ports (src/services.ts) and the drafter depend on the shape, not on Redis,
 * opossum or the limiter.
 */

/** What a finished call used, as the provider reported it (the AI SDK's `usage`). */
export interface GateUsage {
  /** Prompt tokens the provider counted. */
  inputTokens: number;
  /** Tokens the model wrote. */
  outputTokens: number;
}

/**
 * A model call's turn, granted by `ModelGate.acquire`; call it once the call has finished, with the
 * provider's usage when it answered: the gate then settles the tokens it booked for the call
 * against what the provider counted (gives back what was over-booked, takes the shortfall), and
 * learns what calls of that prompt use. Without usage (the call failed) the booking stands.
 */
export type GateRelease = (usage?: GateUsage) => void;

/** What a call asks for its turn. */
export interface GateRequest {
  /**
   * 0..100, higher first: the policy's priority score (hand-over and escalations high, then churn
   * risk and value). Waiting raises it (aging), so a low-priority call is never starved.
   */
  priority: number;
  /** The prompt's estimated tokens (src/ai/usage.ts `estimateTokens` of what is sent: system and messages). */
  promptTokens: number;
  /** The most the call may write: the `max_tokens` it sends. */
  maxOutputTokens: number;
  /**
   * Which prompt the call runs ("triage", "reply-order", "repair", ...): the gate keeps, per prompt,
   * running averages of what its calls really used, and books the next call with them.
   */
  prompt: string;
  /** When the work this call serves began waiting, epoch ms (default: now); aging counts from it. */
  since?: number;
}

/** Counters of one gate since it started (per process). */
export interface GateStats {
  /** Calls granted a turn. */
  granted: number;
  /** 429 answers received from the provider. */
  rateLimited: number;
  /** Provider errors (5xx, network) received, retried or not. */
  errors: number;
  /** Retries sent after a 429 or an error. */
  retries: number;
  /** Calls refused at once because the breaker was open. */
  refused: number;
  /** Calls waiting for a turn now. */
  waiting: number;
  /** Calls holding a turn now. */
  inFlight: number;
  /** Tokens booked against the TPM limit when turns were granted. */
  tokensBooked: number;
  /** Tokens the provider counted for the calls released with their usage (what the booking was settled to). */
  tokensCounted: number;
  /** Net tokens given back to the limiter when settling (negative: more was taken than booked). */
  tokensReturned: number;
  /** "closed" (calls go through), "open" (provider down: none do), "half-open" (one trial call). */
  breaker: "closed" | "open" | "half-open";
}

/** Schedules model calls: priority order, an in-flight cap, the provider's rate limits and a circuit breaker. */
export interface ModelGate {
  /**
   * Waits for a turn.
   * @throws ProviderUnavailableError (name "ProviderUnavailableError") at once when the breaker is
   *   open, and for waiters when it opens
   */
  acquire(req: GateRequest): Promise<GateRelease>;
  /** True while the breaker is open: the provider is taken as down and no call is sent. */
  isOpen(): boolean;
  stats(): GateStats;
}

/** The error of a call refused because the provider is taken as down (the breaker is open). */
export class ProviderUnavailableError extends Error {
  override readonly name = "ProviderUnavailableError";
}

/** True when `err` or one of its causes is a `ProviderUnavailableError` (the AI SDK wraps transport errors). */
export function isProviderUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as Error).name === "ProviderUnavailableError") return true;
  }
  return false;
}
