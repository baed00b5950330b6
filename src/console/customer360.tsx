/**
 * The customer 360 panel beside a ticket, after the seeds' profile (000) and 360 dashboard (004):
 * value and order metrics, churn risk with band and trend, RFM segment, archetype, predicted CLV,
 * the last orders with items and tracking, recommended products (each with the purchase it relates
 * to), previous tickets and offers, alerts, and a purchase timeline. Figures come from the profile service (exact aggregates of stored orders plus the
 * scoring run in force); when it fails, the snapshot the decision used is shown and labelled so.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Child } from "hono/jsx";
import { findCustomerById, lastOrders, type OrderFacts } from "../customers/repo";
import { recommendationsFor, type ProductRecommendation } from "../customers/recommendations";
import { productName } from "../ai/draft/facts";
import { rowsOf } from "../db/rows";
import { offers } from "../db/schema";
import { churnBand } from "../policy/engine";
import type { PolicyConfig } from "../policy/config";
import { customerInsights, type CustomerInsight } from "../profile/insights";
import type { CustomerProfile } from "../profile/types";
import type { Services } from "../services";
import { day, money, pct } from "./layout";

export { INACTIVITY_ALERT_DAYS, REPEATED_REFUNDS } from "../profile/insights";

export interface Customer360 {
  customerId: string;
  name: string | null;
  profile: CustomerProfile | null;
  /** "live": computed now; "snapshot": the copy the decision used (the live one failed). */
  profileSource: "live" | "snapshot";
  band: ReturnType<typeof churnBand>;
  trend: { direction: "rising" | "falling" | "steady" | "first reading"; previous: number | null; previousAt: string | null };
  orders: OrderFacts[];
  /** Catalogue products they have not bought, related to what they did (best first). */
  recommendations: ProductRecommendation[];
  timeline: Array<{ at: string; totalMinor: number }>;
  offerMarks: string[];
  tickets: Array<{ id: string; at: string; subject: string; intent: string | null; draftId: string | null; draftStatus: string | null; offer: string }>;
  offers: Array<{ id: number; at: string; rule: string; percent: number; freeShipping: boolean; code: string | null; approvedBy: string }>;
  /** The alerts (src/profile/insights.ts, as `GET /v1/customers/:id/insights` serves them). */
  alerts: CustomerInsight[];
}

/**
 * Loads the panel's data for one customer.
 * @param customerGid `gid://shopify/Customer/<id>`
 * @param currentTicketId excluded from "previous tickets" (null on the customer page: every ticket is previous)
 * @param snapshot the decision's profile, used when the live profile cannot be built
 * @returns null for a ticket with no known customer
 */
export async function loadCustomer360(
  s: Services,
  customerGid: string | null,
  currentTicketId: string | null,
  snapshot: CustomerProfile | null,
  policy: PolicyConfig,
): Promise<Customer360 | null> {
  if (!customerGid) return null;
  const db = s.db;
  const customer = await findCustomerById(db, customerGid);
  if (!customer) return null;
  let profile: CustomerProfile | null = snapshot;
  let profileSource: Customer360["profileSource"] = "snapshot";
  try {
    profile = await s.profiles.forCustomer(customer);
    profileSource = "live";
  } catch (err) {
    s.log.warn("customer 360: live profile failed, showing the decision's snapshot", { error: String((err as Error).message ?? err) });
  }
  const [orders, recommendations, timelineRows, ticketRows, offerRows, earlier] = await Promise.all([
    lastOrders(db, customerGid, 5),
    recommendationsFor(db, customerGid, { now: s.clock.now(), limit: 5 }),
    db.execute(sql`select processed_at, total_minor from orders where customer_id = ${customerGid} order by processed_at asc limit 1000`),
    db.execute(sql`
      select t.id, t.created_at, t.subject, t.triage->>'intent' as intent, d.id as draft_id, d.status as draft_status, d.decision
      from tickets t
      left join lateral (select * from drafts x where x.ticket_id = t.id order by x.revision desc limit 1) d on true
      where t.customer_id = ${customerGid} ${currentTicketId ? sql`and t.id <> ${currentTicketId}` : sql``}
      order by t.created_at desc limit 10`),
    db.select().from(offers).where(eq(offers.customerId, customerGid)).orderBy(desc(offers.id)).limit(10),
    db.execute(sql`
      select (d.profile->>'churn_risk_score')::float as churn, d.created_at
      from drafts d join tickets t on t.id = d.ticket_id
      where t.customer_id = ${customerGid} ${currentTicketId ? sql`and t.id <> ${currentTicketId}` : sql``} and d.revision = 1 and d.profile->>'churn_risk_score' is not null
      order by d.created_at desc limit 1`),
  ]);
  const churn = profile?.churn_risk_score ?? null;
  const prev = rowsOf<{ churn: number; created_at: string }>(earlier)[0];
  let direction: Customer360["trend"]["direction"] = "first reading";
  if (prev && churn !== null) {
    const delta = churn - Number(prev.churn);
    direction = Math.abs(delta) < 0.02 ? "steady" : delta > 0 ? "rising" : "falling";
  }
  const band = churnBand(churn, policy);
  const alerts = customerInsights(profile, policy);
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ") || null;
  return {
    customerId: customerGid.replace("gid://shopify/Customer/", ""),
    name,
    profile,
    profileSource,
    band,
    trend: { direction, previous: prev ? Number(prev.churn) : null, previousAt: prev ? new Date(prev.created_at).toISOString() : null },
    orders,
    recommendations,
    timeline: rowsOf<{ processed_at: string; total_minor: number | string }>(timelineRows).map((r) => ({
      at: new Date(r.processed_at).toISOString(),
      totalMinor: Number(r.total_minor),
    })),
    offerMarks: offerRows.map((o) => o.createdAt.toISOString()),
    tickets: rowsOf<Record<string, unknown>>(ticketRows).map((r) => {
      const d = (typeof r.decision === "string" ? JSON.parse(r.decision) : r.decision) as {
        offer_discount?: boolean;
        discount_percent?: number;
        free_shipping?: boolean;
      } | null;
      return {
        id: String(r.id),
        at: new Date(r.created_at as string).toISOString(),
        subject: String(r.subject ?? ""),
        intent: (r.intent as string | null) ?? null,
        draftId: (r.draft_id as string | null) ?? null,
        draftStatus: (r.draft_status as string | null) ?? null,
        offer: d ? [d.offer_discount ? `${d.discount_percent}%` : null, d.free_shipping ? "free shipping" : null].filter(Boolean).join(" + ") || "none" : "–",
      };
    }),
    offers: offerRows.map((o) => ({
      id: o.id,
      at: o.createdAt.toISOString(),
      rule: o.rule,
      percent: o.discountPercent,
      freeShipping: o.freeShipping,
      code: o.discountCode,
      approvedBy: o.approvedBy,
    })),
    alerts,
  };
}

/** The purchase timeline: one bar per order (height: order value), offers marked below the axis. */
export function PurchaseTimeline(props: { data: Customer360; asOf: string }): Child {
  const { timeline, offerMarks, profile } = props.data;
  const W = 360;
  const H = 120;
  const pad = { l: 8, r: 8, t: 8, b: 30 };
  const end = new Date(props.asOf).getTime();
  const first = timeline[0];
  const last = timeline.at(-1);
  const start = first ? Math.min(new Date(first.at).getTime(), ...offerMarks.map((o) => new Date(o).getTime())) : end - 365 * 86_400_000;
  const span = Math.max(end - start, 86_400_000);
  const x = (iso: string) => pad.l + ((new Date(iso).getTime() - start) / span) * (W - pad.l - pad.r);
  const max = Math.max(1, ...timeline.map((t) => t.totalMinor));
  const baseY = H - pad.b;
  const cur = profile?.currency ?? "GBP";
  const summary =
    first && last
      ? `${timeline.length} orders from ${day(first.at)} to ${day(last.at)}; largest ${money(max, cur)}; ${offerMarks.length} offers marked.`
      : "No orders yet.";
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="tl-title tl-desc">
        <title id="tl-title">Purchase timeline</title>
        <desc id="tl-desc">{summary}</desc>
        <line class="line" x1={pad.l} x2={W - pad.r} y1={baseY} y2={baseY} stroke-width={1} />
        {timeline.map((t) => {
          const h = Math.max(2, (t.totalMinor / max) * (baseY - pad.t));
          return (
            <rect class="dot" x={x(t.at) - 2} y={baseY - h} width={4} height={h}>
              <title>{`${day(t.at)}: ${money(t.totalMinor, cur)}`}</title>
            </rect>
          );
        })}
        {offerMarks.map((o) => (
          <path class="offer" d={`M ${x(o)} ${baseY + 3} l 5 9 l -10 0 z`}>
            <title>{`Offer on ${day(o)}`}</title>
          </path>
        ))}
        <text class="axis" x={pad.l} y={H - 4}>
          {day(new Date(start))}
        </text>
        <text class="axis" x={W - pad.r} y={H - 4} text-anchor="end">
          {day(props.asOf)}
        </text>
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}

/** The panel. */
export function Customer360Panel(props: { data: Customer360 | null; asOf: string }) {
  const d = props.data;
  if (!d) {
    return (
      <section class="card" aria-labelledby="c360-h">
        <h2 id="c360-h">Customer</h2>
        <p>A new customer: no orders with us, so no profile or retention offer.</p>
      </section>
    );
  }
  const p = d.profile;
  const cur = p?.currency ?? "GBP";
  const metric = (label: string, value: Child) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <section class="card" aria-labelledby="c360-h">
      <h2 id="c360-h">
        Customer #{d.customerId}
        {d.name ? ` · ${d.name}` : ""}
      </h2>
      {d.profileSource === "snapshot" ? <p class="hint">Live figures unavailable: showing the copy the decision used.</p> : null}
      {d.alerts.length ? (
        <ul class="alerts" aria-label="Alerts">
          {d.alerts.map((a) => (
            <li>{a.message}</li>
          ))}
        </ul>
      ) : null}
      {p ? (
        <dl class="metrics">
          {metric("Lifetime value", money(p.lifetime_value_minor, cur))}
          {metric("Orders", String(p.total_orders))}
          {metric("Average order", money(p.avg_order_value_minor, cur))}
          {metric("Last order", p.last_order_at ? `${day(p.last_order_at)} (${p.days_since_last_purchase} days)` : "–")}
          {metric(
            "Churn risk",
            <>
              {p.churn_risk_score === null ? "–" : p.churn_risk_score.toFixed(2)} <span class={`badge ${d.band}`}>{d.band}</span>
              <span class="hint">
                {" "}
                {d.trend.direction}
                {d.trend.previous !== null ? ` (was ${d.trend.previous.toFixed(2)} on ${day(d.trend.previousAt)})` : ""}
              </span>
            </>,
          )}
          {metric("RFM segment", p.rfm_segment ? `${p.rfm_segment}${p.rfm_score ? ` (${p.rfm_score})` : ""}` : "–")}
          {metric("Archetype", p.archetype_label ?? p.archetype_id ?? "–")}
          {metric("Predicted CLV (12 months)", money(p.predicted_clv_12m_minor, cur))}
          {metric("P(alive)", p.p_alive === null ? "–" : pct(p.p_alive))}
          {metric("Refunds", `${p.refund_count} · ${money(p.refund_amount_minor, cur)}`)}
        </dl>
      ) : null}
      {p ? (
        <p class="hint">
          Model: {p.churn_model}
          {p.unscored_reason ? ` · ${p.unscored_reason}` : ""}
        </p>
      ) : null}
      <h3>Purchase timeline</h3>
      <PurchaseTimeline data={d} asOf={props.asOf} />
      <h3>Last orders</h3>
      {d.orders.length === 0 ? (
        <p>No orders.</p>
      ) : (
        <ul>
          {d.orders.map((o) => (
            <li>
              <strong>{o.name}</strong> · {day(o.processed_at)} · {money(o.total_minor, o.currency)}
              {o.fulfillment_status ? ` · ${o.fulfillment_status}` : ""}
              <ul>
                {o.line_items.slice(0, 5).map((i) => (
                  <li>
                    {i.quantity} × {i.title}
                  </li>
                ))}
                {o.line_items.length > 5 ? <li>and {o.line_items.length - 5} more items</li> : null}
              </ul>
              {o.fulfillments
                .filter((f) => f.tracking_number)
                .map((f) => (
                  <p class="hint">
                    Tracking: {f.tracking_company ?? "carrier"} {f.tracking_number}
                    {f.delivered_at ? ` · delivered ${day(f.delivered_at)}` : ""}
                  </p>
                ))}
            </li>
          ))}
        </ul>
      )}
      <h3>Recommended for them</h3>
      {d.recommendations.length === 0 ? (
        <p>No recommendation: no orders, or no product of theirs is often bought with another in stock.</p>
      ) : (
        <ul class="recommendations">
          {d.recommendations.map((r) => (
            <li>
              <strong>{productName(r.title)}</strong> · often bought with the {productName(r.because.title)} they ordered ({r.support} customers bought both)
            </li>
          ))}
        </ul>
      )}
      <h3>Previous tickets</h3>
      {d.tickets.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {d.tickets.map((t) => (
            <li>
              {day(t.at)} ·{" "}
              {t.draftId ? <a href={`/console/drafts/${t.draftId}`}>{t.subject || (t.intent ?? "ticket").replace(/_/g, " ")}</a> : t.subject || "ticket"} ·{" "}
              {t.draftStatus ?? "no draft"} · offer: {t.offer}
            </li>
          ))}
        </ul>
      )}
      <h3>Previous offers</h3>
      {d.offers.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {d.offers.map((o) => (
            <li>
              {day(o.at)} · {o.percent}%{o.freeShipping ? " + free shipping" : ""} · {o.rule.replace(/_/g, " ")} · by {o.approvedBy}
              {o.code ? ` · code ${o.code}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
