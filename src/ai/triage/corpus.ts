/**
 * The training corpus of the offline classifier: where each row comes from and how much it counts.
 * Pure: the Node loader reads the files and passes their parsed rows in.
 *
 * Sources and weights (a weight multiplies a row's loss):
 * - Bitext (`../shared/data/bitext`, CDLA-Sharing-1.0): 3,354 synthetic, templated rows. Useful
 *   vocabulary for the Bitext intents, but its style is not how customers write, so each row
 *   counts 0.15, a judgement call (without Bitext our 80 tuning tweets read slightly worse: 43.8%
 *   family accuracy against 45.0%).
 * - HINT3 sofmattress + curekart train sets (ODbL): real chatbot queries, mapped by `hint3.ts`.
 *   Weight 1.
 * - Our own examples (`examples/`): real-customer style, every family, five languages. Weight 1.5,
 *   since they are the only rows in that style and the only ones for some intents.
 * - Our written examples (`examples/written/*.jsonl`): first messages to support in eight sectors,
 *   each labelled with family, intent, retention and sentiment by its writer, who saw none of the
 *   real-support data. Weight 1.5, as our other examples; the only rows with a sentiment label, so
 *   they alone train the sentiment head. Not used to fit the temperatures (see `train.ts`).
 * - Optionally extra rows (the eval suite adds tweet folds for its cross-validated figure; the
 *   product never does). Weight 1.5.
 * Then each family's total weight is pulled halfway towards the mean (weights scaled by
 * sqrt(mean / family total)), so the large Bitext families do not drown the rare ones.
 */
import { familyOf } from "./families";
import type { IntentFamily, LabelledText } from "./types";

export type CorpusSource = "bitext" | "hint3" | "own" | "written" | "extra";

export interface CorpusRow extends LabelledText {
  source: CorpusSource;
  /** Multiplies the row's loss; set by `buildCorpus`. */
  weight: number;
}

export const SOURCE_WEIGHTS: Readonly<Record<CorpusSource, number>> = { bitext: 0.15, hint3: 1, own: 1.5, written: 1.5, extra: 1.5 };

/** Assemble and weight the corpus (see the module comment). Rows with identical text keep the first label. */
export function buildCorpus(parts: Partial<Record<CorpusSource, readonly LabelledText[]>>): CorpusRow[] {
  const seen = new Set<string>();
  const rows: CorpusRow[] = [];
  for (const source of ["own", "written", "extra", "hint3", "bitext"] as const) {
    for (const r of parts[source] ?? []) {
      const key = r.text.trim().toLowerCase();
      if (key === "" || seen.has(key)) continue;
      seen.add(key);
      rows.push({ ...r, source, weight: SOURCE_WEIGHTS[source] });
    }
  }
  const totals = new Map<IntentFamily, number>();
  for (const r of rows) totals.set(familyOf(r.intent), (totals.get(familyOf(r.intent)) ?? 0) + r.weight);
  const mean = [...totals.values()].reduce((a, b) => a + b, 0) / Math.max(1, totals.size);
  for (const r of rows) r.weight *= Math.sqrt(mean / totals.get(familyOf(r.intent))!);
  return rows;
}
