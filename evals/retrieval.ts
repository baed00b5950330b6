/**
 * Retrieval eval: real customer questions, each labelled with the help article (and, where one
 * section answers it, the section) that answers it, or with none (a question no article answers).
 *
 * Cases are `evals/cases/retrieval.jsonl`. Their text comes from the shared real-support data at
 * run time: TWCS tweets (CC BY-NC-SA 4.0, evaluation only, never copied into this repository) are
 * referenced by tweet id or row id; HINT3 queries (ODbL 1.0, hellohaptik/HINT3 `dataset/v2`) are
 * copied with their file and row, and checked against the file. The six tickets of issue 15 are
 * written out. The first 151 cases are split half and half, per source and per answerable/negative,
 * into `dev` (looked at while building the thesaurus and choosing the ranking parameters and
 * threshold; 76) and `test` (held out: the gate; 75). 106 more `dev` cases (ids `dev2-`, 91
 * answerable, 15 negatives) were labelled later by reading the articles, not from the retriever's
 * output, so that retrieval can be tuned on more data without reading the held-out split: 51 HINT3
 * queries from the `train` files (26 curekart, 25 sofmattress; never rows of the test files) and 55
 * TWCS tweets (34 AmazonHelp first queries by row id, 21 inbound starters by tweet id), none a row
 * or a text of an earlier case. In all: 257 cases, 182 dev and 75 test.
 *
 * Metrics, at article level (the first passage of an accepted article): recall@1, recall@3, MRR;
 * section recall@3 where a section is labelled; for negatives the share whose best score stays
 * below the answer threshold, for positives the share whose right first hit clears it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { KnowledgeSearchResult } from "../src/knowledge/types";

export const REAL_SUPPORT_DIR = path.resolve(import.meta.dirname, "../../shared/data/real-support");
const CASES_FILE = path.resolve(import.meta.dirname, "cases/retrieval.jsonl");

export interface RetrievalCase {
  id: string;
  source: "issue" | "twcs" | "hint3";
  /** Accepted articles (the first is the best); [] for a question no article answers. */
  articles: string[];
  /** Accepted section anchors, when one section answers. */
  sections?: string[];
  split: "dev" | "test";
  text?: string;
  file?: string;
  tweet_id?: string;
  row_id?: string;
  row?: number;
}

export interface LoadedCase extends RetrievalCase {
  text: string;
}

const csvCache = new Map<string, Array<Record<string, string>>>();
function csvRows(file: string): Array<Record<string, string>> {
  let rows = csvCache.get(file);
  if (!rows) {
    rows = parse(readFileSync(path.join(REAL_SUPPORT_DIR, file)), { columns: true, skip_empty_lines: true, relax_quotes: true }) as Array<
      Record<string, string>
    >;
    csvCache.set(file, rows);
  }
  return rows;
}

/**
 * The cases with their text.
 * @throws Error naming a case whose tweet or row is missing, or whose copied HINT3 text no longer matches its file
 */
export function loadRetrievalCases(): LoadedCase[] {
  const lines = readFileSync(CASES_FILE, "utf8")
    .split("\n")
    .filter((l) => l.trim());
  return lines.map((line, i) => {
    const c = JSON.parse(line) as RetrievalCase;
    if (c.source === "twcs") {
      const key = c.tweet_id !== undefined ? "tweet_id" : "id";
      const want = c.tweet_id ?? c.row_id;
      const row = csvRows(c.file!).find((r) => r[key] === want);
      if (!row?.text) throw new Error(`retrieval case ${c.id} (line ${i + 1}): ${c.file} has no row with ${key} ${want}`);
      return { ...c, text: row.text };
    }
    if (c.source === "hint3") {
      const row = csvRows(c.file!)[c.row!];
      if (row?.sentence?.trim() !== c.text) throw new Error(`retrieval case ${c.id}: ${c.file} row ${c.row} is not the copied text`);
    }
    return { ...c, text: c.text! };
  });
}

export interface CaseOutcome {
  id: string;
  source: string;
  split: string;
  negative: boolean;
  /** 1-based rank of the first passage from an accepted article; null if not in the hits. */
  rank: number | null;
  /** 1-based rank of the first passage in an accepted section; null if not labelled or not found. */
  sectionRank: number | null;
  topScore: number;
  answerable: boolean;
  top: string[];
}

export interface Metrics {
  positives: number;
  negatives: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  /** Over the positives that label a section. */
  sectionRecallAt3: number;
  sectionCases: number;
  /** Positives whose first hit is right and clears the threshold. */
  answeredRight: number;
  /** Negatives whose best hit stays below the threshold. */
  negativesRejected: number;
}

export type Search = (text: string) => Promise<KnowledgeSearchResult>;

/** Runs every case through `search` (asking for 10 hits). */
export async function runRetrieval(cases: readonly LoadedCase[], search: Search): Promise<CaseOutcome[]> {
  const out: CaseOutcome[] = [];
  for (const c of cases) {
    const r = await search(c.text);
    const ids = r.hits.map((h) => h.passage);
    const i = ids.findIndex((p) => c.articles.includes(p.articleId));
    const s = c.sections ? ids.findIndex((p) => c.articles.includes(p.articleId) && c.sections!.includes(p.anchor)) : -1;
    out.push({
      id: c.id,
      source: c.source,
      split: c.split,
      negative: c.articles.length === 0,
      rank: i < 0 ? null : i + 1,
      sectionRank: s < 0 ? null : s + 1,
      topScore: r.hits[0]?.score ?? 0,
      answerable: r.answerable,
      top: ids.slice(0, 3).map((p) => p.id),
    });
  }
  return out;
}

/** Aggregates outcomes (all of them, or a split or a source selected first). */
export function metrics(outcomes: readonly CaseOutcome[], sections: ReadonlyMap<string, boolean>): Metrics {
  const pos = outcomes.filter((o) => !o.negative);
  const neg = outcomes.filter((o) => o.negative);
  const share = (n: number, d: number) => (d ? n / d : 0);
  const withSection = pos.filter((o) => sections.get(o.id));
  return {
    positives: pos.length,
    negatives: neg.length,
    recallAt1: share(pos.filter((o) => o.rank === 1).length, pos.length),
    recallAt3: share(pos.filter((o) => o.rank !== null && o.rank <= 3).length, pos.length),
    mrr: share(
      pos.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0),
      pos.length,
    ),
    sectionRecallAt3: share(withSection.filter((o) => o.sectionRank !== null && o.sectionRank <= 3).length, withSection.length),
    sectionCases: withSection.length,
    answeredRight: share(pos.filter((o) => o.rank === 1 && o.answerable).length, pos.length),
    negativesRejected: share(neg.filter((o) => !o.answerable).length, neg.length),
  };
}

/** One line of the figures table. */
export function formatMetrics(label: string, m: Metrics): string {
  const f = (x: number) => x.toFixed(3);
  return `${label.padEnd(18)} ${String(m.positives).padStart(4)} ${String(m.negatives).padStart(4)}  ${f(m.recallAt1)}  ${f(m.recallAt3)}  ${f(m.mrr)}  ${m.sectionCases ? f(m.sectionRecallAt3) : "  -  "}  ${m.positives ? f(m.answeredRight) : "  -  "}  ${m.negatives ? f(m.negativesRejected) : "  -  "}`;
}

export const METRICS_HEADER = "                    pos  neg  r@1    r@3    MRR    sec@3  answered  negatives rejected";

/** The report: overall, per split, per source of question (held-out split and all). */
export function retrievalReport(cases: readonly LoadedCase[], outcomes: readonly CaseOutcome[]): { test: Metrics; dev: Metrics; lines: string[] } {
  const sections = new Map(cases.map((c) => [c.id, !!c.sections?.length]));
  const pick = (f: (o: CaseOutcome) => boolean) => metrics(outcomes.filter(f), sections);
  const test = pick((o) => o.split === "test");
  const dev = pick((o) => o.split === "dev");
  const lines = [
    METRICS_HEADER,
    formatMetrics("test (held out)", test),
    formatMetrics("dev", dev),
    formatMetrics(
      "all",
      pick(() => true),
    ),
  ];
  for (const src of [...new Set(outcomes.map((o) => o.source))])
    lines.push(
      formatMetrics(
        `  ${src}, all`,
        pick((o) => o.source === src),
      ),
    );
  return { test, dev, lines };
}
