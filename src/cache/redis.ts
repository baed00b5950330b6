import { Redis } from "ioredis";
import type { Cache } from "./types";

/**
 * Redis cache through ioredis. `keyPrefix` namespaces one deployment (or one test suite).
 * Errors propagate: the profile service treats a cache failure as a miss (see profile/service.ts).
 */
export class RedisCache implements Cache {
  readonly redis: Redis;

  constructor(url: string, keyPrefix = "copilot:") {
    this.redis = new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, lazyConnect: false });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const v = await this.redis.get(key);
    return v === null ? undefined : (JSON.parse(v) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, JSON.stringify(value), "EX", Math.max(1, Math.round(ttlSeconds)));
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
