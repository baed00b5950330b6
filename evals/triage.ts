/**
 * The triage suites, real text first:
 * - `triage-real`: the 400 labelled customer tweets (TWCS), classified by the service's classifier.
 *   The product's offline model never trains on them, so all 400 are held out. Beside it, a 5-fold
 *   cross-validated figure for a model that also trains on the other folds (evals only).
 * - `triage-hint3`: the HINT3 sofmattress and curekart v2 test sets, labels mapped by `hint3.ts`;
 *   an out-of-scope query is right when the triage abstains or says `other`.
 * - `triage-traffic`: the family distribution over 15,671 unlabelled first messages to AmazonHelp,
 *   and the share put in retention_risk (real traffic is not 60% retention risk).
 * - `triage-bitext`: intent and family accuracy on the deterministic 20% Bitext hold-out (no longer
 *   the headline: Bitext is synthetic).
 * Thresholds are the held-out figures measured on this machine less a margin (README, "Triage").
 */
import { stableHash } from "../src/ai/triage/data";
import { formatTriageReport, scoreTriage, type TriageReport } from "../src/ai/triage/evaluate";
import { familyOf } from "../src/ai/triage/families";
import { HINT3_DATASETS } from "../src/ai/triage/hint3";
import { readTrainingParts } from "../src/ai/triage/node-loader";
import { splitHoldout } from "../src/ai/triage/data";
import { trainOfflineClassifier, trainOnParts } from "../src/ai/triage/train";
import { buildCorpus } from "../src/ai/triage/corpus";
import { INTENT_FAMILIES, type Intent, type IntentFamily, type LabelledText, type TicketClassifier, type Triage } from "../src/ai/triage/types";
import type { SuiteResult } from "./suites";
import { readAmazonHelpTraffic, readHint3Test, readLabelledTweets, type LabelledTweet } from "./triage-data";

/**
 * The gates of `triage-real`: the figures measured on the 400 held-out tweets (README, "Triage":
 * family accuracy 54.8%, macro-F1 0.458, retention_risk 1.3% of messages at precision 80.0% (4 of
 * 5), retention_signal recall 47.4% (9 of 19), sentiment 71.8%, language 98.8%, ECE 0.124) less a
 * small margin (about one message for the small counts), so a change that makes triage worse on
 * real text fails CI. The at-most-3% share in retention_risk is the target, not a
 * measured figure. The targets for family accuracy (0.65), retention_signal recall (0.5)
 * and sentiment (0.75) are not reached yet; the README says so.
 */
export const TRIAGE_REAL_GATES = {
  familyAccuracy: 0.52,
  macroF1: 0.43,
  maxRetentionShare: 0.03,
  retentionPrecision: 0.6,
  retentionSignalRecall: 0.4,
  sentimentAccuracy: 0.69,
  languageAccuracy: 0.97,
  maxEce: 0.15,
};
/** HINT3 measured 65.6% (sofmattress 71.0%, curekart 63.5%). */
export const TRIAGE_HINT3_GATE = 0.63;
/** The target; measured 1.3% of the AmazonHelp traffic. */
export const TRIAGE_TRAFFIC_MAX_RETENTION_SHARE = 0.03;
/**
 * Measured 96.0% intent and 97.6% family accuracy (98.2% / 99.0% before our written examples
 * joined the corpus; the naive Bayes: 98.5% intent accuracy).
 */
export const TRIAGE_BITEXT_GATES = { intentAccuracy: 0.94, familyAccuracy: 0.96 };

/** A retention probability at or above this counts as evidence (the policy's default). */
const RETENTION_THRESHOLD = 0.5;

async function classifyAll(classifier: TicketClassifier, texts: readonly string[]): Promise<Triage[]> {
  const out: Triage[] = [];
  for (const text of texts) out.push(await classifier.classify(text));
  return out;
}

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);

/** Check each gate; returns the failures in words. */
function gate(r: TriageReport, g: typeof TRIAGE_REAL_GATES): string[] {
  const out: string[] = [];
  const atLeast = (name: string, got: number | null, min: number) => {
    if (got === null || got < min) out.push(`${name} ${pct(got)} < ${pct(min)}`);
  };
  atLeast("family accuracy", r.familyAccuracy, g.familyAccuracy);
  atLeast("macro-F1", r.macroF1, g.macroF1);
  if (r.retentionShare > g.maxRetentionShare) out.push(`retention_risk share ${pct(r.retentionShare)} > ${pct(g.maxRetentionShare)}`);
  if (r.retentionShare > 0) atLeast("retention_risk precision", r.retentionPrecision, g.retentionPrecision);
  atLeast("retention_signal recall", r.retentionSignalRecall, g.retentionSignalRecall);
  atLeast("sentiment accuracy", r.sentimentAccuracy, g.sentimentAccuracy);
  atLeast("language accuracy", r.languageAccuracy, g.languageAccuracy);
  if (r.ece > g.maxEce) out.push(`ECE ${r.ece.toFixed(3)} > ${g.maxEce}`);
  return out;
}

/** Tweets as training rows for the cross-validated figure: one intent per family. */
export function asTraining(tweets: readonly LabelledTweet[]): LabelledText[] {
  const intentOf: Record<IntentFamily, Intent> = {
    order_status: "track_order",
    service_complaint: "complaint",
    refund_return: "get_refund",
    cancellation: "cancel_order",
    retention_risk: "considering_leaving",
    product_question: "product_info",
    account_billing: "payment_issue",
    other: "chatter",
  };
  return tweets.map((t) => ({ text: t.text, intent: intentOf[t.family], retention: t.retention === true }));
}

/**
 * The triages of a k-fold cross-validation on the tweets (folds by tweet id hash): each fold is
 * classified by a model trained on the other folds, beside the product corpus unless
 * `product: false`, the tweets' rows weighted `tweetWeight` times their corpus weight (default 1).
 * Evals only; never the product.
 */
export function crossValidatedTriages(tweets: readonly LabelledTweet[], opts: { folds?: number; product?: boolean; tweetWeight?: number } = {}): Triage[] {
  const { folds = 5, product = true, tweetWeight = 1 } = opts;
  const parts = product ? readTrainingParts() : {};
  const triages: Triage[] = new Array(tweets.length);
  for (let f = 0; f < folds; f++) {
    const inFold = (t: LabelledTweet) => stableHash(t.id) % folds === f;
    const rows = buildCorpus({ ...parts, extra: asTraining(tweets.filter((t) => !inFold(t))) });
    const model = trainOfflineClassifier(rows.map((r) => (r.source === "extra" ? { ...r, weight: r.weight * tweetWeight } : r)));
    tweets.forEach((t, i) => {
      if (inFold(t)) triages[i] = model.classifySync(t.text);
    });
  }
  return triages;
}

/** 5-fold cross-validation on the tweets with the product corpus (`crossValidatedTriages`), scored. */
export function crossValidatedTweets(tweets: readonly LabelledTweet[], folds = 5): TriageReport {
  return scoreTriage(tweets, crossValidatedTriages(tweets, { folds }), RETENTION_THRESHOLD);
}

/** triage-real: the labelled tweets, all held out from the product model. */
export async function triageRealSuite(
  classifier: TicketClassifier,
  opts: { gates?: typeof TRIAGE_REAL_GATES; kfold?: boolean } = {},
): Promise<SuiteResult & { report: TriageReport }> {
  const gates = opts.gates ?? TRIAGE_REAL_GATES;
  const tweets = readLabelledTweets();
  const report = scoreTriage(
    tweets,
    await classifyAll(
      classifier,
      tweets.map((t) => t.text),
    ),
    RETENTION_THRESHOLD,
  );
  const failures = gate(report, gates);
  const lines = [formatTriageReport(report, `${classifier.name} on the 400 labelled tweets, none trained on`)];
  if (opts.kfold) {
    const cv = crossValidatedTweets(tweets);
    lines.push(
      `  5-fold cross-validation with the other folds in training (evals only): family accuracy ${pct(cv.familyAccuracy)}, macro-F1 ${cv.macroF1.toFixed(3)}, retention_risk ${pct(cv.retentionShare)} at precision ${pct(cv.retentionPrecision)}, retention_signal recall ${pct(cv.retentionSignalRecall)}, ECE ${cv.ece.toFixed(3)}`,
    );
  }
  if (failures.length) lines.push(`  below the gates: ${failures.join("; ")}`);
  return {
    suite: "triage-real (tweets)",
    cases: report.n,
    passed: Math.round(report.familyAccuracy * report.n),
    score: report.familyAccuracy,
    metric: "family accuracy",
    threshold: gates.familyAccuracy,
    ok: failures.length === 0,
    details: [],
    extra: lines.join("\n"),
    report,
  };
}

/** triage-hint3: real e-commerce chatbot queries; out of scope is right when unclear or `other`. */
export async function triageHint3Suite(classifier: TicketClassifier, threshold = TRIAGE_HINT3_GATE): Promise<SuiteResult> {
  const lines: string[] = [];
  let right = 0;
  let total = 0;
  for (const dataset of HINT3_DATASETS) {
    const cases = readHint3Test(dataset);
    const triages = await classifyAll(
      classifier,
      cases.map((c) => c.text),
    );
    const inScope = cases.filter((c) => c.family !== null).length;
    let inRight = 0;
    let outRight = 0;
    cases.forEach((c, i) => {
      const t = triages[i]!;
      if (c.family === null ? t.unclear || t.family === "other" : t.family === c.family) c.family === null ? outRight++ : inRight++;
    });
    right += inRight + outRight;
    total += cases.length;
    lines.push(
      `  ${dataset}: ${pct((inRight + outRight) / cases.length)} of ${cases.length}; in scope ${pct(inRight / inScope)} of ${inScope}; out of scope answered unclear or other ${pct(outRight / (cases.length - inScope))} of ${cases.length - inScope}`,
    );
  }
  const score = right / total;
  return {
    suite: "triage-hint3",
    cases: total,
    passed: right,
    score,
    metric: "accuracy",
    threshold,
    ok: score >= threshold,
    details: [],
    extra: lines.join("\n"),
  };
}

/** triage-traffic: how real, unlabelled traffic is distributed; at most 3% may land in retention_risk. */
export async function triageTrafficSuite(classifier: TicketClassifier, maxShare = TRIAGE_TRAFFIC_MAX_RETENTION_SHARE): Promise<SuiteResult> {
  let texts = readAmazonHelpTraffic();
  // A model classifier pays per message: a fixed sample of 500 is enough for a distribution.
  if (classifier.name.startsWith("llm:")) texts = texts.filter((t) => stableHash(t) % 31 === 0).slice(0, 500);
  const triages = await classifyAll(classifier, texts);
  const counts = new Map<string, number>(INTENT_FAMILIES.map((f) => [f, 0]));
  let unclear = 0;
  for (const t of triages) {
    counts.set(t.family, counts.get(t.family)! + 1);
    if (t.unclear) unclear++;
  }
  const share = counts.get("retention_risk")! / triages.length;
  const dist = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([f, n]) => `${f} ${pct(n / triages.length)}`)
    .join(", ");
  return {
    suite: "triage-traffic",
    cases: triages.length,
    passed: triages.length - counts.get("retention_risk")!,
    score: share,
    metric: "retention_risk share (at most)",
    threshold: maxShare,
    ok: share <= maxShare,
    details: [],
    extra: `  ${dist} (unclear ${pct(unclear / triages.length)} of all)`,
  };
}

/** triage-bitext: intent and family accuracy on the 20% Bitext hold-out, product corpus otherwise. */
export function triageBitextSuite(gates = TRIAGE_BITEXT_GATES): SuiteResult {
  const parts = readTrainingParts();
  const { train, holdout } = splitHoldout(parts.bitext);
  const model = trainOnParts({ ...parts, bitext: train });
  let intent = 0;
  let family = 0;
  for (const r of holdout) {
    const t = model.classifySync(r.text);
    if (t.intent === r.intent) intent++;
    if (t.family === familyOf(r.intent)) family++;
  }
  const ia = intent / holdout.length;
  const fa = family / holdout.length;
  return {
    suite: "triage-bitext (hold-out)",
    cases: holdout.length,
    passed: intent,
    score: ia,
    metric: "intent accuracy",
    threshold: gates.intentAccuracy,
    ok: ia >= gates.intentAccuracy && fa >= gates.familyAccuracy,
    details: [],
    extra: `  intent accuracy ${pct(ia)}, family accuracy ${pct(fa)} (gate ${pct(gates.familyAccuracy)}) on the deterministic 20% Bitext hold-out (synthetic text; the naive Bayes it replaced scored 98.5% intent accuracy here)`,
  };
}
