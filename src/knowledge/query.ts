/**
 * From a customer's message to weighted search terms: normalise (NFKC, lower case, no URLs,
 * mentions, e-mail addresses or numbers), drop greetings and filler, correct misspellings against
 * the knowledge base's own vocabulary (Damerau-Levenshtein, optimal string alignment), expand with
 * the support thesaurus and, for a named country, with delivery terms. Pure.
 *
 * Each word of the question becomes a *group* of alternatives (the word, its correction, its
 * synonyms); the ranker credits a passage with the best alternative of each group, so synonyms
 * widen recall without one concept counting twice.
 */
import { CHATTER, COUNTRY_EXPANSION, OTHER_COUNTRY_EXPANSION, REWRITES, THESAURUS, WEAK, WEAK_WEIGHT } from "./synonyms";

export interface Alternative {
  word: string;
  /** 1 for the customer's word; less for a correction or an expansion. */
  weight: number;
}

export interface QueryGroup {
  /** The customer's word or phrase. */
  label: string;
  alternatives: Alternative[];
  /** Importance multiplier: 1, or `WEAK_WEIGHT` for a word every shop question has. */
  weight: number;
}

/** Weights of what is not the customer's own word. */
export const WEIGHTS = { correction1: 0.85, correction2: 0.7, phrase: 0.9, synonym: 0.6, country: 0.5, otherCountry: 0.9 } as const;

function clean(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\S+@\S+\.\S+/g, " ")
    .replace(/(^|\s)[@#]\w+/g, " ")
    .replace(/['’`]/g, "");
}

/** Lower-case words of a text, as the index sees them: letters and digits, NFKC-normalised (𝓬𝓪𝓷𝓬𝓮𝓵 -> cancel). */
export function words(text: string): string[] {
  return tokens(text).map((t) => t.word);
}

/**
 * The words of a text, each marked `proper` when written as a name (capitalised, not all capitals,
 * not opening a sentence): "Paris" in "deliverable to Paris" is not a misspelt "parts".
 */
export function tokens(text: string): Array<{ word: string; proper: boolean }> {
  const out: Array<{ word: string; proper: boolean }> = [];
  let sentenceStart = true;
  for (const m of clean(text).matchAll(/[\p{L}\p{N}]+|[.!?\n]/gu)) {
    const t = m[0];
    if (/^[.!?\n]$/.test(t)) {
      sentenceStart = true;
      continue;
    }
    if (!/^\p{N}+$/u.test(t)) out.push({ word: t.toLowerCase(), proper: !sentenceStart && /^\p{Lu}\p{Ll}/u.test(t) });
    sentenceStart = false;
  }
  return out;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping early.
 * @returns the distance, or `max + 1` once it is known to exceed `max`
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest word of the vocabulary: distance 1 for words of 4-6 letters, 2 from 7 letters;
 * ties go to the more frequent word. Words of 3 letters or fewer are not corrected, and a 4-letter
 * word only to a longer one (a dropped letter: "ordr", "oder"), since changing a letter of a short
 * word mostly makes another real word ("side" is not a misspelt "size").
 * @param vocabulary word -> number of passages holding it
 */
export function correct(word: string, vocabulary: ReadonlyMap<string, number>): { word: string; distance: number } | null {
  if (word.length < 4 || /\p{N}/u.test(word)) return null;
  const max = word.length >= 7 ? 2 : 1;
  let best: { word: string; distance: number; df: number } | null = null;
  for (const [v, df] of vocabulary) {
    if (v.length < 3 || (word.length <= 4 && v.length <= word.length)) continue;
    const d = editDistance(word, v, max);
    if (d > max) continue;
    if (!best || d < best.distance || (d === best.distance && df > best.df)) best = { word: v, distance: d, df };
  }
  return best && { word: best.word, distance: best.distance };
}

let countryCache: Map<string, string[]> | null = null;

/** Country names (English, long and short forms) as word lists, from the runtime's Intl data. */
function countryNames(): Map<string, string[]> {
  if (countryCache) return countryCache;
  const names = new Map<string, string[]>();
  try {
    const styles = [new Intl.DisplayNames(["en"], { type: "region" }), new Intl.DisplayNames(["en"], { type: "region", style: "short" })];
    const A = "A".charCodeAt(0);
    for (let i = 0; i < 26; i++)
      for (let j = 0; j < 26; j++) {
        const code = String.fromCharCode(A + i, A + j);
        for (const dn of styles) {
          const name = dn.of(code);
          if (!name || name === code) continue;
          const w = words(name.replace(/\bSAR China\b/, ""));
          if (w.length && w.join(" ").length > 2) names.set(w.join(" "), w);
        }
      }
  } catch {
    // No Intl region names in this runtime: questions naming a country are searched as written.
  }
  countryCache = names;
  return names;
}

export interface AnalyzeOptions {
  language: string;
  /** The knowledge base's words in this language (lower case) -> passages holding each. */
  vocabulary: ReadonlyMap<string, number>;
  /**
   * Real words of the language (lower case): a word found here is the customer's own word and is
   * not corrected to a word of the articles ("looking" is not a misspelt "working"). Absent: every
   * word the articles do not hold may be corrected.
   */
  dictionary?: ReadonlySet<string>;
}

function dedupe(alts: Alternative[]): Alternative[] {
  const best = new Map<string, number>();
  for (const a of alts) best.set(a.word, Math.max(best.get(a.word) ?? 0, a.weight));
  return [...best].map(([word, weight]) => ({ word, weight }));
}

/**
 * The question's search terms.
 * @returns one group per remaining word or phrase, in the question's order; [] when nothing is left
 *   (a greeting, a thank-you)
 */
export function analyzeQuery(text: string, opts: AnalyzeOptions): QueryGroup[] {
  const chatter = CHATTER[opts.language] ?? new Set<string>();
  const weak = WEAK[opts.language] ?? new Set<string>();
  const thesaurus = THESAURUS[opts.language] ?? {};
  const marked = tokens(rewrite(text, opts.language));
  const toks = marked.map((t) => t.word);
  const groups: QueryGroup[] = [];
  const countries = opts.language === "en" ? countryNames() : new Map<string, string[]>();
  const known = (w: string) => opts.vocabulary.has(w) || w in thesaurus || chatter.has(w);

  for (let i = 0; i < toks.length; ) {
    // Longest phrase first: a country name or a thesaurus phrase of up to three words.
    let taken = 0;
    for (let n = 3; n >= 2 && !taken; n--) {
      if (i + n > toks.length) continue;
      const phrase = toks.slice(i, i + n).join(" ");
      const syn = thesaurus[phrase];
      const country = countries.get(phrase);
      if (syn) {
        groups.push({ label: phrase, alternatives: dedupe(syn.map((word) => ({ word, weight: WEIGHTS.phrase }))), weight: 1 });
        for (const w of toks.slice(i, i + n))
          if (opts.vocabulary.has(w) && !chatter.has(w))
            groups.push({ label: w, alternatives: [{ word: w, weight: 1 }], weight: weak.has(w) ? WEAK_WEIGHT : 1 });
      } else if (country) {
        groups.push(countryGroup(phrase, country, opts));
      } else continue;
      taken = n;
    }
    if (taken) {
      i += taken;
      continue;
    }
    const w = toks[i]!;
    const proper = marked[i]!.proper;
    i++;
    if (chatter.has(w)) continue;
    const country = countries.get(w);
    if (country && !(w in thesaurus)) {
      groups.push(countryGroup(w, country, opts));
      continue;
    }
    const alts: Alternative[] = [{ word: w, weight: 1 }];
    let base = w;
    if (!known(w) && !proper && !opts.dictionary?.has(w)) {
      const c = correct(w, opts.vocabulary);
      if (c) {
        alts.push({ word: c.word, weight: c.distance === 1 ? WEIGHTS.correction1 : WEIGHTS.correction2 });
        base = c.word;
      }
    }
    for (const s of thesaurus[base] ?? []) alts.push({ word: s, weight: base === w ? WEIGHTS.synonym : WEIGHTS.synonym * WEIGHTS.correction1 });
    groups.push({ label: w, alternatives: dedupe(alts), weight: weak.has(w) ? WEAK_WEIGHT : 1 });
  }
  return groups;
}

/**
 * The text with the language's `REWRITES` applied (apostrophes removed, case kept), so a negated or
 * gapped phrasing reaches the analysis as the one word the thesaurus knows.
 */
export function rewrite(text: string, language: string): string {
  let out = clean(text);
  for (const [re, to] of REWRITES[language] ?? []) out = out.replace(re, to);
  return out;
}

function countryGroup(label: string, name: string[], opts: AnalyzeOptions): QueryGroup {
  const inArticles = name.every((w) => opts.vocabulary.has(w));
  const alts: Alternative[] = name.map((word) => ({ word, weight: 1 }));
  for (const word of COUNTRY_EXPANSION[opts.language] ?? []) alts.push({ word, weight: WEIGHTS.country });
  if (!inArticles) for (const word of OTHER_COUNTRY_EXPANSION[opts.language] ?? []) alts.push({ word, weight: WEIGHTS.otherCountry });
  return { label, alternatives: dedupe(alts), weight: 1 };
}
