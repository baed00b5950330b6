/**
 * The guard: an allow-list check of the model-written part of a reply. The system renders every
 * commitment (commitments/: the discount and its percentage, free shipping, the code placeholder,
 * the manager follow-up or escalation note, person-approved actions); the model writes only the
 * conversation around it. After Unicode normalisation (normalize.ts: HTML stripped and flagged,
 * NFKC, zero-width and bidi characters removed and flagged, confusables mapped to their skeleton),
 * the model's part may contain only:
 * - no offer language at all: no percentage in any notation, no money off, nothing free,
 *   complimentary, waived, covered or on us, no code, coupon or voucher, no credit, gift, refund,
 *   reimbursement, replacement, price matching or upgrade, in any of our five languages; a
 *   figure-free reference to what the rendered block itself commits to ("the code below", "with
 *   shipping on us" when free shipping is decided) is allowed, unless it widens it ("another code",
 *   "on every order"); code-like tokens (`SAVE50`, `WELCOME-BACK`) never;
 * - no escalation language (a manager, a supervisor, a team lead, a call or a visit) unless the
 *   rendered block carries a manager follow-up or escalation;
 * - grounded references only: every number, amount, date, order, invoice and tracking reference,
 *   link, time and country must be one the grounding sources contain (the facts, and the
 *   retrieved passages the model cited: grounding.ts); products of the store's catalogue only when
 *   they are among the customer's own or the recommendations in the facts;
 * - no statement of the store's policy (where or how it ships, what it can or cannot change,
 *   returns, refunds, customs) unless the model cites a retrieved passage: a reply that states a
 *   policy cites the passage that says it;
 * - no deadline, relative or absolute ("within 24 hours", "by Friday", "tomorrow"), unless a cited
 *   passage says it;
 * - no internal measure or label, named or paraphrased (model, prediction, likely to leave, value
 *   tier, dormant, low-value, segment, score, churn, risk);
 * - no other person's data: no email address but the requester's, no name but the requester's
 *   (greetings, titles, full names, "another customer");
 * - no meta-text (as an AI, language model, instructions, system prompt, rules above);
 * - the ticket's language (its detected language), at any length;
 * - no markup and no hidden characters.
 * Violations are data (`code`, `kind`, `detail`): the drafter feeds them back for one repair
 * round, then falls back to the template drafter and flags the draft. Pure: no I/O.
 */
import { detectLanguage } from "../triage/language";
import { unlistedActs } from "./acts";
import type { Commitment, CommitmentKind, RenderedCommitments } from "./commitments";
import { factProducts, type DraftFacts } from "./facts";
import { checkGrounding, groundSet, type GroundingFinding, type GroundingSources, type Passage } from "./grounding";
import { CONCEPTS, EXTENSION_WORDS, GREETINGS, HONORIFICS, REQUEST_PHRASES, SHIPPING_WORDS, type GuardKind } from "./lexicon";
import { normalizeText, plainOf, type NormalizedText } from "./normalize";

export type { GuardKind } from "./lexicon";
export type { Passage } from "./grounding";

export interface GuardViolation {
  code:
    | "offer_language"
    | "code_like_token"
    | "commitment_widened"
    | "commitment_changed"
    | "unlisted_act"
    | "escalation_language"
    | GroundingFinding["code"]
    | "unknown_product"
    | "uncited_policy"
    | "ungrounded_tracking"
    | "deadline"
    | "internal_label"
    | "other_person_data"
    | "meta_text"
    | "wrong_language"
    | "markup"
    | "hidden_characters"
    | "empty";
  kind: GuardKind;
  detail: string;
}

export interface GuardResult {
  ok: boolean;
  violations: GuardViolation[];
}

export interface GuardInput {
  /** The model's part as one text: greeting, paragraphs and sign-off separated by blank lines (no rendered block). */
  text: string;
  facts: DraftFacts;
  /** The block the system renders into this reply (renderCommitments). */
  commitments: RenderedCommitments;
  /** The ticket's detected language (ISO 639-1): the reply must be in it. */
  language: string;
  /** Retrieved knowledge passages and the ids the model cited: cited passages ground figures. */
  passages?: readonly Passage[];
  cited?: readonly string[];
  /** The store's product names; a catalogue product that is neither the customer's nor recommended in the facts may not be named. */
  catalogue?: readonly string[];
  /** The requester's email: the only address the reply may contain. */
  requesterEmail?: string | null;
  /**
   * The text is our own template written in `language` (template.ts): the language check, a
   * statistical identifier and the costliest check here, is skipped; the eval suite's template
   * group checks every template, family and language with it instead. The writer's-acts check
   * (acts.ts) is skipped too: a template's acts are the system's, written with the answer it gives
   * from the policy and the cited passages ("I'm arranging the change" before dispatch). Never set
   * for a model's text.
   */
  languageKnown?: boolean;
}

/** Capitalised words that are not a person's name (greetings, sign-offs, seasons, titles of our own). */
const NOT_NAMES = new Set(
  (
    "i hi hello hey dear there all again team customer customers care service support kind regards best warm wishes many thanks thank you happy merry christmas easter new year " +
    "valentine valentine's mother's father's day good morning afternoon evening we our your the with from and of sincerely cheers love yours faithfully truly " +
    "hola estimado estimada querido querida atencion al cliente un saludo saludos cordiales gracias feliz navidad bonjour bonsoir cher chere service client cordialement " +
    "bien a vous merci joyeux noel hallo guten tag liebe lieber sehr geehrte geehrter kundenservice mit freundlichen grussen danke frohe weihnachten ola caro cara apoio " +
    "com os melhores cumprimentos obrigado obrigada feliz natal english spanish french german portuguese uk eu " +
    "equipe equipo atendimento ao de do da servico servicio kundendienst kundenbetreuung"
  ).split(" "),
);

/** Function words by language: a second opinion for short texts, where a statistical identifier guesses. */
const FUNCTION_WORDS: Record<string, string[]> = {
  en: "the and you your we our to for with is are it this that thank thanks please have has be will in on at us from hi regards kind of i".split(" "),
  es: "el la los las del que y en su sus con por para gracias hola usted le lo un una es nos nuestro nuestra pedido saludo muy de".split(" "),
  fr: "le la les des du et en vous votre vos nous notre pour avec merci bonjour est une un sur ce cela commande cordialement de".split(" "),
  de: "der die das und ist sie ihr ihre ihnen wir uns fur mit zu den dem ein eine nicht danke vielen dank hallo bestellung grussen freundlichen auf bei".split(
    " ",
  ),
  pt: "o a os as do da dos das e em no na que seu sua com para por obrigado obrigada ola voce lhe uma um encomenda cumprimentos consigo connosco de".split(" "),
};

function functionWordVotes(plain: string): Record<string, number> {
  const words = plain.match(/[a-z']+/g) ?? [];
  const votes: Record<string, number> = {};
  for (const [lang, list] of Object.entries(FUNCTION_WORDS)) {
    const set = new Set(list);
    votes[lang] = words.filter((w) => set.has(w)).length;
  }
  return votes;
}

/** Sentence bounds of a view, to read a word in its sentence ("free" next to "shipping"). */
function sentenceAt(text: string, index: number): string {
  const before = text.slice(0, index);
  const start = Math.max(before.lastIndexOf("."), before.lastIndexOf("!"), before.lastIndexOf("?"), before.lastIndexOf(";"), before.lastIndexOf("\n")) + 1;
  const rest = text.slice(index);
  const endRel = rest.search(/[.!?;\n]/);
  return text.slice(start, endRel < 0 ? text.length : index + endRel);
}

const hasMatch = (re: RegExp, s: string) => {
  re.lastIndex = 0;
  const ok = re.test(s);
  re.lastIndex = 0;
  return ok;
};

const catalogueIndexes = new WeakMap<readonly string[], Map<string, Array<{ name: string; plain: string }>>>();

/** Catalogue names of 8+ characters by their first word (plain view); built once per catalogue array. */
function catalogueIndex(catalogue: readonly string[]) {
  let index = catalogueIndexes.get(catalogue);
  if (!index) {
    index = new Map();
    for (const name of catalogue) {
      const plain = plainOf(name);
      const first = plain.match(/[\p{L}\p{N}][\p{L}\p{N}'/-]*/u)?.[0];
      if (plain.length < 8 || !first) continue;
      const list = index.get(first) ?? [];
      list.push({ name, plain });
      index.set(first, list);
    }
    catalogueIndexes.set(catalogue, index);
  }
  return index;
}

/** Does the rendered block allow a reference to this concept? */
function refAllowed(ref: Array<CommitmentKind | "any-offer"> | undefined, kinds: readonly CommitmentKind[]): boolean {
  if (!ref) return false;
  return ref.some((k) => (k === "any-offer" ? kinds.some((x) => x !== "manager_follow_up" && x !== "escalation") : kinds.includes(k)));
}

/** Whether a sentence names a commitment the rendered block carries (a reference the concepts allow). */
function refersTo(sentence: string, kinds: readonly CommitmentKind[]): boolean {
  if (!kinds.length) return false;
  if (BLOCK_REFERENCE.test(sentence)) return true;
  return CONCEPTS.some((c) => refAllowed(c.ref, kinds) && hasMatch(c.re, sentence));
}

/** Words that point at the rendered commitments, in our five languages ("the code below"). */
const BLOCK_REFERENCE =
  /\b(?:below|beneath|underneath|as set out|abajo|a continuacion|mas abajo|ci-dessous|plus bas|ci-apres|unten|nachfolgend|weiter unten|abaixo|a seguir|mais abaixo)\b/;

/**
 * The concept checks (offer, escalation, deadline, internal, meta, pii words) on a normalised text.
 * Shared with the agent-edit check (edit-check.ts), which reads the agent's text with the same words.
 * @param kinds the commitment kinds the rendered block carries (references to them are allowed)
 * @param only the guard kinds to check (all when omitted)
 * @param allowedPhrases plain-view phrases a cited passage grounds (a deadline a passage states)
 */
export function conceptViolations(
  n: NormalizedText,
  kinds: readonly CommitmentKind[],
  only?: ReadonlySet<GuardKind>,
  allowedPhrases: readonly string[] = [],
): GuardViolation[] {
  const out: GuardViolation[] = [];
  const seen = new Set<string>();
  const push = (v: GuardViolation) => {
    const key = `${v.code}:${v.detail}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  };
  const views = [n.plain, n.folded].map((v) => v.replace(REQUEST_PHRASES, (m) => " ".repeat(m.length)));
  for (const c of CONCEPTS) {
    if (only && !only.has(c.kind)) continue;
    for (const view of views) {
      c.re.lastIndex = 0;
      for (const m of view.matchAll(c.re)) {
        const sentence = sentenceAt(view, m.index ?? 0);
        let ref = c.ref;
        if (c.concept === "something free") ref = hasMatch(SHIPPING_WORDS, sentence) ? ["free_shipping"] : undefined;
        if (refAllowed(ref, kinds)) {
          const wider = sentence.match(EXTENSION_WORDS);
          if (wider && c.kind === "offer")
            push({
              code: "commitment_widened",
              kind: "offer",
              detail: `refers to ${c.concept} with "${wider[0]}" ("${sentence.trim().slice(0, 80)}"): the rendered commitment is the whole offer`,
            });
          continue;
        }
        if (c.kind === "deadline" && allowedPhrases.length) {
          // A deadline a cited passage states: the words up to three after the match, as the passage has them.
          const next = (view.slice((m.index ?? 0) + m[0].length).match(/^[^.!?;,\n]{0,40}/)?.[0] ?? "").trim().split(/\s+/).slice(0, 3).join(" ");
          const phrase = `${m[0].trim()} ${next}`.trim();
          if (allowedPhrases.some((p) => p.includes(phrase))) continue;
        }
        const code: GuardViolation["code"] =
          c.kind === "offer"
            ? "offer_language"
            : c.kind === "escalation"
              ? "escalation_language"
              : c.kind === "deadline"
                ? "deadline"
                : c.kind === "internal"
                  ? "internal_label"
                  : c.kind === "meta"
                    ? "meta_text"
                    : "other_person_data";
        const what =
          c.kind === "offer"
            ? `promises ${c.concept}`
            : c.kind === "escalation"
              ? `mentions ${c.concept}, which the decision does not include`
              : c.kind === "deadline"
                ? "states a deadline, which is a commitment"
                : `contains ${c.concept}`;
        push({ code, kind: c.kind, detail: `${what} ("${m[0].trim()}")` });
      }
    }
  }
  return out;
}

/** Masks fact strings (products, tracking, carriers, order names, statuses) in the cased view. */
function maskFacts(cased: string, facts: DraftFacts): string {
  const strings = [
    ...facts.recent_orders.flatMap((o) => [o.name, o.fulfillment_status ?? "", ...o.tracking.flatMap((t) => [t.number, t.company ?? "", t.url ?? ""])]),
    ...factProducts(facts),
  ]
    .filter((s) => s.length >= 2)
    .map((s) => normalizeText(s).cased)
    .sort((a, b) => b.length - a.length);
  let t = cased;
  for (const s of strings) t = t.split(s).join(" ".repeat(s.length));
  return t;
}

/** Code-like tokens: what a discount code looks like, whatever words surround it. */
export function codeLikeTokens(maskedCased: string): string[] {
  const t = maskedCased.replace(/https?:\/\/\S+|\S+@\S+/g, " ");
  const found = new Set<string>();
  for (const m of t.matchAll(/(?<![\w/])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w/])/g)) {
    const w = m[0];
    if (w.length < 4 || /^\d+(?:st|nd|rd|th|er|eme|e)$/i.test(w) || /^\d{4}-\d{2}-\d{2}$/.test(w)) continue;
    const letters = (w.match(/[A-Za-z]/g) ?? []).length;
    const digits = /\d/.test(w);
    if ((digits && letters >= 2) || /^[A-Z]{2,}(?:-[A-Z0-9]{2,})+$/.test(w) || /^[A-Z]{6,}$/.test(w)) found.add(w);
  }
  for (const m of t.matchAll(
    /\b(?:use|enter|quote|apply|type|mention|utilice|introduzca|saisissez|utilisez|geben sie|verwenden sie|nutzen sie|introduza|utilize)\b[^.\n]{0,20}["'«]([^"'»\s]{3,20})["'»]/gi,
  ))
    found.add(m[1]!);
  return [...found];
}

function personViolations(n: NormalizedText, maskedCased: string, input: GuardInput, passageCased: readonly string[] = []): GuardViolation[] {
  const out: GuardViolation[] = [];
  const first = input.facts.first_name ? plainOf(input.facts.first_name) : null;
  // Capitalised words of the facts and of the cited passages (carriers, "Post Office", "Account > Addresses") are no person's name.
  const factWords = new Set(
    [...input.facts.recent_orders.flatMap((o) => o.tracking.map((t) => t.company ?? "")), ...factProducts(input.facts), ...passageCased].flatMap((p) =>
      plainOf(p).split(/[\s/-]+/),
    ),
  );
  const allowed = (w: string) => {
    const p = plainOf(w);
    return NOT_NAMES.has(p) || factWords.has(p) || p === first;
  };
  const requester = input.requesterEmail?.toLowerCase();
  for (const m of n.plain.matchAll(/[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g)) {
    if (m[0] !== requester) out.push({ code: "other_person_data", kind: "pii", detail: `contains the email address ${m[0]}, which is not the requester's` });
  }
  for (const m of maskedCased.matchAll(HONORIFICS)) {
    if (/^\p{Lu}/u.test(m[1]!) && !allowed(m[1]!))
      out.push({ code: "other_person_data", kind: "pii", detail: `names ${m[0].trim()}, who is not the requester` });
  }
  const greeting =
    maskedCased
      .split("\n")
      .find((l) => l.trim())
      ?.trim() ?? "";
  const g = greeting.match(GREETINGS);
  if (g) {
    for (const w of greeting
      .slice(g[0].length)
      .split(/[,:;.!?]/)[0]!
      .match(/\p{Lu}[\p{L}'-]*/gu) ?? []) {
      if (!allowed(w))
        out.push({ code: "other_person_data", kind: "pii", detail: `greets "${w}", who is not the requester${first ? ` (${input.facts.first_name})` : ""}` });
    }
  }
  // German capitalises nouns: a colleague or customer is named there by first name and surname.
  for (const m of maskedCased.matchAll(/\b(?:Kollege|Kollegin|Kunde|Kundin|namens)\s+(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+)/gu)) {
    if (!allowed(m[1]!) || !allowed(m[2]!)) out.push({ code: "other_person_data", kind: "pii", detail: `names "${m[1]} ${m[2]}", who is not the requester` });
  }
  if (input.language !== "de") {
    for (const m of maskedCased.matchAll(/\p{Lu}\p{Ll}+(?:[ ](?:(?:de|da|do|dos|del|van|von|le|la)[ ])?\p{Lu}\p{Ll}+)+/gu)) {
      const unknown = m[0].split(" ").filter((w) => /^\p{Lu}/u.test(w) && !allowed(w));
      if (unknown.length >= 2) out.push({ code: "other_person_data", kind: "pii", detail: `names "${m[0]}", who is not the requester` });
    }
    for (const m of maskedCased.matchAll(
      /\b(?:with|colleague|customer|client|neighbour|neighbor|named|called|cliente|collegue|kollege|kollegin|colega)\s+(\p{Lu}\p{Ll}+)/gu,
    )) {
      if (!allowed(m[1]!)) out.push({ code: "other_person_data", kind: "pii", detail: `names "${m[1]}", who is not the requester` });
    }
  }
  return out;
}

/** English courtesy formulas that have no place in a reply in another language (the sign-off's name aside). */
const ENGLISH_COURTESY =
  /\b(?:kind regards|best wishes|warm regards|best regards|warm wishes|many thanks|thanks again|thank you so much|have a (?:great|lovely|nice) (?:day|weekend))\b/;

function languageViolation(n: NormalizedText, input: GuardInput): GuardViolation | null {
  // The words to judge: the customer's product names, links, addresses and numbers taken out.
  const clean = (part: string) => {
    for (const p of factProducts(input.facts)) part = part.split(p).join(" ");
    return part
      .replace(/https?:\/\/\S+|\S+@\S+|[#\d][\d\s.,/-]*/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  };
  const text = clean(n.display);
  if (!text) return null;
  const expected = input.language;
  const judge = (part: string): string | null => {
    const detected = detectLanguage(part);
    if (detected === expected) return null;
    const votes = functionWordVotes(plainOf(part));
    const mine = votes[expected] ?? 0;
    const best = Math.max(
      ...Object.entries(votes)
        .filter(([l]) => l !== expected)
        .map(([, v]) => v),
      0,
    );
    // The identifier is unsure on short texts: the expected language's own function words overrule it.
    if (mine > 0 && mine >= best && part.split(/\s+/).length < 12) return null;
    if (mine > best) return null;
    return detected;
  };
  const whole = judge(text);
  if (whole) return { code: "wrong_language", kind: "language", detail: `written in "${whole}", the ticket is in "${expected}"` };
  for (const para of n.display.split(/\n{2,}/)) {
    if (para.split(/\s+/).length < 8) continue;
    const off = judge(para);
    if (off)
      return { code: "wrong_language", kind: "language", detail: `a passage is written in "${off}", the ticket is in "${expected}": "${para.slice(0, 60)}"` };
  }
  // A sentence in another language inside a paragraph ("Je suis désolée ... I've checked the order
  // details and everything looks in order."): judged when it has eight words or more, the customer's
  // product names taken out first.
  for (const raw of n.display.split(/(?<=[.!?])\s+|\n+/)) {
    const sentence = clean(raw);
    const count = sentence.split(/\s+/).length;
    // A short sentence is judged by its function words alone: three of English and none of the
    // reply's language ("It's always lovely to hear from you!" in a French reply).
    if (expected !== "en" && count >= 4 && count < 8) {
      const votes = functionWordVotes(plainOf(sentence));
      if ((votes.en ?? 0) >= 3 && (votes[expected] ?? 0) === 0)
        return {
          code: "wrong_language",
          kind: "language",
          detail: `a sentence is written in "en", the ticket is in "${expected}": "${sentence.slice(0, 60)}"`,
        };
    }
    if (expected !== "en" && ENGLISH_COURTESY.test(plainOf(sentence)))
      return { code: "wrong_language", kind: "language", detail: `an English formula in a reply in "${expected}": "${sentence.slice(0, 60)}"` };
    if (count < 8) continue;
    const off = judge(sentence);
    if (off)
      return {
        code: "wrong_language",
        kind: "language",
        detail: `a sentence is written in "${off}", the ticket is in "${expected}": "${sentence.slice(0, 60)}"`,
      };
  }
  return null;
}

/**
 * Checks the model-written part of a reply against the allow-list (see the module comment).
 * @param input the model's text, the facts, the rendered block, the expected language, and the
 *   grounding passages with the model's citations
 * @returns every violation found (empty = the text may go into a draft)
 */
export function checkModelText(input: GuardInput): GuardResult {
  const n = normalizeText(input.text);
  if (!n.plain.trim()) return { ok: false, violations: [{ code: "empty", kind: "empty", detail: "the model wrote nothing" }] };
  const v: GuardViolation[] = [];
  if (n.flags.html.length) v.push({ code: "markup", kind: "markup", detail: `contains HTML (${n.flags.html.slice(0, 3).join(" ")}); replies are plain text` });
  if (n.flags.markdown.length)
    v.push({ code: "markup", kind: "markup", detail: `contains markdown (${n.flags.markdown.slice(0, 3).join(" ")}); replies are plain text` });
  if (n.flags.hidden.length)
    v.push({ code: "hidden_characters", kind: "markup", detail: `contains hidden characters (${[...new Set(n.flags.hidden)].slice(0, 4).join(", ")})` });

  const sources: GroundingSources = { facts: input.facts, passages: input.passages, cited: input.cited };
  const ground = groundSet(sources);
  v.push(...conceptViolations(n, input.commitments.kinds, undefined, ground.passageTexts));
  const refersToRendered = (sentence: string) => refersTo(sentence, input.commitments.kinds);
  for (const act of input.languageKnown ? [] : unlistedActs(n.plain, input.language, refersToRendered, n.display.toLowerCase()))
    v.push({
      code: "unlisted_act",
      kind: "offer",
      detail: `says the writer does something the system did not decide ("${act.phrase}" in "${act.sentence}"); the system states every commitment: write only that you read, check, look into, reply, keep them informed, thank, apologise or recommend`,
    });
  const masked = maskFacts(n.cased, input.facts);
  for (const token of codeLikeTokens(masked)) {
    if (!ground.passageCased.some((p) => p.includes(token)))
      v.push({ code: "code_like_token", kind: "offer", detail: `contains "${token}", which reads as a discount code; codes are added on approval` });
  }
  v.push(...checkGrounding(n.plain, masked, ground, input.language));
  if (!ground.passageTexts.length) {
    const stated = policyStatement(n.plain);
    if (stated)
      v.push({ code: "uncited_policy", kind: "grounding", detail: `states the store's policy ("${stated}") without citing the passage that says it` });
  }
  const event = trackingEvent(n.plain);
  if (event && !ground.passageTexts.some((p) => p.includes(event)))
    v.push({
      code: "ungrounded_tracking",
      kind: "grounding",
      detail: `states where the parcel is or what happened to it ("${event}"), which the order's tracking does not hold: say only what the facts say (delivered or not, the carrier, the number and link)`,
    });
  v.push(...personViolations(n, masked, input, ground.passageCased));

  if (input.catalogue?.length) {
    const allowed = new Set(factProducts(input.facts).map(plainOf));
    // The facts' own names are taken out first: "Heart T-Light Holder" inside "White Hanging Heart
    // T-Light Holder" names the one the facts hold, not another product.
    let rest = n.plain;
    for (const p of [...allowed].sort((a, b) => b.length - a.length)) if (p) rest = rest.split(p).join(" ");
    const index = catalogueIndex(input.catalogue);
    const seen = new Set<string>();
    for (const word of rest.match(/[\p{L}\p{N}][\p{L}\p{N}'/-]*/gu) ?? []) {
      for (const { name, plain } of index.get(word) ?? []) {
        if (seen.has(plain)) continue;
        seen.add(plain);
        if (!allowed.has(plain) && rest.includes(plain))
          v.push({ code: "unknown_product", kind: "grounding", detail: `names "${name}", which is not among the customer's order facts or recommendations` });
      }
    }
  }
  const lang = input.languageKnown ? null : languageViolation(n, input);
  if (lang) v.push(lang);
  return { ok: v.length === 0, violations: v };
}

/**
 * Phrases that state the store's policy (English, with the commonest forms in our other languages):
 * where and how it ships, what it can or cannot do with an order, returns, refunds, customs. A
 * reply may say them only citing a passage (the order facts never hold a policy).
 */
const POLICY_PHRASES: readonly RegExp[] = [
  /\b(?:our|the store'?s|the shop'?s|the) (?:returns?|refunds?|shipping|delivery|exchange|cancellation|privacy|warranty|damage[ds]?)(?: and (?:returns?|refunds?|exchanges?))? polic(?:y|ies)\b/,
  /\b(?:our|store|shop|company) polic(?:y|ies)\b/,
  /\bpolicy (?:is|says|allows|requires|states)\b/,
  /\bwe (?:only |also |now |currently |do )?(?:ship|deliver|dispatch|post|send orders?) (?:to|within|worldwide|internationally|abroad|overseas|across|anywhere|the same day)\b/,
  /\bwe (?:do not|don'?t|cannot|can'?t|can no longer|are unable to|won'?t) (?:ship|deliver|post|change|amend|accept|exchange|cancel|redirect)\b/,
  /\b(?:import vat|customs (?:duty|duties|charges?|clearance|fees?)|import (?:duty|duties|taxes))\b/,
  /\b(?:return|returns|refund|exchange) (?:window|period)\b/,
  /\b(?:politica de (?:devoluciones|envios|reembolso)|politique de (?:retour|remboursement|livraison)|ruckgaberecht|widerrufsrecht|politica de devolucao)\b/,
  // what can be returned, exchanged or refunded, and on what condition
  /\b(?:can(?:no|')?t|cannot|can|may|must|only) (?:\w+ ){0,3}(?:be )?(?:returned|sent back|taken back|refunded|exchanged)\b|\bwhat we can take back\b|\b(?:non-?returnable|non-?refundable|final sale)\b|\bnot eligible for (?:a )?(?:return|refund|exchange)\b|\boriginal packaging\b/,
  /\b(?:puede|pueden|podra|podran) (?:\w+ )?(?:devolverse|devolver|cambiarse|reembolsarse)\b|\bembalaje original\b|\b(?:peut|peuvent) (?:etre )?(?:retourne|rembourse|echange)\w*|\bemballage d'origine\b|\b(?:kann|konnen) (?:\w+ ){0,3}(?:zuruckgegeben|zuruckgeschickt|umgetauscht|erstattet) werden\b|\boriginalverpackung\b|\b(?:pode|podem) ser (?:devolvid|trocad|reembolsad)\w*|\bembalagem original\b/,
  // stock levels: no fact the copilot holds says how many are left
  /\b(?:can(?:no|')?t|cannot|can no longer) be (?:changed|amended|altered|redirected|cancelled)\b|\bya no se puede (?:cambiar|modificar)\b|\bno se puede (?:cambiar|modificar)\b|\bne peut plus etre (?:modifie|change)\w*|\bn'est plus modifiable\b|\blasst sich (?:\w+ ){0,3}nicht (?:mehr )?andern\b|\bkann nicht (?:mehr )?geandert werden\b|\bja nao (?:e possivel|pode ser) (?:alterar|alterad\w*|mudar|mudad\w*)\b/,
  /\b(?:in|out of|back in) stock\b|\b(?:is|are) still available\b|\bdown to (?:our |the )?last\b|\blast (?:few|handful|half a dozen|pieces?)\b|\b(?:only|just) (?:\w+ ){0,3}left\b|\bhandful left\b|\bsold out\b|\brestock\w*|\b(?:en|sin) stock\b|\bagotad[oa]s?\b|\brupture de stock\b|\bepuise\w*|\bauf lager\b|\bausverkauft\b|\bvorratig\b|\bem estoque\b|\besgotad[oa]s?\b/,
];

/**
 * A carrier's scan event: a depot, a sorting or distribution centre, out for delivery, customs, a
 * pickup point or locker, a delivery attempt, a neighbour. The facts hold only whether a parcel
 * was delivered, its carrier, number and link (`DraftFacts.recent_orders[].tracking`), so a reply
 * that says more of its whereabouts invents it (a model filling in a plausible journey), unless a
 * passage says so.
 */
const TRACKING_EVENTS =
  /\b(?:local|regional|delivery|distribution|sorting|parcel|carrier'?s?) (?:depot|hub|centre|center|facility)\b|\b(?:at|in|reached|arrived at|left|leaving) (?:the |a |their |its )?(?:local |regional )?(?:depot|hub|sorting (?:centre|center|facility)|distribution (?:centre|center))\b|\bout for delivery\b|\b(?:held|stuck|waiting|sitting) (?:in|at) customs\b|\bcustoms clearance\b|\b(?:pickup|pick-up|collection|relay|parcel) (?:point|locker|shop)\b|\b(?:attempted|failed) (?:to deliver|delivery)\b|\bdelivery attempt\b|\bleft (?:it )?(?:with (?:a|your) neighbou?r|in a safe place)\b|\blast scan\b|\bscanned (?:at|in)\b|\bpoint relais\b|\bcentre de (?:tri|distribution)\b|\ben cours de livraison\b|\bdedouanement\b|\b(?:bloque|retenu|retenue) (?:en|a la) douane\b|\btentative de livraison\b|\bdepose (?:chez|dans|au|en)\b|\bzustelldepot\b|\bpaketzentrum\b|\bverteilzentrum\b|\bin zustellung\b|\bzustellversuch\b|\bpackstation\b|\bpaketshop\b|\bbeim nachbarn\b|\bim zoll\b|\bzollabfertigung\b|\bcentro de (?:distribucion|clasificacion|reparto|distribuicao|triagem)\b|\ben reparto\b|\bpunto de (?:recogida|entrega|conveniencia)\b|\bintento de entrega\b|\bretenid[oa] en (?:la )?aduana\b|\bem distribuicao\b|\bsaiu para (?:a )?entrega\b|\bponto de (?:recolha|entrega)\b|\btentativa de entrega\b|\bna alfandega\b/;

/** The first phrase of `plain` that tells a parcel's whereabouts beyond what tracking facts hold, or null. */
export function trackingEvent(plain: string): string | null {
  return plain.match(TRACKING_EVENTS)?.[0] ?? null;
}

/** The first phrase of `plain` that states the store's policy, or null. */
export function policyStatement(plain: string): string | null {
  for (const re of POLICY_PHRASES) {
    const m = plain.match(re);
    if (m) return m[0];
  }
  return null;
}

/** The rendered sentences a draft carries, for the record and the agent-edit check. */
export type { Commitment };
