/**
 * Node-only helpers that read the training data from disk. Kept apart from the classifier so the
 * core (`offline.ts` and what it imports) stays free of `node:fs` and bundles for Workers.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBitext } from "./data";
import { OWN_EXAMPLES } from "./examples";
import { HINT3_DATASETS, mapHint3, parseHint3, type Hint3Dataset, type Hint3Row } from "./hint3";
import { OfflineClassifier, type OfflineClassifierJSON, type TrainOptions } from "./offline";
import { trainOnParts } from "./train";
import { familyOf } from "./families";
import { INTENTS, SENTIMENT_LABELS, type Intent, type LabelledText, type SentimentLabel } from "./types";

const HERE = dirname(fileURLToPath(import.meta.url));

/** `<project root>/../shared/data`: the shared data folder that sits beside the clone. */
export const DEFAULT_DATA_DIR = resolve(HERE, "../../../../shared/data");

/** Where trained models are kept between starts (gitignored): `<project root>/.generated/triage`. */
export const DEFAULT_MODEL_CACHE_DIR = resolve(HERE, "../../../.generated/triage");

/**
 * Read and parse `<dataDir>/bitext/intents-train.csv`. Throws (ENOENT) if the file is missing, or
 * as `loadBitext` does on a malformed file.
 */
export function readBitext(dataDir = DEFAULT_DATA_DIR): LabelledText[] {
  return loadBitext(readFileSync(join(dataDir, "bitext", "intents-train.csv"), "utf8"));
}

/** Read one HINT3 v2 file (`real-support/hint3/v2/<split>/<dataset>_<split>.csv`). Throws (ENOENT) if missing. */
export function readHint3(dataset: Hint3Dataset, split: "train" | "test", dataDir = DEFAULT_DATA_DIR): Hint3Row[] {
  const file = join(dataDir, "real-support", "hint3", "v2", split, `${dataset}_${split}.csv`);
  return parseHint3(readFileSync(file, "utf8"), file);
}

/** Folder of our written examples in JSON Lines (`examples/written/*.jsonl`). */
export const WRITTEN_EXAMPLES_DIR = join(HERE, "examples", "written");

/**
 * Our written examples with their sentiment: every `*.jsonl` file of `dir`, one object a line,
 * `{"text", "family", "intent", "retention", "sentiment"}` (see `examples/written/README.md`).
 * @throws Error naming the file and line when a line is not such an object, or its intent is not
 *   one of `INTENTS` (`unclear` excluded) of its `family`
 */
export function readWrittenExamples(dir = WRITTEN_EXAMPLES_DIR): LabelledText[] {
  const out: LabelledText[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".jsonl"))
    .sort()) {
    readFileSync(join(dir, name), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (line.trim() === "") return;
        const where = `${name}:${i + 1}`;
        let row: Record<string, unknown>;
        try {
          row = JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`written examples: ${where} is not JSON`);
        }
        const { text, family, intent, retention, sentiment } = row;
        if (typeof text !== "string" || text.trim() === "") throw new Error(`written examples: ${where}: text must be a non-empty string`);
        if (typeof intent !== "string" || !(INTENTS as readonly string[]).includes(intent) || intent === "unclear" || familyOf(intent as Intent) !== family)
          throw new Error(`written examples: ${where}: intent ${JSON.stringify(intent)} is not an intent of family ${JSON.stringify(family)}`);
        if (typeof retention !== "boolean") throw new Error(`written examples: ${where}: retention must be true or false`);
        if (!(SENTIMENT_LABELS as readonly unknown[]).includes(sentiment))
          throw new Error(`written examples: ${where}: sentiment must be one of ${SENTIMENT_LABELS.join(", ")}`);
        out.push({ text, intent: intent as Intent, retention, sentiment: sentiment as SentimentLabel });
      });
  }
  return out;
}

/**
 * The product's training parts: Bitext, both HINT3 e-commerce train sets (mapped), our examples
 * (`own`, the TypeScript lists) and our written examples with sentiment (`written`, JSON Lines).
 */
export function readTrainingParts(dataDir = DEFAULT_DATA_DIR): {
  bitext: LabelledText[];
  hint3: LabelledText[];
  own: readonly LabelledText[];
  written: LabelledText[];
} {
  return {
    bitext: readBitext(dataDir),
    hint3: HINT3_DATASETS.flatMap((d) => mapHint3(d, readHint3(d, "train", dataDir))),
    own: OWN_EXAMPLES,
    written: readWrittenExamples(),
  };
}

/** Options of `createOfflineClassifierFromFiles`. */
export interface LoadOptions extends TrainOptions {
  /** Folder of trained models keyed by their inputs; null trains every time. Default `DEFAULT_MODEL_CACHE_DIR`. */
  cacheDir?: string | null;
}

const memo = new Map<string, OfflineClassifier>();

/** The classifier's own source files (this folder and `examples/`): a change to any retrains. */
function sourceDigest(): string {
  const h = createHash("sha256");
  for (const dir of [HERE, join(HERE, "examples")]) {
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith(".ts"))
      .sort())
      h.update(f).update(readFileSync(join(dir, f)));
  }
  return h.digest("hex");
}

/**
 * The product classifier: trained on Bitext + the HINT3 train sets + our examples (never the
 * tweets). Training takes a second or two, so the model is kept in `cacheDir` under a key that
 * hashes its training data, the classifier's source files and the options: a later start (or
 * test) with the same inputs loads it in milliseconds, and any change to them trains anew. The
 * cache is written atomically (temp file, then rename); an unreadable cache entry is retrained.
 * Throws as `readBitext` / `readHint3` when the shared data is missing.
 */
export function createOfflineClassifierFromFiles(dataDir = DEFAULT_DATA_DIR, options: LoadOptions = {}): OfflineClassifier {
  const { cacheDir = DEFAULT_MODEL_CACHE_DIR, ...train } = options;
  const parts = readTrainingParts(dataDir);
  const key = createHash("sha256").update(JSON.stringify(parts)).update(sourceDigest()).update(JSON.stringify(train)).digest("hex").slice(0, 32);
  const file = cacheDir === null ? null : join(cacheDir, `offline-${key}.json`);
  const known = memo.get(file ?? key);
  if (known) return known;
  let classifier: OfflineClassifier | null = null;
  if (file) {
    try {
      classifier = OfflineClassifier.fromJSON(JSON.parse(readFileSync(file, "utf8")) as OfflineClassifierJSON);
    } catch {
      classifier = null; // missing or unreadable: train
    }
  }
  if (!classifier) {
    classifier = trainOnParts(parts, train);
    if (file && cacheDir) {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(classifier.toJSON()));
      renameSync(tmp, file);
    }
  }
  memo.set(file ?? key, classifier);
  return classifier;
}
