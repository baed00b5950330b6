/**
 * Node-only helpers that read the training data from disk. Kept apart from the classifier so the
 * core (`offline.ts` and what it imports) stays free of `node:fs` and bundles for Workers.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBitext, splitHoldout } from "./data";
import { evaluate, formatTriageEval, type TriageEvalReport } from "./evaluate";
import { OfflineClassifier, trainOfflineClassifier } from "./offline";
import { RETENTION_EXAMPLES } from "./retention-examples";
import type { LabelledText } from "./types";

/** `<project root>/../shared/data`: the shared data folder that sits beside the clone. */
export const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/data");

/**
 * Read and parse `<dataDir>/bitext/intents-train.csv`. Throws (ENOENT) if the file is missing, or
 * as `loadBitext` does on a malformed file.
 */
export function readBitext(dataDir = DEFAULT_DATA_DIR): LabelledText[] {
  return loadBitext(readFileSync(join(dataDir, "bitext", "intents-train.csv"), "utf8"));
}

/** Train the offline classifier on all Bitext rows plus our retention examples. Throws as `readBitext`. */
export function createOfflineClassifierFromFiles(dataDir = DEFAULT_DATA_DIR): OfflineClassifier {
  return trainOfflineClassifier(readBitext(dataDir));
}

/** Held-out reports: Bitext's deterministic 20% and our own retention examples' 20%. */
export interface TriageHoldoutEval {
  bitext: TriageEvalReport;
  retention: TriageEvalReport;
}

/**
 * Train on the 80% side of both deterministic splits (`splitHoldout`, fraction 0.2) of Bitext and
 * of our retention examples, and evaluate on each held-out 20%. Throws as `readBitext`.
 */
export async function runTriageHoldoutEval(dataDir = DEFAULT_DATA_DIR): Promise<TriageHoldoutEval> {
  const bitext = splitHoldout(readBitext(dataDir));
  const retention = splitHoldout(RETENTION_EXAMPLES);
  const classifier = trainOfflineClassifier([...bitext.train, ...retention.train], { includeRetentionExamples: false });
  return {
    bitext: await evaluate(classifier, bitext.holdout),
    retention: await evaluate(classifier, retention.holdout),
  };
}

/** The held-out eval as a printable table (for `evals/`). Throws as `readBitext`. */
export async function printTriageEval(dataDir = DEFAULT_DATA_DIR): Promise<string> {
  const { bitext, retention } = await runTriageHoldoutEval(dataDir);
  return [formatTriageEval(bitext, "Bitext held-out 20%"), "", formatTriageEval(retention, "retention examples held-out 20%")].join("\n");
}
