/**
 * The offline ticket classifier: three softmax-regression heads over one hashed feature vector
 * (`features.ts`, `softmax.ts`), plus sentiment (a fourth head over the features and the lexicon
 * score), language identification and rule-based urgency. Pure computation, no I/O, no network; safe in Workers. It only returns labels; nothing
 * in a ticket's text can make it do anything else.
 *
 * - family head (8 families), temperature-calibrated on held-out rows: its probability is the
 *   triage's `confidence`. Below `abstainBelow` the triage is `unclear` (family other, intent
 *   `unclear`) instead of a confident wrong family.
 * - intent heads, one per family (trained on that family's rows only): pick the intent within the
 *   chosen family.
 * - retention head (signal or not), temperature-calibrated: `retention.probability`, next to the
 *   matched phrases of `retention.ts`. A `retention_risk` family needs a matched phrase; without
 *   one the next family answers, and with one the family head's p(retention_risk) is weighed by
 *   the phrase's likelihood ratio (`RETENTION_EVIDENCE_LIKELIHOOD_RATIO`). (The probability alone
 *   is not enough: on our tuning tweets its AUC for the retention signal is 0.77, but at 0.5 it
 *   finds 5 of 46 signals, so on real text the phrases carry the evidence.)
 * - unclear: the triage abstains (family other, intent `unclear`) when the calibrated family
 *   probability is below `abstainBelow`, or when fewer than half of the message's words were ever
 *   seen in training (gibberish, another language, a string of codes): a model can be confidently
 *   wrong about text it has never seen. A message that is not a support request (intent
 *   `chatter`: praise, jokes, off-topic talk) is unclear too: there is nothing to act on.
 *
 * Calibration: the heads are first trained on a deterministic 80% of the corpus, the temperatures
 * fitted on the other 20% (`calibration.ts`), then the heads are trained again on everything
 * (`train.ts`).
 */
import { fromBase64 } from "./base64";
import { familyOf } from "./families";
import { fnv1a, vectorize, withLexiconLevel, words, type SparseVector } from "./features";
import { detectLanguage } from "./language";
import { retentionPhrases } from "./retention";
import { expectedFamilyTone, scoreSentiment } from "./sentiment";
import { SoftmaxRegression, softmaxInPlace, type SoftmaxJSON } from "./softmax";
import { INTENT_FAMILIES, INTENTS, SENTIMENT_LABELS, type Intent, type IntentFamily, type RunnerUp, type TicketClassifier, type Triage } from "./types";
import { urgencyOf } from "./urgency";

export { loadBitext, splitHoldout, stableHash } from "./data";

/** Name reported in `Triage.classifier` by the offline model. */
export const OFFLINE_CLASSIFIER_NAME = "offline-lr-v2";

/** Hash buckets of the feature vector (2^18). */
export const FEATURE_DIMS = 1 << 18;

/** Default abstention threshold on the calibrated family probability. */
export const DEFAULT_ABSTAIN_BELOW = 0.4;

/**
 * How much likelier a retention phrase is in a message whose main point is leaving or price than in
 * any other: on our 680 tuning tweets a phrase matched 19 of 21 retention_risk messages (90%) and
 * 21 of 659 others (3.2%), a ratio of 28, taken down to 20 since the phrases were chosen on those
 * tweets. Multiplies p(retention_risk) when a phrase matched (`withEvidence`).
 */
export const RETENTION_EVIDENCE_LIKELIHOOD_RATIO = 20;

/** Fewer than this share of a message's words known from training and the triage is unclear. */
export const MIN_KNOWN_WORD_SHARE = 0.5;

/** Serialised offline classifier: what `toJSON()` gives and `fromJSON()` takes (plain JSON). */
export interface OfflineClassifierJSON {
  name: typeof OFFLINE_CLASSIFIER_NAME;
  dims: number;
  families: IntentFamily[];
  family: SoftmaxJSON;
  /** Per family: its trained intents, and a model choosing among them when there are several. */
  intents: Record<IntentFamily, { intents: Intent[]; model: SoftmaxJSON | null }>;
  retention: SoftmaxJSON;
  /**
   * Sentiment head (negative, neutral, positive, in `SENTIMENT_LABELS` order) over the features
   * and the lexicon level; null when the corpus had too few labelled rows (lexicon label alone).
   */
  sentiment: SoftmaxJSON | null;
  temperature: { family: number; retention: number };
  abstainBelow: number;
  /** base64 of the sorted FNV-1a hashes (uint32, little-endian) of every word seen in training. */
  vocabulary: string;
}

export interface TrainOptions {
  /** Abstain below this calibrated family probability. Default `DEFAULT_ABSTAIN_BELOW`. */
  abstainBelow?: number;
  /** Passes over the data per head. Default 6. */
  epochs?: number;
  /** AdaGrad base step. Default 0.4. */
  learningRate?: number;
  /** L2 penalty. Default 1e-4. */
  l2?: number;
}

/** The family probabilities of a text, best first, with the retention probability. */
export interface FamilyRanking {
  families: { family: IntentFamily; probability: number }[];
  retention: number;
}

const INTENT_INDEX = new Map(INTENTS.map((intent, i) => [intent, i]));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export class OfflineClassifier implements TicketClassifier {
  readonly name = OFFLINE_CLASSIFIER_NAME;

  private readonly vocabulary: Uint32Array;

  private constructor(
    private readonly json: OfflineClassifierJSON,
    private readonly family: SoftmaxRegression,
    private readonly intentHeads: ReadonlyMap<IntentFamily, { intents: Intent[]; model: SoftmaxRegression | null }>,
    private readonly retention: SoftmaxRegression,
    private readonly sentimentHead: SoftmaxRegression | null,
  ) {
    this.vocabulary = new Uint32Array(fromBase64(json.vocabulary).buffer);
  }

  /** Share of a text's words (2+ letters) seen in training; 0 for a text with none. */
  knownWordShare(text: string): number {
    const ws = words(text).filter((w) => w.length >= 2 && w !== "0");
    if (ws.length === 0) return 0;
    return ws.filter((w) => hasSorted(this.vocabulary, fnv1a(w))).length / ws.length;
  }

  /**
   * Rebuild a classifier from `toJSON()` output (e.g. a prebuilt JSON bundled into the Workers
   * build). Throws if the JSON is not an `offline-lr-v2` model or its classes differ from ours.
   */
  static fromJSON(json: OfflineClassifierJSON): OfflineClassifier {
    if (json?.name !== OFFLINE_CLASSIFIER_NAME) throw new Error(`offline classifier: unsupported name ${String(json?.name)}`);
    if (JSON.stringify(json.families) !== JSON.stringify(INTENT_FAMILIES)) throw new Error("offline classifier: families differ from INTENT_FAMILIES");
    const heads = new Map<IntentFamily, { intents: Intent[]; model: SoftmaxRegression | null }>();
    for (const family of INTENT_FAMILIES) {
      const head = json.intents?.[family];
      if (!head || head.intents.length === 0) throw new Error(`offline classifier: no intents for family ${family}`);
      const wrong = head.intents.find((i) => !INTENT_INDEX.has(i) || familyOf(i) !== family);
      if (wrong !== undefined) throw new Error(`offline classifier: unknown intent "${wrong}" in model`);
      const model = head.model ? SoftmaxRegression.fromJSON(head.model) : null;
      if (model ? model.classes !== head.intents.length : head.intents.length !== 1)
        throw new Error(`offline classifier: intent head of ${family} does not match its intents`);
      heads.set(family, { intents: head.intents, model });
    }
    const sentiment = json.sentiment ? SoftmaxRegression.fromJSON(json.sentiment) : null;
    if (sentiment && sentiment.classes !== SENTIMENT_LABELS.length) throw new Error("offline classifier: sentiment head does not match SENTIMENT_LABELS");
    return new OfflineClassifier(json, SoftmaxRegression.fromJSON(json.family), heads, SoftmaxRegression.fromJSON(json.retention), sentiment);
  }

  /** Plain-JSON form (quantised weights, base64; a few hundred kB). */
  toJSON(): OfflineClassifierJSON {
    return this.json;
  }

  /** The abstention threshold this model was built with. */
  get abstainBelow(): number {
    return this.json.abstainBelow;
  }

  /** Calibrated family probabilities (best first) and the retention probability of a text. */
  rank(text: string): FamilyRanking {
    return this.rankVector(vectorize(text, this.json.dims));
  }

  private rankVector(x: SparseVector): FamilyRanking {
    const t = this.json.temperature;
    const pf = softmaxInPlace(this.family.logits(x).map((z) => z / t.family));
    const pr = softmaxInPlace(this.retention.logits(x).map((z) => z / t.retention));
    const families = INTENT_FAMILIES.map((family, i) => ({ family, probability: pf[i]! })).sort((a, b) => b.probability - a.probability);
    return { families, retention: pr[1]! };
  }

  /** The most probable intent of `family` for a feature vector (never `unclear`). */
  private bestIntent(x: SparseVector, family: IntentFamily): Intent {
    const head = this.intentHeads.get(family)!;
    if (!head.model) return head.intents[0]!;
    const z = head.model.logits(x);
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k]! > z[best]!) best = k;
    return head.intents[best]!;
  }

  /** Synchronous `classify`. Never throws; empty or unreadable text comes back `unclear`. */
  classifySync(text: string): Triage {
    const x = vectorize(text, this.json.dims);
    const { families, retention } = this.rankVector(x);
    const evidence = retentionPhrases(text);
    const hasEvidence = evidence.length > 0;
    // A retention_risk reading needs a retention phrase; without one the next family answers, and
    // the other families' probabilities are renormalised (conditioned on "not retention_risk"), so
    // a message the model read as retention without the words for it is not reported at ~0 confidence.
    const ranked = hasEvidence ? withEvidence(families) : withoutRetention(families);
    const top = ranked[0]!;
    const abstain = x.indices.length === 0 || top.probability < this.json.abstainBelow || this.knownWordShare(text) < MIN_KNOWN_WORD_SHARE;
    const reading = (f: { family: IntentFamily; probability: number }): RunnerUp => ({
      family: f.family,
      intent: this.bestIntent(x, f.family),
      confidence: round3(f.probability),
    });
    let family: IntentFamily;
    let intent: Intent;
    let runnerUp: RunnerUp | null;
    if (abstain) {
      family = "other";
      intent = "unclear";
      const guess = ranked.find((f) => f.family !== "other");
      runnerUp = guess ? reading(guess) : null;
    } else {
      family = top.family;
      intent = this.bestIntent(x, family);
      runnerUp = ranked[1] ? reading(ranked[1]) : null;
    }
    const unclear = abstain || intent === "chatter";
    const language = detectLanguage(text);
    const sentiment = this.sentimentOf(text, x, language, families);
    return {
      intent,
      family,
      confidence: round3(top.probability),
      unclear,
      runner_up: runnerUp,
      retention: { probability: round3(retention), evidence },
      sentiment,
      urgency: urgencyOf(text, intent, family, sentiment),
      language,
      classifier: this.name,
    };
  }

  /**
   * Sentiment: `score` is the lexicon score with the family's usual tone (`scoreSentiment`,
   * -1..1), the intensity the policy's escalation threshold reads; `label` is the sentiment
   * head's reading of the words and the lexicon level together when the model has one (on our
   * tuning tweets it agrees with people 74.9% of the time against 67.2% for the lexicon, which
   * reads calm problem reports as negative), else the lexicon's label.
   */
  private sentimentOf(text: string, x: SparseVector, language: string, families: FamilyRanking["families"]): Triage["sentiment"] {
    const lexicon = scoreSentiment(text, language, expectedFamilyTone(families));
    if (!this.sentimentHead || x.indices.length === 0) return lexicon;
    const z = this.sentimentHead.logits(withLexiconLevel(x, scoreSentiment(text, language).score, this.json.dims));
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k]! > z[best]!) best = k;
    return { score: lexicon.score, label: SENTIMENT_LABELS[best]! };
  }

  async classify(text: string): Promise<Triage> {
    return this.classifySync(text);
  }
}

/**
 * The ranking given a matched retention phrase (best first): Bayes' rule with the phrase as
 * evidence, p(retention_risk) multiplied by `RETENTION_EVIDENCE_LIKELIHOOD_RATIO` and all
 * renormalised. The family head alone puts 0-15% on most messages whose main point is leaving
 * (its training rows complain far more often than they threaten), so without this a customer
 * who writes "cancelling my membership, never again" was read as a complaint.
 */
function withEvidence(families: FamilyRanking["families"]): FamilyRanking["families"] {
  const lr = RETENTION_EVIDENCE_LIKELIHOOD_RATIO;
  return renormalised(families.map((f) => ({ family: f.family, probability: f.family === "retention_risk" ? f.probability * lr : f.probability }))).sort(
    (a, b) => b.probability - a.probability,
  );
}

/** The ranking without retention_risk, the rest renormalised to sum to one (best first). */
function withoutRetention(families: FamilyRanking["families"]): FamilyRanking["families"] {
  return renormalised(families.filter((f) => f.family !== "retention_risk"));
}

/** The same families with probabilities scaled to sum to one (unchanged when they sum to zero). */
function renormalised(families: FamilyRanking["families"]): FamilyRanking["families"] {
  const total = families.reduce((sum, f) => sum + f.probability, 0);
  return total > 0 ? families.map((f) => ({ family: f.family, probability: f.probability / total })) : families;
}

/** Binary search in an ascending array. */
function hasSorted(a: Uint32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
