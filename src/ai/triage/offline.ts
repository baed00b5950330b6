import { extractFeatures } from "./features";
import { familyOf } from "./families";
import { detectLanguage } from "./language";
import { NaiveBayesModel, type NaiveBayesJSON } from "./naive-bayes";
import { RETENTION_EXAMPLES } from "./retention-examples";
import { scoreSentiment } from "./sentiment";
import { INTENTS, type Intent, type LabelledText, type TicketClassifier, type Triage } from "./types";
import { urgencyOf } from "./urgency";

export { loadBitext, splitHoldout, stableHash } from "./data";
export { evaluate, formatTriageEval, type TriageEvalReport } from "./evaluate";

/** Name reported in `Triage.classifier` by the offline model. */
export const OFFLINE_CLASSIFIER_NAME = "offline-nb-v1";

/** Serialised offline classifier: what `toJSON()` gives and `fromJSON()` takes (plain JSON). */
export interface OfflineClassifierJSON {
  name: typeof OFFLINE_CLASSIFIER_NAME;
  model: NaiveBayesJSON;
}

export interface TrainOptions {
  /** Add `RETENTION_EXAMPLES` (our own labelled retention and complaint tickets). Default true. */
  includeRetentionExamples?: boolean;
  /** Lidstone smoothing for naive Bayes. Default 0.1 (chosen on the held-out Bitext split). */
  alpha?: number;
}

/** An intent guess with its probability, best first. */
export interface IntentGuess {
  intent: Intent;
  probability: number;
}

/**
 * The offline ticket classifier: naive Bayes intent model plus lexicon sentiment, tinyld language
 * identification and rule-based urgency. Pure computation, no I/O, no network; safe in Workers.
 * It only returns labels; nothing in a ticket's text can make it do anything else.
 */
export class OfflineClassifier implements TicketClassifier {
  readonly name = OFFLINE_CLASSIFIER_NAME;

  private constructor(private readonly model: NaiveBayesModel) {}

  /** @internal use `trainOfflineClassifier` or `OfflineClassifier.fromJSON`. */
  static fromModel(model: NaiveBayesModel): OfflineClassifier {
    return new OfflineClassifier(model);
  }

  /**
   * Rebuild a classifier from `toJSON()` output (e.g. a prebuilt JSON bundled into the Workers
   * build). Throws if the JSON is not an `offline-nb-v1` model or names an unknown intent.
   */
  static fromJSON(json: OfflineClassifierJSON): OfflineClassifier {
    if (json?.name !== OFFLINE_CLASSIFIER_NAME) throw new Error(`offline classifier: unsupported name ${String(json?.name)}`);
    const known: ReadonlySet<string> = new Set(INTENTS);
    const unknown = json.model?.classes?.find((c) => !known.has(c));
    if (unknown !== undefined) throw new Error(`offline classifier: unknown intent "${unknown}" in model`);
    return new OfflineClassifier(NaiveBayesModel.fromJSON(json.model));
  }

  /** Plain-JSON form of the trained model (sparse counts; a few hundred kB). */
  toJSON(): OfflineClassifierJSON {
    return { name: OFFLINE_CLASSIFIER_NAME, model: this.model.toJSON() };
  }

  /** The `k` most probable intents for a text, best first; probabilities sum to 1 over all intents. */
  rankIntents(text: string, k = 3): IntentGuess[] {
    const { ranked } = this.model.predict(extractFeatures(text));
    return ranked.slice(0, k).map((r) => ({ intent: this.model.classes[r.index] as Intent, probability: r.probability }));
  }

  /** Synchronous `classify`. Never throws; empty text gets the most common intent at low confidence. */
  classifySync(text: string): Triage {
    const [best] = this.rankIntents(text, 1);
    const family = familyOf(best.intent);
    const language = detectLanguage(text);
    const sentiment = scoreSentiment(text, language);
    return {
      intent: best.intent,
      family,
      confidence: Math.round(best.probability * 1000) / 1000,
      sentiment,
      urgency: urgencyOf(text, best.intent, family, sentiment),
      language,
      classifier: this.name,
    };
  }

  async classify(text: string): Promise<Triage> {
    return this.classifySync(text);
  }
}

/**
 * Train the offline classifier on labelled texts (by default plus our retention examples).
 * One pass over the data: about 0.3 s for the full Bitext set on one core.
 * Throws if `rows` (with the retention examples) is empty or names an intent outside `INTENTS`.
 */
export function trainOfflineClassifier(rows: readonly LabelledText[], options: TrainOptions = {}): OfflineClassifier {
  const all = options.includeRetentionExamples === false ? rows : [...rows, ...RETENTION_EXAMPLES];
  const docs = all.map((r) => ({ features: extractFeatures(r.text), label: r.intent }));
  return OfflineClassifier.fromModel(NaiveBayesModel.train(docs, INTENTS, options.alpha ?? 0.1));
}
