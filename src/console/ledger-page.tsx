/**
 * The manager's offer ledger.
 * - GET  /console/ledger              filters (period, agent, rule, churn band, archetype), totals, charts, entries
 * - GET  /console/ledger.csv          the filtered entries as CSV (same filters)
 * - GET  /console/ledger/verify       walks both hash chains (offers, corrections): JSON
 * - POST /console/ledger/corrections  a correction as a new, chained entry (`offer_id`, `reason`, `sent_percent?`, `discount_code?`, `note?`)
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { safeText } from "../http/input";
import { audit } from "../audit/audit";
import { ProblemError } from "../http/problem";
import { BarChart } from "./ledger-charts";
import { appendCorrection, verifyLedgerAll } from "../ledger/corrections";
import { ledgerCsv } from "../ledger/csv";
import { agentRates, ledgerFacets, ledgerTotals, LedgerFilterSchema, offerRateByBand, offersByWeek, queryLedger, type LedgerFilter } from "../ledger/query";
import type { ConsoleEnv } from "./env";
import { Csrf, dateTime, Layout, money, Notice, pct } from "./layout";
import { requireUser } from "./security";

export const ledgerPageRoutes = new Hono<ConsoleEnv>();

function filterOf(c: Context<ConsoleEnv>): { f: LedgerFilter; error: string | null } {
  const parsed = LedgerFilterSchema.safeParse(c.req.query());
  if (parsed.success) return { f: parsed.data, error: null };
  return { f: {}, error: parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ") };
}

const qs = (f: LedgerFilter) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};

async function ledgerPage(c: Context<ConsoleEnv>, notice?: { kind: "ok" | "error"; text: string }, status: 200 | 400 | 404 = 200) {
  const s = c.var.services;
  const policy = c.var.opts.policyStore?.get() ?? s.policy();
  const { f, error } = filterOf(c);
  const [rows, facets, bands, agents] = await Promise.all([
    queryLedger(s.db, f, policy.discount_code.expires_in_days),
    ledgerFacets(s.db),
    offerRateByBand(s.db, f),
    agentRates(s.db, f),
  ]);
  const totals = ledgerTotals(rows);
  const weeks = offersByWeek(rows);
  const cur = rows[0]?.currency ?? policy.currency;
  const sel = (name: keyof LedgerFilter, label: string, values: string[], any: string) => (
    <div>
      <label for={`l-${name}`}>{label}</label>
      <select id={`l-${name}`} name={name}>
        <option value="">{any}</option>
        {values.map((v) => (
          <option value={v} selected={f[name] === v}>
            {v.replace(/_/g, " ")}
          </option>
        ))}
      </select>
    </div>
  );
  return c.html(
    <Layout title="Offer ledger" user={c.var.user} csrf={c.var.csrf} active="ledger" wide>
      <h1>Offer ledger</h1>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {error ? <Notice kind="error">{`Filters ignored: ${error}`}</Notice> : null}
      <form method="get" action="/console/ledger" class="filters" aria-label="Filter the ledger">
        <div>
          <label for="l-from">From (UTC date)</label>
          <input id="l-from" name="from" type="date" value={f.from ?? ""} />
        </div>
        <div>
          <label for="l-to">To (UTC date)</label>
          <input id="l-to" name="to" type="date" value={f.to ?? ""} />
        </div>
        {sel("agent", "Agent", facets.agents, "Any agent")}
        {sel("rule", "Rule", facets.rules, "Any rule")}
        {sel("band", "Churn band", ["high", "medium", "low", "unknown"], "Any band")}
        {sel("archetype", "Archetype", facets.archetypes, "Any archetype")}
        <div>
          <button type="submit">Apply filters</button>
        </div>
      </form>
      <p class="actions">
        <a class="button" id="export-csv" href={`/console/ledger.csv${qs(f)}`}>
          Export CSV of these entries
        </a>
        <a class="button" href="/console/ledger/verify">
          Verify the hash chain
        </a>
      </p>
      <dl class="totals" aria-label="Totals">
        <div>
          <dt>Offers</dt>
          <dd id="total-offers">{totals.offers}</dd>
        </div>
        <div>
          <dt>Discount value promised</dt>
          <dd>{money(totals.discount_value_minor, cur)}</dd>
        </div>
        <div>
          <dt>Redeemed</dt>
          <dd id="total-redeemed">
            {totals.redeemed} {totals.offers ? `(${pct(totals.redeemed / totals.offers)})` : ""}
          </dd>
        </div>
        <div>
          <dt>Revenue after offers</dt>
          <dd>{money(totals.revenue_after_minor, cur)}</dd>
        </div>
      </dl>
      <p class="hint">
        Redeemed: the customer ordered after the offer and within the code's lifetime ({policy.discount_code.expires_in_days} days). Revenue after offers: their
        orders in that window. Discount value promised: the percentage of the customer's average order.
      </p>
      <div class="charts">
        <BarChart
          title="Offers and redemptions per week"
          categories={weeks.map((w) => w.week)}
          series={[
            { label: "Offers", values: weeks.map((w) => w.offers) },
            { label: "Redeemed", values: weeks.map((w) => w.redeemed) },
          ]}
        />
        <BarChart
          title="Offer rate by churn band (decisions in the period)"
          categories={bands.map((b) => b.band)}
          series={[{ label: "Offer rate", values: bands.map((b) => b.rate) }]}
          format={pct}
          max={1}
        />
        <BarChart
          title="Agent edit and override rates"
          categories={agents.map((a) => a.agent)}
          series={[
            { label: "Edit rate", values: agents.map((a) => a.edit_rate) },
            { label: "Override rate", values: agents.map((a) => a.override_rate) },
          ]}
          format={pct}
          max={1}
        />
      </div>
      <h2>Entries</h2>
      {rows.length === 0 ? (
        <Notice kind="info">No offers match.</Notice>
      ) : (
        <section class="table-wrap" tabindex={0} aria-label="Ledger entries">
          <table id="ledger-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Customer</th>
                <th scope="col">Ticket</th>
                <th scope="col" class="num">
                  Churn risk
                </th>
                <th scope="col" class="num">
                  LTV then
                </th>
                <th scope="col">Rule</th>
                <th scope="col" class="num">
                  Offered
                </th>
                <th scope="col" class="num">
                  Sent
                </th>
                <th scope="col">Approved by</th>
                <th scope="col">Edited</th>
                <th scope="col">Code</th>
                <th scope="col">Redeemed</th>
                <th scope="col" class="num">
                  Revenue after
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.id}</td>
                  <td>{dateTime(r.created_at)}</td>
                  <td>{r.customer_id ? r.customer_id.replace("gid://shopify/Customer/", "#") : "–"}</td>
                  <td>
                    <a href={`/console/drafts/${r.draft_id}`}>ticket</a>
                  </td>
                  <td class="num">
                    {r.churn_risk === null ? "–" : r.churn_risk.toFixed(2)} <span class={`badge ${r.churn_band}`}>{r.churn_band}</span>
                  </td>
                  <td class="num">{money(r.lifetime_value_minor, r.currency)}</td>
                  <td>{r.rule.replace(/_/g, " ")}</td>
                  <td class="num">
                    {r.offered_percent}%{r.free_shipping ? " + free shipping" : ""}
                  </td>
                  <td class="num">{r.sent_percent === null ? (r.draft_status === "approved" ? "no %" : "not sent") : `${r.sent_percent}%`}</td>
                  <td>{r.approved_by}</td>
                  <td>{r.edited ? "yes" : "no"}</td>
                  <td>{r.discount_code ?? "–"}</td>
                  <td>{r.redeemed ? `yes, ${dateTime(r.redeemed_at)}` : "no"}</td>
                  <td class="num">{money(r.revenue_after_minor, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {rows.some((r) => r.corrections.length) ? (
        <>
          <h2>Corrections</h2>
          <ul>
            {rows.flatMap((r) =>
              r.corrections.map((k) => (
                <li>
                  Entry #{r.id}, {dateTime(k.at)} by {k.actor}: {k.reason} ({JSON.stringify(k.correction)})
                </li>
              )),
            )}
          </ul>
        </>
      ) : null}
      <h2>Record a correction</h2>
      <p class="hint">Entries are never edited. A correction is a new entry in its own hash chain, naming the entry it corrects.</p>
      <form method="post" action="/console/ledger/corrections" class="grid2">
        <Csrf token={c.var.csrf} />
        <div>
          <label for="cor-offer">Entry number</label>
          <input id="cor-offer" name="offer_id" type="number" min={1} required />
        </div>
        <div>
          <label for="cor-sent">Percentage actually sent (optional)</label>
          <input id="cor-sent" name="sent_percent" type="number" min={0} max={100} />
        </div>
        <div>
          <label for="cor-code">Discount code (optional)</label>
          <input id="cor-code" name="discount_code" type="text" maxlength={64} pattern="[A-Za-z0-9_\-]+" />
        </div>
        <div>
          <label for="cor-note">Note (optional)</label>
          <input id="cor-note" name="note" type="text" maxlength={500} />
        </div>
        <div>
          <label for="cor-reason">Reason</label>
          <input id="cor-reason" name="reason" type="text" required maxlength={500} />
        </div>
        <div>
          <button type="submit">Record correction</button>
        </div>
      </form>
    </Layout>,
    status,
  );
}

ledgerPageRoutes.get("/ledger", requireUser("ledger.read"), (c) => ledgerPage(c));

ledgerPageRoutes.get("/ledger.csv", requireUser("ledger.export"), async (c) => {
  const s = c.var.services;
  const parsed = LedgerFilterSchema.safeParse(c.req.query());
  if (!parsed.success) throw new ProblemError(400, "Invalid request", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const policy = c.var.opts.policyStore?.get() ?? s.policy();
  const rows = await queryLedger(s.db, parsed.data, policy.discount_code.expires_in_days, 100_000);
  await audit(s.db, c.var.user!.email, "ledger.exported", "ledger", "offers", { filter: parsed.data, rows: rows.length });
  return c.body(ledgerCsv(rows), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="offer-ledger-${s.clock.now().toISOString().slice(0, 10)}.csv"`,
  });
});

ledgerPageRoutes.get("/ledger/verify", requireUser("ledger.read"), async (c) => c.json(await verifyLedgerAll(c.var.services.db)));

const CorrectionForm = z.object({
  offer_id: z.coerce.number().int().min(1),
  reason: safeText().trim().min(1, "give a reason").max(500),
  sent_percent: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(0).max(100).optional()),
  discount_code: z.preprocess((v) => (v === "" ? undefined : v), safeText().trim().max(64).optional()),
  note: z.preprocess((v) => (v === "" ? undefined : v), safeText().trim().max(500).optional()),
});

ledgerPageRoutes.post("/ledger/corrections", requireUser("ledger.correct"), async (c) => {
  const s = c.var.services;
  const parsed = CorrectionForm.safeParse(await c.req.parseBody());
  if (!parsed.success) return ledgerPage(c, { kind: "error", text: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, 400);
  const { offer_id, reason, ...correction } = parsed.data;
  try {
    const row = await appendCorrection(s.db, offer_id, correction, reason, c.var.user!.email, s.clock.now());
    return ledgerPage(c, { kind: "ok", text: `Correction #${row.id} recorded for entry #${offer_id}.` });
  } catch (err) {
    if (err instanceof ProblemError && (err.status === 400 || err.status === 404))
      return ledgerPage(c, { kind: "error", text: err.detail ?? err.title }, err.status);
    throw err;
  }
});
