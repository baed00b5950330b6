import Sentiment from "sentiment";
import afinnEnglish from "sentiment/languages/en/index.js";
import type { SentimentLabel } from "./types";
import {
  DE_LEXICON,
  EN_PHRASES,
  EN_SUPPORT_OVERRIDES,
  ES_LEXICON,
  FR_LEXICON,
  NEGATORS,
  PT_LEXICON,
  type Lexicon,
} from "./sentiment-lexicons";

/**
 * Lexicon sentiment with the `sentiment` package (AFINN-165, MIT, pure JS). We register one
 * language module per supported language under a `triage-` prefixed code, so our lexicons and
 * negation rule never replace the package's own "en" for other users in the same process. (The
 * package only `require`s a language file for codes it has not been given; we never pass one.)
 */

/** How many tokens back a negator still flips a lexicon word ("not very happy", "ne suis pas content"). */
const NEGATION_WINDOW = 3;
/** AFINN sum that maps to ±0.76 (tanh(1)); one mild word lands at about ±0.2. */
const SCORE_SCALE = 5;
/** |score| below this is neutral. One AFINN ±1 word (tanh(1/5) = 0.197) clears it. */
const NEUTRAL_BAND = 0.15;

const LEXICONS: Readonly<Record<string, Lexicon>> = {
  en: Object.fromEntries(
    Object.entries({ ...afinnEnglish.labels, ...EN_SUPPORT_OVERRIDES }).filter(([, v]) => v !== 0),
  ),
  es: ES_LEXICON,
  fr: FR_LEXICON,
  de: DE_LEXICON,
  pt: PT_LEXICON,
};

const analyser = new Sentiment();
for (const [lang, labels] of Object.entries(LEXICONS)) {
  const negators = NEGATORS[lang];
  analyser.registerLanguage(`triage-${lang}`, {
    // A copy: the package merges its emoji scores into the object it is given.
    labels: { ...labels },
    scoringStrategy: {
      apply(tokens, cursor, tokenScore) {
        for (let i = Math.max(0, cursor - NEGATION_WINDOW); i < cursor; i++) {
          if (negators.has(tokens[i])) return -tokenScore;
        }
        return tokenScore;
      },
    },
  });
}

/** Token clean-up the package's tokenizer does not do: Spanish marks, curly quotes, French elision. */
function prepare(text: string, lang: string): string {
  let t = text.normalize("NFC").replace(/[’`]/g, "'").replace(/[¿¡«»“”„]/g, " ");
  if (lang === "fr") t = t.replace(/\b(c|d|j|l|m|n|s|t|qu)'/giu, "$1' ");
  return t;
}

export interface SentimentResult {
  /** tanh(AFINN sum / 5): -1 (very negative) .. 1 (very positive). */
  score: number;
  label: SentimentLabel;
}

/**
 * Sentiment of a ticket in `language` (ISO 639-1; anything but es/fr/de/pt is scored as English).
 * Negators within three tokens before a lexicon word flip its sign once; English multi-word cues
 * ("still waiting", "never arrived") add to the sum. Never throws.
 */
export function scoreSentiment(text: string, language: string): SentimentResult {
  const lang = language in LEXICONS ? language : "en";
  let raw = analyser.analyze(prepare(text, lang), { language: `triage-${lang}` }).score;
  if (lang === "en") {
    const lower = text.toLowerCase();
    for (const [pattern, value] of EN_PHRASES) if (pattern.test(lower)) raw += value;
  }
  const score = Math.round(Math.tanh(raw / SCORE_SCALE) * 1000) / 1000;
  const label: SentimentLabel = score <= -NEUTRAL_BAND ? "negative" : score >= NEUTRAL_BAND ? "positive" : "neutral";
  return { score, label };
}
