/**
 * Finding a customer from the console's search box (every page's header), and a customer's page:
 * the customer 360 panel and their journey. The same functions as `GET /v1/customers?query=`, the
 * insights and journey routes and the MCP tools (src/pipeline/customers.ts).
 * - GET /console/customers?query=&cursor=   search by email, name, id or order number
 * - GET /console/customers/:id?cursor=      the panel and the journey, newest first
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { decodeKey, encodeKey } from "../http/cursor";
import { ProblemError } from "../http/problem";
import { findCustomers, journeyOf, type JourneyEvent } from "../pipeline/customers";
import { customerHitJson, JourneyKeySchema, SearchKeySchema } from "../routes/json";
import { Customer360Panel, loadCustomer360 } from "./customer360";
import type { ConsoleEnv } from "./env";
import { DataTable, dateTime, Layout, money, Notice } from "./layout";
import { requireUser } from "./security";

const MATCH_WORDS: Record<string, string> = { id: "customer id", order: "order number", email: "email", email_prefix: "email (start)", name: "name (start)" };
const PAGE = 25;

/** A journey event in words. */
function eventText(e: JourneyEvent): string {
  const d = e.data as Record<string, string | number | boolean | null>;
  switch (e.kind) {
    case "order":
      return `Order ${d.name} · ${money(Number(d.total_minor), String(d.currency))} · ${d.items} items${d.fulfillment_status ? ` · ${d.fulfillment_status}` : ""}`;
    case "refund":
      return `Refund ${money(Number(d.amount_minor), String(d.currency))}${d.note ? ` · ${d.note}` : ""}`;
    case "ticket":
      return `Ticket from ${d.source}: ${d.subject || String(d.intent ?? "no subject").replace(/_/g, " ")} · ${d.status}`;
    case "draft":
      return `Draft revision ${d.revision} (${d.drafter}) · ${d.status}${d.discount_percent ? ` · ${d.discount_percent}% decided` : ""}${d.reviewed_by ? ` · by ${d.reviewed_by}` : ""}`;
    case "offer":
      return `Offer ${d.discount_percent}%${d.free_shipping ? " + free shipping" : ""} · ${String(d.rule).replace(/_/g, " ")} · approved by ${d.approved_by}`;
  }
}

export const customerPageRoutes = new Hono<ConsoleEnv>();

customerPageRoutes.get("/customers", requireUser(), async (c) => {
  const s = c.var.services;
  const q = z.object({ query: z.string().trim().max(200).catch(""), cursor: z.string().max(500).optional().catch(undefined) }).parse(c.req.query());
  let notice: { kind: "error" | "info"; text: string } | null = null;
  let items: ReturnType<typeof customerHitJson>[] = [];
  let next: string | null = null;
  if (q.query) {
    try {
      const page = await findCustomers(s, q.query, { limit: PAGE, after: q.cursor ? decodeKey(q.cursor, SearchKeySchema) : undefined });
      items = page.items.map(customerHitJson);
      next = page.next ? encodeKey(page.next) : null;
      if (!items.length) notice = { kind: "info", text: `No customer matches “${q.query}”.` };
    } catch (err) {
      if (!(err instanceof ProblemError) || err.status !== 400) throw err;
      notice = { kind: "error", text: "That page link is out of date: search again." };
    }
  }
  return c.html(
    <Layout title="Customers" user={c.var.user} csrf={c.var.csrf} active="customers" wide>
      <h1>Customers</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: role=search on the form is the ARIA landmark every browser we support knows; the <search> element is too new (2023) */}
      <form method="get" action="/console/customers" role="search">
        <label for="q">Email, name, customer id or order number</label> <input id="q" name="query" type="search" maxlength={200} value={q.query} />{" "}
        <button type="submit">Find</button>
      </form>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {items.length ? (
        <DataTable label="Matching customers" columns={["Customer", "Email", "Country", "Matched on", "RFM segment", "Churn risk"]}>
          {items.map((h) => (
            <tr>
              <td>
                <a href={`/console/customers/${encodeURIComponent(h.id)}`}>
                  #{h.id}
                  {h.name ? ` · ${h.name}` : ""}
                </a>
              </td>
              <td>{h.email ?? "–"}</td>
              <td>{h.country ?? "–"}</td>
              <td>
                {MATCH_WORDS[h.matched] ?? h.matched}
                {h.order_name ? ` ${h.order_name}` : ""}
              </td>
              <td>{h.rfm_segment ?? "–"}</td>
              <td>{h.churn_risk_score === null ? "–" : h.churn_risk_score.toFixed(2)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {next ? (
        <p>
          <a href={`/console/customers?query=${encodeURIComponent(q.query)}&cursor=${next}`}>Next {PAGE}</a>
        </p>
      ) : null}
    </Layout>,
  );
});

customerPageRoutes.get("/customers/:id", requireUser(), async (c: Context<ConsoleEnv>) => {
  const s = c.var.services;
  const id = z.string().trim().min(1).max(200).safeParse(c.req.param("id"));
  if (!id.success) throw new ProblemError(404, "Not found", "There is no such customer.");
  const cursor = z.string().max(500).optional().catch(undefined).parse(c.req.query("cursor"));
  let after: z.infer<typeof JourneyKeySchema> | undefined;
  try {
    after = cursor ? decodeKey(cursor, JourneyKeySchema) : undefined;
  } catch {
    after = undefined;
  }
  let journey: Awaited<ReturnType<typeof journeyOf>>;
  try {
    journey = await journeyOf(s, id.data, { limit: 50, after });
  } catch (err) {
    if (err instanceof ProblemError && err.status === 404) throw new ProblemError(404, "Not found", "There is no such customer.");
    throw err;
  }
  const policy = c.var.opts.policyStore?.get() ?? s.policy();
  const c360 = await loadCustomer360(s, journey.customer.id, null, null, policy);
  const asOf = s.store.asOf ?? s.clock.now().toISOString();
  return c.html(
    <Layout title={`Customer #${c360?.customerId ?? id.data}`} user={c.var.user} csrf={c.var.csrf} active="customers" wide>
      <p>
        <a href="/console/customers">Find another customer</a>
      </p>
      <Customer360Panel data={c360} asOf={asOf} />
      <section class="card" aria-labelledby="journey-h">
        <h2 id="journey-h">Journey</h2>
        {journey.items.length === 0 ? (
          <p>Nothing yet.</p>
        ) : (
          <ol class="journey">
            {journey.items.map((e) => (
              <li>
                {dateTime(e.at)} · {eventText(e)}
              </li>
            ))}
          </ol>
        )}
        {journey.next ? (
          <p>
            <a href={`/console/customers/${encodeURIComponent(id.data)}?cursor=${encodeKey(journey.next)}`}>Older events</a>
          </p>
        ) : null}
      </section>
    </Layout>,
  );
});
