/**
 * A small JSON cache with TTLs. In memory on the embedded default, Redis (ioredis) when `REDIS_URL`
 * is set. Values are JSON-serialisable; keys are namespaced by the caller (`profile:<customerId>`).
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}
