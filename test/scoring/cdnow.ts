import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Transaction } from "../../src/scoring/summary";

/** Shared data folder: `../shared/data` relative to the project root (vitest's cwd). */
export const DATA = resolve(process.cwd(), "../shared/data/cdnow");

/** The CDNOW 2,357-customer cohort as transactions; dollars become cents; id = sample_id as a number string. */
export function loadCdnowSample(): Transaction[] {
  const text = readFileSync(resolve(DATA, "CDNOW_sample.txt"), "utf8");
  const out: Transaction[] = [];
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const d = f[2]!;
    out.push({
      customerId: String(Number(f[1])),
      at: new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)))),
      amount: Math.round(Number(f[4]) * 100),
    });
  }
  return out;
}

export interface PublishedRow {
  id: string;
  x: number;
  t_x: number;
  T: number;
  zbar: number;
}

/** `cdnow_customers_summary_with_transactions.csv`: ID,x,t_x,T,zbar (weeks, dollars). */
export function loadPublishedSummary(): PublishedRow[] {
  const text = readFileSync(resolve(DATA, "cdnow_customers_summary_with_transactions.csv"), "utf8");
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => {
      const [id = "", x, t_x, T, zbar] = l.split(",");
      return { id, x: Number(x), t_x: Number(t_x), T: Number(T), zbar: Number(zbar) };
    });
}

/** End of the 39-week calibration period (inclusive). */
export const CDNOW_AS_OF = new Date(Date.UTC(1997, 8, 30));
