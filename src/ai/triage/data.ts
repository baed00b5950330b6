import { parse } from "csv-parse/sync";
import { BITEXT_INTENTS, type Intent, type LabelledText } from "./types";

const BITEXT_INTENT_SET: ReadonlySet<string> = new Set(BITEXT_INTENTS);

/**
 * Parse the Bitext intents CSV (header `instruction,category,intent`, RFC 4180 quoting) into
 * labelled texts. Source: bitext/customer-support-llm-chatbot-training-dataset (CDLA-Sharing-1.0),
 * copied to `shared/data/bitext/intents-train.csv`.
 *
 * Throws if a column is missing or a row names an intent outside `BITEXT_INTENTS`; blank
 * instructions are skipped.
 */
export function loadBitext(csvText: string): LabelledText[] {
  const records = parse(csvText, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const rows: LabelledText[] = [];
  for (const [i, r] of records.entries()) {
    if (r.instruction === undefined || r.intent === undefined) {
      throw new Error(`bitext CSV row ${i + 2}: expected columns instruction,category,intent`);
    }
    if (!BITEXT_INTENT_SET.has(r.intent)) throw new Error(`bitext CSV row ${i + 2}: unknown intent "${r.intent}"`);
    if (r.instruction === "") continue;
    rows.push({ text: r.instruction, intent: r.intent as Intent });
  }
  return rows;
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units; stable across runs and platforms. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Deterministic train/holdout split, stratified by intent: within each intent, rows are ordered by
 * `stableHash(text)` and the lowest `fraction` go to the holdout. Rows with identical text share a
 * hash and therefore a side, so no duplicate leaks across. Order inside each side follows the input.
 *
 * Throws unless 0 < fraction < 1.
 */
export function splitHoldout<T extends LabelledText>(rows: readonly T[], fraction = 0.2): { train: T[]; holdout: T[] } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`splitHoldout: fraction must be in (0, 1), got ${fraction}`);
  const hashed = rows.map((r) => ({ row: r, hash: stableHash(r.text) }));
  const byIntent = new Map<string, number[]>();
  for (const { row, hash } of hashed) {
    const list = byIntent.get(row.intent) ?? [];
    list.push(hash);
    byIntent.set(row.intent, list);
  }
  const cutoff = new Map<string, number>();
  for (const [intent, hs] of byIntent) {
    hs.sort((a, b) => a - b);
    const k = Math.round(hs.length * fraction);
    cutoff.set(intent, k === 0 ? -1 : (hs[k - 1] ?? -1));
  }
  const train: T[] = [];
  const holdout: T[] = [];
  for (const { row, hash } of hashed) (hash <= (cutoff.get(row.intent) ?? -1) ? holdout : train).push(row);
  return { train, holdout };
}
