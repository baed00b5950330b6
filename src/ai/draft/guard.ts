/**
 * The guard: a deterministic check of a draft against the decision and the facts, run after every
 * generation. A draft may state only what the policy decided and only facts that exist:
 * - every percentage equals the decided discount, and a decided discount is stated;
 * - free shipping is mentioned only when decided, and stated when decided;
 * - no refund promise (the policy never decides refunds; a person does);
 * - no discount code (codes are created on approval, never invented by a drafter);
 * - a manager follow-up is promised only when decided;
 * - every money amount, order number, tracking number and ISO date mentioned exists in the facts,
 *   and so does every product of the store's catalogue that the draft names (a product the store
 *   has never sold cannot be recognised by name; the model is only shown the facts' products);
 * - no internal figure or label (churn risk, P(alive), lifetime value, archetype, RFM segment names,
 *   bare probabilities);
 * - the reply is in the ticket's language.
 * Violations are data: the drafter feeds them back for one repair round, then falls back to the
 * template drafter and flags the draft.
 */
import type { Decision } from "../../policy/types";
import { detectLanguage } from "../triage/language";
import type { DraftFacts } from "./facts";

export interface GuardViolation {
  code:
    | "discount_mismatch"
    | "offer_missing"
    | "free_shipping_not_decided"
    | "free_shipping_missing"
    | "refund_promise"
    | "discount_code"
    | "follow_up_not_decided"
    | "unknown_amount"
    | "unknown_order"
    | "unknown_tracking"
    | "unknown_date"
    | "unknown_product"
    | "internal_figure"
    | "wrong_language"
    | "empty";
  detail: string;
}

/**
 * The checks about the offer itself: what the ledger records and the customer is promised. An
 * agent's edit may add facts (they know the customer); it may not change these (src/pipeline/approve.ts).
 */
export const OFFER_VIOLATIONS: ReadonlySet<GuardViolation["code"]> = new Set([
  "discount_mismatch",
  "offer_missing",
  "free_shipping_not_decided",
  "free_shipping_missing",
  "discount_code",
  "follow_up_not_decided",
]);

export interface GuardResult {
  ok: boolean;
  violations: GuardViolation[];
}

const PERCENT = /(\d{1,3}(?:[.,]\d+)?)[\s-]?(?:%|percent\b|per cent\b|por ciento\b|pour cent\b|prozent\b|por cento\b)/gi;
/** A percentage written in words ("twenty percent", "veinte por ciento"): never how we state an offer. */
const PERCENT_WORDS =
  /\b(?:(?:five|ten|fifteen|twenty|twenty[\s-]five|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|cinco|diez|quince|veinte|treinta|cincuenta|cien|cinq|dix|quinze|vingt|trente|cinquante|cent|fünf|zehn|fünfzehn|zwanzig|dreißig|fünfzig|hundert|dez|vinte|trinta)[\s-]*(?:percent|per cent|por ciento|pour cent|prozent|por cento))\b/gi;
const FREE_SHIPPING =
  /\b(free (?:shipping|delivery|postage)|shipping (?:is )?free|env[ií]o gratuito|env[ií]o gratis|livraison (?:gratuite|offerte)|kostenlose[nrm]? (?:versand|lieferung)|versandkostenfrei|portes gr[aá]tis|frete gr[aá]tis|envio gr[aá]tis)\b/i;
const REFUND_PROMISE =
  /\b(full refund|your refund\b|a refund (?:for|of|has|is|will)\b|refund (?:has been|is being|will be) (?:approved|issued|processed|sent)|refund(?:ed)? (?:you|your)|(?:we|i)(?:'ll| will| have|'ve| am going to| can)\s+(?:\w+\s+){0,3}refund|you(?:'ll| will)\s+(?:\w+\s+){0,2}(?:a |your )?refund|reembols(?:aremos|o completo|arle)|rembourse(?:rons|ment int[eé]gral|r)|erstatten wir|r[üu]ckerstattung erhalten|reembols(?:amos|o total))\b/i;
const CODE = /\b(?:code|c[oó]digo|gutscheincode|code promo)\s*[:：]?\s*([A-Z0-9][A-Z0-9-]{4,})\b/i;
const CODE_SHAPE = /\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{3,}-?[A-Z0-9]{3,}\b/g;
const MANAGER_FOLLOW_UP = /\b(manager|supervisor|responsable|führungskraft|vorgesetzte|gerente)\b[^.]{0,80}\b(call|contact|phone|reach out|follow up|llamar|contactar|ponga en contacto|contacter|appeler|melden|anrufen|kontaktieren|contacto|ligar)/i;
const INTERNAL =
  /\b(churn|p\(alive\)|palive|probability|lifetime value|ltv|clv|archetype|arch_[0-9a-f]+|rfm|segment|champions|potential loyalist|hibernating|about to sleep|need attention|can't lose them|at risk|risk score|riesgo de abandono|risque de d[ée]part|abwanderung)\b/i;
const MONEY = /(?:£|\$|€)\s?\d[\d,]*(?:\.\d{1,2})?|\d[\d,]*(?:\.\d{1,2})?\s?(?:GBP|USD|EUR)\b/g;
const ORDER_REF = /(?:#\s?|\border\s+(?:number\s+|no\.?\s*|n[ºo°]\s*)?#?)(\d{3,})/gi;
/** Long digit runs (10+) read as tracking or reference numbers: they must exist in the facts. */
const LONG_NUMBER = /\b\d{10,}\b/g;
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/g;
const TRACKING = /\b(?:tracking|seguimiento|suivi|sendungsnummer|rastreio)\b(?:\s+(?:number|n[uú]mero|num[eé]ro|no\.?|de|is|es|est|ist|é))*\s*[:#]?\s*([A-Z0-9]{8,})\b/gi;

const normMoney = (s: string) => s.replace(/\s|,/g, "").replace(/(GBP|USD|EUR)$/, "");

export interface GuardOptions {
  /** A code created on approval, when one exists (then it may appear). */
  discountCode?: string;
  /** The store's product names (as `productName` renders them); names of 8+ characters are checked. */
  catalogue?: readonly string[];
  /**
   * The text is our own template written in `facts.language` (`templateDraft`), so the language
   * check, a statistical detector and the costliest check here, is skipped; test/ai/guard.test.ts
   * checks every template, family and language with it instead. Never set for a model's text.
   */
  languageKnown?: boolean;
}

const catalogueIndexes = new WeakMap<readonly string[], Map<string, Array<{ name: string; lowerName: string }>>>();

/** Catalogue names of 8+ characters by their first word, lower-cased; built once per catalogue array. */
function catalogueIndex(catalogue: readonly string[]) {
  let index = catalogueIndexes.get(catalogue);
  if (!index) {
    index = new Map();
    for (const name of catalogue) {
      const lowerName = name.toLowerCase();
      const first = lowerName.match(/[\p{L}\p{N}][\p{L}\p{N}'/-]*/u)?.[0];
      if (lowerName.length < 8 || !first) continue;
      const list = index.get(first) ?? [];
      list.push({ name, lowerName });
      index.set(first, list);
    }
    catalogueIndexes.set(catalogue, index);
  }
  return index;
}

/**
 * Checks a draft.
 * @param body the draft text
 * @param facts the facts the drafter was given
 * @param decision the policy decision
 */
export function checkDraft(body: string, facts: DraftFacts, decision: Decision, opts: GuardOptions = {}): GuardResult {
  const { discountCode, catalogue } = opts;
  const v: GuardViolation[] = [];
  // Typographic apostrophes (the models' default) read as ASCII ones for every pattern below.
  const text = body.trim().replace(/[\u2018\u2019\u02bc]/g, "'");
  if (!text) return { ok: false, violations: [{ code: "empty", detail: "the draft is empty" }] };

  const percents = [...text.matchAll(PERCENT)].map((m) => Number(m[1].replace(",", ".")));
  for (const p of percents) {
    if (!decision.offer_discount || p !== decision.discount_percent) {
      v.push({ code: "discount_mismatch", detail: `mentions ${p}% but the decision is ${decision.offer_discount ? `${decision.discount_percent}%` : "no discount"}` });
    }
  }
  for (const m of text.match(PERCENT_WORDS) ?? []) {
    v.push({ code: "discount_mismatch", detail: `mentions "${m}" in words; state the decided offer in figures (${decision.offer_discount ? `${decision.discount_percent}%` : "none"})` });
  }
  if (decision.offer_discount && !percents.includes(decision.discount_percent)) {
    v.push({ code: "offer_missing", detail: `the decided ${decision.discount_percent}% discount is not stated` });
  }
  const mentionsFreeShipping = FREE_SHIPPING.test(text);
  if (mentionsFreeShipping && !decision.free_shipping) v.push({ code: "free_shipping_not_decided", detail: "offers free shipping, which the decision does not" });
  if (!mentionsFreeShipping && decision.free_shipping) v.push({ code: "free_shipping_missing", detail: "the decided free shipping is not stated" });
  const refund = text.match(REFUND_PROMISE);
  if (refund) v.push({ code: "refund_promise", detail: `promises a refund ("${refund[0]}"); refunds are decided by a person` });

  const code = text.match(CODE)?.[1];
  const codeLike = [...text.matchAll(CODE_SHAPE)].map((m) => m[0]).filter((c) => !/^\d+$/.test(c));
  for (const c of new Set([...(code ? [code] : []), ...codeLike])) {
    if (c !== discountCode && !facts.recent_orders.some((o) => o.tracking.some((t) => t.number === c))) {
      v.push({ code: "discount_code", detail: `mentions a code "${c}" that does not exist` });
    }
  }
  if (MANAGER_FOLLOW_UP.test(text) && decision.follow_up_owner !== "manager") {
    v.push({ code: "follow_up_not_decided", detail: "promises a manager follow-up, which the decision does not" });
  }

  const amounts = new Set(facts.recent_orders.map((o) => normMoney(o.total)));
  for (const m of text.match(MONEY) ?? []) {
    const n = normMoney(m);
    if (![...amounts].some((a) => a === n || a.replace(/^[£$€]/, "") === n.replace(/^[£$€]/, ""))) {
      v.push({ code: "unknown_amount", detail: `mentions ${m.trim()}, which is not an order total in the facts` });
    }
  }
  const orderNumbers = new Set(facts.recent_orders.map((o) => o.name.replace(/^#/, "")));
  for (const m of text.matchAll(ORDER_REF)) {
    if (!orderNumbers.has(m[1])) v.push({ code: "unknown_order", detail: `mentions order #${m[1]}, which is not in the facts` });
  }
  const trackingNumbers = new Set(facts.recent_orders.flatMap((o) => o.tracking.map((t) => t.number)));
  const flaggedTracking = new Set<string>();
  for (const m of text.matchAll(TRACKING)) {
    if (!trackingNumbers.has(m[1]) && !flaggedTracking.has(m[1])) {
      flaggedTracking.add(m[1]);
      v.push({ code: "unknown_tracking", detail: `mentions tracking number ${m[1]}, which is not in the facts` });
    }
  }
  for (const n of text.match(LONG_NUMBER) ?? []) {
    if (!trackingNumbers.has(n) && !flaggedTracking.has(n) && !orderNumbers.has(n)) {
      flaggedTracking.add(n);
      v.push({ code: "unknown_tracking", detail: `mentions the number ${n}, which is not a tracking or order number in the facts` });
    }
  }
  const dates = new Set([facts.first_order_date, facts.last_order_date, ...facts.recent_orders.map((o) => o.date)].filter(Boolean));
  for (const m of text.matchAll(ISO_DATE)) {
    if (!dates.has(m[1])) v.push({ code: "unknown_date", detail: `mentions ${m[1]}, which is not a date in the facts` });
  }
  if (catalogue?.length) {
    const lower = text.toLowerCase();
    const allowed = new Set(facts.recent_orders.flatMap((o) => o.products).concat(facts.favourite_products).map((p) => p.toLowerCase()));
    // Only names whose first word occurs in the draft can occur in it: look those up, not all 4,000.
    const index = catalogueIndex(catalogue);
    const seen = new Set<string>();
    for (const word of lower.match(/[\p{L}\p{N}][\p{L}\p{N}'/-]*/gu) ?? []) {
      for (const { name, lowerName } of index.get(word) ?? []) {
        if (seen.has(lowerName)) continue;
        seen.add(lowerName);
        if (!allowed.has(lowerName) && lower.includes(lowerName)) v.push({ code: "unknown_product", detail: `names "${name}", which is not among the customer's order facts` });
      }
    }
  }
  const internal = text.match(INTERNAL);
  if (internal) v.push({ code: "internal_figure", detail: `mentions an internal figure or label ("${internal[0]}")` });
  if (/\b0\.\d{2,}\b/.test(text)) v.push({ code: "internal_figure", detail: "mentions a bare probability-like figure" });

  if (text.length >= 60 && !opts.languageKnown) {
    const lang = detectLanguage(text);
    if (lang !== facts.language && lang !== "und") v.push({ code: "wrong_language", detail: `written in "${lang}", the ticket is in "${facts.language}"` });
  }
  return { ok: v.length === 0, violations: v };
}
