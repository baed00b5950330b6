/**
 * What skipping the model triage call costs (OPENAI_TRIAGE_SKIP_ABOVE): for each threshold, on the
 * real-text triage suites, the share of tickets whose offline triage is confident enough to skip
 * the model (a model call saved per such ticket) and the offline family accuracy on exactly those
 * tickets. The threshold is chosen on our TWCS tuning sample (evals/cases/twcs-tuning-labels.csv)
 * and reported on the held-out sets: the 400 labelled TWCS tweets and the HINT3 test sets (an
 * out-of-scope query is right when the triage says `other`).
 *
 * Without a real model here the accuracy the model would have had on those tickets is unknown, so
 * the accuracy cost is given as its upper bound: the skipped tickets the offline triage got wrong,
 * as a share of all tickets (what is lost if the model would have been right on every one of them).
 *
 *   npx tsx bench/drafting/triage-skip.ts
 */
import { HINT3_DATASETS } from "../../src/ai/triage/hint3";
import { createOfflineClassifierFromFiles } from "../../src/ai/triage/node-loader";
import type { IntentFamily, Triage } from "../../src/ai/triage/types";
import { readHint3Test, readLabelledTweets, readTuningTweets } from "../../evals/triage-data";

const THRESHOLDS = [0.6, 0.7, 0.8, 0.85, 0.9, 0.95];
const offline = createOfflineClassifierFromFiles();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function table(name: string, cases: { text: string; family: IntentFamily | null }[]) {
  const read: { c: (typeof cases)[number]; t: Triage }[] = [];
  for (const c of cases) read.push({ c, t: await offline.classify(c.text) });
  // As evals/triage.ts scores it: an unclear triage reads as family other.
  const right = (r: (typeof read)[number]) => (r.t.unclear ? "other" : r.t.family) === (r.c.family ?? "other");
  console.log(`\n${name}: ${cases.length} messages; offline family accuracy on all ${pct(read.filter(right).length / read.length)}`);
  console.log("threshold | skipped (calls saved) | offline accuracy on skipped | accuracy cost at most");
  for (const th of THRESHOLDS) {
    const skipped = read.filter((r) => !r.t.unclear && r.t.confidence >= th);
    const ok = skipped.filter(right).length;
    console.log(
      `${th.toFixed(2).padStart(9)} | ${pct(skipped.length / read.length).padStart(21)} | ${(skipped.length ? pct(ok / skipped.length) : "n/a").padStart(27)} | ${pct((skipped.length - ok) / read.length)}`,
    );
  }
}

await table("TWCS tuning sample (choosing)", readTuningTweets());
await table("TWCS labelled tweets (held out)", readLabelledTweets());
await table(
  "HINT3 test sets (held out)",
  HINT3_DATASETS.flatMap((d) => readHint3Test(d)),
);
