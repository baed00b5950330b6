/**
 * Context around a match that changes what it means: a negator before it in the same clause ("I'm
 * not going to sue"), unless a contrast or condition follows ("... but I will if I have to"); a
 * retraction after it ("just kidding"); quotation marks around it (someone else's words, such as
 * an email subject the customer pastes). Lexicons in en/es/fr/de/pt. Pure.
 */
import type { Token } from "./normalize";
import { compilePattern, findAll, type Pattern } from "./pattern";
import { SETS } from "./rules/sets";

const NEGATORS = new Set(SETS.neg?.split("|") ?? []);
/** English contractions split at the apostrophe: "don't" -> "don" + "t". */
const CONTRACTED = new Set(["don", "didn", "doesn", "won", "can", "isn", "aren", "wasn", "weren", "haven", "hasn", "wouldn", "shouldn", "couldn", "ain"]);
/** Words that start a new clause: negation before them does not reach past them. */
const CLAUSE_WORDS = new Set([
  "so",
  "and",
  "because",
  "cause",
  "then",
  "but",
  "y",
  "e",
  "et",
  "und",
  "entonces",
  "porque",
  "pero",
  "donc",
  "car",
  "mais",
  "also",
  "dann",
  "weil",
  "aber",
  "entao",
  "porque",
  "mas",
]);
/** A contrast or condition after a negated threat keeps it a threat ("not ... but I will if ..."). */
const CONTRAST = new Set([
  "but",
  "unless",
  "if",
  "otherwise",
  "else",
  "until",
  "pero",
  "sino",
  "si",
  "salvo",
  "mais",
  "sinon",
  "sauf",
  "aber",
  "sonst",
  "wenn",
  "falls",
  "ausser",
  "mas",
  "senao",
  "se",
  "caso",
  "ate",
]);

const RETRACTIONS: readonly Pattern[] = [
  "just|only|im|i+m|am kidding|joking|jk|playing|messing",
  "jk|jking|jkjk|kidding|j+k|not+really|joke|joking",
  "es|era|solo+es|solo+era broma|coña|chiste",
  "de|en broma|chiste",
  "je plaisante|rigole|blague",
  "c+est|c est|c+etait pour? une? blague|rire",
  "nur|war|kleiner spass|scherz|witz",
  "to|tou|estou|so|era|e brincadeira|brincando|zoeira|zoando|zuera|zoera",
].map((p) => compilePattern(p, SETS));

/** Words that open a condition: a negator after one negates the condition, not the threat. */
const CONDITIONS = new Set(["if", "unless", "until", "si", "se", "wenn", "falls", "caso", "sauf"]);

/** Tokens a negator can reach back over. */
const NEGATION_WINDOW = 6;
/** Tokens after a match where a retraction counts. */
const RETRACTION_WINDOW = 8;

/** "if not", "si no", "se não", "or not": a condition, not a negation ("refund me, si no chargeback"). */
const CONDITIONAL_BEFORE_NOT = new Set(["if", "or", "si", "se", "sinon", "wenn", "ou", "o"]);

function isNegator(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (t.w === "t") return CONTRACTED.has(tokens[i - 1]?.w ?? "");
  if (!NEGATORS.has(t.w)) return false;
  return !((t.w === "no" || t.w === "not" || t.w === "nao") && CONDITIONAL_BEFORE_NOT.has(tokens[i - 1]?.w ?? ""));
}

/**
 * True when a negator precedes the match within its clause and no contrast or condition follows
 * it in the same or next sentence.
 * @param first index of the match's first token; @param last index of its last token
 */
export function isNegated(tokens: readonly Token[], first: number, last: number): boolean {
  const start = tokens[first];
  if (!start) return false;
  let negated = false;
  for (let i = first - 1; i >= 0 && i >= first - NEGATION_WINDOW; i--) {
    const t = tokens[i];
    if (!t || t.clause !== start.clause || CLAUSE_WORDS.has(t.w)) break;
    if (isNegator(tokens, i)) {
      // "if the money isn't back, my solicitor...": a negated condition, not a negated threat.
      const condition = tokens.slice(Math.max(0, i - 4), i).some((p) => p.clause === start.clause && CONDITIONS.has(p.w));
      negated = !condition;
      break;
    }
  }
  if (!negated) return false;
  const end = tokens[last];
  for (let i = last + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || !end || t.sentence > end.sentence + 1) break;
    if (CONTRAST.has(t.w)) return false;
  }
  return true;
}

/** True when a retraction ("just kidding", "es broma", "nur Spaß") follows within a few tokens. */
export function isRetracted(tokens: readonly Token[], last: number): boolean {
  const window = tokens.slice(last + 1, last + 1 + RETRACTION_WINDOW);
  return RETRACTIONS.some((p) => findAll(p, window).length > 0);
}

/** True when every token of the match is inside double quotation marks. */
export function isQuoted(tokens: readonly Token[], first: number, last: number): boolean {
  for (let i = first; i <= last; i++) if (!tokens[i]?.quoted) return false;
  return true;
}
