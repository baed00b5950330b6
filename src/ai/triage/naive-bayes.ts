/**
 * A small multinomial naive Bayes text model over binary features (see `features.ts`), with
 * Lidstone smoothing. Manning, Raghavan & Schütze, "Introduction to Information Retrieval" (2008),
 * ch. 13.2 (https://nlp.stanford.edu/IR-book/html/htmledition/naive-bayes-text-classification-1.html).
 *
 * Why our own and not an npm classifier: the maintained candidates did not fit. `natural` pulls in
 * database drivers (pg, redis, mongoose) and node-only code; `wink-naive-bayes-text-classifier`
 * brings wink-nlp and its English model (English-only tokenisation, megabytes in a Workers
 * bundle); `bayes`/`classificator` are unmaintained and tokenise on whitespace only;
 * `ml-logistic-regression` trains on dense matrices (~30 classes x ~20k features), far too slow
 * to train at start-up. Naive Bayes is ~100 lines, trains in one pass, and serialises as sparse
 * integer counts, so a prebuilt model is a few hundred kB of JSON.
 */

export const NB_FORMAT = "offline-nb-v1" as const;

/** Serialised form: sparse integer counts; log-probabilities are derived on load. */
export interface NaiveBayesJSON {
  format: typeof NB_FORMAT;
  alpha: number;
  classes: string[];
  /** Training documents per class, aligned with `classes`. */
  docCounts: number[];
  /** feature -> flat [classIndex, count, classIndex, count, ...] */
  features: Record<string, number[]>;
}

export interface NaiveBayesPrediction {
  /** Class indices sorted best first, with their posterior probabilities (tempered, see below). */
  ranked: { index: number; probability: number }[];
  /** How many of the text's features the model had seen in training. */
  knownFeatures: number;
}

/**
 * Posterior temperature per known feature. Our features overlap heavily (a word, its bigrams and
 * its character n-grams), so the naive independence assumption multiplies the same evidence many
 * times and raw posteriors are ~1.0 for almost everything. Dividing the log-odds by
 * `1 + knownFeatures / TEMPERATURE_FEATURES` makes the confidence track held-out accuracy more
 * closely; it never changes which class wins.
 */
const TEMPERATURE_FEATURES = 6;

export class NaiveBayesModel {
  private readonly logPrior: Float64Array;
  private readonly logDenominator: Float64Array;
  private readonly logAlpha: number;
  /** feature -> [classIndex, log(count + alpha) - log(alpha)] pairs, flattened. */
  private readonly lift: Map<string, Float64Array>;

  private constructor(private readonly json: NaiveBayesJSON) {
    const { alpha, classes, docCounts, features } = json;
    const k = classes.length;
    const vocabulary = Object.keys(features).length;
    const totalDocs = docCounts.reduce((a, b) => a + b, 0);
    const featureTotals = new Float64Array(k);
    this.lift = new Map();
    this.logAlpha = Math.log(alpha);
    for (const [feature, flat] of Object.entries(features)) {
      const pairs = new Float64Array(flat.length);
      for (let i = 0; i < flat.length; i += 2) {
        featureTotals[flat[i]] += flat[i + 1];
        pairs[i] = flat[i];
        pairs[i + 1] = Math.log(flat[i + 1] + alpha) - this.logAlpha;
      }
      this.lift.set(feature, pairs);
    }
    this.logPrior = new Float64Array(k);
    this.logDenominator = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      this.logPrior[c] = Math.log(docCounts[c] / totalDocs);
      this.logDenominator[c] = Math.log(featureTotals[c] + alpha * vocabulary);
    }
  }

  /**
   * Count features per class. `docs[i].features` should be distinct strings (binary presence).
   * Throws if there are no documents or `alpha` is not positive.
   */
  static train(docs: { features: string[]; label: string }[], classes: readonly string[], alpha = 0.1): NaiveBayesModel {
    if (docs.length === 0) throw new Error("naive Bayes: no training documents");
    if (!(alpha > 0)) throw new Error(`naive Bayes: alpha must be > 0, got ${alpha}`);
    const index = new Map(classes.map((c, i) => [c, i]));
    const docCounts = new Array<number>(classes.length).fill(0);
    const counts = new Map<string, Map<number, number>>();
    for (const doc of docs) {
      const c = index.get(doc.label);
      if (c === undefined) throw new Error(`naive Bayes: unknown label "${doc.label}"`);
      docCounts[c]++;
      for (const f of doc.features) {
        let perClass = counts.get(f);
        if (!perClass) counts.set(f, (perClass = new Map()));
        perClass.set(c, (perClass.get(c) ?? 0) + 1);
      }
    }
    const features: Record<string, number[]> = {};
    for (const [f, perClass] of counts) {
      const flat: number[] = [];
      for (const [c, n] of [...perClass].sort((a, b) => a[0] - b[0])) flat.push(c, n);
      features[f] = flat;
    }
    return new NaiveBayesModel({ format: NB_FORMAT, alpha, classes: [...classes], docCounts, features });
  }

  /** Rebuild a model from `toJSON()` output. Throws on an unknown format. */
  static fromJSON(json: NaiveBayesJSON): NaiveBayesModel {
    if (json?.format !== NB_FORMAT) throw new Error(`naive Bayes: unsupported model format ${String(json?.format)}`);
    return new NaiveBayesModel(json);
  }

  get classes(): readonly string[] {
    return this.json.classes;
  }

  toJSON(): NaiveBayesJSON {
    return this.json;
  }

  /** Rank the classes for a text's features. Classes with no training documents never win. */
  predict(features: readonly string[]): NaiveBayesPrediction {
    const k = this.json.classes.length;
    const scores = new Float64Array(k);
    let known = 0;
    for (const f of features) {
      const pairs = this.lift.get(f);
      if (!pairs) continue;
      known++;
      for (let i = 0; i < pairs.length; i += 2) scores[pairs[i]] += pairs[i + 1];
    }
    for (let c = 0; c < k; c++) {
      scores[c] += this.json.docCounts[c] === 0 ? -Infinity : this.logPrior[c] + known * (this.logAlpha - this.logDenominator[c]);
    }
    const temperature = 1 + known / TEMPERATURE_FEATURES;
    let max = -Infinity;
    for (const s of scores) if (s > max) max = s;
    const weights = Array.from(scores, (s) => Math.exp((s - max) / temperature));
    const total = weights.reduce((a, b) => a + b, 0);
    const ranked = weights
      .map((w, index) => ({ index, probability: w / total }))
      .sort((a, b) => b.probability - a.probability || a.index - b.index);
    return { ranked, knownFeatures: known };
  }
}
