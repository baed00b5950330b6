/**
 * CSV export of the filtered ledger (RFC 4180: comma-separated, CRLF line ends, fields quoted when
 * they hold a comma, quote or line break, quotes doubled). A text field starting with `=`, `+`, `-`,
 * `@`, tab or carriage return is prefixed with `'` so a spreadsheet does not run it as a formula
 * (OWASP "CSV Injection"). Money columns are major units with two decimals, named with the unit.
 */
import type { LedgerRow } from "./query";

export const LEDGER_CSV_COLUMNS = [
  "offer_id",
  "created_at",
  "customer_id",
  "ticket_id",
  "churn_risk",
  "churn_band",
  "lifetime_value",
  "currency",
  "archetype",
  "rule",
  "offered_percent",
  "free_shipping",
  "sent_percent",
  "draft_status",
  "approved_by",
  "edited",
  "discount_code",
  "discount_value",
  "redeemed",
  "redeemed_at",
  "orders_after",
  "revenue_after",
  "policy_version",
  "corrections",
  "hash",
] as const;

/** One CSV field: neutralises formulas, quotes when needed. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "number" || typeof v === "boolean" ? String(v) : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const money = (minor: number | null) => (minor === null ? null : (minor / 100).toFixed(2));

/** The CSV text (header line first) of ledger rows. */
export function ledgerCsv(rows: LedgerRow[]): string {
  const lines = [LEDGER_CSV_COLUMNS.join(",")];
  for (const r of rows) {
    const values = [
      r.id,
      r.created_at,
      r.customer_id,
      r.ticket_id,
      r.churn_risk === null ? null : r.churn_risk.toFixed(2),
      r.churn_band,
      money(r.lifetime_value_minor),
      r.currency,
      r.archetype,
      r.rule,
      r.offered_percent,
      r.free_shipping,
      r.sent_percent,
      r.draft_status,
      r.approved_by,
      r.edited,
      r.discount_code,
      money(r.discount_value_minor),
      r.redeemed,
      r.redeemed_at,
      r.orders_after,
      money(r.revenue_after_minor),
      r.policy_version,
      r.corrections.map((c) => `#${c.id} ${c.reason}`).join("; ") || null,
      r.hash,
    ];
    lines.push(values.map(csvField).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
