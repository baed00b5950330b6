/**
 * Policy settings (managers): thresholds, tiers, caps, budgets and how much triage must be trusted
 * before money is offered (`min_triage_confidence`, `min_retention_probability`), validated by the policy's zod
 * schema, saved as a new version with who and why (src/settings/policy-versions.ts). A budget reached turns
 * further offers into escalations: that is the engine's `budget_customer_90d` / `budget_monthly`
 * rules, fed by the offers already in the ledger.
 * - GET  /console/policy
 * - POST /console/policy   every field below plus `reason`
 */
import { replaceUnsafeText, unsafeTextReason } from "../http/input";
import { Hono, type Context } from "hono";
import type { PolicyConfig } from "../policy/config";
import { ProblemError } from "../http/problem";
import type { ConsoleEnv } from "./env";
import { Csrf, DataTable, dateTime, Layout, Notice } from "./layout";
import { requireUser } from "./security";

type Kind = "probability" | "percent" | "int" | "money" | "major" | "bool" | "sentiment";
interface Field {
  path: string;
  label: string;
  kind: Kind;
  hint?: string;
}

const GROUPS: Array<{ legend: string; fields: Field[] }> = [
  {
    legend: "Churn bands and cap",
    fields: [
      { path: "churn_bands.high", label: "High churn band from (0-1)", kind: "probability" },
      { path: "churn_bands.medium", label: "Medium churn band from (0-1)", kind: "probability" },
      { path: "max_discount_percent", label: "Discount cap (%)", kind: "percent", hint: "No offer ever exceeds this." },
    ],
  },
  {
    legend: "Money on a triage reading",
    fields: [
      {
        path: "min_triage_confidence",
        label: "Minimum triage confidence for an offer (0-1)",
        kind: "probability",
        hint: "Below it, or when triage is unclear, no discount or free shipping: the agent decides.",
      },
      {
        path: "min_retention_probability",
        label: "Minimum retention probability for a retention offer (0-1)",
        kind: "probability",
        hint: "A retention offer needs this probability or a matched retention phrase in the text.",
      },
    ],
  },
  {
    legend: "Service recovery",
    fields: [
      { path: "service_recovery.min_churn_risk", label: "Minimum churn risk (0-1)", kind: "probability" },
      { path: "service_recovery.discount_percent", label: "Discount (%)", kind: "percent" },
      { path: "service_recovery.high_value_discount_percent", label: "Discount for a VIP (%)", kind: "percent" },
      { path: "service_recovery.free_shipping", label: "Free shipping", kind: "bool" },
      { path: "service_recovery.manager_follow_up", label: "Manager follow-up", kind: "bool" },
      { path: "service_recovery.low_risk_free_shipping", label: "Free shipping below the threshold", kind: "bool" },
    ],
  },
  {
    legend: "Re-engagement and lapsed customers",
    fields: [
      { path: "reengagement.min_churn_risk", label: "Re-engagement: minimum churn risk (0-1)", kind: "probability" },
      { path: "reengagement.min_days_since_last_purchase", label: "Re-engagement: minimum idle days", kind: "int" },
      { path: "reengagement.discount_percent", label: "Re-engagement discount (%)", kind: "percent" },
      { path: "lapsed.min_days_since_last_purchase", label: "Lapsed: minimum idle days", kind: "int" },
      { path: "lapsed.min_orders", label: "Lapsed: minimum orders", kind: "int" },
    ],
  },
  {
    legend: "VIPs, refunds and escalation",
    fields: [
      { path: "vip.min_lifetime_value", label: "VIP: minimum lifetime value (major units)", kind: "major" },
      { path: "vip.min_orders", label: "VIP: minimum orders", kind: "int" },
      { path: "refund_heavy.min_refunds", label: "Refund-heavy: minimum refunds", kind: "int" },
      { path: "refund_heavy.min_refund_share", label: "Refund-heavy: minimum share of spend (0-1)", kind: "probability" },
      { path: "escalation.min_negative_sentiment", label: "Escalate at sentiment at or below (-1-0)", kind: "sentiment" },
      { path: "escalation.escalate_vip_complaints", label: "Escalate VIP complaints", kind: "bool" },
    ],
  },
  {
    legend: "Budgets and codes",
    fields: [
      { path: "budgets.max_offers_per_customer_90d", label: "Offers per customer per 90 days", kind: "int", hint: "Reached: further offers escalate instead." },
      {
        path: "budgets.max_monthly_discount_minor",
        label: "Discount value per calendar month (major units)",
        kind: "money",
        hint: "Estimated on each customer's average order. Reached: further offers escalate.",
      },
      { path: "discount_code.expires_in_days", label: "Discount code lifetime (days)", kind: "int", hint: "Also the ledger's redemption window." },
      { path: "discount_code.minimum_subtotal_minor", label: "Discount code minimum subtotal (major units)", kind: "money" },
    ],
  },
];

const get = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
function set(o: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  const last = keys.pop() ?? path;
  let cur = o;
  for (const k of keys) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[last] = value;
}

const shown = (kind: Kind, v: unknown): string => (v === undefined || v === null ? "" : kind === "money" ? (Number(v) / 100).toFixed(2) : String(v));

/** Builds a policy config from the form; a value that is not a number stays a string, so the schema names the field. */
export function policyFromForm(form: Record<string, unknown>, base: PolicyConfig): Record<string, unknown> {
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  for (const g of GROUPS)
    for (const f of g.fields) {
      const raw = form[f.path];
      if (f.kind === "bool") {
        set(out, f.path, raw === "on" || raw === "true");
        continue;
      }
      const text = typeof raw === "string" ? raw.trim() : "";
      const n = text === "" ? NaN : Number(text);
      set(out, f.path, Number.isFinite(n) ? (f.kind === "money" ? Math.round(n * 100) : n) : text);
    }
  const tiers: Array<{ min_churn_risk: unknown; discount_percent: unknown }> = [];
  for (let i = 0; i < 6; i++) {
    const a = String(form[`tier.${i}.min_churn_risk`] ?? "").trim();
    const b = String(form[`tier.${i}.discount_percent`] ?? "").trim();
    if (!a && !b) continue;
    tiers.push({
      min_churn_risk: a === "" || !Number.isFinite(Number(a)) ? a : Number(a),
      discount_percent: b === "" || !Number.isFinite(Number(b)) ? b : Number(b),
    });
  }
  out.retention = { tiers };
  return out;
}

async function page(
  c: Context<ConsoleEnv>,
  status: 200 | 400 | 409,
  notice?: { kind: "ok" | "error"; text: string },
  values?: Record<string, unknown>,
  reason?: string,
) {
  const store = c.var.opts.policyStore;
  const current = store?.get() ?? c.var.services.policy();
  const v = values ?? (current as unknown as Record<string, unknown>);
  const history = store ? await store.history(20) : [];
  const tiers = ((get(v, "retention.tiers") as Array<{ min_churn_risk: unknown; discount_percent: unknown }>) ?? []).concat([
    { min_churn_risk: "", discount_percent: "" },
  ]);
  const editable = !!store;
  const cur = current.currency;
  return c.html(
    <Layout title="Policy settings" user={c.var.user} csrf={c.var.csrf} active="policy">
      <h1>Policy settings</h1>
      <p>
        In force: version <strong id="policy-version">{current.version}</strong> (currency {cur}).
      </p>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {!editable ? <Notice kind="info">This server reads the policy from its file; settings cannot be changed here.</Notice> : null}
      <form method="post" action="/console/policy">
        <Csrf token={c.var.csrf} />
        <fieldset>
          <legend>Retention tiers (a retention or price ticket earns the first tier whose churn risk the customer meets)</legend>
          {tiers.map((t, i) => (
            <div class="grid2">
              <div>
                <label for={`tier-${i}-risk`}>Tier {i + 1}: minimum churn risk (0-1)</label>
                <input
                  id={`tier-${i}-risk`}
                  name={`tier.${i}.min_churn_risk`}
                  type="number"
                  step="0.01"
                  min={0}
                  max={1}
                  value={String(t.min_churn_risk ?? "")}
                  disabled={!editable}
                />
              </div>
              <div>
                <label for={`tier-${i}-pct`}>Tier {i + 1}: discount (%)</label>
                <input
                  id={`tier-${i}-pct`}
                  name={`tier.${i}.discount_percent`}
                  type="number"
                  step="1"
                  min={0}
                  max={100}
                  value={String(t.discount_percent ?? "")}
                  disabled={!editable}
                />
              </div>
            </div>
          ))}
          <p class="hint">Leave both fields of a tier empty to remove it; the last row adds one.</p>
        </fieldset>
        {GROUPS.map((g) => (
          <fieldset>
            <legend>{g.legend}</legend>
            <div class="grid2">
              {g.fields.map((f) => {
                const id = `p-${f.path.replace(/\./g, "-")}`;
                const value = get(v, f.path);
                return (
                  <div>
                    {f.kind === "bool" ? (
                      <label for={id}>
                        <input id={id} name={f.path} type="checkbox" checked={value === true} disabled={!editable} /> {f.label}
                      </label>
                    ) : (
                      <>
                        <label for={id}>{f.label}</label>
                        <input
                          id={id}
                          name={f.path}
                          type="number"
                          step={f.kind === "probability" || f.kind === "sentiment" || f.kind === "money" || f.kind === "major" ? "0.01" : "1"}
                          required
                          value={shown(f.kind, value)}
                          disabled={!editable}
                          aria-describedby={f.hint ? `${id}-hint` : undefined}
                        />
                      </>
                    )}
                    {f.hint ? (
                      <p id={`${id}-hint`} class="hint">
                        {f.hint}
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
        <label for="p-reason">Why this change (kept with the version)</label>
        <input id="p-reason" name="reason" type="text" required maxlength={500} value={reason ?? ""} disabled={!editable} />
        <p class="actions">
          <button type="submit" class="primary" disabled={!editable}>
            Save a new version
          </button>
        </p>
      </form>
      <h2>History</h2>
      {history.length === 0 ? (
        <p>No changes yet: the file's policy is in force.</p>
      ) : (
        <DataTable label="Policy history" columns={["Version", "When", "By", "Why", "Replaced"]}>
          {history.map((h) => (
            <tr>
              <td>{h.version}</td>
              <td>{dateTime(h.createdAt)}</td>
              <td>{h.changedBy}</td>
              <td>{h.reason}</td>
              <td>{h.previousVersion ?? "–"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>,
    status,
  );
}

export const policyPageRoutes = new Hono<ConsoleEnv>();

policyPageRoutes.get("/policy", requireUser("policy.write"), (c) => page(c, 200));

policyPageRoutes.post("/policy", requireUser("policy.write"), async (c) => {
  const store = c.var.opts.policyStore;
  if (!store) return page(c, 409, { kind: "error", text: "This server reads the policy from its file." });
  const form = (await c.req.parseBody()) as Record<string, unknown>;
  const values = policyFromForm(form, store.get());
  const reason = typeof form.reason === "string" ? form.reason.trim().slice(0, 500) : "";
  if (!reason) return page(c, 400, { kind: "error", text: "Say why you are changing the policy." }, values, reason);
  const unsafe = unsafeTextReason(reason);
  if (unsafe) return page(c, 400, { kind: "error", text: `Not saved: reason ${unsafe}.` }, values, replaceUnsafeText(reason));
  try {
    const row = await store.save(values, c.var.user!.email, reason, c.var.services.clock.now());
    return page(c, 200, { kind: "ok", text: `Saved as version ${row.version}; in force from now.` });
  } catch (err) {
    if (!(err instanceof ProblemError) || (err.status !== 400 && err.status !== 409)) throw err;
    const params = (err.extra.invalid_params as Array<{ name: string; reason: string }> | undefined) ?? [];
    const text = params.length
      ? `Not saved: ${params.map((p) => `${p.name.replace(/^retention\.tiers/, "tier")}: ${p.reason}`).join("; ")}`
      : `Not saved: ${err.detail}`;
    return page(c, err.status as 400 | 409, { kind: "error", text }, values, reason);
  }
});
