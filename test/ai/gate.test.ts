/**
 * The model gate (src/ai/gate.ts) against a local HTTP server and the machine's Redis: a 429 with
 * Retry-After blocks the shared limiter (for another process's gate too) and the call is retried
 * and succeeds; the x-ratelimit headers block it when the budget is spent; turns go by priority
 * under a backlog, and aging lets an old low-priority call through; 5xx answers open the breaker,
 * which then refuses at once. Token booking: a call is booked at its prompt plus its output as the
 * provider counts it, and settled with its usage when released.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AGING_PER_SECOND, ProviderGate, ProviderUnavailableError, parseResetMs, retryAfterMs } from "../../src/ai/gate";
import { TEST_REDIS_URL } from "../helpers/env";

/** A server answering each request with the next scripted [status, headers]; afterwards 200. */
async function scripted(script: Array<[number, Record<string, string>]>) {
  const seen: number[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const [status, headers] = script.shift() ?? [200, {}];
      seen.push(status);
      res
        .writeHead(status, { "content-type": "application/json", ...headers })
        .end(JSON.stringify(status === 200 ? { ok: true } : { error: { message: "scripted" } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let redis: Redis;
beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(() => redis?.disconnect());

const gateOf = (prefix: string, extra: Partial<ConstructorParameters<typeof ProviderGate>[0]> = {}) =>
  new ProviderGate({
    key: "test|gpt-4o-mini",
    rpm: 6000,
    tpm: 1_000_000,
    maxInFlight: 8,
    redis,
    keyPrefix: prefix,
    backoff: { baseMs: 10, maxMs: 50, jitter: 0.5 },
    ...extra,
  });

describe("reading the provider's answers", () => {
  it("reads Retry-After in seconds or as a date, retry-after-ms, and OpenAI's reset durations", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "350", "retry-after": "2" }))).toBe(350);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(new Headers({ "x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "6m0s" }))).toBe(360_000);
    expect(retryAfterMs(new Headers({}))).toBeNull();
    expect(parseResetMs("20ms")).toBe(20);
    expect(parseResetMs("1h2m3.5s")).toBe(3_723_500);
    expect(parseResetMs("soon")).toBeNull();
  });
});

describe("the limiter", () => {
  it("is blocked for every gate sharing it by a 429 with Retry-After, and the call is retried and succeeds", async () => {
    const server = await scripted([[429, { "retry-after": "2" }]]);
    const prefix = `test-gate-${randomBytes(4).toString("hex")}`;
    const a = gateOf(prefix);
    const b = gateOf(prefix); // another process's gate: same Redis keys
    try {
      expect(await b.limiterWaitMs()).toBe(0);
      const release = await a.acquire({ priority: 50, promptTokens: 100, maxOutputTokens: 0, prompt: "test" });
      const answered = a.fetch(server.url, { method: "POST", body: "{}" });
      // Once the 429 is in, the shared limiter is blocked for about the Retry-After.
      for (let i = 0; i < 200 && server.seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      for (let i = 0; i < 200 && (await b.limiterWaitMs()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const blocked = await b.limiterWaitMs();
      expect(blocked).toBeGreaterThan(0);
      expect(blocked).toBeLessThanOrEqual(2000);
      const res = await answered;
      release();
      expect(res.status).toBe(200);
      expect(server.seen).toEqual([429, 200]);
      expect(a.stats()).toMatchObject({ rateLimited: 1, retries: 1, errors: 0, breaker: "closed" });
    } finally {
      a.shutdown();
      b.shutdown();
      await server.close();
    }
  });

  it("gives up after its tries and hands the 429 back", async () => {
    const server = await scripted([
      [429, { "retry-after-ms": "5" }],
      [429, { "retry-after-ms": "5" }],
    ]);
    const gate = gateOf(`test-gate-${randomBytes(4).toString("hex")}`, { maxAttempts: 2 });
    try {
      const res = await gate.fetch(server.url, { method: "POST", body: "{}" });
      expect(res.status).toBe(429);
      expect(server.seen).toEqual([429, 429]);
    } finally {
      gate.shutdown();
      await server.close();
    }
  });

  it("is blocked until the reset when x-ratelimit-remaining-requests reaches 0", async () => {
    const server = await scripted([[200, { "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "3s" }]]);
    const gate = gateOf(`test-gate-${randomBytes(4).toString("hex")}`);
    try {
      expect((await gate.fetch(server.url, { method: "POST", body: "{}" })).status).toBe(200);
      const wait = await gate.limiterWaitMs();
      expect(wait).toBeGreaterThan(1000);
      expect(wait).toBeLessThanOrEqual(3000);
    } finally {
      gate.shutdown();
      await server.close();
    }
  });
});

/** Waits until the gate has settled `n` calls' bookings (settling runs after the release returns). */
async function settled(gate: ProviderGate, counted: number) {
  for (let i = 0; i < 500 && gate.stats().tokensCounted < counted; i++) await new Promise((r) => setTimeout(r, 5));
}

describe("token booking", () => {
  // A 60 s window of 60,000 tokens: nothing expires while a test runs.
  const booking = (prefix: string, outputCounted: "max_tokens" | "used", redis?: Redis) =>
    gateOf(prefix, { redis, tpm: 60_000, windowSeconds: 60, outputCounted });

  it("books prompt plus max_tokens when the provider counts max_tokens, and settles to the prompt the provider counted", async () => {
    const gate = booking(`test-gate-${randomBytes(4).toString("hex")}`, "max_tokens", redis);
    try {
      const call = { priority: 50, promptTokens: 1000, maxOutputTokens: 500, prompt: "reply-order@2" };
      expect(gate.book(call)).toBe(1500);
      const release = await gate.acquire(call);
      expect(await gate.tokenWindow()).toEqual({ consumed: 1500, size: 60_000 });
      // The request carried more than the messages (schema, JSON): the provider counted 1,200 prompt tokens.
      release({ inputTokens: 1200, outputTokens: 90 });
      await settled(gate, 1700);
      expect(gate.stats()).toMatchObject({ tokensBooked: 1500, tokensCounted: 1700, tokensReturned: -200 });
      expect((await gate.tokenWindow()).consumed).toBe(1700);
      // The next call of that prompt is booked with what the provider counted per estimated token; still all of max_tokens.
      expect(gate.book(call)).toBe(1200 + 500);
      // Another prompt has learned nothing yet.
      expect(gate.book({ ...call, prompt: "triage" })).toBe(1500);
    } finally {
      gate.shutdown();
    }
  });

  it("books the running average of what a prompt wrote when the provider counts what is used, and gives back what was over-booked", async () => {
    const gate = booking(`test-gate-${randomBytes(4).toString("hex")}`, "used");
    try {
      const call = { priority: 50, promptTokens: 1000, maxOutputTokens: 600, prompt: "reply-order@2" };
      // Before any answer: half of max_tokens.
      expect(gate.book(call)).toBe(1300);
      const first = await gate.acquire(call);
      first({ inputTokens: 1000, outputTokens: 100 });
      await settled(gate, 1100);
      expect(gate.stats()).toMatchObject({ tokensBooked: 1300, tokensCounted: 1100, tokensReturned: 200 });
      expect((await gate.tokenWindow()).consumed).toBe(1100);
      expect(gate.book(call)).toBe(1100);
      // The average follows what calls write (the plain mean over the first calls), never above max_tokens.
      const second = await gate.acquire(call);
      second({ inputTokens: 1000, outputTokens: 300 });
      await settled(gate, 2400);
      expect(gate.book(call)).toBe(1000 + 200);
      expect((await gate.tokenWindow()).consumed).toBe(2400);
      const third = await gate.acquire(call);
      third({ inputTokens: 1000, outputTokens: 5000 });
      // 1,000 + 5,000 counted against 1,200 booked: the 4,800 short are taken.
      await settled(gate, 8400);
      expect((await gate.tokenWindow()).consumed).toBe(8400);
      // The mean output is now 1,800; booked at max_tokens (600) at most.
      expect(gate.book(call)).toBe(1600);
      // A failed call (no usage) keeps its booking.
      const failed = await gate.acquire(call);
      failed();
      expect((await gate.tokenWindow()).consumed).toBe(8400 + 1600);
    } finally {
      gate.shutdown();
    }
  });

  it("gives nothing back while a 429 blocks the limiter", async () => {
    const server = await scripted([[429, { "retry-after": "20" }]]);
    const gate = gateOf(`test-gate-${randomBytes(4).toString("hex")}`, {
      redis: undefined,
      tpm: 60_000,
      windowSeconds: 60,
      outputCounted: "used",
      maxAttempts: 1,
    });
    try {
      const call = { priority: 50, promptTokens: 1000, maxOutputTokens: 600, prompt: "reply-order@2" };
      const release = await gate.acquire(call);
      expect((await gate.fetch(server.url, { method: "POST", body: "{}" })).status).toBe(429);
      const blocked = (await gate.tokenWindow()).consumed;
      expect(blocked).toBeGreaterThan(60_000);
      release({ inputTokens: 1000, outputTokens: 10 });
      await settled(gate, 1010);
      expect(gate.stats().tokensReturned).toBe(0);
      expect((await gate.tokenWindow()).consumed).toBe(blocked);
    } finally {
      gate.shutdown();
      await server.close();
    }
  });
});

describe("turns under a backlog", () => {
  it("go by priority, highest first, and an old low-priority call overtakes new high ones (aging)", async () => {
    const gate = gateOf(`test-gate-${randomBytes(4).toString("hex")}`, { redis: undefined, maxInFlight: 1, agingPerSecond: 10 });
    try {
      const holder = await gate.acquire({ priority: 50, promptTokens: 10, maxOutputTokens: 0, prompt: "test" });
      const order: string[] = [];
      const ask = (name: string, priority: number, since?: number) => {
        const p = gate.acquire({ priority, promptTokens: 10, maxOutputTokens: 0, prompt: "test", since }).then((release) => {
          order.push(name);
          release();
        });
        return p;
      };
      // Queued while the one turn is held: a backlog. "old-low" has waited 20 s: 0 + 20 x 10 = 200 points.
      const all = [ask("low", 10), ask("high", 90), ask("mid", 50), ask("escalation", 80), ask("old-low", 0, Date.now() - 20_000)];
      expect(gate.stats().waiting).toBe(5);
      holder();
      await Promise.all(all);
      expect(order).toEqual(["old-low", "high", "escalation", "mid", "low"]);
    } finally {
      gate.shutdown();
    }
  });
});

describe("turns under a long backlog, default aging", () => {
  it("keep the policy's order for minutes: a call 60 s old gains 30 points, not enough to pass a new high one", async () => {
    const gate = gateOf(`test-gate-${randomBytes(4).toString("hex")}`, { redis: undefined, maxInFlight: 1 });
    try {
      const holder = await gate.acquire({ priority: 50, promptTokens: 10, maxOutputTokens: 0, prompt: "test" });
      const order: string[] = [];
      const ask = (name: string, priority: number, since?: number) =>
        gate.acquire({ priority, promptTokens: 10, maxOutputTokens: 0, prompt: "test", since }).then((release) => {
          order.push(name);
          release();
        });
      const now = Date.now();
      // DEFAULT_AGING_PER_SECOND (0.5): 20 + 60 x 0.5 = 50 < 80; 20 + 240 x 0.5 = 140 > 100.
      const all = [ask("low, 60 s old", 20, now - 60_000), ask("high, new", 80), ask("mid, new", 40), ask("low, 4 min old", 20, now - 240_000)];
      holder();
      await Promise.all(all);
      expect(order).toEqual(["low, 4 min old", "high, new", "low, 60 s old", "mid, new"]);
      expect(DEFAULT_AGING_PER_SECOND).toBe(0.5);
    } finally {
      gate.shutdown();
    }
  });
});

describe("the breaker", () => {
  it("opens after repeated 5xx answers, then refuses at once without calling the provider", async () => {
    const server = await scripted(Array.from({ length: 10 }, () => [503, {}] as [number, Record<string, string>]));
    const gate = gateOf(`test-gate-${randomBytes(4).toString("hex")}`, {
      maxAttempts: 1,
      breaker: { minCalls: 3, errorPercent: 50, windowMs: 10_000, resetMs: 60_000 },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await gate.fetch(server.url, { method: "POST", body: "{}" })).status).toBe(503);
      expect(gate.isOpen()).toBe(true);
      await expect(gate.acquire({ priority: 100, promptTokens: 10, maxOutputTokens: 0, prompt: "test" })).rejects.toBeInstanceOf(ProviderUnavailableError);
      await expect(gate.fetch(server.url, { method: "POST", body: "{}" })).rejects.toBeInstanceOf(ProviderUnavailableError);
      expect(server.seen).toHaveLength(3);
      expect(gate.stats()).toMatchObject({ breaker: "open", errors: 3 });
    } finally {
      gate.shutdown();
      await server.close();
    }
  });
});
