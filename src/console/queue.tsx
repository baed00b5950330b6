/**
 * GET /console/queue: the pending drafts, hand-over tickets first (safety at the top) with their
 * category and owner, then most urgent first (the policy's priority score: high churn risk and high
 * value first; newest first among equals) or newest first, filterable by intent, helpdesk (the
 * ticket's source), churn band and offer (or hand-over). Filters are validated; a bad one shows the
 * form with the error, never a 500.
 */
import { Hono } from "hono";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../db/rows";
import type { DbOrTx } from "../db/types";
import type { Decision } from "../policy/types";
import type { ConsoleEnv } from "./env";
import { dateTime, Layout, Notice } from "./layout";
import { requireUser } from "./security";

const blank = (v: unknown) => (v === "" ? undefined : v);
export const QueueFilterSchema = z.object({
  intent: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z0-9_]{1,64}$/, "an intent name")
      .optional(),
  ),
  helpdesk: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z0-9_.-]{1,32}$/, "a helpdesk name")
      .optional(),
  ),
  band: z.preprocess(blank, z.enum(["high", "medium", "low", "unknown"]).optional()),
  offer: z.preprocess(blank, z.enum(["discount", "free_shipping", "none", "escalated", "handover"]).optional()),
  sort: z.preprocess(blank, z.enum(["urgent", "newest"]).default("urgent")),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(1)),
});
export type QueueFilter = z.infer<typeof QueueFilterSchema>;
const PAGE = 50;

export interface QueueItem {
  id: string;
  created_at: string;
  subject: string;
  snippet: string;
  source: string;
  intent: string | null;
  customer_id: string | null;
  first_name: string | null;
  decision: Decision;
  guard_ok: boolean | null;
}

/**
 * Pending drafts for the queue.
 * @returns one page (50) and whether another follows
 */
export async function queueItems(db: DbOrTx, f: QueueFilter): Promise<{ items: QueueItem[]; more: boolean }> {
  const conds: SQL[] = [sql`d.status = 'pending_review'`];
  if (f.intent) conds.push(sql`t.triage->>'intent' = ${f.intent}`);
  if (f.helpdesk) conds.push(sql`t.source = ${f.helpdesk}`);
  if (f.band) conds.push(sql`coalesce(d.decision->>'churn_band', 'unknown') = ${f.band}`);
  if (f.offer === "discount") conds.push(sql`(d.decision->>'offer_discount')::boolean`);
  if (f.offer === "free_shipping") conds.push(sql`(d.decision->>'free_shipping')::boolean`);
  if (f.offer === "none") conds.push(sql`not (d.decision->>'offer_discount')::boolean and not (d.decision->>'free_shipping')::boolean`);
  if (f.offer === "escalated") conds.push(sql`(d.decision->>'escalate')::boolean`);
  if (f.offer === "handover") conds.push(sql`d.decision->'handover' is not null`);
  // Hand-over tickets lead in either order; among them the priority score puts safety first.
  const handoverFirst = sql`(d.decision->'handover' is not null) desc`;
  const order =
    f.sort === "newest"
      ? sql`${handoverFirst}, (d.decision->'handover'->'categories'->>0 = 'safety') desc nulls last, d.created_at desc, d.id desc`
      : sql`${handoverFirst}, coalesce((d.decision->>'priority_score')::float, 0) desc, d.created_at desc, d.id desc`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select d.id, d.created_at, d.decision, d.guard->>'ok' as guard_ok, d.profile->>'first_name' as first_name,
        t.subject, left(t.body, 160) as snippet, t.source, t.triage->>'intent' as intent, t.customer_id
      from drafts d join tickets t on t.id = d.ticket_id
      where ${sql.join(conds, sql` and `)}
      order by ${order}
      limit ${PAGE + 1} offset ${(f.page - 1) * PAGE}`),
  );
  const items = rows.slice(0, PAGE).map((r) => ({
    id: String(r.id),
    created_at: new Date(r.created_at as string).toISOString(),
    subject: String(r.subject ?? ""),
    snippet: String(r.snippet ?? ""),
    source: String(r.source),
    intent: (r.intent as string | null) ?? null,
    customer_id: (r.customer_id as string | null) ?? null,
    first_name: (r.first_name as string | null) ?? null,
    decision: (typeof r.decision === "string" ? JSON.parse(r.decision) : r.decision) as Decision,
    guard_ok: r.guard_ok == null ? null : r.guard_ok === "true" || r.guard_ok === true,
  }));
  return { items, more: rows.length > PAGE };
}

/** Intents and helpdesks present among pending drafts, for the filter menus. */
export async function queueFacets(db: DbOrTx): Promise<{ intents: string[]; helpdesks: string[] }> {
  const rows = rowsOf<{ kind: string; v: string }>(
    await db.execute(sql`
      select distinct 'intent' as kind, t.triage->>'intent' as v from drafts d join tickets t on t.id = d.ticket_id where d.status = 'pending_review' and t.triage->>'intent' is not null
      union select distinct 'helpdesk', t.source from drafts d join tickets t on t.id = d.ticket_id where d.status = 'pending_review'`),
  );
  return {
    intents: rows
      .filter((r) => r.kind === "intent")
      .map((r) => r.v)
      .sort(),
    helpdesks: rows
      .filter((r) => r.kind === "helpdesk")
      .map((r) => r.v)
      .sort(),
  };
}

/** "legal threat → legal" for a hand-over decision (its most severe category and owner), else null. */
export const handoverText = (d: Decision) => (d.handover ? `${(d.handover.categories[0] ?? "").replace(/_/g, " ")} → ${d.handover.owner}` : null);

export const offerText = (d: Decision) =>
  [d.offer_discount ? `${d.discount_percent}% off` : null, d.free_shipping ? "free shipping" : null].filter(Boolean).join(" + ") || "no offer";

const customerLabel = (id: string | null) => (id ? id.replace("gid://shopify/Customer/", "#") : "new customer");

export const queueRoutes = new Hono<ConsoleEnv>();

queueRoutes.get("/queue", requireUser("drafts.review"), async (c) => {
  const s = c.var.services;
  const parsed = QueueFilterSchema.safeParse(c.req.query());
  const f: QueueFilter = parsed.success ? parsed.data : QueueFilterSchema.parse({});
  const error = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  const [{ items, more }, facets] = await Promise.all([queueItems(s.db, f), queueFacets(s.db)]);
  const select = (name: keyof QueueFilter, label: string, options: Array<[string, string]>, first = false) => (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} data-first-filter={first ? "" : undefined}>
        {options.map(([v, text]) => (
          <option value={v} selected={String(f[name] ?? "") === v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const qs = (page: number) => {
    const p = new URLSearchParams();
    for (const k of ["intent", "helpdesk", "band", "offer", "sort"] as const) if (f[k]) p.set(k, String(f[k]));
    p.set("page", String(page));
    return `/console/queue?${p.toString()}`;
  };
  return c.html(
    <Layout title="Queue" user={c.var.user} csrf={c.var.csrf} active="queue" wide>
      <h1>Drafts waiting for review</h1>
      {error ? <Notice kind="error">{`Some filters were ignored: ${error}`}</Notice> : null}
      <form method="get" action="/console/queue" class="filters" aria-label="Filter the queue">
        {select("intent", "Intent", [["", "Any intent"], ...facets.intents.map((i): [string, string] => [i, i.replace(/_/g, " ")])], true)}
        {select("helpdesk", "Helpdesk", [["", "Any helpdesk"], ...facets.helpdesks.map((h): [string, string] => [h, h])])}
        {select("band", "Churn band", [
          ["", "Any band"],
          ["high", "High"],
          ["medium", "Medium"],
          ["low", "Low"],
          ["unknown", "Unknown"],
        ])}
        {select("offer", "Offer", [
          ["", "Any"],
          ["discount", "Discount"],
          ["free_shipping", "Free shipping"],
          ["none", "No offer"],
          ["escalated", "Escalated"],
          ["handover", "Hand-over"],
        ])}
        {select("sort", "Order", [
          ["urgent", "Most urgent first"],
          ["newest", "Newest first"],
        ])}
        <div>
          <button type="submit">Apply filters</button>
        </div>
      </form>
      <p class="hint">
        Keys: <kbd>/</kbd> filters, <kbd>j</kbd>/<kbd>k</kbd> next/previous draft, <kbd>Enter</kbd> open it.
      </p>
      {items.length === 0 ? (
        <Notice kind="info">No drafts are waiting{f.intent || f.helpdesk || f.band || f.offer ? " for these filters" : ""}.</Notice>
      ) : (
        <section class="table-wrap" tabindex={0} aria-label="Pending drafts">
          <table>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Customer</th>
                <th scope="col">Intent</th>
                <th scope="col">Helpdesk</th>
                <th scope="col">Churn band</th>
                <th scope="col">Offer</th>
                <th scope="col" class="num">
                  Priority
                </th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it) => (
                <tr>
                  <td>
                    <a href={`/console/drafts/${it.id}`} data-queue-link>
                      {it.subject || it.snippet || "(no text)"}
                    </a>
                    {it.decision.handover ? (
                      <span class={`badge ${it.decision.priority === "urgent" ? "high urgent" : "high"}`} data-handover={it.decision.handover.categories[0]}>
                        {` hand-over: ${handoverText(it.decision)}`}
                      </span>
                    ) : it.decision.escalate ? (
                      <span class="badge high"> escalated</span>
                    ) : null}
                    {it.guard_ok === false ? <span class="badge medium"> guard flag</span> : null}
                  </td>
                  <td>
                    {it.first_name ? `${it.first_name} ` : ""}
                    {customerLabel(it.customer_id)}
                  </td>
                  <td>{(it.intent ?? "–").replace(/_/g, " ")}</td>
                  <td>{it.source}</td>
                  <td>
                    <span class={`badge ${it.decision.churn_band}`}>{it.decision.churn_band}</span>
                  </td>
                  <td>{offerText(it.decision)}</td>
                  <td class="num">{it.decision.priority_score ?? 0}</td>
                  <td>{dateTime(it.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p class="actions">
        {f.page > 1 ? <a href={qs(f.page - 1)}>Previous page</a> : null}
        {more ? <a href={qs(f.page + 1)}>Next page</a> : null}
      </p>
    </Layout>,
  );
});
