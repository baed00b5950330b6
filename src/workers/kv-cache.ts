/**
 * The `Cache` (src/cache/types.ts) in a Workers KV namespace. What differs from Redis, and why it
 * is fine for what we cache (profiles keyed by scoring run, Shopify look-ups):
 * - KV's shortest expiry is 60 s, so a shorter TTL is raised to 60 s;
 * - KV is eventually consistent (a write or delete may take up to about 60 s to be seen in other
 *   locations); a new scoring run still invalidates every profile at once because the run id is
 *   part of the profile key. https://developers.cloudflare.com/kv/concepts/how-kv-works/
 */
import type { Cache } from "../cache/types";
import type { KvBinding } from "./bindings";

/** KV's minimum `expirationTtl`, seconds. */
export const KV_MIN_TTL_SECONDS = 60;

export class KvCache implements Cache {
  constructor(
    private readonly kv: KvBinding,
    private readonly prefix = "copilot:",
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const v = await this.kv.get(this.prefix + key, "text");
    return v === null ? undefined : (JSON.parse(v) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.kv.put(this.prefix + key, JSON.stringify(value), { expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.round(ttlSeconds)) });
  }

  async del(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => this.kv.delete(this.prefix + k)));
  }

  async close(): Promise<void> {}
}
