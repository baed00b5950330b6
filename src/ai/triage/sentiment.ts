import Sentiment from "sentiment";
import afinnEnglish from "sentiment/languages/en/index.js";
import type { IntentFamily, SentimentLabel } from "./types";
import { emojiTone } from "./emoji";
import { isShouting } from "./features";
import {
  DE_LEXICON,
  EN_PHRASES,
  EN_SUPPORT_OVERRIDES,
  ES_LEXICON,
  FR_LEXICON,
  NEGATORS,
  PROBLEM_CUES,
  PT_LEXICON,
  SOCIAL_CUES,
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
  en: Object.fromEntries(Object.entries({ ...afinnEnglish.labels, ...EN_SUPPORT_OVERRIDES }).filter(([, v]) => v !== 0)),
  es: ES_LEXICON,
  fr: FR_LEXICON,
  de: DE_LEXICON,
  pt: PT_LEXICON,
};

const analyser = new Sentiment();
for (const [lang, labels] of Object.entries(LEXICONS)) {
  const negators = NEGATORS[lang] ?? new Set<string>();
  analyser.registerLanguage(`triage-${lang}`, {
    // A copy: the package merges its emoji scores into the object it is given.
    labels: { ...labels },
    scoringStrategy: {
      apply(tokens, cursor, tokenScore) {
        for (let i = Math.max(0, cursor - NEGATION_WINDOW); i < cursor; i++) {
          if (negators.has(tokens[i] ?? "")) return -tokenScore;
        }
        return tokenScore;
      },
    },
  });
}

/** Token clean-up the package's tokenizer does not do: Spanish marks, curly quotes, French elision. */
function prepare(text: string, lang: string): string {
  let t = text
    .normalize("NFC")
    .replace(/[’`]/g, "'")
    .replace(/[¿¡«»“”„]/g, " ");
  if (lang === "fr") t = t.replace(/\b(c|d|j|l|m|n|s|t|qu)'/giu, "$1' ");
  return t;
}

export interface SentimentResult {
  /** tanh(AFINN sum / 5): -1 (very negative) .. 1 (very positive). */
  score: number;
  label: SentimentLabel;
}

/**
 * What the triage family says about tone when the words say little: a customer who writes about a
 * complaint, a late parcel or a refund is rarely content. Applied only when the words are not
 * clearly positive (sum <= 1), so "thanks, all sorted" stays positive in any family.
 */
const FAMILY_TONE: Readonly<Record<IntentFamily, number>> = {
  service_complaint: -1.5,
  retention_risk: -1.5,
  order_status: -1,
  refund_return: -1,
  cancellation: -0.5,
  account_billing: -0.5,
  product_question: 0,
  other: 0,
};

/** How much one problem cue counts, and at most how many count. */
const PROBLEM_WEIGHT = -1.5;
const MAX_PROBLEMS = 3;

/**
 * Sentiment of a message in `language` (ISO 639-1; anything but es/fr/de/pt, "und" included, is
 * scored as English). The AFINN sum of the words, then:
 * - negators within three tokens before a lexicon word flip its sign once ("not happy");
 * - English multi-word cues ("still waiting", "never again", "thanks for nothing") and social
 *   markers ("smh", "grrr", "wtf"; "lol" lifts);
 * - emoji by tone (`emoji.ts`) and emoticons (":)", ":("), each ±1.5;
 * - problem cues (`PROBLEM_CUES`: not arrived, not working, broken, charged twice ...), -1.5 each;
 * - shouting (mostly capitals) about something negative counts -2 more; "?!" or "!!" runs and
 *   shouting amplify a negative sum by half.
 * - in a message with a problem cue, positive words count a third (politeness, sarcasm);
 * - `familyTone` (see `expectedFamilyTone`) when the words are not clearly positive, except for a
 *   calm question (a "?" and no negative word, cue or problem), which stays neutral.
 * Score = tanh(sum / 5), neutral within ±0.15. Never throws.
 */
export function scoreSentiment(text: string, language: string, familyTone?: number): SentimentResult {
  const lang = language in LEXICONS ? language : "en";
  let { positive, negative } = lexiconSums(text, lang);
  // Short messages are often misread as another language; their English words still count.
  if (positive === 0 && negative === 0 && lang !== "en") ({ positive, negative } = lexiconSums(text, "en"));
  const lower = text.toLowerCase().replace(/[’`´]/g, "'").replace(/''/g, "'");
  if (lang === "en") {
    for (const [pattern, value] of EN_PHRASES) {
      if (!pattern.test(lower)) continue;
      negative += Math.min(0, value);
      positive += Math.max(0, value);
    }
  }
  for (const [pattern, value] of SOCIAL_CUES) {
    if (!pattern.test(lower)) continue;
    negative += Math.min(0, value);
    positive += Math.max(0, value);
  }
  for (const e of text.match(/\p{Extended_Pictographic}/gu) ?? []) {
    const tone = emojiTone(e);
    if (tone === "xemo_pos") positive += 1.5;
    else if (tone === "xemo_neg") negative -= 1.5;
  }
  for (const face of text.match(/(?<!\S)[:;=8xX]'?-?[)(\][dDpP/\\|](?!\S)|<3/g) ?? []) {
    if (/[)\]dDpP]$|<3/.test(face) && !face.includes("'")) positive += 1.5;
    else if (/[([/\\|]$/.test(face)) negative -= 1.5;
  }
  let problems = 0;
  for (const pattern of PROBLEM_CUES[lang] ?? []) if (pattern.test(lower)) problems++;
  negative += PROBLEM_WEIGHT * Math.min(problems, MAX_PROBLEMS);
  // In a message that reports a problem, "thanks", "please" and "love how ..." are politeness or
  // sarcasm, not praise: positive words count a third.
  let raw = negative + (problems > 0 ? positive / 3 : positive);
  // A plain question with no negative word, cue or problem ("where is my parcel?", "can I change
  // the address?") is neutral whatever its family: people ask calmly about late parcels too.
  const calmQuestion = negative === 0 && problems === 0 && text.includes("?");
  if (familyTone !== undefined && raw <= 1 && !calmQuestion) raw += familyTone;
  const shouting = isShouting(text);
  if (shouting && raw <= 0 && (negative < 0 || problems > 0)) raw -= 2;
  if (raw < 0 && (/[!?]*\?[!?]*!|!{2,}/.test(text) || shouting)) raw *= 1.5;
  const score = Math.round(Math.tanh(raw / SCORE_SCALE) * 1000) / 1000;
  const label: SentimentLabel = score <= -NEUTRAL_BAND ? "negative" : score >= NEUTRAL_BAND ? "positive" : "neutral";
  return { score, label };
}

/** The positive and negative parts of the lexicon sum (negation already applied). */
function lexiconSums(text: string, lang: string): { positive: number; negative: number } {
  const { calculation } = analyser.analyze(prepare(text, lang), { language: `triage-${lang}` });
  let positive = 0;
  let negative = 0;
  for (const entry of calculation as Record<string, number>[]) {
    for (const v of Object.values(entry)) v > 0 ? (positive += v) : (negative += v);
  }
  return { positive, negative };
}

/**
 * The usual tone of a triage reading (`FAMILY_TONE`), weighted by the family probabilities when
 * the classifier is unsure: sum over families of p(family) x tone(family).
 */
export function expectedFamilyTone(families: readonly { family: IntentFamily; probability: number }[]): number {
  return families.reduce((sum, f) => sum + f.probability * FAMILY_TONE[f.family], 0);
}
