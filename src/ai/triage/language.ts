import { detectAll } from "tinyld";

/**
 * Language identification for short, messy messages: tinyld (https://github.com/komodojp/tinyld,
 * MIT, pure JS, no I/O; ISO 639-1 codes) on the words alone, checked against the function words
 * of our five languages. Chosen over franc-min, which got several one-sentence es/fr/pt tickets
 * wrong in our trials, and over eld, whose smallest database is larger.
 *
 * Handles, links, hashtags, emoji and numbers are removed first: "@AmazonHelp 👍 #fail" has no
 * language, and a Twitter handle is not evidence of one.
 */

/** Languages our lexicons, examples and templates cover; preferred when the detector is unsure. */
export const SUPPORTED_LANGUAGES = ["en", "es", "fr", "de", "pt"] as const;
const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGES);

/** Frequent words that mark a language in short support messages (and are rare in the other four). */
const MARKERS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(
    (
      "the and you your my is are was it this that to of for with not have has what why how where when can " +
      "thanks thank please help hi hello hey ok okay yes lol omg wow love i im dont its just still order"
    ).split(" "),
  ),
  es: new Set("el la los las que por para con mi mis es una pero muy gracias hola porque cuando donde esta estoy pedido no".split(" ")),
  fr: new Set("le la les des est une pour avec mon ma mes vous je pas merci bonjour commande colis tres mais cest".split(" ")),
  de: new Set("der die das und ist nicht ich mein meine sie mit bitte danke hallo wo warum bestellung noch kein".split(" ")),
  pt: new Set("o os um uma com meu minha voce voces nao obrigado obrigada ola pedido muito mas porque esta".split(" ")),
};

/** Fewer words than this and tinyld's answer is not believed without a marker word. */
const MIN_WORDS_FOR_DETECTOR = 3;

/** The message's words: handles, links, hashtags, emoji and digits removed. */
function wordsOf(text: string): string[] {
  return text
    .replace(/\b(?:https?:\/\/|www\.)\S+/giu, " ")
    .replace(/(^|[^\p{L}\p{N}_])[@#][\p{L}\p{N}_]+/gu, "$1 ")
    .replace(/[^\p{L}\s'’]+/gu, " ")
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
}

/**
 * ISO 639-1 code of a message's language, or "und" when it has too few words to tell.
 *
 * Rule: count marker words per supported language. With fewer than 3 words, the language with a
 * marker wins (ties go to English), and none gives "und" ("👍", "asdfgh"). Otherwise tinyld ranks
 * the words: a supported language on top wins unless another supported language has at least two
 * more marker words; an unsupported one wins only with at least twice the runner-up's score and no
 * supported marker majority ("Ik wil mijn bestelling annuleren" is "nl"). Text in a script tinyld
 * reads (Japanese, Arabic, ...) gets that language. Never throws.
 */
export function detectLanguage(text: string): string {
  const words = wordsOf(text);
  if (words.length === 0) return "und";
  const lower = words.map((w) =>
    w
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .replace(/['’]/g, ""),
  );
  const hits = SUPPORTED_LANGUAGES.map((lang) => ({ lang, n: lower.filter((w) => MARKERS[lang]!.has(w)).length })).sort(
    (a, b) => b.n - a.n || (a.lang === "en" ? -1 : b.lang === "en" ? 1 : 0),
  );
  const best = hits[0]!;
  const second = hits[1]!;
  const nonLatin = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(words.join(""));
  if (words.length < MIN_WORDS_FOR_DETECTOR && !nonLatin) return best.n > 0 ? best.lang : "und";
  const candidates = detectAll(words.join(" ")).filter((c) => /^[a-z]{2}$/.test(c.lang));
  const top = candidates[0];
  const markerMajority = best.n >= 2 && best.n - second.n >= 2 ? best.lang : null;
  if (!top) return markerMajority ?? (best.n > 0 ? best.lang : "und");
  if (SUPPORTED.has(top.lang)) return markerMajority ?? top.lang;
  if (markerMajority) return markerMajority;
  const runnerUp = candidates[1]?.accuracy ?? 0;
  if (nonLatin || top.accuracy >= 2 * runnerUp) return top.lang;
  return candidates.find((c) => SUPPORTED.has(c.lang))?.lang ?? (best.n > 0 ? best.lang : "en");
}
