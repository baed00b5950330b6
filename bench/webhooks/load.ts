/**
 * One load phase through autocannon (https://github.com/mcollina/autocannon), in this process,
 * against the service in another. Each connection has one request in flight (no pipelining), so
 * the context autocannon keeps per connection names the delivery that a response answers; that
 * is how a vendor's view is kept: which events were acknowledged (any 2xx) and which must be sent
 * again. Latency is measured here, request built and written to response parsed, for every
 * response (autocannon's own histogram, under a rate limit, adds synthetic samples for
 * coordinated omission at a 1 ms interval, which is not meaningful for this pacing).
 */
import autocannon from "autocannon";
import type { WebhookEvent } from "./deliveries";

export interface Delivery {
  /** Index into the stream's events. */
  ev: number;
  headers: Record<string, string>;
}

export interface Sample {
  /** ms since the phase started, when the response completed. */
  at: number;
  ms: number;
  status: number;
}

export interface LoadResult {
  sent: number;
  responses: number;
  /** Requests that got no response: connection refused or reset, timeouts. */
  errors: number;
  status: Record<number, number>;
  accepted: number;
  duplicates: number;
  samples: Sample[];
  durationMs: number;
  /** Requests built beyond the deliveries (autocannon sends exactly `amount`, so 0; each would be a repeat). */
  overflow: number;
  autocannon: { p50: number; p99: number; errors: number; timeouts: number };
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Requests per second for the whole phase; unset: as fast as the connections go (closed loop). */
  rate?: number;
  events: WebhookEvent[];
  deliveries: Delivery[];
  /** Set to 1 for an event when any of its deliveries is answered 2xx. */
  acked: Uint8Array;
  /** Called with the phase clock (ms) about every 100 ms, for the kill-and-restart schedule. */
  onTick?: (atMs: number) => void;
}

export function drive(o: LoadOptions): Promise<LoadResult> {
  const n = o.deliveries.length;
  const r: LoadResult = {
    sent: 0,
    responses: 0,
    errors: 0,
    status: {},
    accepted: 0,
    duplicates: 0,
    samples: [],
    durationMs: 0,
    overflow: 0,
    autocannon: { p50: 0, p99: 0, errors: 0, timeouts: 0 },
  };
  let next = 0;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const ticker = o.onTick ? setInterval(() => o.onTick!(performance.now() - t0), 100) : null;
    autocannon(
      {
        url: o.url,
        connections: Math.max(1, Math.min(o.connections, n)),
        pipelining: 1,
        amount: n,
        overallRate: o.rate,
        timeout: 10,
        ignoreCoordinatedOmission: o.rate !== undefined,
        requests: [
          {
            method: "POST",
            path: "/webhooks/zendesk",
            setupRequest: (req, ctx) => {
              // autocannon builds exactly `amount` requests; the guard only keeps a miscount harmless (a repeat).
              if (next >= n) r.overflow++;
              const d = o.deliveries[Math.min(next++, n - 1)];
              r.sent++;
              ctx.ev = d!.ev;
              ctx.t = performance.now();
              return { ...req, headers: d!.headers, body: o.events[d!.ev]!.body };
            },
            onResponse: (status, body, ctx) => {
              const now = performance.now();
              r.responses++;
              r.status[status] = (r.status[status] ?? 0) + 1;
              r.samples.push({ at: now - t0, ms: now - (ctx.t as number), status });
              if (status >= 200 && status < 300) {
                o.acked[ctx.ev as number] = 1;
                if (status === 202) r.accepted++;
                else if (body.includes('"duplicate"')) r.duplicates++;
              }
            },
          },
        ],
      },
      (err, res) => {
        if (ticker) clearInterval(ticker);
        if (err) return reject(err);
        r.durationMs = performance.now() - t0;
        r.errors = r.sent - r.responses;
        r.autocannon = { p50: res.latency.p50, p99: res.latency.p99, errors: res.errors, timeouts: res.timeouts };
        resolve(r);
      },
    );
  });
}

/** The q-quantile (0..1) of `xs` by the nearest-rank method; NaN for none. */
export function quantile(xs: number[], q: number): number {
  if (!xs.length) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}

/** The median by the nearest-rank method (`quantile(xs, 0.5)`). */
export const median = (xs: number[]) => quantile(xs, 0.5);
/** A figure rounded to a whole number with thousands separators, "n/a" when not finite. */
export const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-GB") : "n/a");
/** A figure to one decimal, "n/a" when not finite. */
export const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
