/**
 * The model gate: every call to the model provider goes through it, so a process keeps the
 * provider busy without going over its limits, and degrades to the template drafter when it is down.
 *
 * - Turns (`acquire`): at most `maxInFlight` calls at once, granted in priority order (the policy's
 *   priority score, raised by `agingPerSecond` points for every second a call has waited, so a
 *   low-priority call is never starved), and only when the rate limiter has room for one more
 *   request and its booked tokens. The limiter is `rate-limiter-flexible`'s, keyed by provider
 *   and model, one-second windows of RPM/60 requests and TPM/60 tokens: in Redis when a Redis URL
 *   is configured (shared by every process of the deployment), in memory otherwise.
 * - Token booking (`book`): a call is booked at what the provider will count for it: its prompt
 *   estimate scaled by what calls of the same prompt really counted against their estimate (the
 *   request also carries the output schema and JSON that characters / 4 of the messages miss),
 *   plus its output as the provider counts it (`outputCounted`): OpenAI counts `max_tokens` when
 *   it admits a call, so that is booked; a provider that counts what the model wrote is booked at
 *   the running average of what calls of that prompt wrote (a prior of half `max_tokens` before
 *   the first answer), never above `max_tokens`. When the call is released with the provider's
 *   usage the booking is settled: the shortfall is taken from the limiter (`penalty`), what was
 *   over-booked is given back (`reward`, at most what the current window holds, and never while a
 *   429 block is on). Averages are per process, exponentially weighted (alpha 1/n, then 0.05).
 * - The provider's answers slow it down (`fetch`, given to the AI SDK's provider): a 429 blocks the
 *   limiter for its `Retry-After` (or `retry-after-ms`, or the `x-ratelimit-reset-*` header, or the
 *   back-off) for every process, and an answer whose `x-ratelimit-remaining-requests` or
 *   `-tokens` is exhausted blocks it until the matching reset. The call is retried after the
 *   back-off with jitter of src/lib/backoff.ts (never sooner than the provider asked), up to
 *   `maxAttempts` tries, within the caller's own timeout.
 * - A circuit breaker (`opossum`) counts 5xx answers, network errors and timeouts over a rolling
 *   window of `breaker.windowMs`: when at least `breaker.errorPercent`% of at least
 *   `breaker.minCalls` calls failed, the provider is taken as down and the breaker opens. While it
 *   is open no call is sent: `acquire` throws `ProviderUnavailableError` at once (the drafter then
 *   writes the template, flagged for a re-draft). After `breaker.resetMs` one trial call goes
 *   through; when it succeeds the breaker closes and `onRecover` runs (the re-draft sweep).
 *   429s are the limiter's business, not the breaker's: a busy provider is not a down one.
 *
 * Docs: OpenAI rate limits and headers, https://platform.openai.com/docs/guides/rate-limits;
 * rate-limiter-flexible, https://github.com/animir/node-rate-limiter-flexible/wiki;
 * opossum, https://nodeshift.dev/opossum/.
 */
import CircuitBreaker from "opossum";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { backoffMs, type BackoffOptions } from "../lib/backoff";
import { ProviderUnavailableError, type GateRelease, type GateRequest, type GateStats, type GateUsage, type ModelGate } from "./gate-port";

export { ProviderUnavailableError, isProviderUnavailable } from "./gate-port";

export interface ModelGateOptions {
  /** The limiter's key: provider and model, e.g. "https://api.openai.com/v1|gpt-4o-mini". */
  key: string;
  /** Requests per minute the provider allows this key (OPENAI_RPM). */
  rpm: number;
  /** Tokens per minute (OPENAI_TPM), as the provider counts them (see `outputCounted`). */
  tpm: number;
  /**
   * How the provider counts a call's output against the TPM limit (OPENAI_TPM_OUTPUT):
   * "max_tokens" (default; OpenAI: "Your rate limit is calculated as the maximum of max_tokens and
   * the estimated number of tokens based on the character count of your request",
   * https://platform.openai.com/docs/guides/rate-limits, in practice the prompt estimate plus
   * `max_tokens`, at admission), or "used" (what the model wrote, counted as it is written).
   */
  outputCounted?: "max_tokens" | "used";
  /** The limiter's window, seconds (default 1: RPM/60 requests and TPM/60 tokens a second, as providers enforce them over short windows). */
  windowSeconds?: number;
  /** Calls in flight at most, in this process (OPENAI_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** A Redis client: the limits are then shared by every process using the same `keyPrefix`. */
  redis?: Redis;
  /** Redis key prefix of the limiter (default "copilot:model-limit"). */
  keyPrefix?: string;
  /**
   * Priority points a waiting call gains per second (default `DEFAULT_AGING_PER_SECOND`, 0.5: a
   * score-0 call overtakes a new score-100 one after 200 s, a score-20 call a new score-80 one
   * after 120 s). Faster aging turns a backlog of a minute or more into first come, first served.
   */
  agingPerSecond?: number;
  /** Tries per call at the transport, the first included (default 4). */
  maxAttempts?: number;
  /** Back-off between tries (default 500 ms doubling to 20 s, jitter 100%). */
  backoff?: BackoffOptions;
  breaker?: {
    /** Rolling window over which failures are counted, ms (OPENAI_DOWN_AFTER_MS, default 30 000). */
    windowMs?: number;
    /** How long the breaker stays open before a trial call, ms (OPENAI_BREAKER_RESET_MS, default 30 000). */
    resetMs?: number;
    /** Share of failed calls in the window that opens the breaker, percent (default 50). */
    errorPercent?: number;
    /** Fewest calls in the window before the breaker may open (default 5). */
    minCalls?: number;
  };
  /** The transport under the gate (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** Runs when the breaker closes again after being open (the provider recovered). */
  onRecover?: () => void;
  /** Told of 429s, blocks and breaker changes. */
  log?: {
    warn(msg: string, fields?: Record<string, unknown>): void;
    info(msg: string, fields?: Record<string, unknown>): void;
  };
  random?: () => number;
}

interface Waiter {
  priority: number;
  /** What the call is booked at (`book`), tokens. */
  tokens: number;
  req: GateRequest;
  since: number;
  resolve: (r: GateRelease) => void;
  reject: (e: unknown) => void;
}

/** What calls of one prompt really counted: running averages (exponentially weighted). */
interface Learned {
  /** Prompt tokens the provider counted per estimated prompt token. */
  inputRatio: number;
  /** Tokens the model wrote. */
  output: number;
  /** Calls seen. */
  n: number;
}

/** Share of `max_tokens` booked for a call's output before any call of its prompt has answered ("used" counting). */
const OUTPUT_PRIOR_SHARE = 0.5;
/** The running averages' weight of a new call once past the first 20 (before: the plain mean). */
const LEARN_ALPHA = 0.05;

/** A 5xx answer, thrown inside the breaker so that it counts as a failure; carries the response. */
class ServerError extends Error {
  constructor(readonly response: Response) {
    super(`provider answered ${response.status}`);
  }
}

/** Parses OpenAI's reset durations ("1s", "6m0s", "20ms", "1h2m3.5s") and plain seconds, to ms; null when unreadable. */
export function parseResetMs(v: string | null): number | null {
  if (!v) return null;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  let ms = 0;
  let matched = "";
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    ms += m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : m[2] === "m" ? n * 60_000 : n * 3_600_000;
    matched += m[0];
  }
  return matched === s && matched ? Math.round(ms) : null;
}

/**
 * How long a 429 asks us to wait, ms: `retry-after-ms`, else `Retry-After` (seconds or an HTTP
 * date), else the later of the `x-ratelimit-reset-*` headers; null when the answer says nothing.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const ms = headers.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get("retry-after");
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const resets = [parseResetMs(headers.get("x-ratelimit-reset-requests")), parseResetMs(headers.get("x-ratelimit-reset-tokens"))].filter(
    (x): x is number => x !== null,
  );
  return resets.length ? Math.max(...resets) : null;
}

const sleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Priority points a waiting model call gains per second. Chosen with the drafting bench (a 2,000-
 * ticket burst at twice what the provider's limit drains): at 10 a second a backlog of 80 s was
 * served nearly first come, first served (high-priority p95 82 s against 88 s for all); at 0.5 the
 * policy's priority holds for minutes, and a call still never waits more than 200 s behind newer ones.
 */
export const DEFAULT_AGING_PER_SECOND = 0.5;

export class ProviderGate implements ModelGate {
  /** The fetch to give the AI SDK's provider (`createOpenAI({ fetch })`). */
  readonly fetch: typeof fetch;
  private readonly requests: RateLimiterAbstract;
  private readonly tokens: RateLimiterAbstract;
  private readonly requestsPerWindow: number;
  private readonly tokensPerWindow: number;
  private readonly breaker: CircuitBreaker<[RequestInfo | URL, RequestInit | undefined], Response>;
  private readonly waiters: Waiter[] = [];
  private inFlight = 0;
  private pumping = false;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly counters = {
    granted: 0,
    rateLimited: 0,
    errors: 0,
    retries: 0,
    refused: 0,
    tokensBooked: 0,
    tokensCounted: 0,
    tokensReturned: 0,
  };
  private readonly random: () => number;
  private readonly learned = new Map<string, Learned>();

  constructor(private readonly opts: ModelGateOptions) {
    this.random = opts.random ?? Math.random;
    const window = opts.windowSeconds ?? 1;
    this.requestsPerWindow = Math.max(1, Math.floor((opts.rpm * window) / 60));
    this.tokensPerWindow = Math.max(1, Math.floor((opts.tpm * window) / 60));
    const base = {
      duration: window,
      keyPrefix: opts.keyPrefix ?? "copilot:model-limit",
    };
    if (opts.redis) {
      this.requests = new RateLimiterRedis({
        ...base,
        storeClient: opts.redis,
        points: this.requestsPerWindow,
        keyPrefix: `${base.keyPrefix}:rq`,
        insuranceLimiter: new RateLimiterMemory({
          points: this.requestsPerWindow,
          duration: window,
        }),
      });
      this.tokens = new RateLimiterRedis({
        ...base,
        storeClient: opts.redis,
        points: this.tokensPerWindow,
        keyPrefix: `${base.keyPrefix}:tk`,
        insuranceLimiter: new RateLimiterMemory({
          points: this.tokensPerWindow,
          duration: window,
        }),
      });
    } else {
      this.requests = new RateLimiterMemory({
        ...base,
        points: this.requestsPerWindow,
        keyPrefix: `${base.keyPrefix}:rq`,
      });
      this.tokens = new RateLimiterMemory({
        ...base,
        points: this.tokensPerWindow,
        keyPrefix: `${base.keyPrefix}:tk`,
      });
    }
    const transport = opts.fetch ?? globalThis.fetch;
    const b = opts.breaker ?? {};
    this.breaker = new CircuitBreaker(
      async (input: RequestInfo | URL, init: RequestInit | undefined) => {
        const res = await transport(input, init);
        if (res.status >= 500) throw new ServerError(res);
        return res;
      },
      {
        timeout: false, // the caller's AbortSignal bounds a call
        resetTimeout: b.resetMs ?? 30_000,
        rollingCountTimeout: b.windowMs ?? 30_000,
        rollingCountBuckets: 10,
        errorThresholdPercentage: b.errorPercent ?? 50,
        volumeThreshold: b.minCalls ?? 5,
      },
    );
    this.breaker.on("open", () => {
      opts.log?.warn("model provider taken as down: breaker open, drafting with the template", { key: opts.key });
      const waiting = this.waiters.splice(0);
      for (const w of waiting) w.reject(new ProviderUnavailableError("the model provider is down (circuit breaker open)"));
    });
    this.breaker.on("close", () => {
      opts.log?.info("model provider answering again: breaker closed", {
        key: opts.key,
      });
      opts.onRecover?.();
    });
    this.fetch = (input, init) => this.send(input, init);
  }

  isOpen(): boolean {
    return this.breaker.opened;
  }

  stats(): GateStats {
    return {
      ...this.counters,
      waiting: this.waiters.length,
      inFlight: this.inFlight,
      breaker: this.breaker.opened ? "open" : this.breaker.halfOpen ? "half-open" : "closed",
    };
  }

  acquire(req: GateRequest): Promise<GateRelease> {
    if (this.breaker.opened) {
      this.counters.refused++;
      return Promise.reject(new ProviderUnavailableError("the model provider is down (circuit breaker open)"));
    }
    return new Promise<GateRelease>((resolve, reject) => {
      this.waiters.push({
        priority: req.priority,
        tokens: this.book(req),
        req,
        since: req.since ?? Date.now(),
        resolve,
        reject,
      });
      void this.pump();
    });
  }

  /**
   * What a call is booked at against the TPM limit, tokens: its prompt estimate times what calls
   * of its prompt counted per estimated token, plus its output as the provider counts it
   * (`max_tokens`, or the running average of what calls of its prompt wrote, at most `max_tokens`).
   */
  book(req: Pick<GateRequest, "promptTokens" | "maxOutputTokens" | "prompt">): number {
    const l = this.learned.get(req.prompt);
    const max = Math.max(0, Math.round(req.maxOutputTokens));
    const prompt = Math.ceil(Math.max(0, req.promptTokens) * (l?.inputRatio ?? 1));
    const output = this.countsMaxTokens() ? max : Math.min(max, Math.ceil(l ? l.output : max * OUTPUT_PRIOR_SHARE));
    return Math.max(1, prompt + output);
  }

  private countsMaxTokens(): boolean {
    return (this.opts.outputCounted ?? "max_tokens") === "max_tokens";
  }

  /**
   * How long the shared request limiter is blocked for now, ms (0 when it has room): what a 429's
   * Retry-After or an exhausted `x-ratelimit-remaining-requests` set, for every process sharing it.
   */
  async limiterWaitMs(): Promise<number> {
    const r = await this.requests.get(this.opts.key);
    return r && r.consumedPoints > this.requestsPerWindow ? r.msBeforeNext : 0;
  }

  /** Tokens the shared token limiter holds as consumed in its current window (bookings, settlements and blocks), and its size. */
  async tokenWindow(): Promise<{ consumed: number; size: number }> {
    const r = await this.tokens.get(this.opts.key);
    return { consumed: r?.consumedPoints ?? 0, size: this.tokensPerWindow };
  }

  /** Closes the breaker's timers (tests, shutdown). */
  shutdown(): void {
    this.breaker.shutdown();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
  }

  /** The waiter to serve next: highest priority after aging; the oldest among equals. */
  private nextIndex(now: number): number {
    const aging = this.opts.agingPerSecond ?? DEFAULT_AGING_PER_SECOND;
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      const score = w.priority + ((now - w.since) / 1000) * aging;
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  /** Asks both limiters for room; @returns 0 when granted, else how long to wait, ms. */
  private async room(tokens: number): Promise<number> {
    const key = this.opts.key;
    try {
      await this.requests.consume(key, 1);
    } catch (e) {
      if (e instanceof RateLimiterRes) return Math.max(5, e.msBeforeNext);
      throw e;
    }
    try {
      await this.tokens.consume(key, Math.min(tokens, this.tokensPerWindow));
    } catch (e) {
      await this.requests.reward(key, 1).catch(() => {});
      if (e instanceof RateLimiterRes) return Math.max(5, e.msBeforeNext);
      throw e;
    }
    return 0;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length && this.inFlight < this.opts.maxInFlight) {
        const i = this.nextIndex(Date.now());
        const w = this.waiters[i]!;
        let wait: number;
        try {
          wait = await this.room(w.tokens);
        } catch (err) {
          // The limiter's store failed (insurance aside): let the call go rather than stall drafting.
          this.opts.log?.warn("model rate limiter unavailable; sending without it", { error: String(err) });
          wait = 0;
        }
        if (wait > 0) {
          this.wakeTimer = setTimeout(() => {
            this.wakeTimer = null;
            void this.pump();
          }, wait);
          return;
        }
        // The waiter may have been rejected meanwhile (breaker opened): find it again.
        const at = this.waiters.indexOf(w);
        if (at < 0) continue;
        this.waiters.splice(at, 1);
        this.inFlight++;
        this.counters.granted++;
        const booked = Math.min(w.tokens, this.tokensPerWindow);
        this.counters.tokensBooked += booked;
        let released = false;
        w.resolve((usage) => {
          if (released) return;
          released = true;
          this.inFlight--;
          if (usage && usage.inputTokens > 0) void this.settle(w.req, booked, usage);
          void this.pump();
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Settles a call's booking with what the provider counted (its usage): learns the prompt's
   * ratio and output, then takes the shortfall from the token limiter or gives the excess back.
   * A give-back is at most what the current window has consumed (no credit beyond an empty
   * window) and none while the limiter is blocked by a 429 (a reward would lift the block).
   */
  private async settle(req: GateRequest, booked: number, usage: GateUsage): Promise<void> {
    const input = Math.max(0, Math.round(usage.inputTokens));
    const output = Math.max(0, Math.round(usage.outputTokens || 0));
    const l = this.learned.get(req.prompt) ?? { inputRatio: 1, output: 0, n: 0 };
    const alpha = Math.max(LEARN_ALPHA, 1 / (l.n + 1));
    const ratio = req.promptTokens > 0 ? Math.min(4, Math.max(0.25, input / req.promptTokens)) : l.inputRatio;
    this.learned.set(req.prompt, {
      inputRatio: l.inputRatio + alpha * (ratio - l.inputRatio),
      output: l.output + alpha * (output - l.output),
      n: l.n + 1,
    });
    const counted = input + (this.countsMaxTokens() ? Math.max(0, Math.round(req.maxOutputTokens)) : output);
    const key = this.opts.key;
    try {
      if (counted > booked) {
        await this.tokens.penalty(key, counted - booked);
        this.counters.tokensReturned -= counted - booked;
      } else if (counted < booked) {
        const now = await this.tokens.get(key);
        const consumed = now?.consumedPoints ?? 0;
        const give = consumed > this.tokensPerWindow ? 0 : Math.min(booked - counted, consumed);
        if (give > 0) {
          await this.tokens.reward(key, give);
          this.counters.tokensReturned += give;
        }
      }
    } catch (err) {
      this.opts.log?.warn("model rate limiter unavailable; booking not settled", { error: String(err) });
    }
    this.counters.tokensCounted += counted;
  }

  /** Blocks the limiter (every process sharing it) for `ms`. */
  private async block(which: "requests" | "tokens" | "both", ms: number, why: string) {
    const secs = Math.max(1, Math.ceil(ms / 1000));
    this.opts.log?.warn("model provider asked us to slow down", {
      key: this.opts.key,
      why,
      block_seconds: secs,
    });
    const jobs: Promise<unknown>[] = [];
    if (which !== "tokens") jobs.push(this.requests.block(this.opts.key, secs));
    if (which !== "requests") jobs.push(this.tokens.block(this.opts.key, secs));
    await Promise.all(jobs).catch(() => {});
  }

  /** Reads the x-ratelimit-* headers of an answer: an exhausted budget blocks the limiter until its reset. */
  private async observe(headers: Headers) {
    const remReq = headers.get("x-ratelimit-remaining-requests");
    const remTok = headers.get("x-ratelimit-remaining-tokens");
    if (remReq !== null && Number(remReq) <= 0) {
      const ms = parseResetMs(headers.get("x-ratelimit-reset-requests"));
      if (ms) await this.block("requests", ms, "x-ratelimit-remaining-requests is 0");
    }
    if (remTok !== null && Number(remTok) <= 0) {
      const ms = parseResetMs(headers.get("x-ratelimit-reset-tokens"));
      if (ms) await this.block("tokens", ms, "x-ratelimit-remaining-tokens is 0");
    }
  }

  private async send(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const max = this.opts.maxAttempts ?? 4;
    const backoff = this.opts.backoff ?? {
      baseMs: 500,
      maxMs: 20_000,
      jitter: 1,
    };
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.breaker.fire(input, init);
      } catch (err) {
        if ((err as { code?: string }).code === "EOPENBREAKER") {
          this.counters.refused++;
          throw new ProviderUnavailableError("the model provider is down (circuit breaker open)");
        }
        const aborted = init?.signal?.aborted;
        if (!aborted) this.counters.errors++;
        if (aborted || attempt >= max) {
          if (err instanceof ServerError) return err.response;
          throw err;
        }
        this.counters.retries++;
        await sleep(backoffMs(attempt, backoff, this.random), init?.signal);
        continue;
      }
      await this.observe(res.headers);
      if (res.status !== 429) return res;
      this.counters.rateLimited++;
      const asked = retryAfterMs(res.headers);
      const wait = Math.max(asked ?? 0, backoffMs(attempt, backoff, this.random));
      await this.block("both", asked ?? wait, `429${asked !== null ? `, retry after ${asked} ms` : ""}`);
      if (attempt >= max) return res;
      await res.body?.cancel().catch(() => {});
      this.counters.retries++;
      await sleep(wait, init?.signal);
    }
  }
}
