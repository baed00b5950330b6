/**
 * Grounding: every number, amount, date, order, invoice or tracking reference, link, time and
 * country in a model's text must come from a grounding source. The sources are the draft's facts
 * (order numbers, dates, totals, products, tracking) and the knowledge passages the model cited
 * (`{ id, text }`: a cited passage's figures, fees, times, countries and phrases become allowed).
 * Pure: functions of the text and the sources.
 */
import type { DraftFacts } from "./facts";
import type { GuardKind } from "./lexicon";
import { normalizeText, plainOf } from "./normalize";

/** A retrieved knowledge passage; it grounds a reply only when the model cites its id. */
export interface Passage {
  /** The knowledge passage id, `<language>/<articleId>#<anchor>` (src/knowledge/types.ts). */
  id: string;
  text: string;
  /** The article it belongs to (id and title), its section's heading path and its public URL, when retrieved from the knowledge base. */
  articleId?: string;
  title?: string;
  section?: string[];
  url?: string;
}

/** A passage a draft cites, as stored with the draft and shown beside it (API and console). */
export interface Citation {
  id: string;
  title: string;
  /** The section's heading path below the article title ([] for the article's introduction). */
  section: string[];
  url: string | null;
}

/**
 * The citations of a draft: the cited ids that were retrieved, in citing order, once each, with
 * their article, section and link. An id not retrieved is dropped here (the guard reports it).
 */
export function citationsOf(passages: readonly Passage[] | undefined, cited: readonly string[]): Citation[] {
  const byId = new Map((passages ?? []).map((p) => [p.id, p]));
  const out: Citation[] = [];
  for (const id of new Set(cited)) {
    const p = byId.get(id);
    if (p) out.push({ id, title: p.title ?? id, section: p.section ?? [], url: p.url ?? null });
  }
  return out;
}

/** What a reply may state: the draft's facts, and the passages retrieved for it with those the model cited. */
export interface GroundingSources {
  facts: DraftFacts;
  passages?: readonly Passage[];
  /** Ids of the passages the model cited (its structured output's `citations`). */
  cited?: readonly string[];
}

export interface GroundingFinding {
  code: "ungrounded_number" | "ungrounded_amount" | "ungrounded_date" | "ungrounded_reference" | "ungrounded_link" | "ungrounded_country" | "unknown_passage";
  kind: GuardKind;
  detail: string;
}

interface DateParts {
  y?: number;
  m: number;
  d?: number;
}

/** Everything the sources allow, in the guard's plain view. */
export interface GroundSet {
  /** Digit strings allowed on their own (order numbers, tracking, counts, product numbers, years, passage figures). */
  numbers: Set<string>;
  /** Counts a reply may state with a count unit ("3 orders"). */
  counts: Set<number>;
  /** Money amounts in major units. */
  amounts: number[];
  dates: DateParts[];
  /** Plain text of facts strings masked before reading numbers: products, tracking numbers, links, carriers. */
  masks: string[];
  /** Plain text of the cited passages: a link, time or deadline phrase they contain is allowed. */
  passageTexts: string[];
  /** Cased text of the cited passages (for countries). */
  passageCased: string[];
  /** Cited ids that are not among the retrieved passages. */
  unknownCitations: string[];
}

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: Array<[number, string]> = [
  [1, "january jan enero janvier januar janeiro"],
  [2, "february feb febrero fevrier februar fevereiro"],
  [3, "march mar marzo mars marz marco"],
  [4, "april apr abril avril"],
  [5, "may mayo mai maio"],
  [6, "june jun junio juin juni junho"],
  [7, "july jul julio juillet juli julho"],
  [8, "august aug agosto aout"],
  [9, "september sep sept septiembre setiembre septembre setembro"],
  [10, "october oct octubre octobre oktober outubro"],
  [11, "november nov noviembre novembre novembro"],
  [12, "december dec diciembre decembre dezember dezembro"],
];
for (const [m, names] of MONTH_NAMES) for (const n of names.split(" ")) MONTHS[n] = m;
const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");
/** Month names that are also ordinary words: read as a month only next to a day or a year. */
const AMBIGUOUS_MONTHS = new Set([
  "may",
  "mar",
  "march",
  "marco",
  "mars",
  "jan",
  "dec",
  "sep",
  "oct",
  "nov",
  "aug",
  "jun",
  "jul",
  "apr",
  "feb",
  "mai",
  "august",
]);

const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th|er|e|º|ª|\.)?`;
const DATE_PATTERNS: Array<{ re: RegExp; parts: (m: RegExpMatchArray) => DateParts[] }> = [
  { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, parts: (m) => [{ y: +m[1]!, m: +m[2]!, d: +m[3]! }] },
  {
    re: /\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b/g,
    parts: (m) => {
      const y = m[3]!.length === 2 ? 2000 + +m[3]! - (+m[3]! > 50 ? 100 : 0) : +m[3]!;
      return [
        { y, m: +m[2]!, d: +m[1]! },
        { y, m: +m[1]!, d: +m[2]! },
      ];
    },
  },
  {
    re: new RegExp(String.raw`\b${DAY} (?:of |de )?(${MONTH_RE})\b\.?(?:,? (?:de |del )?(\d{4}))?`, "g"),
    parts: (m) => [{ d: +m[1]!, m: MONTHS[m[2]!]!, y: m[3] ? +m[3] : undefined }],
  },
  {
    re: new RegExp(String.raw`\b(${MONTH_RE})\.? (\d{1,2})(?:st|nd|rd|th)?\b(?:,? (\d{4}))?`, "g"),
    parts: (m) => [{ m: MONTHS[m[1]!]!, d: +m[2]!, y: m[3] ? +m[3] : undefined }],
  },
  { re: new RegExp(String.raw`\b(${MONTH_RE})\.?,? (?:de |del |of )?(\d{4})\b`, "g"), parts: (m) => [{ m: MONTHS[m[1]!]!, y: +m[2]! }] },
  { re: new RegExp(String.raw`\b(${MONTH_RE})\b`, "g"), parts: (m) => (AMBIGUOUS_MONTHS.has(m[1]!) ? [] : [{ m: MONTHS[m[1]!]! }]) },
];

const CURRENCY = String.raw`£|€|\$|us\$|r\$|gbp|eur|usd`;
const MONEY_WORDS = "pounds?|quid|euros?|dollars?|pence|p|cents?|centimos|centimes|libras?|livres?|pfund|reais|sterling|fiver|tenner";
const MONEY_RE = new RegExp(
  String.raw`(?:(${CURRENCY})\s?(\d[\d.,]*\d|\d))|(?:\b(\d[\d.,]*\d|\d)\s?(${CURRENCY}|(?:${MONEY_WORDS})\b))|\b(a fiver|a tenner)\b`,
  "g",
);
const TIME_RE = /\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.|uhr|hrs?)\b|\b\d{1,2}[:h]\d{2}\b/g;
const URL_RE =
  /\b(?:https?:\/\/|www\.)[^\s<>"'\])]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co\.uk|uk|de|fr|es|pt|io|shop|store|info|biz|example)\b(?:\/[^\s<>"')\]]*)?/g;
const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
const COUNT_UNITS = "orders?|purchases?|times|pedidos?|compras?|veces|commandes?|achats?|fois|bestellungen|bestellung|einkaufe?|mal|encomendas?|vezes";
const TIME_UNITS =
  "minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|minutos?|horas?|dias?|semanas?|meses|mes|anos?|heures?|jours?|semaines?|mois|ans|annees?|minuten?|stunden?|tagen?|tage|werktagen?|wochen?|monaten?|monate|jahren?|jahre";
const REF_WORDS = String.raw`order|invoice|ref|reference|no\.?|nr\.?|n[o°º]|number|pedido|factura|commande|facture|bestellung|rechnung|bestellnummer|rechnungsnummer|encomenda|fatura`;

const NUMBER_WORDS: Record<string, Record<string, number>> = {
  en: {
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    fifteen: 15,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    hundred: 100,
    dozen: 12,
    couple: 2,
  },
  es: {
    dos: 2,
    tres: 3,
    cuatro: 4,
    cinco: 5,
    seis: 6,
    siete: 7,
    ocho: 8,
    nueve: 9,
    diez: 10,
    once: 11,
    doce: 12,
    quince: 15,
    veinte: 20,
    treinta: 30,
    cuarenta: 40,
    cincuenta: 50,
    cien: 100,
    ciento: 100,
  },
  fr: {
    deux: 2,
    trois: 3,
    quatre: 4,
    cinq: 5,
    six: 6,
    sept: 7,
    huit: 8,
    neuf: 9,
    dix: 10,
    onze: 11,
    douze: 12,
    quinze: 15,
    vingt: 20,
    trente: 30,
    quarante: 40,
    cinquante: 50,
    cent: 100,
  },
  de: {
    zwei: 2,
    drei: 3,
    vier: 4,
    funf: 5,
    sechs: 6,
    sieben: 7,
    acht: 8,
    neun: 9,
    zehn: 10,
    elf: 11,
    zwolf: 12,
    funfzehn: 15,
    zwanzig: 20,
    dreissig: 30,
    vierzig: 40,
    funfzig: 50,
    hundert: 100,
  },
  pt: {
    duas: 2,
    dois: 2,
    tres: 3,
    quatro: 4,
    cinco: 5,
    seis: 6,
    sete: 7,
    oito: 8,
    nove: 9,
    dez: 10,
    onze: 11,
    doze: 12,
    quinze: 15,
    vinte: 20,
    trinta: 30,
    quarenta: 40,
    cinquenta: 50,
    cem: 100,
  },
};

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A money string's value: "121,17" and "121.17" are 121.17; "1,234.56" and "1.234,56" are 1234.56. */
export function parseAmount(s: string): number {
  const t = s.replace(/\s/g, "");
  const last = Math.max(t.lastIndexOf("."), t.lastIndexOf(","));
  if (last >= 0 && t.length - last - 1 === 2) return Number(`${t.slice(0, last).replace(/[.,]/g, "")}.${t.slice(last + 1)}`);
  return Number(t.replace(/[.,]/g, ""));
}

function datePartsOf(iso: string | null | undefined): DateParts | null {
  const m = iso?.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? { y: +m[1]!, m: +m[2]!, d: +m[3]! } : null;
}

/**
 * Builds what the sources allow.
 * @param sources the facts, the retrieved passages and the ids the model cited
 */
export function groundSet(sources: GroundingSources): GroundSet {
  const f = sources.facts;
  const numbers = new Set<string>();
  const counts = new Set<number>([f.order_count, f.recent_orders.length].filter((n) => n > 0));
  const amounts: number[] = [];
  const dates: DateParts[] = [];
  const masks: string[] = [];
  const add = (s: string) => {
    for (const d of s.match(/\d+/g) ?? []) numbers.add(d.replace(/^0+(?=\d)/, ""));
  };
  if (f.order_count > 0) add(String(f.order_count));
  for (const iso of [f.first_order_date, f.last_order_date]) {
    const d = datePartsOf(iso);
    if (d) dates.push(d);
  }
  for (const o of f.recent_orders) {
    add(o.name);
    amounts.push(parseAmount(o.total.replace(/[^\d.,]/g, "")));
    const d = datePartsOf(o.date);
    if (d) dates.push(d);
    for (const p of o.products) masks.push(plainOf(p));
    for (const t of o.tracking) {
      masks.push(plainOf(t.number));
      if (t.url) masks.push(plainOf(t.url));
      if (t.company) masks.push(plainOf(t.company));
      add(t.number);
    }
  }
  for (const p of f.favourite_products) masks.push(plainOf(p));
  for (const r of f.recommendations ?? []) masks.push(plainOf(r.product), plainOf(r.bought_with));
  for (const d of dates) if (d.y) numbers.add(String(d.y));
  const retrieved = new Map((sources.passages ?? []).map((p) => [p.id, p]));
  const cited = [...new Set(sources.cited ?? [])];
  const passageTexts: string[] = [];
  const passageCased: string[] = [];
  for (const id of cited) {
    const p = retrieved.get(id);
    if (!p) continue;
    const n = normalizeText(p.text);
    // Line breaks inside a passage's sentences are spaces: a reply quoting "in 5 to\n8 working days" on one line quotes it.
    passageTexts.push(n.plain.replace(/\s+/g, " "));
    passageCased.push(n.cased.replace(/\s+/g, " "));
    add(n.plain);
    for (const m of n.plain.matchAll(MONEY_RE)) if (m[2] ?? m[3]) amounts.push(parseAmount((m[2] ?? m[3])!));
    for (const { re, parts } of DATE_PATTERNS) for (const m of n.plain.matchAll(re)) dates.push(...parts(m));
  }
  return {
    numbers,
    counts,
    amounts,
    dates,
    masks: [...new Set(masks.filter((m) => m.length >= 3))].sort((a, b) => b.length - a.length),
    passageTexts,
    passageCased,
    unknownCitations: cited.filter((id) => !retrieved.has(id)),
  };
}

/** True when a cited passage contains this phrase (plain view). */
export function inPassages(g: GroundSet, phrase: string): boolean {
  const p = phrase.trim();
  return p.length > 0 && g.passageTexts.some((t) => t.includes(p));
}

/** Replaces each match with spaces of the same length, so later patterns cannot see it. */
function blank(text: string, re: RegExp): string {
  return text.replace(re, (m) => " ".repeat(m.length));
}

let countryIndex: Map<string, string> | null = null;

/** Country names in our five languages (Intl's region names), by their cased skeleton. */
function countries(): Map<string, string> {
  if (countryIndex) return countryIndex;
  countryIndex = new Map();
  const skip = /union|nations|eurozone|pseudo|unknown|outlying|world|^(?:chad|jordan|georgia|jersey|guinea|niger|chade|tchad|maurice|man|mali|togo)$/i;
  for (const lang of ["en", "es", "fr", "de", "pt"]) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([lang], { type: "region", fallback: "none" });
    } catch {
      continue;
    }
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = names.of(code);
        if (!name || name === code || skip.test(name) || name.length < 4) continue;
        countryIndex.set(normalizeText(name).cased, code);
      }
    }
  }
  return countryIndex;
}

/**
 * Checks the grounded references of a model's text.
 * @param plain the text's plain view (normalize.ts), with emails already checked elsewhere
 * @param cased the text's cased view, for country names
 * @param language the reply's language, for number words
 * @returns one finding per reference that no source contains
 */
export function checkGrounding(plain: string, cased: string, g: GroundSet, language: string): GroundingFinding[] {
  const out: GroundingFinding[] = [];
  const seen = new Set<string>();
  const push = (code: GroundingFinding["code"], detail: string) => {
    if (seen.has(`${code}:${detail}`)) return;
    seen.add(`${code}:${detail}`);
    out.push({ code, kind: "grounding", detail });
  };
  for (const id of g.unknownCitations) push("unknown_passage", `cites passage "${id}", which was not retrieved for this ticket`);

  // Links first, before the facts' words are masked: a carrier's name inside an invented address
  // ("www.dpd.pt/...") must not break the link apart. The facts' own links (tracking) are allowed.
  let t = blank(plain, EMAIL_RE);
  for (const m of t.matchAll(URL_RE)) {
    const url = m[0].replace(/[.,;:!?]+$/, "");
    if (!inPassages(g, url) && !g.masks.some((f) => f === url || (f.includes("/") && (f.startsWith(url) || url.startsWith(f)))))
      push("ungrounded_link", `links to ${url}, which is not in the facts or a cited passage`);
  }
  t = blank(t, URL_RE);
  for (const m of g.masks) t = t.split(m).join(" ".repeat(m.length));
  // Percentages are offers (lexicon.ts); their figures are not read again as numbers here.
  t = blank(t, /\d[\d\s.,]*\s*(?:%|٪|‰|pct\b|pc\b|per\s*cent|percent|por\s*ciento|pour\s*cent|prozent|por\s*cento)/g);

  for (const { re, parts } of DATE_PATTERNS) {
    t = t.replace(re, (m0, ...rest) => {
      const m = [m0, ...rest.slice(0, -2)] as unknown as RegExpMatchArray;
      const options = parts(m);
      if (!options.length) return m0;
      const ok = options.some(
        (o) => o.m >= 1 && o.m <= 12 && g.dates.some((d) => d.m === o.m && (o.y === undefined || d.y === o.y) && (o.d === undefined || d.d === o.d)),
      );
      if (!ok && !inPassages(g, m0)) push("ungrounded_date", `mentions the date "${m0.trim()}", which is not a date in the facts`);
      return " ".repeat(m0.length);
    });
  }
  t = t.replace(MONEY_RE, (m0, _c1, n1: string | undefined, n2: string | undefined, unit: string | undefined, word: string | undefined) => {
    let v = word === "a fiver" ? 5 : word === "a tenner" ? 10 : parseAmount((n1 ?? n2)!);
    if (unit && /^(?:pence|p|cents?|centimos|centimes)$/.test(unit)) v /= 100;
    if (!g.amounts.some((a) => Math.abs(a - v) < 0.005)) push("ungrounded_amount", `mentions ${m0.trim()}, which is not an amount in the facts`);
    return " ".repeat(m0.length);
  });
  t = t.replace(TIME_RE, (m0) => {
    if (!inPassages(g, m0)) push("ungrounded_number", `mentions the time "${m0.trim()}", which no source gives`);
    return " ".repeat(m0.length);
  });

  const words = { ...NUMBER_WORDS.en, ...(NUMBER_WORDS[language] ?? {}) };
  const wordRe = Object.keys(words).map(escapeRe).join("|");
  const numberish = new RegExp(
    String.raw`\b((?:(?:${wordRe})(?:[\s-]+(?:and |y |et |und |e )?)?)+)\s+(?:(${COUNT_UNITS})|(${TIME_UNITS})|(${MONEY_WORDS}))\b`,
    "g",
  );
  for (const m of t.matchAll(numberish)) {
    let v = 0;
    let part = 0;
    for (const w of m[1]!.split(/[\s-]+/)) {
      const n = words[w];
      if (n === undefined) continue;
      if (n === 100) part = (part || 1) * 100;
      else part += n;
    }
    v = v + part;
    if (m[2] && !g.counts.has(v)) push("ungrounded_number", `says "${m[0].trim()}", but the facts give ${[...g.counts].join(" or ") || "no orders"}`);
    if (m[3] && !inPassages(g, m[0].trim())) push("ungrounded_number", `says "${m[0].trim()}", which no source gives`);
    if (m[4] && !g.amounts.some((a) => Math.abs(a - v) < 0.005)) push("ungrounded_amount", `mentions "${m[0].trim()}", which is not an amount in the facts`);
  }

  for (const m of t.matchAll(
    /\b(?:hundreds|thousands|millions|dozens|a (?:thousand|hundred|million)|cientos|miles|millones|centaines|milliers|hunderte|tausende\w*|millionen|centenas|milhares|milhoes)\b/g,
  )) {
    if (!inPassages(g, m[0])) push("ungrounded_number", `claims "${m[0]}", which no source gives`);
  }
  const digits = new RegExp(
    String.raw`(?:\b(${REF_WORDS})\s*[:#]?\s*|#\s?)?\b(\d+(?:[.,]\d+)?)(?:st|nd|rd|th|er|e|º|ª)?\b(?:\s+(?:more\s+)?(?:(${COUNT_UNITS})|(?:working |business )?(${TIME_UNITS}))\b)?`,
    "g",
  );
  for (const m of t.matchAll(digits)) {
    const raw = m[2]!;
    const isRef = m[1] !== undefined || m[0].trimStart().startsWith("#");
    const n = raw.replace(/^0+(?=\d)/, "");
    if (m[3]) {
      if (!g.counts.has(Number(n))) push("ungrounded_number", `says "${m[0].trim()}", but the facts give ${[...g.counts].join(" or ") || "no orders"}`);
    } else if (m[4]) {
      if (!inPassages(g, m[0].trim())) push("ungrounded_number", `says "${m[0].trim()}", which no source gives`);
    } else if (/[.,]/.test(raw)) {
      if (!g.amounts.some((a) => Math.abs(a - parseAmount(raw)) < 0.005) && !g.numbers.has(raw))
        push("ungrounded_number", `mentions ${raw}, which no source gives`);
    } else if (!g.numbers.has(n)) {
      push(
        isRef ? "ungrounded_reference" : "ungrounded_number",
        isRef
          ? `mentions the reference ${m[0].trim()}, which is not an order or tracking number in the facts`
          : `mentions the number ${raw}, which no source gives`,
      );
    }
  }

  const index = countries();
  for (const m of cased.matchAll(/\p{Lu}[\p{L}'-]+(?:\s+(?:(?:and|of|the|de|du|des|del|da|do|und|e|y|et)\s+)?\p{Lu}[\p{L}'-]+)*/gu)) {
    const words = m[0].split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      for (let j = words.length; j > i; j--) {
        const name = words.slice(i, j).join(" ");
        if (index.has(name) && !g.masks.some((mk) => mk.includes(name.toLowerCase())) && !g.passageCased.some((p) => p.includes(name))) {
          push("ungrounded_country", `names ${name}, which no source gives`);
          i = j - 1;
          break;
        }
      }
    }
  }
  return out;
}
