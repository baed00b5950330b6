/**
 * The template drafter's answers from knowledge, one entry per kind of question (English; the
 * knowledge base's articles are English). Each entry says when it applies (the triage's intent,
 * and the ticket's words where the intent alone is not enough) and writes the answer from the
 * retrieved passages and the order facts: what the customer asked first, the passage's own
 * sentences for anything the store's policy says, and the passage ids it used as citations. An
 * entry that lacks what it needs (no passage for the destination, no order) returns null and the
 * next applies, down to the family's generic sentence (template.ts).
 *
 * To add an answer (recommendations, say), add an entry to `ANSWERS` in its place: the first entry
 * that applies and answers wins. Pure.
 */
import type { IntentFamily } from "../triage/types";
import type { DraftFacts } from "./facts";
import type { Passage } from "./grounding";
import type { RenderedCommitments } from "./commitments";
import { checkModelText } from "./guard";

export interface AnswerContext {
  facts: DraftFacts;
  family: IntentFamily;
  intent: string;
  /** The customer's message as written. */
  ticketText: string;
  /** Retrieved passages, best first. */
  passages: readonly Passage[];
}

export interface TemplateAnswer {
  /** Which entry wrote it (for tests and the record). */
  kind: string;
  /** The first paragraph: what the customer asked, in their terms. */
  opening: string;
  /** The answer's paragraphs, after the opening. */
  paragraphs: string[];
  /** Ids of the passages the answer states. */
  citations: string[];
  /** false: no closing offer of more help (a thank-you needs none). Default true. */
  close?: boolean;
}

export interface AnswerEntry {
  kind: string;
  applies(ctx: AnswerContext): boolean;
  answer(ctx: AnswerContext): TemplateAnswer | null;
}

/** The article a passage belongs to: its `articleId`, else read from its id (`en/shipping-rates#europe`). */
export function articleOf(p: Passage): string {
  return p.articleId ?? p.id.replace(/^[a-z]{2}\//, "").replace(/#.*$/, "");
}

const anchorOf = (p: Passage) => p.id.match(/#([^~]*)/)?.[1] ?? "";

/** The retrieved passages of one article (or of the articles an expression matches), best first; `anchor` keeps the sections whose anchor it matches. */
function passagesOf(ctx: AnswerContext, article: string | RegExp, anchor?: RegExp): Passage[] {
  const ofArticle = (p: Passage) => (typeof article === "string" ? articleOf(p) === article : article.test(articleOf(p)));
  return ctx.passages.filter((p) => ofArticle(p) && (!anchor || anchor.test(anchorOf(p))));
}

/** Articles about shipping: the help article, and the shop's shipping policy from Shopify. */
const SHIPPING_ARTICLES = /^(?:shipping-rates|shopify-shipping-policy)$/;

/** A passage's text as sentences and list items, in order (list items keep their "- "). */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n(?=\s*[-*] )|\n{2,}/)) {
    const b = block.replace(/\s*\n\s*/g, " ").trim();
    if (!b) continue;
    if (/^[-*] /.test(b)) out.push(`- ${b.slice(2).trim()}`);
    else
      out.push(
        ...b
          .split(/(?<=[.!?:])\s+(?=[A-Z"“(])/)
          .map((s) => s.trim())
          .filter(Boolean),
      );
  }
  return out;
}

/**
 * The sentences of a passage the guard lets a reply say, citing it: a passage's figures, times,
 * countries and carriers are grounded by the citation, but its offer words ("free", "refund",
 * "replacement", a percentage) stay the system's to commit to, so a sentence with one is left out.
 */
function sayable(ctx: AnswerContext, p: Passage, sentences: string[]): string[] {
  const none: RenderedCommitments = { language: "en", items: [], kinds: [], text: "" };
  return sentences.filter(
    (s) =>
      checkModelText({ text: s.replace(/^- /, ""), facts: ctx.facts, commitments: none, language: "en", passages: [p], cited: [p.id], languageKnown: true }).ok,
  );
}

/** Sentences joined into paragraphs: running sentences together, each list on its own lines under the sentence that leads into it. */
export function paragraphsOf(sentences: string[]): string[] {
  const out: string[] = [];
  let prose: string[] = [];
  let list: string[] = [];
  const flush = () => {
    const lead = prose.length ? prose.join(" ") : "";
    if (list.length && lead.endsWith(":")) out.push(`${lead}\n${list.join("\n")}`);
    else {
      if (lead) out.push(lead);
      if (list.length) out.push(list.join("\n"));
    }
    prose = [];
    list = [];
  };
  for (const s of sentences) {
    if (s.startsWith("- ")) list.push(s);
    else {
      if (list.length) flush();
      prose.push(s);
    }
  }
  flush();
  return out;
}

const THANKS = /\b(?:thanks?|thank you|thx|ty|cheers|brilliant|perfect|great|lovely|amazing|awesome|fantastic|wonderful|excellent)\b/i;
const RESOLVED = /\b(?:sorted|solved|fixed|worked|resolved|all good|got it|received it|arrived)\b/i;
const DAMAGED = /\b(?:damaged?|broken|broke|smashed|shattered|cracked|chipped|faulty|defective|dented|scratched)\b/i;
const SIGN_IN = /\b(?:(?:log|sign)(?:ging|ged|ning|ned|s)?\s?(?:me\s|you\s)?(?:in|on|out)|login|signin|password|locked out|my account)\b/i;
const ADDRESS_INTENTS = new Set(["change_shipping_address"]);
const SHIPPING_INTENTS = new Set(["delivery_options", "delivery_period"]);
const SIGN_IN_INTENTS = new Set(["recover_password", "registration_problems"]);

let countryNames: Array<[string, RegExp]> | null = null;

/** English country names (Intl's region names, with the usual short forms), longest first. */
function countries(): Array<[string, RegExp]> {
  if (countryNames) return countryNames;
  const names = new Set<string>(["UK", "Britain", "England", "Scotland", "Wales", "Northern Ireland", "USA", "America", "Czech Republic", "Holland"]);
  try {
    const dn = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const n = dn.of(String.fromCharCode(a, b));
        if (n && n.length >= 4 && !/[&()]|union|nations|world|outlying|pseudo|unknown|^(?:Chad|Jordan|Georgia|Jersey|Guinea|Niger|Man|Mali|Togo)$/i.test(n))
          names.add(n);
      }
  } catch {
    // No ICU region names: the short forms above still work.
  }
  countryNames = [...names]
    .sort((x, y) => y.length - x.length)
    .map((n) => [n, new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, n.length <= 3 ? "" : "i")]);
  return countryNames;
}

/** The countries a message names (English names, case-insensitive but for short forms), in order of appearance. */
export function countriesIn(text: string): string[] {
  const found: Array<[number, string]> = [];
  let rest = text;
  for (const [name, re] of countries()) {
    const m = rest.match(re);
    if (!m || m.index === undefined) continue;
    found.push([m.index, name]);
    rest = rest.slice(0, m.index) + " ".repeat(m[0].length) + rest.slice(m.index + m[0].length);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, n]) => n);
}

/** What a shipping passage says about one destination: a table row, or the sentences that name it. */
function destinationAnswer(ctx: AnswerContext, p: Passage, country: string): string[] {
  const re = new RegExp(`\\b${country}\\b`, "i");
  const row = p.text.split("\n").find((l) => l.includes(";") && re.test(l));
  if (row) {
    const price = row.match(/£\d[\d,]*(?:\.\d{2})?/)?.[0];
    const time = row.match(/\d+ to \d+ working days/)?.[0];
    const intro = sentencesOf(
      p.text
        .split("\n")
        .filter((l) => !l.includes(";"))
        .join("\n"),
    )[0];
    if (price && time)
      return [
        `We ship to ${country}${intro ? ` by ${intro.replace(/[:.]$/, "").replace(/^./, (c) => c.toLowerCase())}` : ""}: ${price} per order, and delivery takes ${time}.`,
      ];
  }
  return sayable(
    ctx,
    p,
    sentencesOf(p.text).filter((s) => re.test(s) && !s.startsWith("- ")),
  );
}

/** A thank-you or praise: a short acknowledgement, no order talk. */
const thanks: AnswerEntry = {
  kind: "thanks",
  applies: (c) =>
    (c.intent === "chatter" || c.intent === "review" || c.family === "other") &&
    THANKS.test(c.ticketText) &&
    !/\?/.test(c.ticketText) &&
    c.ticketText.length <= 280,
  answer: (c) => ({
    kind: "thanks",
    opening: RESOLVED.test(c.ticketText)
      ? "Thank you for letting us know, and I'm so glad that's sorted."
      : "Thank you so much for your kind message; it's lovely to hear.",
    paragraphs: [],
    citations: [],
    close: false,
  }),
};

/** Where we ship, for how much and how fast: the destination's rate and delivery time from the shipping article. */
const shipping: AnswerEntry = {
  kind: "shipping",
  applies: (c) =>
    SHIPPING_INTENTS.has(c.intent) || (countriesIn(c.ticketText).length > 0 && /\b(?:ship|shipping|deliver|delivery|postage|send)\b/i.test(c.ticketText)),
  answer: (c) => {
    const rates = passagesOf(c, SHIPPING_ARTICLES);
    if (!rates.length) return null;
    const paragraphs: string[] = [];
    const citations: string[] = [];
    const named = countriesIn(c.ticketText).slice(0, 3);
    for (const country of named) {
      for (const p of rates) {
        const said = destinationAnswer(c, p, country);
        if (!said.length) continue;
        paragraphs.push(said.join(" "));
        citations.push(p.id);
        break;
      }
    }
    if (named.length && !paragraphs.length) return null;
    if (!named.length) {
      const top = rates[0]!;
      paragraphs.push(...paragraphsOf(sayable(c, top, sentencesOf(top.text))));
      citations.push(top.id);
    }
    const dispatch = rates.find((p) => anchorOf(p) === "when-we-dispatch");
    const when = dispatch ? sayable(c, dispatch, sentencesOf(dispatch.text).slice(0, 1)) : [];
    if (dispatch && when.length) {
      paragraphs.push(...when);
      citations.push(dispatch.id);
    }
    return {
      kind: "shipping",
      opening: named.length ? `Thank you for asking about delivery to ${named.join(" and ")}.` : "Thank you for asking about our delivery options.",
      paragraphs,
      citations: [...new Set(citations)],
    };
  },
};

/** An address change: answered from the order's fulfilment status, with the address article. */
const addressChange: AnswerEntry = {
  kind: "address_change",
  applies: (c) => ADDRESS_INTENTS.has(c.intent) || (/\baddress\b/i.test(c.ticketText) && /\b(?:change|wrong|update|correct|edit)\b/i.test(c.ticketText)),
  answer: (c) => {
    const order = c.facts.recent_orders[0];
    const opening = "Thank you for asking about changing the delivery address on your order.";
    if (!order)
      return {
        kind: "address_change",
        opening,
        paragraphs: ["I couldn't find an order under this email address; could you send me the order number and the full new address, including the postcode?"],
        citations: [],
      };
    const dispatched = /^(?:fulfilled|partial|partially_fulfilled|shipped|delivered)$/i.test(order.fulfillment_status ?? "");
    if (!dispatched) {
      const before = passagesOf(c, "address-changes", /^before/)[0];
      const paragraphs = [
        `Your order ${order.name} from ${order.date} has not been dispatched yet, so its delivery address can still be changed, and I'm arranging that for you now.`,
        "Please reply with the full new address, including the postcode, and a phone number for the courier.",
      ];
      const check = before
        ? sayable(
            c,
            before,
            sentencesOf(before.text).filter((s) => /billing address|security check/i.test(s)),
          )
        : [];
      paragraphs.push(...check);
      return { kind: "address_change", opening, paragraphs, citations: before ? [before.id] : [] };
    }
    const after = passagesOf(c, "address-changes", /^after/)[0];
    if (!after)
      return {
        kind: "address_change",
        opening,
        paragraphs: [`Your order ${order.name} from ${order.date} has already been dispatched, so its delivery address can no longer be changed.`],
        citations: [],
      };
    const s = sayable(c, after, sentencesOf(after.text));
    const carrier = order.tracking[0]?.company;
    const options = s.filter((x) => x.startsWith("- ") && (!carrier || x.toLowerCase().includes(carrier.toLowerCase().split(/\s/)[0]!)));
    const rest = s.filter((x) => !x.startsWith("- ") && !/label is printed|can no longer change/i.test(x));
    return {
      kind: "address_change",
      opening,
      paragraphs: [
        `Your order ${order.name} from ${order.date} has already been dispatched: the label is printed and the parcel is with the carrier, so we can no longer change its address.`,
        ...paragraphsOf([...rest.slice(0, 1), ...(options.length ? options : s.filter((x) => x.startsWith("- ")))]),
        ...rest.slice(1),
      ],
      citations: [after.id],
    };
  },
};

/** A damaged, faulty or broken item: the damaged-items passages and what photos and details to send. */
const damaged: AnswerEntry = {
  kind: "damaged_item",
  applies: (c) =>
    DAMAGED.test(c.ticketText) && (c.family === "refund_return" || c.family === "service_complaint" || c.family === "order_status" || c.family === "other"),
  answer: (c) => {
    const intro = passagesOf(c, "damaged-faulty-items", /^$/)[0];
    const report = passagesOf(c, "damaged-faulty-items", /^reporting/)[0];
    const photos = passagesOf(c, "damaged-faulty-items", /^what-photos/)[0];
    if (!report && !photos) return null;
    const paragraphs: string[] = [];
    const citations: string[] = [];
    if (intro) {
      const put = sayable(c, intro, sentencesOf(intro.text)).find((s) => /put right/i.test(s));
      if (put) {
        paragraphs.push(put);
        citations.push(intro.id);
      }
    }
    if (report) {
      paragraphs.push(...paragraphsOf(sayable(c, report, sentencesOf(report.text))));
      citations.push(report.id);
    }
    if (photos) {
      const items = sayable(
        c,
        photos,
        sentencesOf(photos.text).filter((s) => s.startsWith("- ")),
      );
      const rest = sayable(
        c,
        photos,
        sentencesOf(photos.text).filter((s) => !s.startsWith("- ") && !/:$/.test(s)),
      );
      paragraphs.push(...paragraphsOf(["Please send us:", ...items, ...rest]));
      citations.push(photos.id);
    }
    return { kind: "damaged_item", opening: "I'm sorry your item arrived damaged, and thank you for telling us.", paragraphs, citations };
  },
};

/** Sign-in, password and being logged out: the account article's best passage for the message. */
const signIn: AnswerEntry = {
  kind: "sign_in",
  applies: (c) => SIGN_IN_INTENTS.has(c.intent) || SIGN_IN.test(c.ticketText),
  answer: (c) => {
    const p = passagesOf(c, "account-sign-in")[0];
    if (!p) return null;
    const loggedOut = /logged-out|signed-out/.test(anchorOf(p));
    return {
      kind: "sign_in",
      opening: loggedOut
        ? "I'm sorry the site keeps signing you out; here is what fixes it."
        : "I'm sorry you're having trouble with your account sign-in; here is what helps.",
      paragraphs: paragraphsOf(sayable(c, p, sentencesOf(p.text))),
      citations: [p.id],
    };
  },
};

/** A delivery that has not come: lateness, waiting, "not received / arrived / delivered", "where is my order". */
const LATE =
  /\b(?:late|delayed|overdue|still (?:not|waiting|no sign)|where(?:s| is) my (?:order|parcel|package|delivery)|(?:not|never|hasnt|havent|hasn't|haven't|didnt|didn't|yet to)(?: \w+)?(?: yet)? (?:arrived?|received?|got|come|came|turned up|been delivered|delivered)|been (?:a|an|one|two|three|\d+) (?:days?|weeks?))\b/i;

/** The order's status in one sentence, from the facts alone (no carrier or number that the order does not hold). */
function orderStatusSentence(o: AnswerContext["facts"]["recent_orders"][number]): string {
  const t = o.tracking[0];
  if (!t)
    return `Your order ${o.name} from ${o.date} is marked as ${(o.fulfillment_status ?? "being processed").toLowerCase().replace(/_/g, " ")}; we have no tracking number on file for it yet.`;
  return `Your order ${o.name} from ${o.date} was sent with ${t.company ?? "our carrier"}, tracking number ${t.number}${t.url ? ` (${t.url})` : ""}${t.delivered ? ", and the carrier shows it as delivered" : ""}.`;
}

/**
 * A late or missing delivery: the order's status from the facts, then what the tracking article says
 * to do: when a parcel counts as late and what happens next, or, when the carrier shows it delivered,
 * where to look and when to tell us. A refund request is not this (the refund's paragraph answers).
 */
const lateDelivery: AnswerEntry = {
  kind: "late_delivery",
  applies: (c) => (c.family === "order_status" || c.family === "service_complaint") && LATE.test(c.ticketText) && !/\brefund/i.test(c.ticketText),
  answer: (c) => {
    const order = c.facts.recent_orders[0];
    if (!order) return null;
    const delivered = !!order.tracking[0]?.delivered;
    const p = passagesOf(c, "delivery-tracking", delivered ? /^tracking-says-delivered/ : /^my-parcel-is-late/)[0];
    if (!p) return null;
    // A sentence that only points at another article ("[Shipping ...](url)") says nothing by itself here.
    const said = sayable(c, p, sentencesOf(p.text)).filter((x) => !/\]\(/.test(x));
    if (!said.length) return null;
    return {
      kind: "late_delivery",
      opening: delivered ? "I'm sorry your order hasn't reached you." : "I'm sorry your order hasn't arrived yet.",
      paragraphs: [orderStatusSentence(order), ...paragraphsOf(said)],
      citations: [p.id],
    };
  },
};

/**
 * The answers, in the order they are tried. Retention and plain order-status questions keep their
 * family's paragraph (template.ts); a late or missing delivery gets the tracking article's answer
 * after the order's status; recommendations go in their own entry.
 */
export const ANSWERS: readonly AnswerEntry[] = [thanks, addressChange, damaged, signIn, lateDelivery, shipping];

/**
 * The first answer from knowledge that applies and can be written, or null (the family's generic sentence then).
 * @param ctx the facts, the triage's family and intent, the message and the retrieved passages
 */
export function answerFromKnowledge(ctx: AnswerContext): TemplateAnswer | null {
  for (const entry of ANSWERS) {
    if (!entry.applies(ctx)) continue;
    const a = entry.answer(ctx);
    if (a) return a;
  }
  return null;
}
