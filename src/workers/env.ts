/**
 * The Worker's configuration: its bindings' string variables and secrets parsed by the same zod
 * schema as on Node (src/config/env.ts `EnvSchema`, with its cross-field rules), plus what only a
 * Worker has. A bad variable or a missing binding fails every request with a message naming it.
 */
import { z } from "zod";
import { ConfigError, type EnvSchema, parseEnv, type Env } from "../config/env";
import type { HyperdriveBinding, KvBinding, QueueBinding } from "./bindings";
import type { QueuedJob } from "./queue";

/** The Worker-only variables (wrangler.toml `[vars]`). */
export const WorkerOnlyEnvSchema = z.object({
  /** Required on Workers: there is no disk to keep a generated key on. Set with `wrangler secret put API_KEY`. */
  API_KEY: z.string({ error: "required on Workers (wrangler secret put API_KEY)" }).trim().min(16, "API_KEY must be at least 16 characters"),
  /**
   * The cron scoring refresh runs in the Worker only for stores with at most this many orders (see
   * README "Cloudflare Workers"); larger stores are left to the Node job (`npm run score`).
   */
  WORKER_SCORING_MAX_ORDERS: z.coerce.number().int().min(0).default(30_000),
  /** The cron expression (one of wrangler.toml's `crons`) that runs the daily scoring refresh. */
  SCORING_CRON: z.string().default("30 3 * * *"),
  /** The dead-letter queue's name (wrangler.toml `dead_letter_queue`): its batches are recorded as failed jobs. */
  TICKET_DEAD_LETTER_QUEUE: z.string().default("copilot-tickets-dlq"),
  /** Prefix of every KV key (several deployments may share one namespace). */
  CACHE_KEY_PREFIX: z.string().default("copilot:"),
});

export type WorkerEnv = Env & z.infer<typeof WorkerOnlyEnvSchema>;

/** What wrangler.toml binds. String variables and secrets come on the same object. */
export interface WorkerBindings {
  HYPERDRIVE: HyperdriveBinding;
  CACHE: KvBinding;
  TICKET_QUEUE: QueueBinding<QueuedJob>;
  [variable: string]: unknown;
}

const parsed = new WeakMap<object, WorkerEnv>();

/**
 * Parses (once per bindings object: the runtime hands the same one to every invocation of an
 * isolate) the variables and checks the bindings.
 * @throws ConfigError naming every bad variable or missing binding
 */
export function parseWorkerEnv(bindings: WorkerBindings): WorkerEnv {
  const hit = parsed.get(bindings);
  if (hit) return hit;
  const strings: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(bindings)) if (typeof v === "string") strings[k] = v;
  const problems: string[] = [];
  let base: Env | undefined;
  try {
    base = parseEnv(strings);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.message.split("\n").slice(1));
  }
  const own = WorkerOnlyEnvSchema.safeParse(strings);
  if (!own.success) problems.push(...own.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`));
  if (typeof (bindings.HYPERDRIVE as HyperdriveBinding | undefined)?.connectionString !== "string")
    problems.push("  HYPERDRIVE: missing Hyperdrive binding (wrangler.toml [[hyperdrive]])");
  if (typeof (bindings.CACHE as KvBinding | undefined)?.get !== "function")
    problems.push("  CACHE: missing KV namespace binding (wrangler.toml [[kv_namespaces]])");
  if (typeof (bindings.TICKET_QUEUE as QueueBinding<QueuedJob> | undefined)?.send !== "function")
    problems.push("  TICKET_QUEUE: missing queue producer binding (wrangler.toml [[queues.producers]])");
  if (problems.length || !base || !own.success) throw new ConfigError(`Invalid configuration:\n${[...new Set(problems)].join("\n")}`);
  const env = { ...base, ...own.data };
  parsed.set(bindings, env);
  return env;
}

/** Keys of the shared schema that mean nothing on Workers (listed in the README's differences). */
export const NODE_ONLY_VARIABLES = [
  "PORT",
  "DATA_DIR",
  "DATABASE_URL",
  "REDIS_URL",
  "DEMO_DATA_FILE",
  "DEMO_IMPORT",
  "POLICY_FILE",
  "PROMPTS_DIR",
] as const satisfies readonly (keyof typeof EnvSchema.shape)[];
