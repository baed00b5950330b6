/**
 * Figures for a triage classifier on labelled messages: family accuracy and macro-F1, per-family
 * precision and recall, the share put in `retention_risk` and its precision against the
 * `retention_signal` label, retention-signal recall, sentiment and language accuracy, abstention
 * rate, and calibration (ECE and the reliability table, `calibration.ts`). Pure: the eval suites
 * read the files and call this.
 */
import { reliability, type ReliabilityBin } from "./calibration";
import { INTENT_FAMILIES, type IntentFamily, type Triage } from "./types";

/** One labelled message. Optional labels are scored only where present. */
export interface TriageCase {
  text: string;
  family: IntentFamily;
  /** True when the message signals leaving, cancelling, switching, or objects to price or value. */
  retention?: boolean;
  sentiment?: string;
  language?: string;
}

export interface FamilyScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose gold family is this one. */
  support: number;
  /** Rows predicted as this family. */
  predicted: number;
}

export interface TriageReport {
  n: number;
  /** Share of rows whose triage family equals the gold family (an unclear triage answers `other`). */
  familyAccuracy: number;
  /** Unweighted mean F1 over the families that occur as gold labels. */
  macroF1: number;
  perFamily: Partial<Record<IntentFamily, FamilyScores>>;
  /** Share of rows the classifier abstained on (`unclear`). */
  abstention: number;
  /** Family accuracy on the rows it did not abstain on. */
  answeredAccuracy: number;
  /** Share of rows put in retention_risk, and how many of those carry the retention label. */
  retentionShare: number;
  retentionPrecision: number | null;
  /** Share of retention-labelled rows with retention evidence (probability >= threshold or a phrase). */
  retentionSignalRecall: number | null;
  /** Share of rows with retention evidence that carry the label. */
  retentionSignalPrecision: number | null;
  sentimentAccuracy: number | null;
  languageAccuracy: number | null;
  /** Expected calibration error of `confidence` against "the top-ranked family is right". */
  ece: number;
  reliability: ReliabilityBin[];
  /** confusion[gold][predicted] = count. */
  confusion: Partial<Record<IntentFamily, Partial<Record<IntentFamily, number>>>>;
}

/** The family the model ranked first: the triage's family, or for an unclear triage its best guess. */
export function rankedFamily(t: Triage): IntentFamily {
  return t.unclear ? (t.runner_up && t.confidence === t.runner_up.confidence ? t.runner_up.family : "other") : t.family;
}

/**
 * Score triages against their cases (same order, same length).
 * @param retentionThreshold a retention probability at or above this counts as evidence
 * @throws Error when the lists differ in length or are empty
 */
export function scoreTriage(cases: readonly TriageCase[], triages: readonly Triage[], retentionThreshold: number): TriageReport {
  if (cases.length === 0 || cases.length !== triages.length) throw new Error(`scoreTriage: ${cases.length} cases, ${triages.length} triages`);
  const n = cases.length;
  const confusion: TriageReport["confusion"] = {};
  let correct = 0;
  let abstained = 0;
  let answeredRight = 0;
  let retentionPredicted = 0;
  let retentionRight = 0;
  let signalGold = 0;
  let signalFound = 0;
  let evidenceRows = 0;
  let evidenceRight = 0;
  let sentimentN = 0;
  let sentimentRight = 0;
  let languageN = 0;
  let languageRight = 0;
  const pairs: { confidence: number; correct: boolean }[] = [];
  cases.forEach((c, i) => {
    const t = triages[i]!;
    const row = (confusion[c.family] ??= {});
    row[t.family] = (row[t.family] ?? 0) + 1;
    if (t.family === c.family) correct++;
    if (t.unclear) abstained++;
    else if (t.family === c.family) answeredRight++;
    pairs.push({ confidence: t.confidence, correct: rankedFamily(t) === c.family });
    if (t.family === "retention_risk") {
      retentionPredicted++;
      if (c.retention) retentionRight++;
    }
    const evidence = t.retention.probability >= retentionThreshold || t.retention.evidence.length > 0;
    if (evidence) {
      evidenceRows++;
      if (c.retention) evidenceRight++;
    }
    if (c.retention) {
      signalGold++;
      if (evidence) signalFound++;
    }
    if (c.sentiment !== undefined) {
      sentimentN++;
      if (t.sentiment.label === c.sentiment) sentimentRight++;
    }
    if (c.language !== undefined) {
      languageN++;
      if (t.language === c.language) languageRight++;
    }
  });
  const perFamily: TriageReport["perFamily"] = {};
  for (const family of INTENT_FAMILIES) {
    const support = cases.filter((c) => c.family === family).length;
    const predicted = triages.filter((t) => t.family === family).length;
    if (support === 0 && predicted === 0) continue;
    const tp = cases.filter((c, i) => c.family === family && triages[i]!.family === family).length;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    perFamily[family] = { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support, predicted };
  }
  const golds = Object.values(perFamily).filter((s) => s.support > 0);
  const { ece, bins } = reliability(pairs);
  return {
    n,
    familyAccuracy: correct / n,
    macroF1: golds.reduce((a, s) => a + s.f1, 0) / golds.length,
    perFamily,
    abstention: abstained / n,
    answeredAccuracy: n === abstained ? 0 : answeredRight / (n - abstained),
    retentionShare: retentionPredicted / n,
    retentionPrecision: retentionPredicted === 0 ? null : retentionRight / retentionPredicted,
    retentionSignalRecall: signalGold === 0 ? null : signalFound / signalGold,
    retentionSignalPrecision: evidenceRows === 0 ? null : evidenceRight / evidenceRows,
    sentimentAccuracy: sentimentN === 0 ? null : sentimentRight / sentimentN,
    languageAccuracy: languageN === 0 ? null : languageRight / languageN,
    ece,
    reliability: bins,
    confusion,
  };
}

const pct = (x: number | null) => (x === null ? "  n/a" : `${(x * 100).toFixed(1)}%`);

/** A plain-text table of a report, for the eval runner's output. */
export function formatTriageReport(r: TriageReport, title: string): string {
  const lines = [
    `${title} (n=${r.n})`,
    `  family accuracy ${pct(r.familyAccuracy)}  macro-F1 ${r.macroF1.toFixed(3)}  abstained ${pct(r.abstention)} (accuracy when answered ${pct(r.answeredAccuracy)})`,
    `  retention_risk: ${pct(r.retentionShare)} of messages, precision ${pct(r.retentionPrecision)} against retention_signal; retention_signal recall ${pct(r.retentionSignalRecall)}, evidence precision ${pct(r.retentionSignalPrecision)}`,
    `  sentiment accuracy ${pct(r.sentimentAccuracy)}  language accuracy ${pct(r.languageAccuracy)}  ECE ${r.ece.toFixed(3)}`,
    "  family               P       R     F1  gold  predicted",
  ];
  for (const [family, s] of Object.entries(r.perFamily)) {
    lines.push(
      `  ${family.padEnd(18)} ${pct(s.precision).padStart(6)} ${pct(s.recall).padStart(6)} ${s.f1.toFixed(2).padStart(6)} ${String(s.support).padStart(5)} ${String(s.predicted).padStart(10)}`,
    );
  }
  lines.push("  reliability (confidence bin: rows, mean confidence, accuracy of the top-ranked family)");
  for (const b of r.reliability) {
    if (b.n === 0) continue;
    lines.push(`    ${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${String(b.n).padStart(4)}  ${b.confidence.toFixed(2)}  ${b.accuracy.toFixed(2)}`);
  }
  return lines.join("\n");
}
