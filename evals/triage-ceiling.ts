/**
 * How far in-domain labels carry this classifier on the 400 labelled tweets: 5-fold
 * cross-validation (folds by tweet-id hash, as `crossValidatedTweets`) with the other four folds in
 * training, alone or beside the product corpus at several weights. Evals only: TWCS is CC BY-NC-SA
 * and never trains the product model. It answers one question for issue #14: is the gap to its
 * 0.65 family-accuracy target a matter of training data that looks like the test, or of the
 * labels and the model class? Each figure is printed with and without abstention (an unclear
 * triage counts as `other`, as in triage-real; "ranked" scores the model's first family, its best guess when unclear).
 *
 *   npx tsx evals/triage-ceiling.ts            # about 1-2 minutes of CPU (20 trainings)
 */
import { scoreTriage } from "../src/ai/triage/evaluate";
import { crossValidatedTriages } from "./triage";
import { readLabelledTweets } from "./triage-data";

const tweets = readLabelledTweets();
const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);

/** Settings: whether the product corpus is in training, and the tweets' weight relative to it. */
const SETTINGS: readonly { label: string; product: boolean; tweetWeight: number }[] = [
  { label: "tweets only (320 a fold)", product: false, tweetWeight: 1 },
  { label: "product corpus + tweets (as triage-real's 5-fold figure)", product: true, tweetWeight: 1 },
  { label: "product corpus + tweets weighted x5", product: true, tweetWeight: 5 },
  { label: "product corpus + tweets weighted x15", product: true, tweetWeight: 15 },
];

console.log(`5-fold cross-validation on the ${tweets.length} labelled tweets (evals only; the product model never trains on them)`);
console.log("setting                                                    family acc  ranked acc  macro-F1  abstained  sentiment");
for (const s of SETTINGS) {
  const triages = crossValidatedTriages(tweets, { product: s.product, tweetWeight: s.tweetWeight });
  const r = scoreTriage(tweets, triages, 0.5);
  const ranked = triages.filter((t, i) => (t.unclear ? t.runner_up?.family : t.family) === tweets[i]!.family).length / tweets.length;
  console.log(
    `${s.label.padEnd(58)} ${pct(r.familyAccuracy).padStart(10)}  ${pct(ranked).padStart(10)}  ${r.macroF1.toFixed(3).padStart(8)}  ${pct(r.abstention).padStart(9)}  ${pct(r.sentimentAccuracy).padStart(9)}`,
  );
}
