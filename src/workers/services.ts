/**
 * Builds the Workers services: the same `Services` that `createApp` and the pipeline take on Node,
 * from Workers-native parts (src/workers/*): PostgreSQL through Hyperdrive, the cache in KV, the
 * ticket queue on Cloudflare Queues, Shopify through its Workers adapter, and the offline
 * classifier, prompts, policy and migrations bundled at build time (scripts/build-worker-assets.ts).
 *
 * What holds I/O (the database client, the cache and queue bindings' users) is built per
 * invocation, since a Worker may not share sockets between requests; what is pure and costly to
 * build (the classifier, the prompts, the policy, the Shopify client) once per isolate.
 */
import assets from "copilot-worker-assets";
import { eq } from "drizzle-orm";
import { createLanguageModel } from "../ai/model";
import { PromptLibrary } from "../ai/prompts";
import { LlmClassifier } from "../ai/triage/llm";
import { OfflineClassifier } from "../ai/triage/offline";
import { fixedClock, systemClock } from "../clock";
import { storeMeta } from "../db/schema";
import type { Db } from "../db/types";
import { helpdeskConfigFromEnv, type HelpdeskConfig } from "../config/helpdesks";
import { dispatchDraft, retryPost, type OutboundDeps } from "../helpdesks/outbound";
import { reconcileHelpdesks } from "../helpdesks/reconcile";
import { helpdeskAdminRoutes } from "../routes/helpdesk-admin";
import type { HelpdeskRuntime } from "../helpdesks/runtime";
import { helpdeskWebhookRoutes } from "../routes/webhooks/helpdesks";
import { parsePolicyConfig, type PolicyConfig } from "../policy/config";
import { ProfileService } from "../profile/service";
import { InternalScores, QuimbiScores } from "../profile/sources";
import { consoleLogger, type Logger } from "../log/logger";
import { noopMetrics } from "../log/metrics";
import type { Services } from "../services";
import type { Mounts } from "../app";
import { shopifyWebhookRoutes } from "../routes/webhooks/shopify";
import { createShopifyDeps, createShopifyPort, fetchShopTimeZone } from "../shopify";
import type { ShopifyClient } from "../shopify/client";
import { shopifyConfigFromEnv } from "../config/shopify";
import type { ExecutionContextLike } from "./bindings";
import { ensureMigrated, openWorkerDb } from "./db";
import type { WorkerBindings, WorkerEnv } from "./env";
import { KvCache } from "./kv-cache";
import { CloudflareTicketQueue } from "./queue";
import { createWorkerShopifyClient } from "./shopify";
import { MARKDOWN_SOURCE, StaticSource } from "../knowledge/articles";
import { KnowledgeBase } from "../knowledge/service";

/** src/store/online-retail.ts `DEMO_IMPORT_KEY` (that module reads files; the Worker never imports a store). */
const DEMO_IMPORT_KEY = "demo_import";

export interface WorkerRuntime {
  services: Services;
  /** The routers and console options for `createApp(services, mounts)`. */
  mounts: Mounts;
  /** The helpdesk config (the connectors are `helpdesks`, when a vendor is enabled). */
  helpdeskConfig: HelpdeskConfig;
  /** The helpdesk connectors on Cloudflare Queues; also `services.helpdesk`. */
  helpdesks?: HelpdeskRuntime;
  /** Ends this invocation's database client (call through `ctx.waitUntil` after the response). */
  close(): Promise<void>;
}

// Per isolate: pure, built on first use.
let classifier: OfflineClassifier | null = null;
let prompts: PromptLibrary | null = null;
let policy: PolicyConfig | null = null;
/** The isolate's Shopify client, and the shop's time zone once read (STORE_TIMEZONE unset). */
let shopifyClient: { key: string; client: ShopifyClient; timeZone?: string } | null = null;
/** The bundled help articles are indexed once per isolate (unchanged ones cost a hash compare); the shop's policies come from `npm run sync:shopify`. */
let knowledgeIndexed = false;
/** The store's kind and as-of date: read once per isolate (they change only with a new import). */
let storeInfo: { kind: "demo" | "postgres"; asOf: string | null } | null = null;

/** The bundled policy, validated by the same schema as on Node. @throws naming every invalid field */
export function bundledPolicy(): PolicyConfig {
  policy ??= parsePolicyConfig(assets.policy, "(bundled by scripts/build-worker-assets.ts)");
  return policy;
}

async function readStoreInfo(db: Db) {
  if (!storeInfo) {
    const [demo] = await db.select().from(storeMeta).where(eq(storeMeta.key, DEMO_IMPORT_KEY));
    storeInfo = { kind: demo ? "demo" : "postgres", asOf: demo ? ((demo.value as { asOf?: string }).asOf ?? null) : null };
  }
  return storeInfo;
}

/**
 * Builds the services for one invocation (a request, a queue batch, a cron run).
 * @param ctx the invocation's context: Shopify's deferred webhook work runs in `ctx.waitUntil`
 * @throws when the database cannot be reached or a migration fails
 */
export async function buildWorkerServices(
  env: WorkerEnv,
  bindings: WorkerBindings,
  ctx: ExecutionContextLike,
  opts: { log?: Logger } = {},
): Promise<WorkerRuntime> {
  const log = opts.log ?? consoleLogger(env.LOG_LEVEL);
  const handle = openWorkerDb(bindings.HYPERDRIVE.connectionString);
  const db = handle.db;
  try {
    await ensureMigrated(db, assets.migrations);
    const shopifyConfig = shopifyConfigFromEnv(env);
    const store = shopifyConfig ? { kind: "shopify" as const, asOf: null } : await readStoreInfo(db);
    const asOf = env.AS_OF ? new Date(env.AS_OF).toISOString() : store.asOf;
    const clock = asOf ? fixedClock(new Date(asOf)) : systemClock;
    const cache = new KvCache(bindings.CACHE, env.CACHE_KEY_PREFIX);
    const pol = bundledPolicy();
    const profiles = new ProfileService(db, cache, clock, { ttlSeconds: env.PROFILE_CACHE_TTL_SECONDS, currency: pol.currency, log: (m) => log.warn(m) });
    const internal = new InternalScores(profiles);
    const scores =
      env.SCORES_SOURCE === "quimbi"
        ? new QuimbiScores({ baseUrl: env.QUIMBI_BASE_URL!, apiKey: env.QUIMBI_API_KEY!, timeoutMs: env.QUIMBI_TIMEOUT_MS }, internal)
        : internal;
    const model = createLanguageModel({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL });
    classifier ??= OfflineClassifier.fromJSON(assets.classifier);
    prompts ??= PromptLibrary.fromPrompts(assets.prompts);

    const services: Services = {
      db,
      cache,
      clock,
      log,
      // An isolate has no scrape endpoint of its own; Cloudflare's analytics count requests.
      metrics: noopMetrics,
      policy: () => pol,
      profiles,
      scores,
      classifier: model ? new LlmClassifier(model, env.OPENAI_MODEL, classifier, env.LLM_TIMEOUT_MS) : classifier,
      drafter: { model, modelName: model ? env.OPENAI_MODEL : null, prompts, timeoutMs: env.LLM_TIMEOUT_MS, outputMode: env.LLM_OUTPUT_MODE },
      apiKey: env.API_KEY,
      currency: pol.currency,
      timeZone: env.STORE_TIMEZONE ?? "UTC",
      store: { kind: store.kind, asOf },
    };
    const mounts: Required<Mounts> = { webhooks: [], v1: [], console: { diffScript: () => assets.diffJs }, middleware: [] };
    if (shopifyConfig) {
      const key = JSON.stringify(shopifyConfig);
      if (shopifyClient?.key !== key) shopifyClient = { key, client: createWorkerShopifyClient(shopifyConfig, { log }) };
      if (!env.STORE_TIMEZONE) {
        // Read once per isolate; a failure leaves UTC for this request and asks again on the next.
        shopifyClient.timeZone ??= await fetchShopTimeZone(shopifyClient.client).catch((err) => {
          log.warn("could not read the shop's time zone; order dates are UTC for now (or set STORE_TIMEZONE)", { error: String(err) });
          return undefined;
        });
        services.timeZone = shopifyClient.timeZone ?? "UTC";
      }
      const shopifyDeps = createShopifyDeps(services, shopifyClient.client, {
        ttlSeconds: shopifyConfig.cacheTtlSeconds,
        defer: (task) =>
          ctx.waitUntil(task().catch((err: unknown) => log.error("shopify deferred task failed", { error: String((err as Error)?.stack ?? err) }))),
      });
      services.shopify = createShopifyPort(db, shopifyDeps);
      // Shopify's before the helpdesks' `/webhooks/:vendor`.
      mounts.webhooks.push({ path: "/webhooks/shopify", routes: shopifyWebhookRoutes(shopifyDeps) });
    }
    const knowledge = new KnowledgeBase(db, [new StaticSource(MARKDOWN_SOURCE, assets.knowledge)], { log });
    if (!knowledgeIndexed) {
      knowledgeIndexed = true;
      await knowledge.index();
    }
    services.knowledge = knowledge;
    const helpdeskConfig = helpdeskConfigFromEnv(env);
    let helpdesks: HelpdeskRuntime | undefined;
    if (Object.keys(helpdeskConfig.vendors).length) {
      helpdesks = workerHelpdesks(db, bindings, helpdeskConfig, log);
      services.helpdesk = helpdesks;
      mounts.webhooks.push({ path: "/webhooks", routes: helpdesks.webhookRoutes });
      mounts.v1.push(helpdesks.adminRoutes);
    }
    return { services, mounts, helpdeskConfig, helpdesks, close: handle.close };
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
}

/** The helpdesk runtime on Workers: the same routes as Node's `startHelpdesks`, jobs on Cloudflare Queues. */
function workerHelpdesks(db: Db, bindings: WorkerBindings, config: HelpdeskConfig, log: Logger): HelpdeskRuntime {
  const queue = new CloudflareTicketQueue(db, bindings.TICKET_QUEUE, config.retry);
  const out: OutboundDeps = { db, queue, config, log };
  return {
    queue,
    config,
    webhookRoutes: helpdeskWebhookRoutes({ db, queue, config, log }),
    adminRoutes: helpdeskAdminRoutes(out),
    dispatchDraft: (id) => dispatchDraft(out, id),
    retryPost: (id) => retryPost(out, id),
    reconcile: () => reconcileHelpdesks(queue, out),
    close: async () => {},
  };
}
