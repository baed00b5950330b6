/**
 * Text normalisation for the hand-over detector: NFKC (compatibility forms: full-width letters,
 * ligatures), lower case, accents folded (NFD, combining marks dropped), `ß` as `ss`, typographic
 * quotes and apostrophes unified; then tokens with offsets into the ORIGINAL text, so every hit
 * can quote the customer's own words. Pure: no I/O.
 */

/** One word of the ticket. */
export interface Token {
  /** Normalised form (lower case, accents folded). */
  w: string;
  /** `w` with runs of one letter squashed ("suuuue" -> "sue", "lawwyer" -> "lawyer"). */
  sq: string;
  /** `w` with digits and symbols read as letters ("sh1t" -> "shit", "a$$" -> "as"), or "" when `w` has none. */
  leet: string;
  /** Offsets into the original text (UTF-16, end exclusive). */
  start: number;
  end: number;
  /** Index of the sentence (split at . ! ? ; and new lines). */
  sentence: number;
  /** Index of the clause (sentences split again at , : ( ) and dashes): negation does not reach across one. */
  clause: number;
  /** Inside double quotation marks ("...", “...”, «...», „...“). */
  quoted: boolean;
}

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/** Collapses runs of the same character to one. */
export function squash(s: string): string {
  return s.replace(/(.)\1+/gu, "$1");
}

/** Folds one string the way tokens are folded (no offsets): for lexicon entries and tests. */
export function fold(s: string): string {
  return s
    .normalize("NFKC")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'");
}

const OPEN_QUOTES = new Set(["\u201c", "\u00ab", "\u201e"]);
const CLOSE_QUOTES = new Set(["\u201d", "\u00bb"]);
const SENTENCE_END = /[.!?;\n\u2026\u3002]/;
const CLAUSE_END = /[,:()[\]\u2013\u2014]/;
const WORD = /[\p{L}\p{N}]+(?:[*$@!]+[\p{L}\p{N}]+|\*+)*/gu;

/**
 * Splits a ticket into normalised tokens with their original offsets.
 * @param text the ticket as received (any Unicode)
 * @returns tokens in order; an empty array for text without letters or digits
 */
export function tokenize(text: string): Token[] {
  // Fold code point by code point, keeping where each folded character came from.
  let folded = "";
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const out = fold(String.fromCodePoint(cp));
    for (const ch of out) {
      for (let k = 0; k < ch.length; k++) {
        folded += ch[k];
        from.push(i);
        to.push(i + width);
      }
    }
    i += width;
  }

  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let quoted = false;
  let last = 0;
  const scan = (a: number, b: number) => {
    for (let j = a; j < b; j++) {
      const ch = folded[j] ?? "";
      // "9.99" and "1,000" are numbers, not sentence or clause ends.
      const inNumber = (ch === "." || ch === ",") && /\d/.test(folded[j - 1] ?? "") && /\d/.test(folded[j + 1] ?? "");
      if (inNumber) continue;
      if (SENTENCE_END.test(ch)) {
        sentence++;
        clause++;
      } else if (CLAUSE_END.test(ch) || (ch === "-" && /\s/.test(folded[j - 1] ?? " "))) clause++;
      else if (ch === '"') quoted = !quoted;
      else if (OPEN_QUOTES.has(ch)) quoted = true;
      else if (CLOSE_QUOTES.has(ch)) quoted = false;
    }
  };
  for (const m of folded.matchAll(WORD)) {
    const a = m.index ?? 0;
    const b = a + m[0].length;
    scan(last, a);
    last = b;
    const w = m[0];
    const hasLeet = /[\p{L}]/u.test(w) && /[0-9$@!]/.test(w);
    const leet = hasLeet ? w.replace(/[0-9$@!]/g, (c) => LEET[c] ?? c) : "";
    tokens.push({ w, sq: squash(w), leet: leet ? squash(leet) : "", start: from[a] ?? 0, end: to[b - 1] ?? 0, sentence, clause, quoted });
  }
  return tokens;
}
