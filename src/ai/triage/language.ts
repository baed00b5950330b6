import { detectAll } from "tinyld";

/**
 * Language identification with tinyld (https://github.com/komodojp/tinyld, MIT, pure JS, no I/O;
 * it returns ISO 639-1 codes). Chosen over franc-min, which got several one-sentence es/fr/pt
 * tickets wrong in our trials, and over eld, whose smallest database is larger.
 */

/** Languages our lexicons and retention examples cover; preferred when the detector is unsure. */
export const SUPPORTED_LANGUAGES = ["en", "es", "fr", "de", "pt"] as const;
const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGES);

/** Fewer words than this and an unsupported language is not believed (too little text). */
const MIN_WORDS_FOR_OTHER_LANGUAGE = 3;

/**
 * ISO 639-1 code of a ticket's language.
 *
 * Rule: take tinyld's ranked candidates. A supported language on top wins. An unsupported one on
 * top wins only with at least 3 words and at least twice the runner-up's score (so "Ik wil mijn
 * bestelling annuleren" is "nl", but "my invoice is wrong", which tinyld leans to Afrikaans, is
 * not). Otherwise the best-ranked supported candidate wins, and with none, or with text too short
 * to judge ("hi", "track order 1234"), the answer is "en", our customers' main language.
 */
export function detectLanguage(text: string): string {
  const candidates = detectAll(text).filter((c) => /^[a-z]{2}$/.test(c.lang));
  const top = candidates[0];
  if (!top) return "en";
  if (SUPPORTED.has(top.lang)) return top.lang;
  const wordCount = text.trim().split(/\s+/).length;
  const runnerUp = candidates[1]?.accuracy ?? 0;
  if (wordCount >= MIN_WORDS_FOR_OTHER_LANGUAGE && top.accuracy >= 2 * runnerUp) return top.lang;
  return candidates.find((c) => SUPPORTED.has(c.lang))?.lang ?? "en";
}
