import { familyOf } from "./families";
import type { Intent, LabelledText, TicketClassifier } from "./types";

export interface IntentScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose gold label is this intent. */
  support: number;
}

/** Result of `evaluate`. Fractions are 0..1. */
export interface TriageEvalReport {
  classifier: string;
  /** Rows evaluated. */
  n: number;
  accuracy: number;
  /** Unweighted mean of per-intent F1 over the intents that occur as gold labels. */
  macroF1: number;
  /** Share of rows whose predicted intent falls in the gold intent's family. */
  familyAccuracy: number;
  perIntent: Partial<Record<Intent, IntentScores>>;
  /** confusion[gold][predicted] = count; only non-zero cells. */
  confusion: Partial<Record<Intent, Partial<Record<Intent, number>>>>;
}

/**
 * Score a classifier on labelled rows: accuracy, macro-F1, per-intent precision/recall/F1 and the
 * confusion counts. Classifies the rows one by one, in order. Throws if `rows` is empty.
 */
export async function evaluate(classifier: TicketClassifier, rows: readonly LabelledText[]): Promise<TriageEvalReport> {
  if (rows.length === 0) throw new Error("evaluate: no rows");
  const confusion: Partial<Record<Intent, Partial<Record<Intent, number>>>> = {};
  const tp = new Map<Intent, number>();
  const predicted = new Map<Intent, number>();
  const gold = new Map<Intent, number>();
  let correct = 0;
  let familyCorrect = 0;
  for (const row of rows) {
    const { intent } = await classifier.classify(row.text);
    const cell = (confusion[row.intent] ??= {});
    cell[intent] = (cell[intent] ?? 0) + 1;
    gold.set(row.intent, (gold.get(row.intent) ?? 0) + 1);
    predicted.set(intent, (predicted.get(intent) ?? 0) + 1);
    if (intent === row.intent) {
      correct++;
      tp.set(intent, (tp.get(intent) ?? 0) + 1);
    }
    if (familyOf(intent) === familyOf(row.intent)) familyCorrect++;
  }
  const perIntent: Partial<Record<Intent, IntentScores>> = {};
  for (const [intent, support] of [...gold].sort((a, b) => a[0].localeCompare(b[0]))) {
    const t = tp.get(intent) ?? 0;
    const p = predicted.get(intent) ?? 0;
    const precision = p === 0 ? 0 : t / p;
    const recall = t / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perIntent[intent] = { precision, recall, f1, support };
  }
  const f1s = Object.values(perIntent).map((s) => s.f1);
  return {
    classifier: classifier.name,
    n: rows.length,
    accuracy: correct / rows.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length,
    familyAccuracy: familyCorrect / rows.length,
    perIntent,
    confusion,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * A plain-text table of an eval report: headline figures, then per-intent F1 (worst first) and the
 * most frequent confusions. `title` names the data set. For the eval suite's console output.
 */
export function formatTriageEval(report: TriageEvalReport, title = "held-out"): string {
  const lines = [
    `triage eval (${report.classifier}, ${title}, n=${report.n})`,
    `  accuracy        ${pct(report.accuracy)}`,
    `  macro-F1        ${pct(report.macroF1)}`,
    `  family accuracy ${pct(report.familyAccuracy)}`,
    "",
    "  intent                      P       R       F1   support",
  ];
  const rows = Object.entries(report.perIntent).sort((a, b) => a[1].f1 - b[1].f1 || a[0].localeCompare(b[0]));
  for (const [intent, s] of rows) {
    lines.push(`  ${intent.padEnd(26)} ${pct(s.precision).padStart(6)} ${pct(s.recall).padStart(7)} ${pct(s.f1).padStart(7)} ${String(s.support).padStart(6)}`);
  }
  const errors: [string, number][] = [];
  for (const [g, row] of Object.entries(report.confusion)) {
    for (const [p, count] of Object.entries(row)) if (p !== g) errors.push([`${g} -> ${p}`, count]);
  }
  errors.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (errors.length > 0) {
    lines.push("", "  top confusions (gold -> predicted)");
    for (const [pair, count] of errors.slice(0, 8)) lines.push(`  ${String(count).padStart(4)}  ${pair}`);
  }
  return lines.join("\n");
}
