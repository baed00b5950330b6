/**
 * The statutory deadline of a data-protection request, and the regime that sets it. Pure: dates are
 * calendar dates ("YYYY-MM-DD") in the store's time zone.
 *
 * Deadlines, from the day the request was received:
 * - GDPR and UK GDPR (Art. 12(3)): one calendar month, for every right (access Art. 15,
 *   rectification 16, erasure 17, portability 20, and objecting to the sale or sharing of data,
 *   Art. 21). The ICO counts it to the corresponding date of the next month, or that month's last
 *   day when there is none (31 January -> 28/29 February) (ico.org.uk, "Time limits for responding
 *   to data protection rights requests"); the EDPB counts the same way (Guidelines 01/2022 on the
 *   right of access, with Regulation 1182/71).
 * - CCPA (Cal. Civ. Code 1798.130(a)(2); CCPA Regulations 7021(b)): 45 calendar days to know
 *   (access, portability), delete and correct; a request to opt out of sale or sharing, 15 business
 *   days (CCPA Regulations 7026(f)).
 * Both laws let a deadline falling on a weekend or holiday move to the next working day, and allow
 * extensions; we move nothing and extend nothing, so a task is never due later than the law says.
 *
 * Which regime: every regime that may apply is a candidate, and the earliest deadline wins:
 * - the request's wording when it names a law ("GDPR", "RGPD", "DSGVO", "UK GDPR", "the ICO",
 *   "CCPA", "California");
 * - the customer's country (EU/EEA: GDPR; United Kingdom: UK GDPR; United States: CCPA, as we
 *   cannot tell a Californian from the address we hold);
 * - the store's country (the policy's `handover.privacy.store_country`): a business established
 *   there answers to its law for every customer (GDPR Art. 3(1));
 * - none of these known: every regime we know is a candidate.
 * A law we do not model (Swiss FADP, LGPD, the Channel Islands' own) adds no candidate: the default
 * or the other sources decide, and the README says so.
 */

export const PRIVACY_RIGHTS = ["access", "erasure", "rectification", "portability", "do_not_sell"] as const;
/** A data-protection right a customer exercised (the detector's `HandoverKind` of the same name). */
export type PrivacyRight = (typeof PRIVACY_RIGHTS)[number];

export const PRIVACY_REGIMES = ["gdpr", "uk_gdpr", "ccpa"] as const;
export type PrivacyRegime = (typeof PRIVACY_REGIMES)[number];

/** Why a regime was a candidate. */
export interface RegimeCandidate {
  regime: PrivacyRegime;
  source: "request" | "customer_country" | "store_country" | "default";
  /** The words, the country code, or "no law named and no country known". */
  detail: string;
  /** Its deadline for the right. */
  due_on: string;
}

export interface StatutoryDeadline {
  /** The candidate with the earliest deadline (ties: request, then customer, then store). */
  regime: PrivacyRegime;
  due_on: string;
  /** In words, e.g. "one calendar month (UK GDPR Art. 12(3))". */
  rule: string;
  candidates: RegimeCandidate[];
}

const EU_EEA = new Set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split(" "));
/** Names the stores we import write instead of codes (the demo's "EIRE", "USA", "European Community"). */
const COUNTRY_ALIASES: Record<string, string> = {
  eire: "IE",
  usa: "US",
  "u.s.a.": "US",
  "united states of america": "US",
  uk: "GB",
  "u.k.": "GB",
  "great britain": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  "european community": "EU",
  "european union": "EU",
  holland: "NL",
  "czech republic": "CZ",
};

let names: Map<string, string> | null = null;
function countryNames(): Map<string, string> {
  if (!names) {
    names = new Map(Object.entries(COUNTRY_ALIASES));
    const display = new Intl.DisplayNames(["en"], { type: "region" });
    for (const code of [...EU_EEA, "GB", "US"]) {
      const name = display.of(code);
      if (name) names.set(name.toLowerCase(), code);
    }
  }
  return names;
}

/**
 * A country as an ISO 3166-1 alpha-2 code ("EU" for the demo's "European Community").
 * @param raw a code ("GB", "us") or an English name ("United Kingdom", "EIRE"); null when unknown
 */
export function countryCode(raw: string | null | undefined): string | null {
  const t = raw?.trim();
  if (!t) return null;
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return countryNames().get(t.toLowerCase()) ?? null;
}

/** The regime of a country, or null outside the laws we model. */
export function regimeOfCountry(code: string | null): PrivacyRegime | null {
  if (!code) return null;
  if (code === "GB") return "uk_gdpr";
  if (code === "US") return "ccpa";
  return EU_EEA.has(code) || code === "EU" ? "gdpr" : null;
}

const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
/** A law named in a request, by regime: the name or the regulator, in our five languages. */
const LAW_NAMES: Array<[PrivacyRegime, RegExp]> = [
  ["uk_gdpr", /\buk[\s-]?gdpr\b|\binformation commissioner\b|\bico\b|\bdata protection act(?: 2018)?\b/],
  [
    "gdpr",
    /(?<!\buk[\s-]?)\bgdpr\b|\brgpd\b|\bds-?gvo\b|\bgeneral data protection regulation\b|\breglamento general de proteccion de datos\b|\breglement general sur la protection des donnees\b|\bdatenschutz-?grundverordnung\b|\bregulamento geral (?:sobre a|de) protecao de dados\b/,
  ],
  ["ccpa", /\bccpa\b|\bcpra\b|\bcalifornia consumer privacy act\b|\bcalifornia privacy rights act\b|\bcalifornia\b|\bcalifornian\b/],
];

/** The laws a request names, with the words that name them. */
export function lawsNamed(text: string): Array<{ regime: PrivacyRegime; words: string }> {
  const t = fold(text);
  return LAW_NAMES.flatMap(([regime, re]) => {
    const m = re.exec(t);
    return m ? [{ regime, words: m[0] }] : [];
  });
}

const pad = (n: number) => String(n).padStart(2, "0");
const parse = (d: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) throw new Error(`not a calendar date (YYYY-MM-DD): ${d}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
};
const iso = (t: Date) => `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;

/** The corresponding date one calendar month later, or the next month's last day when it has none. */
export function addCalendarMonth(date: string): string {
  const { y, m, d } = parse(date);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(y, m, Math.min(d, last))));
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parse(date);
  return iso(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The `n`th Monday-to-Friday after `date` (public holidays are not skipped: the deadline can only be earlier). */
export function addBusinessDays(date: string, n: number): string {
  const { y, m, d } = parse(date);
  const t = new Date(Date.UTC(y, m - 1, d));
  for (let left = n; left > 0; ) {
    t.setUTCDate(t.getUTCDate() + 1);
    const day = t.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return iso(t);
}

/** The calendar date of an instant in a time zone (IANA). */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** A regime's time limit for a right, in words, e.g. "one calendar month (UK GDPR Art. 12(3))". */
export function deadlineRule(regime: PrivacyRegime, right: PrivacyRight): string {
  if (regime === "ccpa") return right === "do_not_sell" ? "15 business days (CCPA Regulations 7026(f))" : "45 calendar days (Cal. Civ. Code 1798.130(a)(2))";
  return `one calendar month (${regime === "uk_gdpr" ? "UK GDPR" : "GDPR"} Art. 12(3))`;
}

/** One regime's deadline for a right, and the rule in words. */
export function regimeDeadline(regime: PrivacyRegime, right: PrivacyRight, receivedOn: string): { due_on: string; rule: string } {
  const due_on = regime === "ccpa" ? (right === "do_not_sell" ? addBusinessDays(receivedOn, 15) : addDays(receivedOn, 45)) : addCalendarMonth(receivedOn);
  return { due_on, rule: deadlineRule(regime, right) };
}

export interface DeadlineInput {
  right: PrivacyRight;
  /** The day the request was received, in the store's time zone. */
  receivedOn: string;
  /** The request's text (a law it names is a candidate). */
  text: string;
  /** The customer's country as stored (code or English name), or null. */
  customerCountry: string | null;
  /** The store's country (ISO 3166-1 alpha-2), or null. */
  storeCountry: string | null;
}

/**
 * The statutory deadline of a request: the earliest deadline among the regimes that may apply (see
 * the module comment for the candidates and the sources of each deadline).
 * @throws Error when `receivedOn` is not a YYYY-MM-DD date
 */
export function statutoryDeadline(input: DeadlineInput): StatutoryDeadline {
  const found: Array<Omit<RegimeCandidate, "due_on">> = [];
  for (const l of lawsNamed(input.text)) found.push({ regime: l.regime, source: "request", detail: l.words });
  const customer = countryCode(input.customerCountry);
  const cr = regimeOfCountry(customer);
  if (cr) found.push({ regime: cr, source: "customer_country", detail: customer! });
  const store = countryCode(input.storeCountry);
  const sr = regimeOfCountry(store);
  if (sr) found.push({ regime: sr, source: "store_country", detail: store! });
  if (!found.length) for (const regime of PRIVACY_REGIMES) found.push({ regime, source: "default", detail: "no law named and no country known" });
  const candidates: RegimeCandidate[] = found.map((c) => ({ ...c, due_on: regimeDeadline(c.regime, input.right, input.receivedOn).due_on }));
  const best = candidates.reduce((a, b) => (b.due_on < a.due_on ? b : a));
  return { regime: best.regime, due_on: best.due_on, rule: regimeDeadline(best.regime, input.right, input.receivedOn).rule, candidates };
}
