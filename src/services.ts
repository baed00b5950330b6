/**
 * `Services`: the ports a route or a use case may use, and nothing else. Built by an entry point
 * (Node: src/node/bootstrap.ts; Workers: src/workers/services.ts; tests: test/helpers) and handed
 * to `createApp`. Types only: this module imports no implementation and no runtime, so any layer
 * may depend on it without depending on how the ports are made. Routers are not ports: an entry
 * point mounts them (`createApp(services, mounts)`).
 */
import type { DrafterDeps } from "./ai/draft";
import type { TicketClassifier } from "./ai/triage/types";
import type { Cache } from "./cache/types";
import type { Clock } from "./clock";
import type { Db } from "./db/types";
import type { Logger } from "./log/logger";
import type { Metrics } from "./log/metrics";
import type { PolicyConfig } from "./policy/config";
import type { ProfileStore, ScoresSource } from "./profile/types";
import type { ShopifyPort } from "./shopify/port";
import type { KnowledgeService } from "./knowledge/types";

/** Posting approved replies back to the helpdesk a ticket came from (src/helpdesks/outbound.ts). */
export interface HelpdeskDispatch {
  /**
   * Queues the post of an approved draft.
   * @returns false when the draft is not an approved draft of a helpdesk ticket (nothing to post)
   */
  dispatchDraft(draftId: string): Promise<boolean>;
  /**
   * Queues a failed post again.
   * @throws ProblemError 404 (no post for the draft), 409 (posted already)
   */
  retryPost(draftId: string): Promise<unknown>;
}

export interface Services {
  db: Db;
  cache: Cache;
  /** The store clock: recency, tenure and expiry are computed against it (the demo store's is stopped). */
  clock: Clock;
  log: Logger;
  /** What the service counts (src/log/metrics.ts): Prometheus on Node (`GET /metrics`), nothing on Workers. */
  metrics: Metrics;
  /** The policy in force (a getter: managers may change it at run time). */
  policy(): PolicyConfig;
  profiles: ProfileStore;
  /** Scores for the ticket path: ours, or an external scores API with ours as the fallback. */
  scores: ScoresSource;
  classifier: TicketClassifier;
  drafter: DrafterDeps;
  /** Bearer token for /v1 routes (acts as admin). */
  apiKey: string;
  /** Bearer token for `GET /metrics` (METRICS_KEY); unset: `apiKey`. */
  metricsKey?: string;
  /** Store currency (ISO 4217). */
  currency: string;
  /** Store time zone (IANA), for the order dates a reply states: STORE_TIMEZONE, the Shopify shop's, or UTC. */
  timeZone: string;
  /** Store kind and as-of date, for /healthz. */
  store: { kind: "demo" | "postgres" | "shopify"; asOf: string | null };
  /** Shopify look-ups and discount codes; absent on the stored (demo) store (no SHOPIFY_SHOP). */
  shopify?: ShopifyPort;
  /** Replies out to the helpdesks; absent when no helpdesk is configured. */
  helpdesk?: HelpdeskDispatch;
  /** Help articles and shop policies, indexed for search (src/knowledge); absent where an entry point builds none. */
  knowledge?: KnowledgeService;
}
