/**
 * A customer's journey (`GET /v1/customers/:id/journey`, MCP): one timeline of their orders,
 * refunds, tickets, draft revisions and retention offers, newest first, keyset-paginated on
 * (time, kind, id). Every branch reads an index on the customer (orders and refunds by customer and
 * time, tickets by customer, drafts by ticket, offers by customer and time).
 */
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import type { DbOrTx } from "../db/types";

export const JOURNEY_KINDS = ["order", "refund", "ticket", "draft", "offer"] as const;
export type JourneyKind = (typeof JOURNEY_KINDS)[number];

/**
 * One event. `at` is ISO 8601 UTC: an order's or refund's processing time, a ticket's `created_at`
 * (when the customer wrote), a draft revision's or an offer's creation. `data` holds the event's
 * own fields (money in minor units with its currency).
 */
export interface JourneyEvent {
  at: string;
  kind: JourneyKind;
  id: string;
  data: Record<string, unknown>;
}

/** Where a page starts: after the event with this (at, kind, id); `at` to the microsecond, as PostgreSQL keeps it. */
export interface JourneyKey {
  at: string;
  kind: string;
  id: string;
}

/**
 * One page of a customer's journey, newest first.
 * @param customerGid `gid://shopify/Customer/<id>`
 * @param opts.limit page size (1-100); opts.kinds only these kinds (all when absent); opts.after the previous page's last key
 * @returns the events and the key of the last one when more follow
 */
export async function customerJourney(
  db: DbOrTx,
  customerGid: string,
  opts: { limit: number; kinds?: readonly JourneyKind[]; after?: JourneyKey },
): Promise<{ items: JourneyEvent[]; next: JourneyKey | null }> {
  const kinds = new Set(opts.kinds?.length ? opts.kinds : JOURNEY_KINDS);
  const branches = [];
  if (kinds.has("order"))
    branches.push(sql`select o.processed_at as at, 'order' as kind, o.id as id, json_build_object('name', o.name, 'total_minor', o.total_minor, 'currency', o.currency,
        'financial_status', o.financial_status, 'fulfillment_status', o.fulfillment_status,
        'items', (select coalesce(sum(li.quantity), 0) from order_line_items li where li.order_id = o.id)) as data
      from orders o where o.customer_id = ${customerGid}`);
  if (kinds.has("refund"))
    branches.push(sql`select r.processed_at, 'refund', r.id, json_build_object('order_id', r.order_id, 'amount_minor', r.amount_minor, 'currency', r.currency, 'note', r.note)
      from refunds r where r.customer_id = ${customerGid}`);
  if (kinds.has("ticket"))
    branches.push(sql`select t.created_at, 'ticket', t.id::text, json_build_object('source', t.source, 'external_id', t.external_id, 'subject', t.subject, 'status', t.status,
        'family', t.triage->>'family', 'intent', t.triage->>'intent')
      from tickets t where t.customer_id = ${customerGid}`);
  if (kinds.has("draft"))
    branches.push(sql`select d.created_at, 'draft', d.id::text, json_build_object('ticket_id', d.ticket_id, 'revision', d.revision, 'status', d.status, 'drafter', d.drafter,
        'discount_percent', (d.decision->>'discount_percent')::int, 'free_shipping', (d.decision->>'free_shipping')::boolean, 'escalate', (d.decision->>'escalate')::boolean,
        'reviewed_by', d.reviewed_by, 'reviewed_at', d.reviewed_at)
      from drafts d join tickets t on t.id = d.ticket_id where t.customer_id = ${customerGid}`);
  if (kinds.has("offer"))
    branches.push(sql`select f.created_at, 'offer', f.id::text, json_build_object('draft_id', f.draft_id, 'ticket_id', f.ticket_id, 'rule', f.rule, 'discount_percent', f.discount_percent,
        'free_shipping', f.free_shipping, 'discount_code', f.discount_code, 'approved_by', f.approved_by, 'currency', f.currency)
      from offers f where f.customer_id = ${customerGid}`);
  const after = opts.after ? sql`where (e.at, e.kind, e.id) < (${opts.after.at}::timestamptz, ${opts.after.kind}, ${opts.after.id})` : sql``;
  const rows = rowsOf<{ at: string | Date; at_key: string; kind: JourneyKind; id: string; data: unknown }>(
    await db.execute(sql`
      select e.at, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key, e.kind, e.id, e.data from (${sql.join(branches, sql` union all `)}) as e (at, kind, id, data)
      ${after}
      order by e.at desc, e.kind desc, e.id desc
      limit ${opts.limit + 1}`),
  );
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      id: r.id,
      data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    })),
    next: rows.length > opts.limit && last ? { at: last.at_key, kind: last.kind, id: last.id } : null,
  };
}
