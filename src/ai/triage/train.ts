/**
 * Training of the offline classifier (`offline.ts`): the heads, the temperatures fitted on a
 * deterministic held-out 20%, the vocabulary. Pure computation, no I/O.
 */
import { toBase64 } from "./base64";
import { fitTemperature, type HeldOutLogits } from "./calibration";
import { buildCorpus, type CorpusRow } from "./corpus";
import { stableHash } from "./data";
import { familyOf, intentsOf } from "./families";
import { fnv1a, vectorize, withLexiconLevel, words, type SparseVector } from "./features";
import { detectLanguage } from "./language";
import { scoreSentiment } from "./sentiment";
import { DEFAULT_ABSTAIN_BELOW, FEATURE_DIMS, OFFLINE_CLASSIFIER_NAME, OfflineClassifier, type OfflineClassifierJSON, type TrainOptions } from "./offline";
import { SoftmaxRegression } from "./softmax";
import { INTENT_FAMILIES, INTENTS, SENTIMENT_LABELS, type Intent } from "./types";

const INTENT_INDEX = new Map(INTENTS.map((intent, i) => [intent, i]));
const FAMILY_INDEX = new Map(INTENT_FAMILIES.map((family, i) => [family, i]));

interface Vectorised {
  x: SparseVector;
  family: number;
  intent: Intent;
  retention: number;
  weight: number;
}

type Optimiser = { epochs: number; learningRate?: number; l2?: number };

function trainHeads(rows: readonly Vectorised[], opt: Optimiser) {
  const fitModel = (classes: number, key: "family" | "retention") =>
    SoftmaxRegression.train(
      rows.map((r) => ({ x: r.x, label: r[key], weight: r.weight })),
      { classes, dims: FEATURE_DIMS, ...opt },
    );
  return { family: fitModel(INTENT_FAMILIES.length, "family"), retention: fitModel(2, "retention") };
}

/** Sorted, distinct FNV-1a hashes of the training words, as base64 (see `OfflineClassifierJSON`). */
function vocabularyOf(rows: readonly CorpusRow[]): string {
  const hashes = new Set<number>();
  for (const r of rows) for (const w of words(r.text)) hashes.add(fnv1a(w));
  return toBase64(new Uint8Array(Uint32Array.from([...hashes].sort((a, b) => a - b)).buffer));
}

/** One intent model per family, on that family's rows; a family with one trained intent needs none. */
function trainIntentHeads(data: readonly Vectorised[], opt: Optimiser): OfflineClassifierJSON["intents"] {
  const out = {} as OfflineClassifierJSON["intents"];
  for (const family of INTENT_FAMILIES) {
    const rows = data.filter((r) => INTENT_FAMILIES[r.family] === family);
    const intents = intentsOf(family).filter((i) => rows.some((r) => r.intent === i));
    if (intents.length <= 1) {
      out[family] = { intents: intents.length ? intents : [intentsOf(family)[0]!], model: null };
      continue;
    }
    const index = new Map(intents.map((i, k) => [i, k]));
    const model = SoftmaxRegression.train(
      rows.map((r) => ({ x: r.x, label: index.get(r.intent)!, weight: r.weight })),
      { classes: intents.length, dims: FEATURE_DIMS, ...opt },
    );
    out[family] = { intents, model: model.toJSON() };
  }
  return out;
}

/** Fewer labelled rows than this in any sentiment class and the model keeps lexicon sentiment alone. */
export const MIN_SENTIMENT_ROWS_PER_LABEL = 30;

/**
 * The sentiment head: negative / neutral / positive over the text's features plus its lexicon level
 * (`withLexiconLevel`, the lexicon score without the family's tone), trained on the rows labelled
 * with a sentiment (our written examples). Null when a class has fewer than
 * `MIN_SENTIMENT_ROWS_PER_LABEL` rows.
 */
function trainSentimentHead(rows: readonly CorpusRow[], data: readonly Vectorised[], opt: Optimiser): OfflineClassifierJSON["sentiment"] {
  const labelled = rows.flatMap((r, i) => (r.sentiment ? [{ r, x: data[i]!.x, label: SENTIMENT_LABELS.indexOf(r.sentiment) }] : []));
  if (SENTIMENT_LABELS.some((_, k) => labelled.filter((l) => l.label === k).length < MIN_SENTIMENT_ROWS_PER_LABEL)) return null;
  const model = SoftmaxRegression.train(
    labelled.map(({ r, x, label }) => ({ x: withLexiconLevel(x, scoreSentiment(r.text, detectLanguage(r.text)).score, FEATURE_DIMS), label, weight: 1 })),
    { classes: SENTIMENT_LABELS.length, dims: FEATURE_DIMS, ...opt },
  );
  return model.toJSON();
}

/**
 * Train the offline classifier on a weighted corpus (`buildCorpus`): about 3 s of CPU for the
 * product corpus (Bitext + HINT3 + our examples, 5,100 rows) on this 2-core machine; the Node
 * loader caches the result (`node-loader.ts`).
 * @throws Error if `rows` is empty or names an intent outside `INTENTS`
 */
export function trainOfflineClassifier(rows: readonly CorpusRow[], options: TrainOptions = {}): OfflineClassifier {
  if (rows.length === 0) throw new Error("offline classifier: no training rows");
  const opt: Optimiser = { epochs: options.epochs ?? 6, learningRate: options.learningRate, l2: options.l2 };
  const data: Vectorised[] = rows.map((r) => {
    if (!INTENT_INDEX.has(r.intent) || r.intent === "unclear") throw new Error(`offline classifier: unknown intent "${r.intent}"`);
    const family = familyOf(r.intent);
    return {
      x: vectorize(r.text, FEATURE_DIMS),
      family: FAMILY_INDEX.get(family)!,
      intent: r.intent,
      retention: (r.retention ?? family === "retention_risk") ? 1 : 0,
      weight: r.weight,
    };
  });
  // 1. Temperatures from a deterministic half of our own examples (by text hash, so duplicates
  // stay together), the only rows written the way customers write to a shop; the heads are fitted
  // on everything else. Not Bitext: its templated rows have near-twins on both sides of any split,
  // so a temperature fitted on them learns that the model is always right and makes it
  // over-confident on real text (fitted there, T was 0.78 and the ECE on real tweets 0.19; fitted
  // on our examples, which the partial model has not seen in that style, T is about 0.9).
  const isHeldOut = (i: number) => rows[i]!.source === "own" && stableHash(rows[i]!.text.toLowerCase()) % 2 === 0;
  const fitPart = data.filter((_, i) => !isHeldOut(i));
  const heldOut = data.filter((_, i) => isHeldOut(i));
  const partial = trainHeads(fitPart, opt);
  const logitsOf = (m: SoftmaxRegression, key: "family" | "retention"): HeldOutLogits[] =>
    heldOut.map((r) => ({ logits: m.logits(r.x), label: r[key], weight: r.weight }));
  // Fit on the quantised models, which is what the service runs.
  const q = (m: SoftmaxRegression) => SoftmaxRegression.fromJSON(m.toJSON());
  const temperature = {
    family: fitTemperature(logitsOf(q(partial.family), "family")),
    retention: fitTemperature(logitsOf(q(partial.retention), "retention")),
  };
  // 2. The heads on everything.
  const full = trainHeads(data, opt);
  return OfflineClassifier.fromJSON({
    name: OFFLINE_CLASSIFIER_NAME,
    dims: FEATURE_DIMS,
    families: [...INTENT_FAMILIES],
    family: full.family.toJSON(),
    intents: trainIntentHeads(data, opt),
    retention: full.retention.toJSON(),
    sentiment: trainSentimentHead(rows, data, opt),
    temperature,
    abstainBelow: options.abstainBelow ?? DEFAULT_ABSTAIN_BELOW,
    vocabulary: vocabularyOf(rows),
  });
}

/** Weighted corpus from labelled parts and train on it: the common path. */
export function trainOnParts(parts: Parameters<typeof buildCorpus>[0], options: TrainOptions = {}): OfflineClassifier {
  return trainOfflineClassifier(buildCorpus(parts), options);
}
