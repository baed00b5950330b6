/**
 * The facts a drafter may use, and nothing else. Built from the customer's real orders and the
 * policy decision; internal figures (churn risk, P(alive), LTV, archetype, RFM segment) are left out
 * on purpose: they guide the decision, never the customer-facing text.
 */
import type { OrderFacts } from "../../customers/types";
import type { Decision } from "../../policy/types";
import type { CustomerProfile } from "../../profile/types";

export interface DraftOrderFact {
  name: string;
  date: string; // YYYY-MM-DD
  total: string; // "£121.17"
  products: string[];
  fulfillment_status: string | null;
  tracking: Array<{ company: string | null; number: string; url: string | null; delivered: boolean }>;
}

export interface DraftFacts {
  first_name: string | null;
  language: string;
  order_count: number;
  first_order_date: string | null;
  last_order_date: string | null;
  recent_orders: DraftOrderFact[];
  /** Product names the customer has bought most recently (for recommendations and personal touch). */
  favourite_products: string[];
  /**
   * Products to recommend, from the store's co-purchase data (src/customers/recommendations.ts):
   * catalogue products the customer has not bought, each with the product of theirs it is often
   * bought with. Present only for a product or recommendation question.
   */
  recommendations?: DraftRecommendation[];
  /**
   * How to sound, derived from internal figures (churn band, value, sentiment) without stating
   * any of them: the figures guide tone, never the text.
   */
  tone: string;
  offer: {
    discount_percent: number;
    free_shipping: boolean;
    escalate: boolean;
    follow_up_owner: "manager" | "agent" | null;
  };
}

/** A recommended product as a reply may name it: "often bought with the <bought_with> you ordered". */
export interface DraftRecommendation {
  product: string;
  bought_with: string;
}

const CURRENCY_SYMBOL: Record<string, string> = { GBP: "£", USD: "$", EUR: "€" };

/** Formats minor units as money for a reply: 12117 GBP -> "£121.17". */
export function formatMoney(minor: number, currency: string): string {
  const sym = CURRENCY_SYMBOL[currency];
  const amount = (minor / 100).toFixed(2);
  return sym ? `${sym}${amount}` : `${amount} ${currency}`;
}

const SMALL = new Set(["of", "and", "in", "with", "for", "the", "a", "to"]);

/** "WHITE HANGING HEART T-LIGHT HOLDER" -> "White Hanging Heart T-Light Holder" (catalogue titles are upper case). */
export function productName(raw: string): string {
  const t = raw.trim().replace(/\s+/g, " ");
  if (t !== t.toUpperCase()) return t;
  return t
    .toLowerCase()
    .split(" ")
    .map((w, i) => (i > 0 && SMALL.has(w) ? w : w.replace(/(^|[-/])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase())))
    .join(" ");
}

/** Titles that are not products (postage, manual adjustments, samples, gift vouchers) in the demo store's catalogue. */
export const NOT_A_PRODUCT =
  /^(postage|manual|carriage|dotcom postage|discount|bank charges|amazon fee|adjust bad debt|cruk commission|samples|dotcomgiftshop gift voucher .*)$/i;

/** The tone's clauses of warmth, least first: a reply written warmer than asked is still in tone. */
const WARMTH = [
  "friendly and efficient",
  "be warm and appreciative of their custom",
  "they may be drifting away, so be especially warm and show we value them",
] as const;
const FIRST_CONTACT = "Welcoming and helpful: this may be their first contact with us.";

/** A tone instruction in plain words; no figure, band or segment name appears in it. */
export function toneHint(profile: CustomerProfile | null, decision: Decision): string {
  if (!profile || profile.total_orders === 0) return FIRST_CONTACT;
  const parts: string[] = [];
  if (decision.churn_band === "high" || decision.reasons.some((r) => r.facts.lapsed_after_days !== undefined)) parts.push(WARMTH[2]);
  else if (decision.churn_band === "medium") parts.push(WARMTH[1]);
  else parts.push(WARMTH[0]);
  if (profile.total_orders >= 10) parts.push("they are a long-standing regular: speak like one who knows them");
  if (decision.escalate) parts.push("they are upset: acknowledge it sincerely before anything else");
  return `${parts.join("; ")}.`.replace(/^./, (c) => c.toUpperCase());
}

/**
 * True when a reply written in tone `asked` (a `toneHint`) is in tone `wanted`: at least as warm,
 * and every other clause of `wanted` (a long-standing regular, an upset customer) was asked for.
 * A reply written for an upset customer suits one who is not; the reverse does not hold.
 */
export function toneCovers(asked: string, wanted: string): boolean {
  if (asked === wanted) return true;
  const clauses = (t: string) =>
    t
      .replace(/\.$/, "")
      .replace(/^./, (c) => c.toLowerCase())
      .split(/;\s*/);
  const warmth = (cs: string[]) => Math.max(...cs.map((c) => WARMTH.indexOf(c as (typeof WARMTH)[number])));
  const a = clauses(asked);
  const w = clauses(wanted);
  if (warmth(a) < warmth(w)) return false;
  return w.every((c) => WARMTH.includes(c as (typeof WARMTH)[number]) || a.includes(c));
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (YYYY-MM-DD) of an instant in a time zone: an order placed at 23:30 UTC on
 * 30 April is a 1 May order in Berlin. Intl's time zone data, one formatter per zone.
 * @param iso an ISO 8601 instant
 * @param timeZone an IANA time zone
 */
export function localDate(iso: string, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, f);
  }
  return f.format(new Date(iso));
}

/**
 * Builds the drafter's facts.
 * @param orders the last orders, newest first (see customers/repo.lastOrders)
 * @param timeZone the store's time zone, for the dates the reply states (Services.timeZone)
 */
export function buildDraftFacts(profile: CustomerProfile | null, orders: OrderFacts[], decision: Decision, language: string, timeZone = "UTC"): DraftFacts {
  const recent = orders.slice(0, 3).map<DraftOrderFact>((o) => ({
    name: o.name,
    date: localDate(o.processed_at, timeZone),
    total: formatMoney(o.total_minor, o.currency),
    products: [...new Set(o.line_items.filter((li) => !NOT_A_PRODUCT.test(li.title.trim())).map((li) => productName(li.title)))].slice(0, 5),
    fulfillment_status: o.fulfillment_status,
    tracking: o.fulfillments
      .filter((f) => f.tracking_number)
      .map((f) => ({
        company: f.tracking_company,
        number: f.tracking_number!,
        url: f.tracking_url,
        delivered: f.delivered_at !== null || f.status === "DELIVERED",
      })),
  }));
  const favourites: string[] = [];
  for (const o of recent) for (const p of o.products) if (favourites.length < 4 && !favourites.includes(p)) favourites.push(p);
  return {
    tone: toneHint(profile, decision),
    first_name: profile?.first_name ?? null,
    language,
    order_count: profile?.total_orders ?? 0,
    first_order_date: profile?.first_order_at ? localDate(profile.first_order_at, timeZone) : null,
    last_order_date: profile?.last_order_at ? localDate(profile.last_order_at, timeZone) : null,
    recent_orders: recent,
    favourite_products: favourites,
    offer: {
      discount_percent: decision.discount_percent,
      free_shipping: decision.free_shipping,
      escalate: decision.escalate,
      follow_up_owner: decision.follow_up_owner,
    },
  };
}

/**
 * Masks personal data in ticket text before any model call: email addresses, card-like numbers
 * (13-19 digits, spaces or dashes allowed), phone numbers, and street addresses (a house number
 * followed by a street word). Order numbers such as "#548640" are kept: they are needed facts.
 */
export function maskPii(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "[email]")
    .replace(/\b(?:\d[ -]?){12,18}\d\b/g, "[card]")
    .replace(/(?<![#\w])(?:\+|00)?\d[\d ().-]{7,}\d\b/g, (m) => (m.replace(/\D/g, "").length >= 9 ? "[phone]" : m))
    .replace(
      /\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){0,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Close|Way|Court|Place|Square|Gardens|Terrace|Crescent|Boulevard|Blvd\.?|Calle|Rue|Straße|Strasse|Rua|Avenida)\b/g,
      "[address]",
    );
}

/**
 * Recommendations as facts: product names as replies write them (see {@link productName}).
 * @param recs the repository's recommendations (src/customers/recommendations.ts), best first
 */
export function recommendationFacts(recs: ReadonlyArray<{ title: string; because: { title: string } }>): DraftRecommendation[] {
  return recs.map((r) => ({ product: productName(r.title), bought_with: productName(r.because.title) }));
}

/** Every product name the facts hold (orders, favourites, recommendations): what a reply may name. */
export function factProducts(facts: DraftFacts): string[] {
  return [
    ...new Set([
      ...facts.recent_orders.flatMap((o) => o.products),
      ...facts.favourite_products,
      ...(facts.recommendations ?? []).flatMap((r) => [r.product, r.bought_with]),
    ]),
  ];
}

/** The guard's catalogue: product names as drafts would write them, without postage and fees. */
export function catalogueNames(titles: readonly string[]): string[] {
  return [...new Set(titles.filter((t) => !NOT_A_PRODUCT.test(t.trim())).map(productName))];
}
