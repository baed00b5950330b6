/**
 * Money for people to read: minor units as "£1,234.56" (GBP, EUR and USD get their symbols; other
 * currencies their ISO 4217 code). Shared by the console and the customer insights' messages.
 */

/** "£1,234.56" from 123456 minor units; "–" for a missing amount. */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined = "GBP"): string {
  if (minor === null || minor === undefined) return "–";
  const cur = currency ?? "GBP";
  const sym: Record<string, string> = { GBP: "£", EUR: "€", USD: "$" };
  const s = (Math.abs(minor) / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${minor < 0 ? "-" : ""}${sym[cur] ?? `${cur} `}${s}`;
}
