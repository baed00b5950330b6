/**
 * Look-ups on the ticket path, from Shopify: the customer by email or id and their last orders.
 *
 * Order of sources: the cache (Redis, or memory on the embedded default; short TTL) -> Shopify's Admin
 * GraphQL API (the answer is written through to PostgreSQL and the cache) -> when Shopify fails, the
 * last stored copy in PostgreSQL, marked `stale: true`. A failing cache is treated as a miss. The
 * ticket is never lost to a Shopify outage: every method answers from the stored copy instead of
 * throwing, unless PostgreSQL itself fails.
 */
import type { Cache } from "../cache/types";
import { findCustomerByEmail, findCustomerById, lastOrders, toCustomerGid, type CustomerRow, type OrderFacts } from "../customers/repo";
import type { Db } from "../db/types";
import type { Logger } from "../log/logger";
import type { ShopifyClient } from "./client";
import { orderFacts } from "./mapping";
import type { Lookup, ShopifyLookups } from "./port";

export type { Lookup } from "./port";
import { completeLineItems, upsertCustomer, upsertOrder } from "./persist";
import { CUSTOMER_BY_EMAIL, CUSTOMER_BY_ID, CUSTOMER_LAST_ORDERS, type CustomerNode, type OrderNode } from "./queries";

export interface ShopifyStoreDeps {
  db: Db;
  cache: Cache;
  client: ShopifyClient;
  /** Cache TTL of look-ups, seconds (`SHOPIFY_CACHE_TTL_SECONDS`, default 60). */
  ttlSeconds: number;
  log?: Logger;
}

/**
 * Shopify search syntax for an exact email: `email:"ada@example.org"` (quotes and backslashes escaped).
 * https://shopify.dev/docs/api/usage/search-syntax
 */
export function emailQuery(email: string): string {
  return `email:"${email
    .trim()
    .toLowerCase()
    .replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export class ShopifyStore implements ShopifyLookups {
  constructor(private readonly deps: ShopifyStoreDeps) {}

  private async cached<T>(key: string): Promise<T | undefined> {
    try {
      return await this.deps.cache.get<T>(key);
    } catch (err) {
      this.deps.log?.warn("shopify cache read failed", { key, error: (err as Error).message });
      return undefined;
    }
  }

  private async remember(key: string, value: unknown): Promise<void> {
    try {
      await this.deps.cache.set(key, value, this.deps.ttlSeconds);
    } catch (err) {
      this.deps.log?.warn("shopify cache write failed", { key, error: (err as Error).message });
    }
  }

  private fellBack(what: string, err: unknown) {
    this.deps.log?.warn(`shopify ${what} failed; using the stored copy`, { error: (err as Error).message });
  }

  /**
   * The customer with this email (case-insensitive), from `customers(query: "email:...")`.
   * @returns the stored row after write-through (`value` undefined: no such customer)
   */
  async findCustomerByEmail(email: string): Promise<Lookup<CustomerRow | undefined>> {
    const { db, client } = this.deps;
    const key = `shopify:email:${email.trim().toLowerCase()}`;
    const hit = await this.cached<{ id: string | null }>(key);
    if (hit) {
      const row = hit.id ? await findCustomerById(db, hit.id) : undefined;
      if (!hit.id || row) return { value: row, stale: false, source: "cache" };
    }
    try {
      const { data } = await client.request<{ customers: { nodes: CustomerNode[] } }>(CUSTOMER_BY_EMAIL, { query: emailQuery(email) });
      const node = data.customers.nodes[0];
      if (node) await upsertCustomer(db, node);
      await this.remember(key, { id: node?.id ?? null });
      return { value: node ? await findCustomerById(db, node.id) : undefined, stale: false, source: "shopify" };
    } catch (err) {
      this.fellBack("customer look-up by email", err);
      return { value: await findCustomerByEmail(db, email), stale: true, source: "database" };
    }
  }

  /** The customer by GID or legacy numeric id, from `customer(id:)`. */
  async findCustomerById(id: string): Promise<Lookup<CustomerRow | undefined>> {
    const { db, client } = this.deps;
    const gid = toCustomerGid(id);
    const key = `shopify:customer:${gid}`;
    const hit = await this.cached<{ exists: boolean }>(key);
    if (hit) {
      const row = hit.exists ? await findCustomerById(db, gid) : undefined;
      if (!hit.exists || row) return { value: row, stale: false, source: "cache" };
    }
    try {
      const { data } = await client.request<{ customer: CustomerNode | null }>(CUSTOMER_BY_ID, { id: gid });
      if (data.customer) await upsertCustomer(db, data.customer);
      await this.remember(key, { exists: !!data.customer });
      return { value: data.customer ? await findCustomerById(db, gid) : undefined, stale: false, source: "shopify" };
    } catch (err) {
      this.fellBack("customer look-up by id", err);
      return { value: await findCustomerById(db, gid), stale: true, source: "database" };
    }
  }

  /**
   * The customer's last `n` orders, newest first (by `processedAt`), as `OrderFacts`: line items,
   * financial and fulfillment status, fulfillments with tracking company, number and URL and
   * whether delivered, shipping country; money in minor units of the shop currency. The orders
   * are stored (write-through) so the profile and a later fallback see them.
   * @param n 1-50
   */
  async lastOrders(customerGid: string, n = 5): Promise<Lookup<OrderFacts[]>> {
    const { db, client } = this.deps;
    const key = `shopify:orders:${customerGid}`;
    const hit = await this.cached<{ n: number; orders: OrderFacts[] }>(key);
    // A cached list of at least n orders (or every order the customer has) answers any smaller n.
    if (hit && (hit.n >= n || hit.orders.length < hit.n)) return { value: hit.orders.slice(0, n), stale: false, source: "cache" };
    try {
      const { data } = await client.request<{ customer: { orders: { nodes: OrderNode[] } } | null }>(CUSTOMER_LAST_ORDERS, {
        id: customerGid,
        first: Math.max(1, Math.min(50, n)),
      });
      const nodes: OrderNode[] = [];
      for (const o of data.customer?.orders.nodes ?? []) nodes.push(await completeLineItems(client, o));
      await db.transaction(async (tx) => {
        for (const o of nodes) await upsertOrder(tx, o);
      });
      const facts = nodes.map(orderFacts);
      await this.remember(key, { n, orders: facts });
      return { value: facts, stale: false, source: "shopify" };
    } catch (err) {
      this.fellBack("last orders look-up", err);
      return { value: await lastOrders(db, customerGid, n), stale: true, source: "database" };
    }
  }

  /** Forgets cached look-ups of a customer (their orders or details changed; they were redacted). */
  async invalidate(customerGid: string, email?: string | null): Promise<void> {
    const keys = [`shopify:customer:${customerGid}`, `shopify:orders:${customerGid}`];
    if (email) keys.push(`shopify:email:${email.trim().toLowerCase()}`);
    try {
      await this.deps.cache.del(...keys);
    } catch (err) {
      this.deps.log?.warn("shopify cache delete failed", { error: (err as Error).message });
    }
  }
}
