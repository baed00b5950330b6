/**
 * Order sync for scoring: pages through `orders` with cursor pagination
 * (https://shopify.dev/docs/api/usage/pagination-graphql) and stores each page (orders, line items,
 * fulfillments, refunds, customers) together with the page's `endCursor` in one transaction, so a
 * sync that stops (Shopify down, process killed) resumes after the last stored page. The first run
 * takes every order; later runs take the orders updated since the last complete run started
 * (`updated_at:>=`), which the webhooks also keep current between runs.
 *
 * Not done here: a bulk operation (`bulkOperationRunQuery` + its JSONL) for very large stores; cursor
 * paging at 25 orders a page costs about 25 x 150 points, i.e. ~4 s of a standard 50 points/s bucket
 * per page, which is fine up to some tens of thousands of orders.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/types";
import { shopifySyncState } from "../db/schema-shopify";
import type { ShopifyClient } from "./client";
import { replaceSourceArticles, type ReplaceResult } from "../knowledge/repo";
import { ShopifyPoliciesSource } from "../knowledge/shopify-policies";
import { completeLineItems, upsertOrder } from "./persist";
import { ORDERS_PAGE, type OrderNode } from "./queries";

export const ORDERS_SYNC_KEY = "orders";

export interface SyncOptions {
  /** Continue an unfinished run from its stored cursor (default true); false starts over. */
  resume?: boolean;
  /** Orders per page, 1-250 (default 25; see the cost note in queries.ts). */
  pageSize?: number;
  /** Stop after this many pages (for a bounded run); the next call resumes. */
  maxPages?: number;
  /** Clock for the run's timestamps. */
  now?: () => Date;
  log?: (line: string) => void;
}

export interface SyncResult {
  status: "done" | "partial";
  /** Pages and orders stored by this call. */
  pages: number;
  orders: number;
  /** Whether this call continued an earlier, unfinished run. */
  resumed: boolean;
  query: string | null;
}

/**
 * Syncs orders from Shopify into PostgreSQL.
 * @returns what this call stored; `partial` when stopped by `maxPages`
 * @throws the client's error when Shopify fails; progress up to the last stored page is kept and
 *   the state row is `failed`, so the next call (with `resume`) continues from there
 */
export async function syncAllOrders(db: Db, client: ShopifyClient, opts: SyncOptions = {}): Promise<SyncResult> {
  const now = opts.now ?? (() => new Date());
  const pageSize = Math.max(1, Math.min(250, opts.pageSize ?? 25));
  const [state] = await db.select().from(shopifySyncState).where(eq(shopifySyncState.key, ORDERS_SYNC_KEY));

  const resumed = (opts.resume ?? true) && !!state && state.status !== "done" && state.cursor !== null;
  const startedAt = resumed ? state.startedAt : now();
  const query = resumed ? state.query : state?.lastCompleteStartedAt ? `updated_at:>='${state.lastCompleteStartedAt.toISOString()}'` : null;
  let cursor: string | null = resumed ? state.cursor : null;
  await db
    .insert(shopifySyncState)
    .values({ key: ORDERS_SYNC_KEY, status: "running", query, cursor, startedAt, pages: 0, orders: 0 })
    .onConflictDoUpdate({
      target: shopifySyncState.key,
      set: resumed
        ? { status: "running", error: null, updatedAt: now() }
        : { status: "running", query, cursor: null, startedAt, pages: 0, orders: 0, finishedAt: null, error: null, updatedAt: now() },
    });
  opts.log?.(resumed ? `resuming the order sync after cursor ${cursor}` : `starting the order sync${query ? ` (${query})` : " (all orders)"}`);

  let pages = 0;
  let count = 0;
  try {
    for (;;) {
      if (opts.maxPages !== undefined && pages >= opts.maxPages) {
        return { status: "partial", pages, orders: count, resumed, query };
      }
      const { data } = await client.request<{ orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderNode[] } }>(ORDERS_PAGE, {
        first: pageSize,
        after: cursor,
        query,
      });
      const page = data.orders;
      const complete: OrderNode[] = [];
      for (const o of page.nodes) complete.push(await completeLineItems(client, o));
      await db.transaction(async (tx) => {
        for (const o of complete) await upsertOrder(tx, o);
        const [cur] = await tx.select().from(shopifySyncState).where(eq(shopifySyncState.key, ORDERS_SYNC_KEY));
        await tx
          .update(shopifySyncState)
          .set({ cursor: page.pageInfo.endCursor ?? cursor, pages: (cur?.pages ?? 0) + 1, orders: (cur?.orders ?? 0) + page.nodes.length, updatedAt: now() })
          .where(eq(shopifySyncState.key, ORDERS_SYNC_KEY));
      });
      pages++;
      count += page.nodes.length;
      cursor = page.pageInfo.endCursor ?? cursor;
      if (!page.pageInfo.hasNextPage) break;
    }
  } catch (err) {
    await db
      .update(shopifySyncState)
      .set({ status: "failed", error: String((err as Error).message).slice(0, 2000), updatedAt: now() })
      .where(eq(shopifySyncState.key, ORDERS_SYNC_KEY));
    throw err;
  }
  await db
    .update(shopifySyncState)
    .set({ status: "done", cursor: null, finishedAt: now(), lastCompleteStartedAt: startedAt, updatedAt: now() })
    .where(eq(shopifySyncState.key, ORDERS_SYNC_KEY));
  opts.log?.(`order sync done: ${count} orders in ${pages} pages`);
  return { status: "done", pages, orders: count, resumed, query };
}

/**
 * Refreshes the shop's legal policies in the knowledge base (`ShopPolicies`, src/knowledge/
 * shopify-policies.ts): changed policies are re-indexed, deleted ones disappear.
 * @throws what the client throws; the previously indexed policies then stay
 */
export async function syncShopPolicies(db: Db, client: ShopifyClient): Promise<ReplaceResult> {
  const source = new ShopifyPoliciesSource(client);
  return replaceSourceArticles(db, source.name, await source.load());
}
