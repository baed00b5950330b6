/**
 * Text -> hashed sparse feature vector for the offline triage models. Pure string code, no I/O, so
 * it runs in Node and in Workers alike.
 *
 * Real messages are not Bitext sentences: they carry @-mentions, links, emoji, hashtags, typos,
 * negation, capitals and several languages. The tokenizer turns each of these into evidence:
 * - `@handle` -> `xmention`, links -> `xurl`, e-mail addresses -> `xemail`, digit runs -> `0`
 *   (an order number is not vocabulary; "which brand was tagged" is not a family);
 * - emoji and emoticons -> `xemo_pos`, `xemo_neg` or `xemo` (see `emojiTone`);
 * - `#NeverAgain` -> `never again` (camel case split), the `#` dropped;
 * - a word in capitals (3+ letters) adds `xcaps`; "!!" / "?!" runs add `xbang`; a `?` adds `xq`;
 * - letters repeated 3+ times collapse to 2 ("sooooo" -> "soo"), accents are stripped (NFKD);
 * - negation: the words after a negator, up to the next punctuation, also count as `not_<word>`
 *   (Pang, Lee & Vaithyanathan 2002, "Thumbs up?", EMNLP, §6).
 *
 * Features, in three groups, each L2-normalised and scaled by its group weight:
 * word unigrams and bigrams (weight 1), character 3- to 5-grams inside `<word>` boundaries
 * (weight 0.8; typos like "refnd" and inflections share evidence) and the cue tokens above.
 * Every feature string is hashed (FNV-1a, 32-bit) into `dims` buckets: the "hashing trick"
 * (Weinberger et al. 2009, "Feature Hashing for Large Scale Multitask Learning", ICML), so the
 * model stores no vocabulary.
 */
import { conceptTokens } from "./concepts";
import { emojiTone } from "./emoji";

/** A sparse vector: bucket indices (ascending, distinct) and their values. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

const NEGATORS = new Set([
  "not",
  "no",
  "never",
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "wasnt",
  "arent",
  "werent",
  "cant",
  "cannot",
  "couldnt",
  "wont",
  "wouldnt",
  "shouldnt",
  "havent",
  "hasnt",
  "hadnt",
  "nothing",
  "nobody",
  "nor",
  "without",
  "aint",
  "nunca",
  "nao",
  "ni",
  "sin",
  "pas",
  "jamais",
  "sans",
  "nicht",
  "kein",
  "keine",
  "keinen",
  "nie",
  "ohne",
  "nem",
]);

/** One token stream per text: words (lower case, accents stripped) and cue tokens. */
export interface Tokens {
  words: string[];
  /** Words after a negator, as `not_<word>` (see the module comment). */
  negated: string[];
  /** Cue tokens (`xurl`, `xemo_neg`, ...) and concept tokens (`k:delivery`, see `concepts.ts`). */
  cues: string[];
}

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const MENTION = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const EMOTICON = /(?:^|\s)([:;=xX8]-?[)(\][dDpP/\\|oO3*]|<3|:'\(|\^\^|\^_\^|-_-)(?=\s|$)/gu;

/**
 * True when the writer is shouting: two or more words of 3+ capitals ("WHERE IS MY ORDER"), or
 * mostly capitals over at least 8 letters. One acronym ("UPS", "DHL") is not shouting.
 */
export function isShouting(text: string): boolean {
  const plain = text.replace(URL, " ").replace(MENTION, " ").replace(HASHTAG, " ");
  const capsWords = plain.match(/(?<!\p{L})\p{Lu}{3,}(?!\p{L})/gu) ?? [];
  if (capsWords.length >= 2) return true;
  const letters = plain.match(/\p{L}/gu) ?? [];
  if (letters.length < 8) return false;
  return letters.filter((c) => c !== c.toLowerCase()).length / letters.length >= 0.6;
}

/** Splits a camel-case hashtag body: "NeverAgain" -> "Never Again", "fail" -> "fail". */
function splitHashtag(body: string): string {
  return body.replace(/_/g, " ").replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2");
}

/**
 * Tokenize a message (see the module comment). Never throws; empty text gives no tokens.
 */
export function tokenize(text: string): Tokens {
  const cues: string[] = [];
  let t = text.normalize("NFKC");
  t = t.replace(URL, " xurl ").replace(EMAIL, " xemail ").replace(MENTION, "$1 xmention ");
  t = t.replace(/[£$€]\s?\d|\d\s?(?:€|eur\b|usd\b|gbp\b|rs\b|inr\b)/giu, " xmoney ");
  t = t.replace(HASHTAG, (_m, body: string) => ` ${splitHashtag(body)} `);
  t = t.replace(EMOTICON, (m, face: string) => {
    const tone = /[)\]dDpP3*]$|<3|\^/.test(face) && !/:'\(/.test(face) ? "xemo_pos" : /[([/\\|]$|:'\(|-_-/.test(face) ? "xemo_neg" : "xemo";
    return m.replace(face, ` ${tone} `);
  });
  // Emoji: one cue per emoji, by tone; variation selectors and skin tones are dropped.
  t = t.replace(/\p{Extended_Pictographic}/gu, (e) => ` ${emojiTone(e)} `).replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F\u200D]/gu, "");
  if (/[!?]*![!?]*[!?]/.test(t)) cues.push("xbang");
  if (t.includes("?")) cues.push("xq");
  if (isShouting(text)) cues.push("xcaps");
  // Clause boundaries end a negation's scope; keep them as "|" for now.
  const norm = t
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’`´]/g, "")
    .replace(/(\p{L})\1{2,}/gu, "$1$1")
    .replace(/\d+(?:[.,:/-]\d+)*/g, " 0 ")
    .replace(/[.,;:!?()[\]{}"“”«»\n]+/g, " | ")
    .replace(/[^\p{L}0_| ]+/gu, " ");
  const words: string[] = [];
  const negated: string[] = [];
  let negating = false;
  for (const raw of norm.split(/\s+/)) {
    if (raw === "") continue;
    if (raw === "|") {
      negating = false;
      continue;
    }
    if (raw.startsWith("x") && /^x(?:url|email|mention|emo(?:_pos|_neg)?)$/.test(raw)) {
      cues.push(raw);
      continue;
    }
    words.push(raw);
    if (negating) negated.push(`not_${raw}`);
    if (NEGATORS.has(raw)) negating = true;
  }
  return { words, negated, cues: [...cues, ...conceptTokens(` ${words.join(" ")} `)] };
}

/** Weight of each feature group in the final vector (each group is L2-normalised first). */
const GROUP_WEIGHTS = { words: 1, chars: 0.5, cues: 2 } as const;

/** 32-bit FNV-1a of a string's UTF-16 code units (stable across runs and platforms). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The feature strings of a text by group (exposed for tests and for explaining a prediction). */
export function featureStrings(text: string): { words: string[]; chars: string[]; cues: string[] } {
  const { words, negated, cues } = tokenize(text);
  const w: string[] = [];
  for (let i = 0; i < words.length; i++) {
    w.push(`w:${words[i]}`);
    if (i + 1 < words.length) w.push(`b:${words[i]}_${words[i + 1]}`);
  }
  for (const n of negated) w.push(`w:${n}`);
  const chars: string[] = [];
  for (const word of words) {
    if (word === "0") continue;
    const padded = `<${word}>`;
    for (let n = 3; n <= 5; n++) {
      for (let j = 0; j + n <= padded.length; j++) chars.push(`c:${padded.slice(j, j + n)}`);
    }
  }
  return { words: w, chars, cues: cues.map((c) => `q:${c}`) };
}

/**
 * The hashed, group-normalised feature vector of a text, with `dims` buckets (a power of two).
 * Counts within a group are log-scaled (1 + ln count). Empty text gives an empty vector.
 * @throws Error when `dims` is not a power of two
 */
export function vectorize(text: string, dims: number): SparseVector {
  if (!(dims > 0 && (dims & (dims - 1)) === 0)) throw new Error(`vectorize: dims must be a power of two, got ${dims}`);
  const groups = featureStrings(text);
  const acc = new Map<number, number>();
  for (const key of ["words", "chars", "cues"] as const) {
    const counts = new Map<number, number>();
    for (const f of groups[key]) {
      const b = fnv1a(f) & (dims - 1);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    let norm = 0;
    for (const [b, c] of counts) {
      const v = 1 + Math.log(c);
      counts.set(b, v);
      norm += v * v;
    }
    if (norm === 0) continue;
    const scale = GROUP_WEIGHTS[key] / Math.sqrt(norm);
    for (const [b, v] of counts) acc.set(b, (acc.get(b) ?? 0) + v * scale);
  }
  const indices = Uint32Array.from([...acc.keys()].sort((a, b) => a - b));
  const values = Float32Array.from(indices, (i) => acc.get(i) as number);
  return { indices, values };
}

/** Weight of the lexicon-level token in `withLexiconLevel` (chosen on our 680 tuning tweets). */
export const LEXICON_LEVEL_WEIGHT = 2;

/**
 * The text's feature vector plus one token for its lexicon sentiment level: `score` (-1..1, the
 * AFINN-based score of `sentiment.ts`) rounded to tenths of 0.2, i.e. eleven levels from -5 to 5,
 * hashed like any feature with weight `LEXICON_LEVEL_WEIGHT`. The sentiment head reads the words
 * and how strongly the lexicon scores them together.
 */
export function withLexiconLevel(x: SparseVector, score: number, dims: number): SparseVector {
  const level = Math.max(-5, Math.min(5, Math.round(score * 5)));
  const bucket = fnv1a(`s:lexicon${level}`) & (dims - 1);
  const acc = new Map<number, number>();
  x.indices.forEach((b, k) => {
    acc.set(b, x.values[k]!);
  });
  acc.set(bucket, (acc.get(bucket) ?? 0) + LEXICON_LEVEL_WEIGHT);
  const indices = Uint32Array.from([...acc.keys()].sort((a, b) => a - b));
  return { indices, values: Float32Array.from(indices, (i) => acc.get(i) as number) };
}

/** Words of a text as the models see them (lower case, accents stripped, cues removed). */
export function words(text: string): string[] {
  return tokenize(text).words;
}
