/**
 * The Cloudflare bindings the Worker uses, as the small structural interfaces this code needs (not
 * `@cloudflare/workers-types`' globals, which clash with the DOM and Node types the rest of the
 * project type-checks against). Every name here is declared and commented in wrangler.toml.
 */

/** `env.HYPERDRIVE`: https://developers.cloudflare.com/hyperdrive/ */
export interface HyperdriveBinding {
  /** A postgres:// URL to the Hyperdrive pooler (locally: `localConnectionString`). */
  readonly connectionString: string;
}

/** `env.CACHE`: https://developers.cloudflare.com/kv/api/ */
export interface KvBinding {
  get(key: string, type: "text"): Promise<string | null>;
  put(key: string, value: string, opts?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** `env.TICKET_QUEUE` (a producer): https://developers.cloudflare.com/queues/configuration/javascript-apis/ */
export interface QueueBinding<T> {
  send(body: T, opts?: { contentType?: "json" | "text" | "bytes" | "v8"; delaySeconds?: number }): Promise<void>;
}

/** One delivered message of a batch. `attempts` is 1 on the first delivery. */
export interface QueueMessage<T> {
  readonly id: string;
  readonly body: T;
  readonly attempts: number;
  ack(): void;
  retry(opts?: { delaySeconds?: number }): void;
}

export interface QueueBatch<T> {
  /** The queue's name (the consumer serves the ticket queue and its dead-letter queue). */
  readonly queue: string;
  readonly messages: readonly QueueMessage<T>[];
}

export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

export interface ScheduledControllerLike {
  readonly cron: string;
  readonly scheduledTime: number;
}
