/**
 * Builds the Node services from the parsed environment: database (PGlite or PostgreSQL), cache
 * (memory or Redis), the demo store on first start, the scoring run, the classifier, the drafter.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { createLanguageModel } from "../ai/model";
import { catalogueNames } from "../ai/draft/facts";
import { productTitles } from "../customers/repo";
import { loadPromptDir } from "../ai/prompts-node";
import { createOfflineClassifierFromFiles } from "../ai/triage/node-loader";
import { LlmClassifier } from "../ai/triage/llm";
import { Redis } from "ioredis";
import { ProviderGate } from "../ai/gate";
import { redraftDue } from "../pipeline/redraft";
import { MemoryCache } from "../cache/memory";
import { RedisCache } from "../cache/redis";
import type { Cache } from "../cache/types";
import { fixedClock, systemClock, type Clock } from "../clock";
import type { Env } from "../config/env";
import { openDb, type DbHandle } from "../db/client";
import type { Db } from "../db/types";
import { customers, scoringRuns, storeMeta } from "../db/schema";
import { runMeasuredScoringJob } from "../jobs/score";
import { PrometheusMetrics } from "../log/prometheus";
import { helpdeskConfigFromEnv } from "../config/helpdesks";
import { startHelpdesks, type HelpdeskRuntime } from "./helpdesks";
import { ensureFirstAdmin } from "../auth/users";
import { diffLibrary } from "../console/assets-node";
import { loadPolicyConfig } from "./policy-file";
import { PolicyStore } from "../settings/policy-versions";
import { ProfileService } from "../profile/service";
import { InternalScores, QuimbiScores } from "../profile/sources";
import type { Mounts } from "../app";
import type { Logger } from "../log/logger";
import { pinoLogger, withRequestContext } from "../log/pino";
import type { Services } from "../services";
import { DEMO_IMPORT_KEY, importOnlineRetail, type DemoImportResult } from "../store/online-retail";
import { shopifyWebhookRoutes } from "../routes/webhooks/shopify";
import { createShopifyDeps, createShopifyPort, fetchShopTimeZone, type ShopifyDeps } from "../shopify";
import { shopifyConfigFromEnv } from "../config/shopify";
import { createNodeShopifyClient } from "../shopify/node";
import { nodeDictionaries } from "../knowledge/dictionary-node";
import { MarkdownFolderSource } from "../knowledge/markdown-node";
import { KnowledgeBase } from "../knowledge/service";
import { ShopifyPoliciesSource } from "../knowledge/shopify-policies";
import { one } from "../lib/one";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export interface NodeRuntime {
  services: Services;
  dbHandle: DbHandle;
  /** Versioned policy settings (the console's policy page); `services.policy()` reads it. */
  policyStore: PolicyStore;
  /** The helpdesk connectors (queue, worker, reconciler, routers), when a vendor is configured. */
  helpdesks?: HelpdeskRuntime;
  /** The Shopify webhook route's dependencies, when the store is a Shopify shop. */
  shopifyDeps?: ShopifyDeps;
  /** The API key and whether it was generated here (then the entry point prints it). */
  apiKeyGenerated: boolean;
  /** The console's first admin, created here on a database with no users (print the password once). */
  firstAdmin: { email: string; password: string } | null;
  /** The Prometheus registry behind `services.metrics` (`GET /metrics`). */
  metrics: PrometheusMetrics;
  /** Closes the queue (waiting for running jobs unless `abandon`), the cache and the database. */
  close(opts?: { abandon?: boolean }): Promise<void>;
}

function resolveFromRoot(p: string) {
  return path.isAbsolute(p) ? p : path.resolve(PROJECT_ROOT, p);
}

/** The embedded default's API key: generated once, kept under DATA_DIR so restarts keep it. */
function embeddedApiKey(dataDir: string): string {
  const file = path.join(dataDir, "api-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const key = `sc_${randomBytes(24).toString("base64url")}`;
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/**
 * Opens everything and prepares the store.
 * @param opts.clock overrides the store clock (tests)
 * @param opts.log progress and errors
 * @param opts.db an open database to use instead of the configured one (tests)
 */
export async function bootstrap(env: Env, opts: { clock?: Clock; log?: Logger; cache?: Cache; keyPrefix?: string; db?: DbHandle } = {}): Promise<NodeRuntime> {
  const log = opts.log ?? pinoLogger({ level: env.LOG_LEVEL });
  const metrics = new PrometheusMetrics();
  const dataDir = resolveFromRoot(env.DATA_DIR);
  const dbHandle = opts.db ?? (await openDb({ databaseUrl: env.DATABASE_URL, dataDir }));
  await dbHandle.migrate();
  const db = dbHandle.db;
  const cache: Cache = opts.cache ?? (env.REDIS_URL ? new RedisCache(env.REDIS_URL, opts.keyPrefix ?? "copilot:") : new MemoryCache());
  // A real shop replaces the demo store (parseEnv has already required its token and secret).
  const shopifyConfig = shopifyConfigFromEnv(env);

  // The demo store: on first start with an empty database.
  let demo: DemoImportResult | null = null;
  const [recorded] = await db.select().from(storeMeta).where(eq(storeMeta.key, DEMO_IMPORT_KEY));
  if (recorded) demo = recorded.value as DemoImportResult;
  else if (env.DEMO_IMPORT === "auto" && !shopifyConfig) {
    if ((await customerCount(db)) === 0) {
      const file = resolveFromRoot(env.DEMO_DATA_FILE);
      log.info(`importing the demo store from ${file}`);
      demo = await importOnlineRetail(db, file, (line) => log.info(line));
    }
  }

  const asOf = env.AS_OF ? new Date(env.AS_OF) : demo ? new Date(demo.asOf) : null;
  const clock = opts.clock ?? (asOf ? fixedClock(asOf) : systemClock);

  const hasRun = (await db.select({ id: scoringRuns.id }).from(scoringRuns).limit(1)).length > 0;
  if (!hasRun) {
    if ((await customerCount(db)) > 0) await runMeasuredScoringJob(db, clock.now(), metrics, (line) => log.info(line));
  }

  const policyFile = resolveFromRoot(env.POLICY_FILE);
  const policyStore = new PolicyStore(db, loadPolicyConfig(policyFile));
  const policy = await policyStore.refresh(); // a manager's saved version, else the file
  const profiles = new ProfileService(db, cache, clock, { ttlSeconds: env.PROFILE_CACHE_TTL_SECONDS, currency: policy.currency, log: (m) => log.warn(m) });
  const internal = new InternalScores(profiles);
  const scores =
    env.SCORES_SOURCE === "quimbi"
      ? new QuimbiScores({ baseUrl: env.QUIMBI_BASE_URL!, apiKey: env.QUIMBI_API_KEY!, timeoutMs: env.QUIMBI_TIMEOUT_MS }, internal)
      : internal;
  // Every model call goes through the gate: priorities, the provider's limits (shared through
  // Redis when configured), back-off on 429s and the breaker (src/ai/gate.ts).
  let redraftSweep: (() => void) | null = null;
  const limiterRedis = env.OPENAI_API_KEY && env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
  const gate = env.OPENAI_API_KEY
    ? new ProviderGate({
        key: `${env.OPENAI_BASE_URL ?? "https://api.openai.com/v1"}|${env.OPENAI_MODEL}`,
        rpm: env.OPENAI_RPM,
        tpm: env.OPENAI_TPM,
        outputCounted: env.OPENAI_TPM_OUTPUT,
        maxInFlight: env.OPENAI_MAX_IN_FLIGHT,
        agingPerSecond: env.OPENAI_PRIORITY_AGING,
        redis: limiterRedis,
        keyPrefix: `${(opts.keyPrefix ?? "copilot:").replace(/:+$/, "")}:model-limit`,
        breaker: { windowMs: env.OPENAI_DOWN_AFTER_MS, resetMs: env.OPENAI_BREAKER_RESET_MS },
        onRecover: () => redraftSweep?.(),
        log,
      })
    : undefined;
  const model = createLanguageModel({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, fetch: gate?.fetch });
  const prompts = loadPromptDir(resolveFromRoot(env.PROMPTS_DIR));
  const offline = createOfflineClassifierFromFiles();
  const onModelCall = metrics.modelCall.bind(metrics);
  const classifier = model
    ? new LlmClassifier(model, env.OPENAI_MODEL, offline, { timeoutMs: env.LLM_TIMEOUT_MS, gate, skipAbove: env.OPENAI_TRIAGE_SKIP_ABOVE, onModelCall })
    : offline;
  const apiKeyGenerated = !env.API_KEY;
  const apiKey = env.API_KEY ?? embeddedApiKey(dataDir);

  const services: Services = {
    db,
    cache,
    clock,
    log,
    metrics,
    policy: () => policyStore.get(),
    profiles,
    scores,
    classifier,
    drafter: {
      model,
      modelName: model ? env.OPENAI_MODEL : null,
      prompts,
      timeoutMs: env.LLM_TIMEOUT_MS,
      outputMode: env.LLM_OUTPUT_MODE,
      catalogue: catalogueNames(await productTitles(db)),
      onModelCall,
      gate,
      promptTokenBudget: env.OPENAI_PROMPT_TOKEN_BUDGET,
      passageTokenBudget: env.OPENAI_PASSAGE_TOKEN_BUDGET,
      speculateAbove: env.OPENAI_SPECULATE_ABOVE,
    },
    apiKey,
    metricsKey: env.METRICS_KEY,
    currency: policy.currency,
    timeZone: env.STORE_TIMEZONE ?? "UTC",
    store: { kind: shopifyConfig ? "shopify" : demo ? "demo" : "postgres", asOf: asOf?.toISOString() ?? null },
  };
  let shopifyDeps: ShopifyDeps | undefined;
  if (shopifyConfig) {
    const client = createNodeShopifyClient(shopifyConfig, { log });
    shopifyDeps = createShopifyDeps(services, client, { ttlSeconds: shopifyConfig.cacheTtlSeconds });
    services.shopify = createShopifyPort(db, shopifyDeps);
    if (!env.STORE_TIMEZONE) {
      services.timeZone = await fetchShopTimeZone(client).catch((err) => {
        log.warn("could not read the shop's time zone; order dates are UTC until a restart (or set STORE_TIMEZONE)", { error: String(err) });
        return "UTC";
      });
    }
  }
  // Help articles, and the shop's policies with Shopify: indexed now (unchanged articles cost a hash compare).
  const knowledge = new KnowledgeBase(
    db,
    [new MarkdownFolderSource(resolveFromRoot(env.KNOWLEDGE_DIR)), ...(shopifyDeps ? [new ShopifyPoliciesSource(shopifyDeps.client)] : [])],
    { log, dictionaries: nodeDictionaries() },
  );
  await knowledge.index();
  services.knowledge = knowledge;
  const helpdeskConfig = helpdeskConfigFromEnv(env);
  let helpdesks: HelpdeskRuntime | undefined;
  if (Object.keys(helpdeskConfig.vendors).length) {
    helpdesks = startHelpdesks(services, helpdeskConfig, {
      redisUrl: env.REDIS_URL,
      bullPrefix: `${(opts.keyPrefix ?? "copilot:").replace(/:+$/, "")}-bull`,
      log,
      worker: env.PROCESS_ROLE !== "web",
    });
    services.helpdesk = helpdesks;
    const queue = helpdesks.queue;
    if (queue.counts) metrics.watchQueue("tickets", () => queue.counts!());
  }
  // Drafts the template wrote while the provider was down are re-drafted once it answers: when the
  // breaker closes, and every minute (a restart, or an outage another process saw).
  let redraftTimer: NodeJS.Timeout | null = null;
  if (model && env.PROCESS_ROLE !== "web") {
    let sweeping = false;
    redraftSweep = () => {
      if (sweeping) return;
      sweeping = true;
      void redraftDue(services)
        .then((r) => r.redrafted && log.info("re-drafted with the model after an outage", { ...r }))
        .catch((err) => log.warn("re-draft sweep failed", { error: String(err) }))
        .finally(() => (sweeping = false));
    };
    redraftTimer = setInterval(redraftSweep, 60_000);
    redraftTimer.unref();
  }
  const firstAdmin = await ensureFirstAdmin(db, { email: env.ADMIN_EMAIL });
  const rt: NodeRuntime = {
    services,
    dbHandle,
    policyStore,
    helpdesks,
    shopifyDeps,
    apiKeyGenerated,
    firstAdmin,
    metrics,
    close: async ({ abandon = false } = {}) => {
      if (redraftTimer) clearInterval(redraftTimer);
      gate?.shutdown();
      await rt.helpdesks?.close({ abandon }).catch(() => {});
      limiterRedis?.disconnect();
      await cache.close().catch(() => {});
      await dbHandle.close().catch(() => {});
    },
  };
  return rt;
}

/**
 * The routers and console options of a Node runtime, for `createApp(rt.services, nodeMounts(rt))`:
 * the Shopify webhook route, the helpdesk webhooks and admin routes, the policy store and jsdiff.
 */
export function nodeMounts(rt: NodeRuntime): Mounts {
  const webhooks: NonNullable<Mounts["webhooks"]> = [];
  // Shopify's before the helpdesks' `/webhooks/:vendor`.
  if (rt.shopifyDeps) webhooks.push({ path: "/webhooks/shopify", routes: shopifyWebhookRoutes(rt.shopifyDeps) });
  if (rt.helpdesks) webhooks.push({ path: "/webhooks", routes: rt.helpdesks.webhookRoutes });
  return {
    webhooks,
    v1: rt.helpdesks ? [rt.helpdesks.adminRoutes] : [],
    console: { policyStore: rt.policyStore, diffScript: diffLibrary },
    // Every line logged while a request runs carries its id (src/log/pino.ts).
    middleware: [(c, next) => withRequestContext({ requestId: c.get("requestId") }, next)],
  };
}

/** The number of stored customers (an aggregate: always one row). */
async function customerCount(db: Db): Promise<number> {
  const row = one(await db.select({ n: sql<number>`count(*)::int` }).from(customers), "count");
  return Number(row.n);
}
