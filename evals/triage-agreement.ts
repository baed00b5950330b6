/**
 * How separable the labels of the 400 tweets are: two more annotators (A and B) labelled the same
 * tweets from the labelling guide of `real-support/README.md`, each blind to the labels and to the
 * other (`evals/cases/twcs-dev-second-annotators.csv`: ids and labels only). Prints, for family and
 * sentiment, the share of tweets on which each pair agrees and Cohen's kappa (Cohen 1960: observed
 * agreement corrected for the agreement expected from each annotator's label frequencies), and how
 * many of the labels' retention signals each annotator found. It answers whether the gap to the
 * issue's targets is in the labels or in the classifier.
 *
 *   npx tsx evals/triage-agreement.ts
 */
import { readLabelledTweets, readSecondAnnotations } from "./triage-data";

type Labels = { family: string; sentiment: string; retention: boolean };

const tweets = readLabelledTweets();
const gold = new Map<string, Labels>(tweets.map((t) => [t.id, { family: t.family, sentiment: t.sentiment ?? "", retention: t.retention === true }]));
const others = new Map<string, Map<string, Labels>>();
for (const { id, annotator, ...labels } of readSecondAnnotations()) {
  const byId = others.get(annotator) ?? new Map<string, Labels>();
  byId.set(id, labels);
  others.set(annotator, byId);
}

/** Observed agreement and Cohen's kappa of two annotators on the ids both labelled. */
function agreement(a: Map<string, Labels>, b: Map<string, Labels>, key: "family" | "sentiment"): { n: number; observed: number; kappa: number } {
  const ids = [...a.keys()].filter((id) => b.has(id));
  const count = (m: Map<string, Labels>) => {
    const c = new Map<string, number>();
    for (const id of ids) c.set(m.get(id)![key], (c.get(m.get(id)![key]) ?? 0) + 1);
    return c;
  };
  const observed = ids.filter((id) => a.get(id)![key] === b.get(id)![key]).length / ids.length;
  const ca = count(a);
  const cb = count(b);
  const expected = [...ca].reduce((s, [label, n]) => s + (n / ids.length) * ((cb.get(label) ?? 0) / ids.length), 0);
  return { n: ids.length, observed, kappa: (observed - expected) / (1 - expected) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pairs: [string, Map<string, Labels>, string, Map<string, Labels>][] = [];
for (const [name, m] of others) pairs.push(["labels", gold, name, m]);
const names = [...others.keys()];
for (let i = 0; i < names.length; i++)
  for (let j = i + 1; j < names.length; j++) pairs.push([names[i]!, others.get(names[i]!)!, names[j]!, others.get(names[j]!)!]);

console.log(`Agreement on the ${tweets.length} labelled tweets (annotators ${names.join(", ")}, each blind to the labels and to each other)`);
console.log("pair              tweets  family  kappa   sentiment  kappa");
for (const [an, a, bn, b] of pairs) {
  const f = agreement(a, b, "family");
  const s = agreement(a, b, "sentiment");
  console.log(
    `${`${an} / ${bn}`.padEnd(17)} ${String(f.n).padStart(6)}  ${pct(f.observed).padStart(6)}  ${f.kappa.toFixed(3)}   ${pct(s.observed).padStart(9)}  ${s.kappa.toFixed(3)}`,
  );
}
const signals = [...gold].filter(([, l]) => l.retention).map(([id]) => id);
for (const [name, m] of others) {
  const found = signals.filter((id) => m.get(id)?.retention).length;
  const theirs = [...m.values()].filter((l) => l.retention).length;
  console.log(`annotator ${name}: ${found} of the labels' ${signals.length} retention signals found; ${theirs} marked in all`);
}
