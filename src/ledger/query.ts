/**
 * Ledger queries for the manager's page and its CSV export: every retention offer with what was
 * known when it was made, who approved it, what was sent, any correction, and whether it was
 * redeemed.
 *
 * Redemption rule (documented in the page too): an offer counts as redeemed when the customer
 * places an order after the offer was made and no later than the discount code's expiry,
 * `discount_code.expires_in_days` days after the offer (30 by default, config/policy.json). The
 * revenue that followed is the sum of the customer's orders in that same window (minor units of the
 * order currency). It is computed from the stored orders at query time, so an order synced later
 * (Shopify webhook or sync) counts as soon as it is stored. It does not check that the order used
 * the code: the demo store has no codes, and a lapsed customer coming back within the window is
 * what the offer was for.
 */
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { boundedDay, safeText } from "../http/input";
import { rowsOf } from "../db/rows";
import type { DbOrTx } from "../db/types";

const isoDate = boundedDay();
const emptyToUndef = (v: unknown) => (v === "" ? undefined : v);

/** The ledger's filters, from a query string. Every field optional; empty strings mean "any". */
export const LedgerFilterSchema = z
  .object({
    from: z.preprocess(emptyToUndef, isoDate.optional()),
    to: z.preprocess(emptyToUndef, isoDate.optional()),
    agent: z.preprocess(emptyToUndef, safeText().trim().max(254).optional()),
    rule: z.preprocess(
      emptyToUndef,
      z
        .string()
        .trim()
        .regex(/^[a-z0-9_]{1,64}$/, "a rule name")
        .optional(),
    ),
    band: z.preprocess(emptyToUndef, z.enum(["high", "medium", "low", "unknown"]).optional()),
    archetype: z.preprocess(emptyToUndef, safeText().trim().max(120).optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "from must not be after to", path: ["to"] });

export type LedgerFilter = z.infer<typeof LedgerFilterSchema>;

/** One ledger line. Money in minor units of `currency`; times ISO 8601 UTC. */
export interface LedgerRow {
  id: number;
  created_at: string;
  customer_id: string | null;
  ticket_id: string;
  draft_id: string;
  churn_risk: number | null;
  churn_band: string;
  lifetime_value_minor: number | null;
  currency: string | null;
  archetype: string | null;
  rule: string;
  offered_percent: number;
  free_shipping: boolean;
  /** The percentage in the text that was approved for sending (null when nothing was sent or no percentage appears), or a correction's. */
  sent_percent: number | null;
  draft_status: string;
  approved_by: string;
  edited: boolean;
  discount_code: string | null;
  discount_value_minor: number;
  redeemed: boolean;
  redeemed_at: string | null;
  orders_after: number;
  revenue_after_minor: number;
  policy_version: string;
  hash: string;
  /** Corrections recorded for this entry, oldest first. */
  corrections: Array<{ id: number; at: string; actor: string; reason: string; correction: Record<string, unknown> }>;
}

function where(f: LedgerFilter): SQL {
  const conds: SQL[] = [sql`true`];
  if (f.from) conds.push(sql`o.created_at >= ${`${f.from}T00:00:00Z`}::timestamptz`);
  if (f.to) conds.push(sql`o.created_at < (${`${f.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  if (f.agent) conds.push(sql`lower(o.approved_by) = ${f.agent.toLowerCase()}`);
  if (f.rule) conds.push(sql`o.rule = ${f.rule}`);
  if (f.band) conds.push(sql`coalesce(d.decision->>'churn_band', 'unknown') = ${f.band}`);
  if (f.archetype) conds.push(sql`coalesce(d.profile->>'archetype_label', d.profile->>'archetype_id') = ${f.archetype}`);
  return sql.join(conds, sql` and `);
}

/** The largest "N%" in a text (the percentage a sent reply promised), or null. */
export function percentInText(text: string): number | null {
  const all = [...text.matchAll(/(\d{1,3})\s?%/g)].map((m) => Number(m[1])).filter((n) => n <= 100);
  return all.length ? Math.max(...all) : null;
}

/**
 * The filtered ledger, newest first.
 * @param expiresInDays the discount code lifetime (policy `discount_code.expires_in_days`): the redemption window
 * @param limit at most this many rows (the CSV export passes a larger one)
 */
export async function queryLedger(db: DbOrTx, f: LedgerFilter, expiresInDays: number, limit = 500): Promise<LedgerRow[]> {
  const result = await db.execute(sql`
    select o.id, o.created_at, o.customer_id, o.ticket_id, o.draft_id, o.churn_risk_score, o.lifetime_value_minor, o.currency,
      o.rule, o.discount_percent, o.free_shipping, o.discount_value_minor, o.approved_by, o.edited, o.discount_code,
      o.policy_version, o.hash,
      d.status as draft_status, d.body as draft_body,
      coalesce(d.decision->>'churn_band', 'unknown') as churn_band,
      coalesce(d.profile->>'archetype_label', d.profile->>'archetype_id') as archetype,
      r.first_at, coalesce(r.n, 0)::int as orders_after, coalesce(r.revenue, 0)::bigint as revenue_after,
      (select coalesce(json_agg(json_build_object('id', c.id, 'at', c.created_at, 'actor', c.actor, 'reason', c.reason, 'correction', c.correction) order by c.id), '[]'::json)
         from ledger_corrections c where c.offer_id = o.id) as corrections
    from offers o
    left join drafts d on d.id = o.draft_id
    left join lateral (
      select min(x.processed_at) as first_at, count(*) as n, sum(x.total_minor) as revenue
      from orders x
      where o.customer_id is not null and x.customer_id = o.customer_id
        and x.processed_at > o.created_at and x.processed_at <= o.created_at + make_interval(days => ${expiresInDays}::int)
    ) r on true
    where ${where(f)}
    order by o.id desc
    limit ${limit}`);
  type Raw = Record<string, unknown>;
  return rowsOf<Raw>(result).map((r) => {
    const corrections = (typeof r.corrections === "string" ? JSON.parse(r.corrections) : r.corrections) as LedgerRow["corrections"];
    const status = String(r.draft_status ?? "approved");
    let sent: number | null = status === "approved" && typeof r.draft_body === "string" ? percentInText(r.draft_body) : null;
    for (const c of corrections) if (typeof c.correction.sent_percent === "number") sent = c.correction.sent_percent;
    let code = (r.discount_code as string | null) ?? null;
    for (const c of corrections) if (typeof c.correction.discount_code === "string") code = c.correction.discount_code;
    const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
    return {
      id: Number(r.id),
      created_at: iso(r.created_at)!,
      customer_id: (r.customer_id as string | null) ?? null,
      ticket_id: String(r.ticket_id),
      draft_id: String(r.draft_id),
      churn_risk: r.churn_risk_score == null ? null : Number(r.churn_risk_score),
      churn_band: String(r.churn_band),
      lifetime_value_minor: r.lifetime_value_minor == null ? null : Number(r.lifetime_value_minor),
      currency: (r.currency as string | null) ?? null,
      archetype: (r.archetype as string | null) ?? null,
      rule: String(r.rule),
      offered_percent: Number(r.discount_percent),
      free_shipping: Boolean(r.free_shipping),
      sent_percent: sent,
      draft_status: status,
      approved_by: String(r.approved_by),
      edited: Boolean(r.edited),
      discount_code: code,
      discount_value_minor: Number(r.discount_value_minor),
      redeemed: r.first_at != null,
      redeemed_at: iso(r.first_at),
      orders_after: Number(r.orders_after),
      revenue_after_minor: Number(r.revenue_after),
      policy_version: String(r.policy_version),
      hash: String(r.hash),
      corrections: corrections.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    };
  });
}

/** Totals of a filtered ledger: offers, discount value promised, redeemed offers, revenue after offers (minor units). */
export function ledgerTotals(rows: LedgerRow[]) {
  return {
    offers: rows.length,
    discount_value_minor: rows.reduce((s, r) => s + r.discount_value_minor, 0),
    redeemed: rows.filter((r) => r.redeemed).length,
    revenue_after_minor: rows.reduce((s, r) => s + r.revenue_after_minor, 0),
  };
}

/** Offers and redemptions per ISO week (Monday, UTC) of the offer, oldest first. */
export function offersByWeek(rows: LedgerRow[]): Array<{ week: string; offers: number; redeemed: number }> {
  const m = new Map<string, { offers: number; redeemed: number }>();
  for (const r of rows) {
    const d = new Date(r.created_at);
    const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
    const k = monday.toISOString().slice(0, 10);
    const e = m.get(k) ?? { offers: 0, redeemed: 0 };
    e.offers++;
    if (r.redeemed) e.redeemed++;
    m.set(k, e);
  }
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, v]) => ({ week, ...v }));
}

/**
 * Offer rate by churn band: of the policy decisions made in the period (first drafts of tickets),
 * the share that offered a discount or free shipping.
 */
export async function offerRateByBand(db: DbOrTx, f: LedgerFilter): Promise<Array<{ band: string; decisions: number; offers: number; rate: number }>> {
  const conds: SQL[] = [sql`d.revision = 1`];
  if (f.from) conds.push(sql`d.created_at >= ${`${f.from}T00:00:00Z`}::timestamptz`);
  if (f.to) conds.push(sql`d.created_at < (${`${f.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  if (f.archetype) conds.push(sql`coalesce(d.profile->>'archetype_label', d.profile->>'archetype_id') = ${f.archetype}`);
  const rows = rowsOf<{ band: string; decisions: number; offers: number }>(
    await db.execute(sql`
      select coalesce(d.decision->>'churn_band', 'unknown') as band, count(*)::int as decisions,
        count(*) filter (where (d.decision->>'offer_discount')::boolean or (d.decision->>'free_shipping')::boolean)::int as offers
      from drafts d where ${sql.join(conds, sql` and `)} group by 1`),
  );
  const order = ["high", "medium", "low", "unknown"];
  return order.map((band) => {
    const r = rows.find((x) => x.band === band);
    const decisions = Number(r?.decisions ?? 0);
    const offers = Number(r?.offers ?? 0);
    return { band, decisions, offers, rate: decisions ? offers / decisions : 0 };
  });
}

/**
 * Per reviewer in the period: approvals, the share of approvals they edited, and the override rate:
 * of the drafts with an offer they reviewed, the share where they did not send the policy's offer as
 * decided (rejected it, or approved a text whose percentage differs from the decided one).
 */
export async function agentRates(
  db: DbOrTx,
  f: LedgerFilter,
): Promise<Array<{ agent: string; reviewed: number; approvals: number; edit_rate: number; offer_reviews: number; override_rate: number }>> {
  const conds: SQL[] = [sql`d.reviewed_by is not null`, sql`d.status in ('approved', 'approved_unsent', 'rejected')`];
  if (f.from) conds.push(sql`d.reviewed_at >= ${`${f.from}T00:00:00Z`}::timestamptz`);
  if (f.to) conds.push(sql`d.reviewed_at < (${`${f.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  if (f.agent) conds.push(sql`lower(d.reviewed_by) = ${f.agent.toLowerCase()}`);
  const rows = rowsOf<{ reviewed_by: string; status: string; edited: boolean | null; body: string; offer: boolean; percent: number }>(
    await db.execute(sql`
      select d.reviewed_by, d.status, d.edited, d.body,
        coalesce((d.decision->>'offer_discount')::boolean, false) as offer,
        coalesce((d.decision->>'discount_percent')::int, 0) as percent
      from drafts d where ${sql.join(conds, sql` and `)}`),
  );
  const by = new Map<string, { reviewed: number; approvals: number; edits: number; offerReviews: number; overrides: number }>();
  for (const r of rows) {
    const e = by.get(r.reviewed_by) ?? { reviewed: 0, approvals: 0, edits: 0, offerReviews: 0, overrides: 0 };
    e.reviewed++;
    const approved = r.status !== "rejected";
    if (approved) e.approvals++;
    if (approved && r.edited) e.edits++;
    if (r.offer) {
      e.offerReviews++;
      if (!approved || percentInText(r.body) !== Number(r.percent)) e.overrides++;
    }
    by.set(r.reviewed_by, e);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agent, e]) => ({
      agent,
      reviewed: e.reviewed,
      approvals: e.approvals,
      edit_rate: e.approvals ? e.edits / e.approvals : 0,
      offer_reviews: e.offerReviews,
      override_rate: e.offerReviews ? e.overrides / e.offerReviews : 0,
    }));
}

/** Distinct values for the filter menus (agents, rules, archetypes) across the whole ledger. */
export async function ledgerFacets(db: DbOrTx): Promise<{ agents: string[]; rules: string[]; archetypes: string[] }> {
  const rows = rowsOf<{ kind: string; v: string }>(
    await db.execute(sql`
      select distinct 'agent' as kind, approved_by as v from offers
      union select distinct 'rule', rule from offers
      union select distinct 'archetype', coalesce(d.profile->>'archetype_label', d.profile->>'archetype_id') from offers o join drafts d on d.id = o.draft_id
        where coalesce(d.profile->>'archetype_label', d.profile->>'archetype_id') is not null`),
  );
  const pick = (k: string) =>
    rows
      .filter((r) => r.kind === k && r.v != null)
      .map((r) => r.v)
      .sort();
  return { agents: pick("agent"), rules: pick("rule"), archetypes: pick("archetype") };
}
