import type { Cache } from "./cache/types";
import type { Logger } from "./log/logger";
import type { Clock } from "./clock";
import type { Db } from "./db/types";
import type { DrafterDeps } from "./ai/draft";
import type { HelpdeskRuntime } from "./node/helpdesks";
import type { TicketClassifier } from "./ai/triage/types";
import type { PolicyConfig } from "./policy/config";
import type { PolicyStore } from "./settings/policy-versions";
import type { ProfileService } from "./profile/service";
import type { ScoresSource } from "./profile/sources";
import type { ShopifyDeps } from "./shopify/webhooks";


/**
 * Everything a request handler may use. Built by an entry point (Node: src/node/services.ts;
 * tests: their own) and handed to `createApp`. No handler reaches for globals or the environment.
 */
export interface Services {
  db: Db;
  cache: Cache;
  clock: Clock;
  log: Logger;
  /** The policy in force (a getter: managers may change it at run time). */
  policy(): PolicyConfig;
  /** Static scripts the console serves that each entry point loads its own way (Node: node_modules; Workers: bundled). */
  consoleAssets?: { diffScript(): string };
  /** Versioned policy settings in the database (the console's policy page); `policy()` reads it. */
  policyStore?: PolicyStore;
  profiles: ProfileService;
  /** Scores for the ticket path: ours, or an external scores API with ours as the fallback. */
  scores: ScoresSource;
  classifier: TicketClassifier;
  drafter: DrafterDeps;
  /** Bearer token for /v1 routes. */
  apiKey: string;
  /** Store currency (ISO 4217). */
  currency: string;
  /** Store time zone (IANA), for the order dates a reply states: STORE_TIMEZONE, the Shopify shop's, or UTC. */
  timeZone: string;
  /** Store kind, for /healthz. */
  store: { kind: "demo" | "postgres" | "shopify"; asOf: string | null };
  /** Helpdesk connectors (webhooks in, job queue, replies out); absent when no helpdesk is configured. */
  helpdesks?: HelpdeskRuntime;
  /** The shop's client, look-ups and webhook deps; absent on the stored (demo) store (no SHOPIFY_SHOP). */
  shopify?: ShopifyDeps;
}

export type AppEnv = { Variables: { requestId: string; services: Services; actor: string } };
