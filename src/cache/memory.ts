import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { Cache } from "./types";

/**
 * In-process cache for the embedded default: a Map with expiry times and a size bound (oldest
 * entries evicted first, Map iteration order being insertion order). Values are stored as JSON text
 * so a caller can never mutate a cached object by accident, as with Redis.
 */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 50_000,
    private readonly clock: Clock = systemClock,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return JSON.parse(e.value) as T;
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: this.clock.now().getTime() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.entries.delete(k);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
