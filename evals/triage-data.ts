/**
 * The real-text evaluation data of the triage suites, read from `../shared/data/real-support`
 * (its README has the sources, labels and licences). TWCS tweets are CC BY-NC-SA: they are read
 * here to evaluate (and, in the cross-validated figure only, to train a model used in this eval);
 * nothing of them is written into the product.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { TriageCase } from "../src/ai/triage/evaluate";
import { HINT3_MAP, HINT3_OUT_OF_SCOPE, type Hint3Dataset } from "../src/ai/triage/hint3";
import { DEFAULT_DATA_DIR, readHint3 } from "../src/ai/triage/node-loader";
import { INTENT_FAMILIES, type IntentFamily } from "../src/ai/triage/types";

const TWCS = (dataDir: string) => path.join(dataDir, "real-support", "twcs");
const FAMILIES: ReadonlySet<string> = new Set(INTENT_FAMILIES);

function csv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/** A labelled tweet: the case plus its id (for folds) and the annotator's confidence. */
export interface LabelledTweet extends TriageCase {
  id: string;
  annotatorConfidence: string;
}

/**
 * The 400 labelled tweets (`twcs/labelled-dev.csv`). Throws on a family outside ours, naming the row.
 */
export function readLabelledTweets(dataDir = DEFAULT_DATA_DIR): LabelledTweet[] {
  return csv(path.join(TWCS(dataDir), "labelled-dev.csv")).map((r, i) => {
    if (!FAMILIES.has(r.family ?? "")) throw new Error(`labelled-dev.csv row ${i + 2}: unknown family "${r.family}"`);
    return {
      id: r.tweet_id!,
      text: r.text!,
      family: r.family as IntentFamily,
      retention: r.retention_signal === "yes",
      sentiment: r.sentiment,
      language: r.language,
      annotatorConfidence: r.confidence ?? "",
    };
  });
}

/**
 * Our own second sample of TWCS tweets for choosing settings (`evals/cases/twcs-tuning-labels.csv`:
 * ids and labels only; the text is joined from `twcs/inbound-starters.csv`): 680 tweets, the first
 * 80 labelled in an earlier round, the other 600 by three annotators who followed the labelling
 * guide of `real-support/README.md` and saw neither the 400 nor their labels. None of them is one
 * of the 400 labelled tweets, so the 400 stay a pure measurement.
 */
export function readTuningTweets(dataDir = DEFAULT_DATA_DIR): LabelledTweet[] {
  const text = new Map(csv(path.join(TWCS(dataDir), "inbound-starters.csv")).map((r) => [r.tweet_id!, r.text!]));
  return csv(path.resolve(import.meta.dirname, "cases", "twcs-tuning-labels.csv")).map((r) => {
    const body = text.get(r.tweet_id!);
    if (body === undefined) throw new Error(`twcs-tuning-labels.csv: tweet ${r.tweet_id} not in inbound-starters.csv`);
    return {
      id: r.tweet_id!,
      text: body,
      family: r.family as IntentFamily,
      retention: r.retention_signal === "yes",
      sentiment: r.sentiment,
      annotatorConfidence: "",
    };
  });
}

/** One more annotator's labels of a labelled tweet (`evals/cases/twcs-dev-second-annotators.csv`). */
export interface SecondAnnotation {
  id: string;
  annotator: string;
  family: string;
  sentiment: string;
  retention: boolean;
}

/**
 * The labels two more annotators (A, B) gave the 400 labelled tweets, each blind to the labels and
 * to the other (ids and labels only; `evals/triage-agreement.ts` compares them).
 */
export function readSecondAnnotations(): SecondAnnotation[] {
  return csv(path.resolve(import.meta.dirname, "cases", "twcs-dev-second-annotators.csv")).map((r) => ({
    id: r.tweet_id!,
    annotator: r.annotator!,
    family: r.family!,
    sentiment: r.sentiment!,
    retention: r.retention_signal === "yes",
  }));
}

/** The 15,671 unlabelled first messages to AmazonHelp (`twcs/amazonhelp-first-queries.csv`). */
export function readAmazonHelpTraffic(dataDir = DEFAULT_DATA_DIR): string[] {
  return csv(path.join(TWCS(dataDir), "amazonhelp-first-queries.csv")).map((r) => r.text ?? "");
}

/** A HINT3 test query with its mapped family, or null for an out-of-scope query. */
export interface Hint3Case {
  text: string;
  label: string;
  family: IntentFamily | null;
}

/** One HINT3 v2 test set with its labels mapped through `HINT3_MAP`. */
export function readHint3Test(dataset: Hint3Dataset, dataDir = DEFAULT_DATA_DIR): Hint3Case[] {
  return readHint3(dataset, "test", dataDir).map((r) => {
    if (r.label === HINT3_OUT_OF_SCOPE) return { text: r.text, label: r.label, family: null };
    const m = HINT3_MAP[dataset][r.label];
    if (!m) throw new Error(`HINT3 ${dataset} test: label ${r.label} has no mapping`);
    return { text: r.text, label: r.label, family: m.family };
  });
}
