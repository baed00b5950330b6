/**
 * Customer search (`GET /v1/customers?query=`, the console's search box, MCP): one query finds
 * customers by id, order number, email or name, case-insensitively, each branch on an index
 * (drizzle/0007_customer_search.sql):
 * - id: `17580` or `gid://shopify/Customer/17580`, exact (the primary key);
 * - order number: `#536365` or `536365`, exact, case-insensitive (`orders_name_lower_idx`);
 * - email: a prefix of the address (`17580@cust`), case-insensitive (`customers_email_prefix_idx`);
 * - name: a prefix of "first last" or of the last name (`customers_name_prefix_idx`,
 *   `customers_last_name_prefix_idx`).
 * A customer found several ways is listed once, under its best match. Results are ordered by match
 * (id, order, exact email, email prefix, name) then customer id, and keyset-paginated on that order.
 */
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import type { DbOrTx } from "../db/types";
import { toCustomerGid } from "./repo";

export const SEARCH_MATCHES = ["id", "order", "email", "email_prefix", "name"] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

export interface CustomerSearchHit {
  /** `gid://shopify/Customer/<id>` */
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  /** How it was found (the best way, when several matched). */
  matched: SearchMatch;
  /** The order number that matched, for `matched: "order"`. */
  orderName: string | null;
  /** From the latest scoring run's snapshot (null before the first run). */
  rfmSegment: string | null;
  churnRiskScore: number | null;
}

/** Where a page starts: after the hit with this match rank and customer id. */
export interface SearchKey {
  rank: number;
  customerGid: string;
}

/** `%` and `_` in a user's text match themselves, not any character. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Searches customers.
 * @param query the user's text, at least 1 character after trimming (the route validates it)
 * @param opts.limit page size (1-100); opts.after the last hit of the previous page
 * @returns at most `limit` hits and the key of the last one when more follow
 */
export async function searchCustomers(
  db: DbOrTx,
  query: string,
  opts: { limit: number; after?: SearchKey },
): Promise<{ items: CustomerSearchHit[]; next: SearchKey | null }> {
  const q = query.trim().toLowerCase();
  const prefix = `${escapeLike(q)}%`;
  // An id is digits (a legacy id) or a GID; an order number is what the store calls its orders ("#1001").
  const gid = /^\d+$/.test(q)
    ? toCustomerGid(q)
    : q.startsWith("gid://shopify/customer/")
      ? `gid://shopify/Customer/${q.slice("gid://shopify/customer/".length)}`
      : null;
  const orderNames = q.startsWith("#") ? [q] : [`#${q}`, q];
  const afterRank = opts.after?.rank ?? -1;
  const afterId = opts.after?.customerGid ?? "";
  const rows = rowsOf<{
    id: string;
    email: string | null;
    first_name: string | null;
    last_name: string | null;
    country: string | null;
    rank: number;
    order_name: string | null;
    rfm_segment: string | null;
    churn_risk_score: number | null;
  }>(
    await db.execute(sql`
      with m as (
        select c.id, 0 as rank, null::text as order_name from customers c where c.id = ${gid ?? ""}
        union all
        select o.customer_id, 1, o.name from orders o where lower(o.name) in (${sql.join(
          orderNames.map((n) => sql`${n}`),
          sql`, `,
        )}) and o.customer_id is not null
        union all
        select c.id, case when lower(c.email) = ${q} then 2 else 3 end, null from customers c where lower(c.email) like ${prefix}
        union all
        select c.id, 4, null from customers c
          where lower(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) like ${prefix} or lower(c.last_name) like ${prefix}
      ),
      best as (select distinct on (id) id, rank, order_name from m order by id, rank),
      page as (select id, rank, order_name from best where (rank, id) > (${afterRank}, ${afterId}) order by rank, id limit ${opts.limit + 1})
      select c.id, c.email, c.first_name, c.last_name, c.country, b.rank, b.order_name, p.rfm_segment, p.churn_risk_score
      from page b
      join customers c on c.id = b.id
      left join customer_profiles p on p.customer_id = c.id
      order by b.rank, b.id`),
  );
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      customerGid: r.id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      country: r.country,
      matched: SEARCH_MATCHES[Number(r.rank)] ?? "name",
      orderName: r.order_name,
      rfmSegment: r.rfm_segment,
      churnRiskScore: r.churn_risk_score === null ? null : Number(r.churn_risk_score),
    })),
    next: rows.length > opts.limit && last ? { rank: Number(last.rank), customerGid: last.id } : null,
  };
}
