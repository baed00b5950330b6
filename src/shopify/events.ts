/**
 * Shopify webhook events, after the route has verified and stored them (src/routes/webhooks/shopify.ts):
 * each topic's work, run once per event, and the retry pass for events whose work failed.
 *
 * Topics: orders/create, orders/updated, refunds/create (the order is read again through GraphQL,
 * so one mapping serves look-ups, sync and webhooks), customers/update, shop/update (the shop's
 * legal policies are read again into the knowledge base), app/uninstalled, and the
 * privacy topics customers/data_request, customers/redact, shop/redact (see redact.ts). A privacy
 * topic also marks the privacy tasks it serves for that customer (src/privacy/tasks.ts).
 */
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { isInteger, isSafeNumber, parse as parseLossless } from "lossless-json";
import { audit } from "../audit/audit";
import { SHOPIFY_POLICIES_SOURCE } from "../knowledge/shopify-policies";
import { linkShopifyPrivacyWebhook } from "../privacy/tasks";
import { storeMeta } from "../db/schema";
import { shopifyWebhookEvents } from "../db/schema-shopify";
import type { Services } from "../services";
import type { ShopifyClient } from "./client";
import { completeLineItems, upsertCustomer, upsertOrder } from "./persist";
import { CUSTOMER_BY_ID, ORDER_BY_ID, type CustomerNode, type OrderNode } from "./queries";
import { customerDataSummary, redactCustomer, redactShop } from "./redact";
import type { ShopifyStore } from "./store";

/** What the Shopify routes and jobs need besides `Services`. */
export interface ShopifyDeps {
  client: ShopifyClient;
  store: ShopifyStore;
  /** Runs `task` after the response has been sent; must not let it reject unhandled. */
  defer(task: () => Promise<unknown>): void;
}

/** The topics subscribed to (README): `X-Shopify-Topic` values. */
export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "refunds/create",
  "customers/update",
  "shop/update",
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

const MAX_ATTEMPTS = 5;

/**
 * Parses a webhook body so that ids keep every digit. Shopify's REST payloads carry ids as JSON
 * numbers, and many exceed 2^53 (the refunds/create sample's order_id 820982911946154508, which
 * `JSON.parse` turns into 820982911946154500); an integer that a double cannot hold exactly stays
 * a string of its digits, every other number is a number. lossless-json does the parsing.
 * Source: https://shopify.dev/docs/api/admin-rest/latest/resources/webhook (payloads).
 * @throws SyntaxError for a body that is not JSON
 */
export function parseWebhookBody(raw: string): unknown {
  return parseLossless(raw, null, (digits) => (isInteger(digits) && !isSafeNumber(digits) ? digits : Number(digits)));
}

/** An id as the payload holds it (a number, or the string of a big one): its digits, or undefined. */
function idDigits(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  if (typeof v === "string" && /^\d+$/.test(v)) return v;
  return undefined;
}

/** A payload object's GraphQL id: its `admin_graphql_api_id` when present, else built from `idKey`. */
function gidOf(kind: string, p: Record<string, unknown>, idKey = "id"): string | undefined {
  if (typeof p.admin_graphql_api_id === "string" && p.admin_graphql_api_id.startsWith(`gid://shopify/${kind}/`)) return p.admin_graphql_api_id;
  const digits = idDigits(p[idKey]);
  return digits ? `gid://shopify/${kind}/${digits}` : undefined;
}

/**
 * Stores a verified delivery once per `X-Shopify-Webhook-Id` (Shopify retries with the same id).
 * @returns true when stored now, false for a repeat
 */
export async function storeWebhookEvent(
  db: Services["db"],
  ev: { webhookId: string; topic: string; shop: string; apiVersion: string; payload: unknown; receivedAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(shopifyWebhookEvents)
    .values({ ...ev, status: "received" })
    .onConflictDoNothing()
    .returning({ id: shopifyWebhookEvents.webhookId });
  return inserted.length > 0;
}

async function refreshOrder(s: Services, deps: ShopifyDeps, orderGid: string) {
  const { data } = await deps.client.request<{ order: OrderNode | null }>(ORDER_BY_ID, { id: orderGid });
  if (!data.order) return { order: orderGid, found: false };
  const order = await completeLineItems(deps.client, data.order);
  const stored = await s.db.transaction((tx) => upsertOrder(tx, order));
  if (data.order.customer) {
    await deps.store.invalidate(data.order.customer.id);
    await s.profiles.invalidate(data.order.customer.id).catch(() => {});
  }
  return { order: orderGid, found: true, stored };
}

/** Does one event's work by topic. @returns a summary without personal data */
async function handleTopic(s: Services, deps: ShopifyDeps, topic: string, p: Record<string, any>, webhookId: string): Promise<Record<string, unknown>> {
  const now = s.clock.now();
  switch (topic) {
    case "orders/create":
    case "orders/updated": {
      const gid = gidOf("Order", p);
      if (!gid) throw new Error("order payload without id");
      return refreshOrder(s, deps, gid);
    }
    case "refunds/create": {
      const gid = gidOf("Order", p, "order_id");
      if (!gid) throw new Error("refund payload without order_id");
      return refreshOrder(s, deps, gid);
    }
    case "customers/update": {
      const gid = gidOf("Customer", p);
      if (!gid) throw new Error("customer payload without id");
      const { data } = await deps.client.request<{ customer: CustomerNode | null }>(CUSTOMER_BY_ID, { id: gid });
      if (data.customer) await upsertCustomer(s.db, data.customer);
      await deps.store.invalidate(gid, p.email ?? data.customer?.email);
      await s.profiles.invalidate(gid).catch(() => {});
      return { customer: gid, found: !!data.customer };
    }
    case "shop/update": {
      // Shopify sends no topic for a policy edit; a shop update is the nearest, so the policies are read
      // again (unchanged ones cost a hash compare). A failure throws, so the event is retried.
      if (!s.knowledge) return { policies: "no knowledge service" };
      const [outcome] = await s.knowledge.index(SHOPIFY_POLICIES_SOURCE);
      if (!outcome) return { policies: "no shop policies source" };
      if ("error" in outcome) throw new Error(`shop policies not re-read: ${outcome.error}`);
      return { policies: outcome };
    }
    case "customers/data_request": {
      const gid = gidOf("Customer", p.customer ?? {});
      if (!gid) throw new Error("data request without customer id");
      const held = await customerDataSummary(s.db, gid);
      await audit(s.db, "shopify", "customer.data_requested", "customer", gid, { data_request_id: p.data_request?.id ?? null, held });
      const privacyTasks = await linkShopifyPrivacyWebhook(s.db, { topic, customerGid: gid, email: p.customer?.email ?? null, webhookId, at: now });
      return { customer: gid, held, privacy_tasks: privacyTasks };
    }
    case "customers/redact": {
      const gid = gidOf("Customer", p.customer ?? {});
      if (!gid) throw new Error("redact request without customer id");
      const orderGids = Array.isArray(p.orders_to_redact)
        ? p.orders_to_redact
            .map(idDigits)
            .filter((d: string | undefined): d is string => !!d)
            .map((d: string) => `gid://shopify/Order/${d}`)
        : [];
      const done = await s.db.transaction(async (tx) => {
        const privacyTasks = await linkShopifyPrivacyWebhook(tx, { topic, customerGid: gid, email: p.customer?.email ?? null, webhookId, at: now });
        const r = await redactCustomer(tx, { customerGid: gid, email: p.customer?.email ?? null, orderGids }, now);
        await audit(tx, "shopify", "customer.redacted", "customer", gid, r);
        return { ...r, privacy_tasks: privacyTasks };
      });
      await deps.store.invalidate(gid, p.customer?.email);
      await s.profiles.invalidate(gid).catch(() => {});
      return { customer: gid, ...done };
    }
    case "shop/redact": {
      const done = await s.db.transaction(async (tx) => {
        const r = await redactShop(tx, now);
        await audit(tx, "shopify", "shop.redacted", "shop", deps.client.shop, r);
        return r;
      });
      return { ...done };
    }
    case "app/uninstalled": {
      const value = { at: now.toISOString(), shop: deps.client.shop };
      await s.db
        .insert(storeMeta)
        .values({ key: "shopify_uninstalled", value })
        .onConflictDoUpdate({ target: storeMeta.key, set: { value, updatedAt: now } });
      await audit(s.db, "shopify", "app.uninstalled", "shop", deps.client.shop, value);
      return value;
    }
    default:
      return { ignored: true };
  }
}

/**
 * Processes one stored event once (claimed with a conditional update, so two workers never both
 * run it). On success the payload is cleared and the summary kept; on failure the error is kept.
 * Never throws (errors are logged and recorded).
 */
export async function processWebhookEvent(s: Services, deps: ShopifyDeps, webhookId: string): Promise<void> {
  const [ev] = await s.db
    .update(shopifyWebhookEvents)
    .set({ status: "processing", attempts: sql`${shopifyWebhookEvents.attempts} + 1` })
    .where(and(eq(shopifyWebhookEvents.webhookId, webhookId), inArray(shopifyWebhookEvents.status, ["received", "failed"])))
    .returning();
  if (!ev) return;
  try {
    const result = await handleTopic(s, deps, ev.topic, (ev.payload ?? {}) as Record<string, any>, webhookId);
    await s.db
      .update(shopifyWebhookEvents)
      .set({ status: "done", payload: null, result, error: null, processedAt: s.clock.now() })
      .where(eq(shopifyWebhookEvents.webhookId, webhookId));
  } catch (err) {
    s.log.warn("shopify webhook failed", { webhookId, topic: ev.topic, error: (err as Error).message });
    await s.db
      .update(shopifyWebhookEvents)
      .set({ status: "failed", error: String((err as Error).message).slice(0, 2000) })
      .where(eq(shopifyWebhookEvents.webhookId, webhookId))
      .catch(() => {});
  }
}

/** Retries events left `received` or `failed` (fewer than 5 attempts), oldest first. @returns how many were tried */
export async function processPendingWebhooks(s: Services, deps: ShopifyDeps, limit = 100): Promise<number> {
  const rows = await s.db
    .select({ id: shopifyWebhookEvents.webhookId })
    .from(shopifyWebhookEvents)
    .where(and(or(eq(shopifyWebhookEvents.status, "received"), eq(shopifyWebhookEvents.status, "failed")), lt(shopifyWebhookEvents.attempts, MAX_ATTEMPTS)))
    .orderBy(shopifyWebhookEvents.receivedAt)
    .limit(limit);
  for (const r of rows) await processWebhookEvent(s, deps, r.id);
  return rows.length;
}
