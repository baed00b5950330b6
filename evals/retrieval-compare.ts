/**
 * `npx tsx evals/retrieval-compare.ts`: the retrieval eval (evals/retrieval.ts) for our ranker and
 * for the alternatives it was measured against, on the same passages (PGlite, the demo knowledge):
 *
 * - `pg websearch`: PostgreSQL `websearch_to_tsquery` (every word required) ranked by `ts_rank_cd`;
 * - `pg or-words`: the question's words OR-ed (`to_tsquery`), ranked by `ts_rank_cd` with the same
 *   field weights (normalisation 32), no correction or expansion;
 * - `minisearch`: MiniSearch 7 (BM25+, fuzzy 0.2, prefix, OR, boosts title 2, section 3, tags 1),
 *   over the same passages in memory;
 * - `ours`: src/knowledge (BM25F over the tsvectors, rewrites, correction outside the dictionary,
 *   thesaurus, prefixes, body-only words damped), wired as the service is.
 *
 * Prints recall@1, recall@3 and MRR per split. Our answer threshold is ours alone: the others'
 * scores have no common scale, so their negatives are not reported.
 */
import MiniSearch from "minisearch";
import { sql } from "drizzle-orm";
import { openDb } from "../src/db/client";
import type { Db } from "../src/db/types";
import { MarkdownFolderSource } from "../src/knowledge/markdown-node";
import { words } from "../src/knowledge/query";
import { nodeDictionaries } from "../src/knowledge/dictionary-node";
import { KnowledgeBase } from "../src/knowledge/service";
import type { KnowledgeSearchResult, Passage } from "../src/knowledge/types";
import { loadRetrievalCases, retrievalReport, runRetrieval, type Search } from "./retrieval";

const rowsOf = <T>(res: unknown): T[] => (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];

interface Row extends Passage {
  tags: string[];
}

async function passages(db: Db): Promise<Row[]> {
  return rowsOf<Record<string, unknown>>(
    await db.execute(sql`select p.id, p.language, p.article_id, p.article_title, p.source, p.position, p.section, p.anchor, p.url, p.text, a.tags
      from knowledge_passages p join knowledge_articles a on a.language = p.language and a.id = p.article_id`),
  ).map((r) => ({
    id: String(r.id),
    language: String(r.language),
    articleId: String(r.article_id),
    articleTitle: String(r.article_title),
    source: String(r.source),
    position: Number(r.position),
    section: r.section as string[],
    anchor: String(r.anchor),
    url: String(r.url),
    text: String(r.text),
    tags: r.tags as string[],
  }));
}

const asResult = (ranked: Passage[]): KnowledgeSearchResult => ({
  hits: ranked.map((passage) => ({ passage, score: 0, answers: false })),
  answerable: false,
  terms: [],
});

function pgSearch(db: Db, byId: Map<string, Row>, mode: "websearch" | "or"): Search {
  return async (text) => {
    const w = words(text).filter((x) => /^[\p{L}\p{N}]+$/u.test(x));
    if (!w.length) return asResult([]);
    const q = mode === "websearch" ? sql`websearch_to_tsquery('english', ${text})` : sql`to_tsquery('english', ${w.join(" | ")})`;
    const rows = rowsOf<{ id: string }>(
      await db.execute(sql`select id from knowledge_passages where language = 'en' and tsv @@ ${q}
        order by ts_rank_cd('{0.33, 0.33, 1.0, 0.67}'::float4[], tsv, ${q}, 32) desc, id limit 10`),
    );
    return asResult(rows.map((r) => byId.get(r.id)!));
  };
}

function miniSearch(rows: Row[]): Search {
  const ms = new MiniSearch<Row & { sectionText: string; tagText: string }>({
    fields: ["articleTitle", "sectionText", "tagText", "text"],
    storeFields: ["id"],
    searchOptions: { boost: { articleTitle: 2, sectionText: 3, tagText: 1 }, fuzzy: 0.2, prefix: true, combineWith: "OR" },
  });
  ms.addAll(rows.map((r) => ({ ...r, sectionText: r.section.join(" "), tagText: r.tags.join(" ") })));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return async (text) =>
    asResult(
      ms
        .search(text)
        .slice(0, 10)
        .map((r) => byId.get(String(r.id))!),
    );
}

const handle = await openDb({ dataDir: ":memory:" });
try {
  await handle.migrate();
  const kb = new KnowledgeBase(handle.db, [new MarkdownFolderSource(new URL("../knowledge", import.meta.url).pathname)], { dictionaries: nodeDictionaries() });
  await kb.index();
  const rows = await passages(handle.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const cases = loadRetrievalCases();
  const systems: Array<[string, Search]> = [
    ["pg websearch", pgSearch(handle.db, byId, "websearch")],
    ["pg or-words", pgSearch(handle.db, byId, "or")],
    ["minisearch", miniSearch(rows)],
    ["ours", (t) => kb.search(t, { limit: 10 })],
  ];
  console.log(`${cases.length} questions (${cases.filter((c) => c.articles.length).length} answerable), ${rows.length} passages`);
  for (const [name, search] of systems) {
    const rep = retrievalReport(cases, await runRetrieval(cases, search));
    console.log(`\n${name}\n${rep.lines.slice(0, 4).join("\n")}`);
  }
} finally {
  await handle.close();
}
