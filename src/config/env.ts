/**
 * The service's configuration, parsed once from the environment by a zod schema. A bad variable
 * stops start-up with a message that names it; nothing reads `process.env` anywhere else.
 */
import { z } from "zod";
import { HelpdeskEnvSchema, helpdeskEnvProblems } from "./helpdesks";
import { ShopifyEnvShape } from "./shopify";
import { isTimeZone } from "./timezone";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = optionalString.pipe(z.string().url().optional());

export { isTimeZone };

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /** Where the embedded default keeps PGlite's files. */
  DATA_DIR: z.string().default(".data"),
  /** PostgreSQL server (postgres.js); unset: the embedded PGlite. */
  DATABASE_URL: optionalUrl,
  /** Redis (ioredis) for caches; unset: in-memory caches. */
  REDIS_URL: optionalUrl,
  /** Bearer token for every /v1 route; unset: generated at start-up and printed. */
  API_KEY: optionalString.pipe(z.string().min(16, "API_KEY must be at least 16 characters").optional()),
  /** Bearer token for `GET /metrics` (Prometheus's `authorization` or `bearer_token`); unset: API_KEY. */
  METRICS_KEY: optionalString.pipe(z.string().min(16, "METRICS_KEY must be at least 16 characters").optional()),
  /** Also serve `GET /metrics` alone on this port (a `PROCESS_ROLE=worker` process has no other HTTP). */
  METRICS_PORT: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  /** On SIGTERM or SIGINT: how long in-flight requests and jobs may run before the database is closed anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** OpenTelemetry traces go to this OTLP/HTTP collector (the standard variable); unset: no traces. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.string().url("OTEL_EXPORTER_OTLP_ENDPOINT must be a URL").optional()),
  /** The `service.name` of the traces (the standard variable). */
  OTEL_SERVICE_NAME: optionalString.pipe(z.string().default("support-copilot")),
  /** The console's first admin on a database with no users (its one-time password is printed at start). */
  ADMIN_EMAIL: optionalString.pipe(z.string().email("ADMIN_EMAIL must be an email address").optional()),
  /** The demo store: real UK online-retail invoices, imported on first start into an empty database. */
  DEMO_DATA_FILE: z.string().default("../shared/data/online-retail/online-retail.csv.gz"),
  DEMO_IMPORT: z.enum(["auto", "off"]).default("auto"),
  /** Overrides the store's as-of date (ISO 8601) for every recency figure. */
  AS_OF: optionalString.pipe(z.string().datetime({ offset: true }).or(z.string().date()).optional()),
  /**
   * The store's time zone (IANA, e.g. Europe/London) for the order dates a reply states. Unset: the
   * Shopify shop's own (`shop.ianaTimezone`), or UTC for the demo store, whose invoice times are
   * already the shop's wall-clock times.
   */
  STORE_TIMEZONE: optionalString.pipe(z.string().refine(isTimeZone, "STORE_TIMEZONE must be an IANA time zone, e.g. Europe/London").optional()),
  POLICY_FILE: z.string().default("config/policy.json"),
  PROMPTS_DIR: z.string().default("prompts"),
  /** Help articles: Markdown files with front-matter (src/knowledge/markdown-node.ts), indexed at start. */
  KNOWLEDGE_DIR: z.string().default("knowledge"),
  PROFILE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** Where churn risk and archetypes come from: ours, or a Quimbi-compatible scores API. */
  SCORES_SOURCE: z.enum(["internal", "quimbi"]).default("internal"),
  QUIMBI_BASE_URL: optionalUrl,
  QUIMBI_API_KEY: optionalString,
  QUIMBI_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  /** Give up on the model after this long and fall back to the template drafter. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /**
   * How the drafting model answers: `structured` (JSON schema through the provider's structured
   * output) or `text` (plain text with a marker line) for an OpenAI-compatible model without
   * structured output. The guard holds either to the same allow-list.
   */
  LLM_OUTPUT_MODE: z.enum(["structured", "text"]).default("structured"),
  /**
   * The provider's limits for OPENAI_MODEL on your account (requests and tokens per minute; OpenAI
   * shows them under Limits). The model gate (src/ai/gate.ts) stays under them, shared through
   * Redis by every process when REDIS_URL is set. Defaults: OpenAI's usage tier 1 for gpt-4o-mini.
   */
  OPENAI_RPM: z.coerce.number().int().min(1).default(500),
  OPENAI_TPM: z.coerce.number().int().min(100).default(200_000),
  /**
   * How the provider counts a call's output against OPENAI_TPM: `max_tokens` (OpenAI: the bound a
   * call sends, counted when the call is admitted) or `used` (what the model wrote). The gate books
   * each call accordingly and settles the booking with the call's usage (src/ai/gate.ts).
   */
  OPENAI_TPM_OUTPUT: z.enum(["max_tokens", "used"]).default("max_tokens"),
  /** Model calls in flight at most, per process. */
  OPENAI_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(2000).default(256),
  /** Failures over this rolling window (at least half of at least 5 calls) take the provider as down: the template drafts, flagged, and is re-drafted later. */
  OPENAI_DOWN_AFTER_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How long the provider stays taken as down before a trial call. */
  OPENAI_BREAKER_RESET_MS: z.coerce.number().int().min(500).default(30_000),
  /** Priority points a waiting model call gains per second (src/ai/gate.ts DEFAULT_AGING_PER_SECOND): nothing waits more than 100 / this seconds behind newer calls. */
  OPENAI_PRIORITY_AGING: z.coerce.number().min(0.01).max(100).default(0.5),
  /** Skip the model triage call when the offline triage is at least this confident (1.01: never skip); src/ai/triage/llm.ts DEFAULT_TRIAGE_SKIP_ABOVE. */
  OPENAI_TRIAGE_SKIP_ABOVE: z.coerce.number().min(0).max(1.01).default(0.9),
  /**
   * Tickets whose offline reading gets at least this model priority (0..100: the policy's priority
   * score, 80 for an escalation; 60 is the policy's "high") are drafted from that reading while the
   * model triages; the draft is kept when the model's reading decides the same content, or is
   * carried to the model reading's commitment block (src/pipeline/ticket.ts prepareDraft). Default
   * 60: 97-98% of those drafts were kept in the drafting bench, at 1.69 model calls a draft against
   * 1.68 without. 101: never.
   */
  OPENAI_SPECULATE_ABOVE: z.coerce.number().min(0).max(101).default(60),
  /** The reply prompt's token budget (estimated); passages, then recent orders, are trimmed by rank to fit. */
  OPENAI_PROMPT_TOKEN_BUDGET: z.coerce.number().int().min(500).default(4000),
  /** The knowledge passages' share of the reply prompt (estimated tokens): the best-ranked that fit, at least one. */
  OPENAI_PASSAGE_TOKEN_BUDGET: z.coerce.number().int().min(50).default(450),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /**
   * `all`: one process serves HTTP and runs the jobs (drafting, posting, scoring). `web`: HTTP only
   * (webhooks are stored and queued; another process drafts). `worker`: jobs only, no HTTP.
   */
  PROCESS_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  /** Helpdesk connectors (src/config/helpdesks.ts): webhook secrets, API credentials, reply mode, tagging. */
  ...HelpdeskEnvSchema.shape,
  /** Shopify (src/config/shopify.ts): SHOPIFY_SHOP, SHOPIFY_ADMIN_ACCESS_TOKEN, SHOPIFY_API_SECRET, ... */
  ...ShopifyEnvShape,
});

export type Env = z.infer<typeof EnvSchema>;

/** Cross-field rules the object schema cannot say alone. */
function crossCheck(env: Env): string[] {
  const problems: string[] = [];
  if (env.SCORES_SOURCE === "quimbi" && !env.QUIMBI_BASE_URL) problems.push("  QUIMBI_BASE_URL: required when SCORES_SOURCE=quimbi");
  if (env.SCORES_SOURCE === "quimbi" && !env.QUIMBI_API_KEY) problems.push("  QUIMBI_API_KEY: required when SCORES_SOURCE=quimbi");
  for (const k of ["SHOPIFY_ADMIN_ACCESS_TOKEN", "SHOPIFY_API_SECRET"] as const) {
    if (env.SHOPIFY_SHOP && !env[k]) problems.push(`  ${k}: required when SHOPIFY_SHOP is set`);
  }
  problems.push(...helpdeskEnvProblems(env));
  if (env.PROCESS_ROLE !== "all" && !env.DATABASE_URL)
    problems.push("  PROCESS_ROLE: web and worker processes share a PostgreSQL server; set DATABASE_URL (the embedded PGlite is one process's)");
  return problems;
}

export class ConfigError extends Error {}

/**
 * Parses the environment.
 * @throws ConfigError naming every bad variable, e.g. `PORT: Invalid input: expected number`.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const problems = crossCheck(parsed.data);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  return parsed.data;
}
