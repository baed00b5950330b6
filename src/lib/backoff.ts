/**
 * The one retry back-off: exponential, capped, with jitter, so that many clients (or jobs) that
 * failed together do not retry together. Used by the job queues (BullMQ through a custom backoff
 * strategy, the database queue, Cloudflare Queues) and by the Shopify client.
 * Source: "Exponential Backoff And Jitter", AWS Architecture Blog (M. Brooker, 2015).
 */

export interface BackoffOptions {
  /** Delay before the first retry, ms. */
  baseMs: number;
  /** Upper bound of the exponential part, ms. */
  maxMs: number;
  /** Random spread added on top, as a fraction of the exponential part (0..1). */
  jitter: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry): `min(maxMs, baseMs * 2^(retry-1))`
 * plus up to `jitter` of that, uniformly.
 * @param random a uniform [0, 1) source (Math.random in production; tests pass a fixed one)
 * @returns milliseconds, a whole number
 */
export function backoffMs(retry: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(exp + exp * opts.jitter * random());
}
