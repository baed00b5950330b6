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
import type { LabelledText } from "./types";

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

/** The product's training parts: Bitext, both HINT3 e-commerce train sets (mapped), our examples. */
export function readTrainingParts(dataDir = DEFAULT_DATA_DIR): { bitext: LabelledText[]; hint3: LabelledText[]; own: readonly LabelledText[] } {
  return {
    bitext: readBitext(dataDir),
    hint3: HINT3_DATASETS.flatMap((d) => mapHint3(d, readHint3(d, "train", dataDir))),
    own: OWN_EXAMPLES,
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
