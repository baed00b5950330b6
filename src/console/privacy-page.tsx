/**
 * Privacy tasks for admins: the data-protection requests found in tickets (src/privacy), open ones
 * by deadline so overdue tasks come first, each with who asked, the right, when it was received,
 * the statutory deadline and the rule that set it, the Shopify flow that serves it and whether
 * Shopify has sent it; an admin closes a task (completed or refused, with a note) or re-opens it.
 * - GET  /console/privacy?status=open|closed|all
 * - POST /console/privacy/:id   `status`, `note`
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { safeText } from "../http/input";
import { ProblemError } from "../http/problem";
import { deadlineRule, localDate, type PrivacyRegime, type PrivacyRight } from "../privacy/deadline";
import { listPrivacyTasks, PRIVACY_TASK_STATUSES, setPrivacyTaskStatus, type PrivacyTaskRow } from "../privacy/tasks";
import type { ConsoleEnv } from "./env";
import { Csrf, DataTable, dateTime, Layout, Notice } from "./layout";
import { requireUser } from "./security";

const RIGHT_WORDS: Record<string, string> = {
  access: "access (a copy of their data)",
  erasure: "erasure",
  rectification: "rectification",
  portability: "portability",
  do_not_sell: "do not sell or share",
};
const REGIME_WORDS: Record<string, string> = { gdpr: "GDPR", uk_gdpr: "UK GDPR", ccpa: "CCPA" };
const DAY_MS = 86_400_000;

const Filter = z.object({ status: z.enum(["open", "closed", "all"]).catch("open") });
const Change = z.object({ status: z.enum(PRIVACY_TASK_STATUSES), note: safeText().trim().max(2000).optional() });

function Deadline(props: { t: PrivacyTaskRow; today: string }) {
  const { t } = props;
  const left = Math.round((Date.parse(`${t.dueOn}T00:00:00Z`) - Date.parse(`${props.today}T00:00:00Z`)) / DAY_MS);
  const when =
    t.status !== "open"
      ? ""
      : left < 0
        ? ` · overdue by ${-left} day${left === -1 ? "" : "s"}`
        : left === 0
          ? " · due today"
          : ` · ${left} day${left === 1 ? "" : "s"} left`;
  return (
    <>
      <strong>{t.dueOn}</strong>
      {t.status === "open" && left < 0 ? <span class="badge high"> overdue</span> : null}
      <span class="hint">
        {when}
        <br />
        {REGIME_WORDS[t.regime] ?? t.regime}: {deadlineRule(t.regime as PrivacyRegime, t.right as PrivacyRight)}
      </span>
    </>
  );
}

function Shopify(props: { t: PrivacyTaskRow }) {
  const { t } = props;
  if (!t.shopifyFlow) return <span class="hint">–</span>;
  return (
    <>
      <code>{t.shopifyFlow}</code>
      <br />
      <span class="hint">{t.shopifyEventAt ? `received ${dateTime(t.shopifyEventAt)}` : "not received yet"}</span>
    </>
  );
}

async function page(c: Context<ConsoleEnv>, status: 200 | 400 | 404, msg?: { kind: "ok" | "error"; text: string }) {
  const s = c.var.services;
  const f = Filter.parse({ status: c.req.query("status") });
  const tasks = await listPrivacyTasks(s.db, { status: f.status });
  const today = localDate(s.clock.now(), s.timeZone);
  const csrf = c.var.csrf;
  return c.html(
    <Layout title="Privacy tasks" user={c.var.user} csrf={csrf} active="privacy" wide>
      <h1>Privacy tasks</h1>
      <p class="hint">
        Data-protection requests found in tickets, with their statutory deadline (the earliest of the regimes that may apply). Today is {today} in the store's
        time zone.
      </p>
      {msg ? <Notice kind={msg.kind}>{msg.text}</Notice> : null}
      <form method="get" action="/console/privacy" class="filters" aria-label="Filter privacy tasks">
        <div>
          <label for="p-status">Show</label>
          <select id="p-status" name="status">
            {[
              ["open", "Open, overdue first"],
              ["closed", "Closed"],
              ["all", "All"],
            ].map(([v, label]) => (
              <option value={v} selected={f.status === v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">Show</button>
        </div>
      </form>
      {tasks.length === 0 ? (
        <Notice kind="info">{f.status === "open" ? "No open privacy tasks." : "No privacy tasks."}</Notice>
      ) : (
        <DataTable label="Privacy tasks" columns={["Deadline", "Right", "Requester", "Received", "Shopify", "Status"]}>
          {tasks.map((t) => (
            <tr id={`task-${t.id}`}>
              <td>
                <Deadline t={t} today={today} />
              </td>
              <td>
                {RIGHT_WORDS[t.right] ?? t.right}
                {t.evidence ? <span class="hint"> · “{t.evidence}”</span> : null}
              </td>
              <td>
                {t.requesterEmail ?? "(redacted)"}
                <br />
                <span class="hint">{t.customerId ? t.customerId.replace("gid://shopify/Customer/", "customer #") : "no customer record"}</span>
              </td>
              <td>{dateTime(t.receivedAt)}</td>
              <td>
                <Shopify t={t} />
              </td>
              <td>
                <form method="post" action={`/console/privacy/${t.id}`}>
                  <Csrf token={csrf} />
                  <label for={`s-${t.id}`} class="hint">
                    {t.status}
                    {t.closedBy ? ` by ${t.closedBy}` : ""}
                  </label>
                  <select id={`s-${t.id}`} name="status">
                    {PRIVACY_TASK_STATUSES.map((v) => (
                      <option value={v} selected={t.status === v}>
                        {v}
                      </option>
                    ))}
                  </select>
                  <input name="note" type="text" maxlength={2000} value={t.note ?? ""} aria-label="Note" placeholder="Note" />
                  <button type="submit">Save</button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>,
    status,
  );
}

export const privacyPageRoutes = new Hono<ConsoleEnv>();

privacyPageRoutes.get("/privacy", requireUser("privacy.manage"), (c) => page(c, 200));

privacyPageRoutes.post("/privacy/:id", requireUser("privacy.manage"), async (c) => {
  const id = z.string().uuid().safeParse(c.req.param("id"));
  if (!id.success) return page(c, 404, { kind: "error", text: "There is no such privacy task." });
  const form = Change.safeParse(await c.req.parseBody());
  if (!form.success) return page(c, 400, { kind: "error", text: "Choose a status (open, completed or refused); a note is up to 2,000 characters." });
  const s = c.var.services;
  try {
    await setPrivacyTaskStatus(s.db, id.data, { status: form.data.status, note: form.data.note || null }, c.var.user!.email, s.clock.now());
  } catch (err) {
    if (err instanceof ProblemError && err.status === 404) return page(c, 404, { kind: "error", text: "There is no such privacy task." });
    throw err;
  }
  return c.redirect("/console/privacy?status=open", 303);
});
