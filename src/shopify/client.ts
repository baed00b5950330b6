/**
 * The one Admin GraphQL client of a shop, through `@shopify/shopify-api` as a custom-store app
 * (`isCustomStoreApp`, `adminApiAccessToken`, `session.customAppSession(shop)`; no REST). It adds
 * what the library leaves to the caller: staying inside the cost bucket, backing off on `THROTTLED`
 * and HTTP 429 with jitter, and typed errors. Adapter-agnostic: it imports no runtime adapter; the
 * entry point loads one first (src/shopify/node.ts for Node, a Workers adapter later).
 */
import {
  type ApiVersion,
  GraphqlQueryError,
  HttpRequestError,
  HttpResponseError,
  HttpThrottlingError,
  LogSeverity,
  shopifyApi,
  WebhookValidationErrorReason,
} from "@shopify/shopify-api";
import type { AdapterArgs } from "@shopify/shopify-api/runtime";
import type { Logger } from "../log/logger";
import type { ShopifyConfig } from "../config/shopify";
import { backoffMs } from "../lib/backoff";
import { CostBucket, throttledWaitMs, type QueryCost } from "./throttle";

/** Retries after HTTP 429 (no Retry-After), 5xx or a network error (src/lib/backoff.ts). */
const RETRY_BACKOFF = { baseMs: 500, maxMs: 30_000, jitter: 0.5 };

/** What differs between runtimes: how a web `Request` becomes the library adapter's request. */
export interface ShopifyRuntime {
  /** The `rawRequest` (and, if the adapter needs one, `rawResponse`) the loaded adapter converts. */
  adapterArgs(request: Request): AdapterArgs;
}

/** Shopify answered with GraphQL errors other than THROTTLED (a bad query, access denied, ...). */
export class ShopifyGraphqlError extends Error {
  constructor(
    message: string,
    readonly errors: Array<{ message: string; extensions?: Record<string, unknown> }>,
  ) {
    super(message);
  }
}

/** Shopify could not be reached, or kept failing (network, 5xx, throttled beyond the retry budget). */
export class ShopifyUnavailableError extends Error {}

export interface ShopifyClientOptions {
  log?: Logger;
  /** Waits `ms` (tests pass a virtual clock's advance). Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** Uniform [0, 1) for jitter (default Math.random). */
  random?: () => number;
  /** Attempts per request, counting the first (default 6). */
  maxAttempts?: number;
}

export interface GraphqlResult<T> {
  data: T;
  cost: QueryCost | undefined;
}

/** Result of checking a webhook delivery's signature and headers. */
export type WebhookCheck =
  | { ok: true; topic: string; shop: string; webhookId: string; apiVersion: string }
  | { ok: false; reason: "missing_hmac" | "invalid_hmac" | "missing_body" | "missing_headers"; missingHeaders?: string[] };

export interface ShopifyClient {
  readonly shop: string;
  readonly apiVersion: string;
  /**
   * Sends one GraphQL operation.
   * @param query a document from src/shopify/queries.ts
   * @returns `data` and the cost extension
   * @throws ShopifyGraphqlError for GraphQL errors (not THROTTLED: that is waited out and retried);
   *   ShopifyUnavailableError after `maxAttempts` of network errors, 5xx, 429 or THROTTLED
   */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>>;
  /**
   * Checks a webhook delivery with the library's validator (HMAC-SHA256 of the raw body with the
   * API secret, base64, compared in constant time; then the required `X-Shopify-*` headers).
   * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
   */
  validateWebhook(rawBody: string, request: Request): Promise<WebhookCheck>;
  /** The client's view of the cost bucket (for logs and tests). */
  bucket: CostBucket;
}

const operationName = (query: string) => /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous";

interface GraphqlErrorBody {
  extensions?: { cost?: QueryCost };
  errors?: { graphQLErrors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/**
 * Creates the shop's client.
 * @param config from `parseShopifyEnv`
 * @param runtime request conversion of the loaded adapter (src/shopify/node.ts `nodeShopifyRuntime`)
 * @throws the library's ShopifyError when the shop domain or version is unusable
 */
export function createShopifyClient(config: ShopifyConfig, runtime: ShopifyRuntime, opts: ShopifyClientOptions = {}): ShopifyClient {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const maxAttempts = opts.maxAttempts ?? 6;
  const log = opts.log;

  const api = shopifyApi({
    apiSecretKey: config.apiSecret,
    adminApiAccessToken: config.accessToken,
    isCustomStoreApp: true,
    isEmbeddedApp: false,
    // Required by the library's config; a custom-store app never uses it (no OAuth redirects).
    hostName: config.shop,
    apiVersion: config.apiVersion as ApiVersion,
    userAgentPrefix: "support-copilot",
    _logDisabledFutureFlags: false,
    logger: {
      level: LogSeverity.Warning,
      log: (severity, msg) => (severity === LogSeverity.Error ? log?.error(msg) : log?.warn(msg)),
    },
  });
  const session = api.session.customAppSession(config.shop);
  const graphql = new api.clients.Graphql({ session });
  const bucket = new CostBucket();
  // Requested cost of each operation as Shopify last computed it: the estimate for the next call.
  const lastCost = new Map<string, number>();

  async function request<T>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>> {
    const op = operationName(query);
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      const estimate = lastCost.get(op) ?? 0;
      const wait = bucket.waitMs(estimate, now());
      if (wait > 0) await sleep(wait + Math.floor(random() * 100));
      bucket.spend(estimate, now());
      let retryIn: number;
      try {
        const res = await graphql.request<T>(query, { variables, retries: 0 });
        const cost = (res.extensions as { cost?: QueryCost } | undefined)?.cost;
        if (cost) {
          bucket.observe(cost.throttleStatus, now());
          lastCost.set(op, cost.requestedQueryCost);
        }
        return { data: res.data as T, cost };
      } catch (err) {
        // An HTTP failure was not executed and is not charged: give back the points booked for it.
        if (err instanceof HttpResponseError || err instanceof HttpRequestError) bucket.spend(-estimate, now());
        if (err instanceof GraphqlQueryError) {
          const body = (err.body ?? {}) as GraphqlErrorBody;
          const errors = body.errors?.graphQLErrors ?? [{ message: err.message }];
          const cost = body.extensions?.cost;
          if (cost) {
            bucket.observe(cost.throttleStatus, now());
            lastCost.set(op, cost.requestedQueryCost);
          }
          if (!errors.some((e) => e.extensions?.code === "THROTTLED")) {
            throw new ShopifyGraphqlError(`${op}: ${errors.map((e) => e.message).join("; ")}`, errors);
          }
          retryIn = throttledWaitMs(cost, random);
          log?.warn("shopify throttled", { operation: op, waitMs: retryIn, throttleStatus: cost?.throttleStatus });
        } else if (err instanceof HttpThrottlingError) {
          const after = err.response.retryAfter;
          retryIn =
            (after !== undefined && Number.isFinite(after) ? Math.ceil(after * 1000) : backoffMs(failures + 1, RETRY_BACKOFF, random)) +
            Math.floor(random() * 250);
          failures++;
          log?.warn("shopify 429", { operation: op, waitMs: retryIn });
        } else if (err instanceof HttpResponseError && err.response.code < 500) {
          throw new ShopifyGraphqlError(`${op}: HTTP ${err.response.code} ${err.response.statusText}`, []);
        } else if (err instanceof HttpResponseError || err instanceof HttpRequestError) {
          retryIn = backoffMs(failures + 1, RETRY_BACKOFF, random);
          failures++;
          if (failures >= 3) throw new ShopifyUnavailableError(`${op}: Shopify unreachable: ${(err as Error).message.split("\n")[0]}`);
          log?.warn("shopify request failed, retrying", { operation: op, waitMs: retryIn, error: (err as Error).message.split("\n")[0] });
        } else {
          throw err;
        }
      }
      if (attempt >= maxAttempts) throw new ShopifyUnavailableError(`${op}: gave up after ${attempt} attempts (throttled or failing)`);
      await sleep(retryIn);
    }
  }

  async function validateWebhook(rawBody: string, req: Request): Promise<WebhookCheck> {
    const v = await api.webhooks.validate({ rawBody, ...runtime.adapterArgs(req) });
    if (v.valid) return { ok: true, topic: v.topic, shop: v.domain, webhookId: v.webhookId, apiVersion: v.apiVersion };
    switch (v.reason) {
      case WebhookValidationErrorReason.MissingHmac:
        return { ok: false, reason: "missing_hmac" };
      case WebhookValidationErrorReason.InvalidHmac:
        return { ok: false, reason: "invalid_hmac" };
      case WebhookValidationErrorReason.MissingBody:
        return { ok: false, reason: "missing_body" };
      default:
        return { ok: false, reason: "missing_headers", missingHeaders: "missingHeaders" in v ? (v.missingHeaders as string[]) : [] };
    }
  }

  return { shop: config.shop, apiVersion: config.apiVersion, request, validateWebhook, bucket };
}
