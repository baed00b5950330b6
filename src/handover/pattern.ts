/**
 * A small pattern language over normalised tokens (see normalize.ts), compiled once.
 *
 * A pattern is slots separated by spaces; a slot is alternatives separated by `|`:
 * - `word`: the token, compared squashed ("suuue" = "sue"); words of 8+ letters also match a token
 *   of 6+ letters with one typo (Damerau-Levenshtein distance 1, same first letter), unless the
 *   pattern is compiled with `typos: false`;
 * - `=word`: the token exactly, unsquashed and without typos (for short words: "=ass" is not "as");
 * - `word*`: any token starting with `word` ("fraud*" = fraudulent, fraudulently);
 * - `a+b`: consecutive tokens ("credit+card");
 * - `@set`: any alternative of a named set (sets.ts), e.g. `@you`;
 * - a trailing `?` makes the slot optional; `_N` skips up to N tokens.
 * With `masked`, a token written with `*` inside ("f*ck") matches a word of the same length with the same visible letters.
 * A match never crosses a sentence boundary. Pure: no I/O.
 */
import { fold, squash, type Token } from "./normalize";

interface WordMatcher {
  /** Squashed folded word or stem. */
  sq: string;
  prefix: boolean;
  fuzzy: boolean;
  /** `=word`: the folded token must equal it exactly (no squashing, no typo), for short words such as "ass". */
  exact: string | null;
  /** Whether a token with `*` inside may hide this word ("f*ck"). */
  masked: boolean;
}
type Alternative = WordMatcher[];
type Slot = { kind: "gap"; max: number } | { kind: "words"; alts: Alternative[]; optional: boolean };
export type Pattern = Slot[];

/** Damerau-Levenshtein distance, capped: returns 2 as soon as the distance exceeds 1. */
function withinOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ra = a.slice(i);
  const rb = b.slice(i);
  if (ra.length === rb.length) {
    if (ra.slice(1) === rb.slice(1)) return true; // substitution
    return ra.length >= 2 && ra[0] === rb[1] && ra[1] === rb[0] && ra.slice(2) === rb.slice(2); // transposition
  }
  return ra.length > rb.length ? ra.slice(1) === rb : rb.slice(1) === ra; // deletion / insertion
}

/** True when a token written with `*` ("f*ck", "f**k") hides the word. */
function masked(token: string, word: string): boolean {
  if (!token.includes("*") || token.length !== word.length || token[0] !== word[0]) return false;
  let visible = 0;
  for (let i = 0; i < token.length; i++) {
    if (token[i] === "*") continue;
    if (token[i] !== word[i]) return false;
    visible++;
  }
  return visible >= 2;
}

function matchWord(m: WordMatcher, t: Token): boolean {
  if (m.exact !== null) return t.w === m.exact;
  if (m.prefix) return t.sq.startsWith(m.sq) || (t.leet !== "" && t.leet.startsWith(m.sq));
  if (t.sq === m.sq || t.leet === m.sq) return true;
  if (m.masked && t.w.includes("*") && masked(t.w, m.sq)) return true;
  return m.fuzzy && t.sq.length >= 6 && t.sq[0] === m.sq[0] && withinOne(t.sq, m.sq);
}

function compileWord(raw: string, typos: boolean, maskedOk: boolean): WordMatcher {
  const exact = raw.startsWith("=");
  const prefix = raw.endsWith("*");
  const plain = fold(raw.replace(/^=/, "").replace(/\*$/, ""));
  const word = squash(plain);
  // A word that squashes to under 3 letters ("bbb", "acc") would match "b", "ac": compare it as written.
  const asWritten = exact || (!prefix && word.length < 3 && word !== plain);
  return { sq: word, prefix, fuzzy: typos && !exact && !prefix && word.length >= 8, exact: asWritten ? plain : null, masked: maskedOk };
}

/**
 * Compiles one pattern string.
 * @param sets named sets for `@name` slots: alternatives in the same syntax
 * @param opts.typos false: words match only as written (squashed), for lexicons where one letter
 *   makes another word ("pricks" / "prices")
 * @param opts.masked true: a token written with `*` inside may hide a word (swearing: "f*ck");
 *   off elsewhere, where "a**e" would read as any four-letter word
 * @throws Error naming the pattern for an unknown set or an empty slot
 */
export function compilePattern(source: string, sets: Readonly<Record<string, string>>, opts: { typos?: boolean; masked?: boolean } = {}): Pattern {
  const typos = opts.typos ?? true;
  const word = (raw: string) => compileWord(raw, typos, opts.masked ?? false);
  const slots: Slot[] = [];
  for (const rawSlot of source.trim().split(/\s+/)) {
    const gap = /^_(\d+)$/.exec(rawSlot);
    if (gap) {
      slots.push({ kind: "gap", max: Number(gap[1]) });
      continue;
    }
    const optional = rawSlot.endsWith("?") && rawSlot.length > 1;
    const body = optional ? rawSlot.slice(0, -1) : rawSlot;
    const alts: Alternative[] = [];
    for (const alt of body.split("|")) {
      if (alt.startsWith("@")) {
        const set = sets[alt.slice(1)];
        if (set === undefined) throw new Error(`pattern "${source}": unknown set ${alt}`);
        for (const a of set.trim().split(/\s*\|\s*|\s+/)) if (a) alts.push(a.split("+").map(word));
      } else if (alt) {
        alts.push(alt.split("+").map(word));
      }
    }
    if (!alts.length) throw new Error(`pattern "${source}": empty slot`);
    slots.push({ kind: "words", alts, optional });
  }
  return slots;
}

/** Token index span [first, last] of a match. */
export interface Span {
  first: number;
  last: number;
}

/**
 * Matches slots from `si` at token `ti`; returns the last matched token index or -1. Adjacent
 * words must share a clause ("fraud (order" is two clauses); a gap may cross one, never a sentence.
 * @param clause the clause of the previous matched word, or -1 after a gap or at the start
 */
function matchFrom(p: Pattern, si: number, ti: number, tokens: readonly Token[], sentence: number, lastMatched: number, clause: number): number {
  if (si === p.length) return lastMatched;
  const slot = p[si];
  if (!slot) return lastMatched;
  if (slot.kind === "gap") {
    for (let skip = 0; skip <= slot.max; skip++) {
      const t = tokens[ti + skip - 1];
      if (skip > 0 && (!t || t.sentence !== sentence)) break;
      const end = matchFrom(p, si + 1, ti + skip, tokens, sentence, lastMatched, skip > 0 ? -1 : clause);
      if (end >= 0) return end;
    }
    return -1;
  }
  for (const alt of slot.alts) {
    let ok = true;
    let c = clause;
    for (let k = 0; k < alt.length; k++) {
      const t = tokens[ti + k];
      const m = alt[k];
      if (!t || !m || t.sentence !== sentence || (c >= 0 && t.clause !== c) || !matchWord(m, t)) {
        ok = false;
        break;
      }
      c = t.clause;
    }
    if (ok) {
      const end = matchFrom(p, si + 1, ti + alt.length, tokens, sentence, ti + alt.length - 1, c);
      if (end >= 0) return end;
    }
  }
  return slot.optional ? matchFrom(p, si + 1, ti, tokens, sentence, lastMatched, clause) : -1;
}

/**
 * Every non-overlapping match of a pattern, leftmost first (a pattern starting with an optional
 * slot or a gap still reports the tokens it matched, not the skipped ones).
 */
export function findAll(p: Pattern, tokens: readonly Token[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    const last = matchFrom(p, 0, i, tokens, t.sentence, -1, -1);
    if (last < i) continue;
    out.push({ first: i, last });
    i = last;
  }
  return out;
}
