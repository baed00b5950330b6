/**
 * The knowledge base in PostgreSQL (server or PGlite alike): replacing a source's articles and
 * their passages, and the three reads a search makes (the vocabulary for spelling correction,
 * stemmed query words with their document frequencies, and the candidate passages). Queries take
 * the database as their first argument, so they compose with transactions.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { knowledgeArticles, knowledgePassages } from "../db/schema-knowledge";
import { articleHash, textSearchConfig } from "./articles";
import { splitArticle, type SplitPassage } from "./passages";
import { statKey, type Candidate, type CorpusStats } from "./rank";
import type { Article } from "./types";

export interface ReplaceResult {
  source: string;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  passages: number;
}

/** Rows of `db.execute`: postgres.js returns an array, PGlite `{ rows }`. */
function rowsOf<T>(res: unknown): T[] {
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/** The tsvector of a passage: A title, B headings, C tags and implied terms, D text without link text (schema-knowledge.ts). */
function tsvSql(config: string, p: SplitPassage, tags: string[]) {
  return sql`setweight(to_tsvector(${config}::regconfig, ${p.articleTitle}), 'A')
    || setweight(to_tsvector(${config}::regconfig, ${p.section.join(" \n ")}), 'B')
    || setweight(to_tsvector(${config}::regconfig, ${[...tags, ...p.impliedTerms].join(" \n ")}), 'C')
    || setweight(to_tsvector(${config}::regconfig, ${p.searchText}), 'D')`;
}

/**
 * Makes the index hold exactly `articles` for `source`: new and changed articles (by content hash)
 * are split and written with their passages, articles the source no longer has are deleted with
 * their passages, unchanged ones are not touched. One transaction.
 * @throws Error when an article's `language/id` belongs to another source
 */
export async function replaceSourceArticles(db: DbOrTx, source: string, articles: readonly Article[]): Promise<ReplaceResult> {
  return db.transaction(async (tx) => {
    const stored = await tx
      .select({ language: knowledgeArticles.language, id: knowledgeArticles.id, source: knowledgeArticles.source, hash: knowledgeArticles.contentHash })
      .from(knowledgeArticles);
    const byKey = new Map(stored.map((r) => [`${r.language}/${r.id}`, r]));
    const result: ReplaceResult = { source, added: 0, changed: 0, removed: 0, unchanged: 0, passages: 0 };
    const keep = new Set<string>();
    for (const a of articles) {
      const key = `${a.language}/${a.id}`;
      keep.add(key);
      const hash = articleHash({ ...a, source });
      const old = byKey.get(key);
      if (old && old.source !== source) throw new Error(`knowledge: article ${key} of source ${source} is already indexed from source ${old.source}`);
      if (old?.hash === hash) {
        result.unchanged++;
        continue;
      }
      if (old) {
        result.changed++;
        await tx.delete(knowledgePassages).where(and(eq(knowledgePassages.language, a.language), eq(knowledgePassages.articleId, a.id)));
      } else result.added++;
      const row = { source, title: a.title, url: a.url, tags: a.tags, updated: a.updated, contentHash: hash, indexedAt: new Date() };
      await tx
        .insert(knowledgeArticles)
        .values({ language: a.language, id: a.id, ...row })
        .onConflictDoUpdate({ target: [knowledgeArticles.language, knowledgeArticles.id], set: row });
      const config = textSearchConfig(a.language);
      const passages = splitArticle({ ...a, source });
      if (passages.length)
        await tx.insert(knowledgePassages).values(
          passages.map((p) => ({
            id: p.id,
            language: p.language,
            articleId: p.articleId,
            source,
            position: p.position,
            articleTitle: p.articleTitle,
            section: p.section,
            anchor: p.anchor,
            url: p.url,
            text: p.text,
            tsConfig: config,
            tsv: tsvSql(config, p, a.tags),
          })),
        );
      result.passages += passages.length;
    }
    const gone = stored.filter((r) => r.source === source && !keep.has(`${r.language}/${r.id}`));
    for (const r of gone) await tx.delete(knowledgeArticles).where(and(eq(knowledgeArticles.language, r.language), eq(knowledgeArticles.id, r.id)));
    result.removed = gone.length;
    return result;
  });
}

/**
 * Every word of the language's passages (titles, headings, tags, text), lower-cased as written
 * (PostgreSQL's `simple` configuration), with the number of passages holding it.
 */
export async function vocabulary(db: DbOrTx, language: string): Promise<Map<string, number>> {
  const inner = sql`format('select to_tsvector(''simple'', p.article_title || '' '' || p.section::text || '' '' || a.tags::text || '' '' || p.text) from knowledge_passages p join knowledge_articles a on a.language = p.language and a.id = p.article_id where p.language = %L', ${language}::text)`;
  const rows = rowsOf<{ word: string; ndoc: number }>(await db.execute(sql`select word, ndoc from ts_stat(${inner})`));
  return new Map(rows.filter((r) => /^[\p{L}\p{N}]+$/u.test(r.word)).map((r) => [r.word, Number(r.ndoc)]));
}

/**
 * Stems words with the language's text-search configuration, as the index was.
 * @returns per word its lexemes ([] for a stop word)
 */
export async function stemWords(db: DbOrTx, language: string, words: readonly string[]): Promise<string[][]> {
  if (!words.length) return [];
  const config = textSearchConfig(language);
  const stemmed = rowsOf<{ ord: number; lexemes: string[] | null }>(
    await db.execute(sql`select t.ord::int as ord, array(select lexeme from unnest(to_tsvector(${config}::regconfig, t.w))) as lexemes
      from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) with ordinality as t(w, ord) order by t.ord`),
  );
  const byOrd = new Map(stemmed.map((r) => [Number(r.ord), r.lexemes ?? []]));
  return words.map((_, i) => byOrd.get(i + 1) ?? []);
}

/**
 * Document frequencies of lexemes (keyed by the lexeme) and of prefixes (keyed `prefix*`: the
 * most passages any lexeme with that prefix is in), with the corpus size and mean length.
 */
export async function corpusStats(db: DbOrTx, language: string, lexemes: readonly string[], prefixes: readonly string[]): Promise<CorpusStats> {
  const inner = sql`format('select tsv from knowledge_passages where language = %L', ${language}::text)`;
  const counts = rowsOf<{ n: number; avg: number }>(
    await db.execute(sql`select count(*)::int as n, coalesce(avg(length(tsv)), 0)::float8 as avg from knowledge_passages where language = ${language}`),
  );
  const df = new Map<string, number>();
  if (lexemes.length || prefixes.length) {
    const rows = rowsOf<{ word: string; ndoc: number }>(
      await db.execute(sql`select word, ndoc from ts_stat(${inner}) s
        where word in (select jsonb_array_elements_text(${JSON.stringify([...new Set(lexemes)])}::jsonb))
           or exists (select 1 from jsonb_array_elements_text(${JSON.stringify([...new Set(prefixes)])}::jsonb) p(v) where starts_with(s.word, p.v))`),
    );
    for (const r of rows) {
      const n = Number(r.ndoc);
      if (lexemes.includes(r.word)) df.set(r.word, n);
      for (const p of prefixes) if (r.word.startsWith(p)) df.set(statKey({ lexeme: p, prefix: true }), Math.max(df.get(`${p}*`) ?? 0, n));
    }
  }
  return { passages: Number(counts[0]?.n ?? 0), avgLength: Number(counts[0]?.avg ?? 0), df };
}

/** A tsquery of lexemes joined by OR, each quoted (no further normalisation: they are stemmed already); `prefix` ones end in `:*`. */
export function orQuery(terms: ReadonlyArray<{ lexeme: string; prefix?: boolean }>): string {
  return terms.map((t) => `'${t.lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'${t.prefix ? ":*" : ""}`).join(" | ");
}

/**
 * Passages of the language holding any of the lexemes (the GIN index answers `@@`), at most
 * `max`, pre-ordered by PostgreSQL's `ts_rank` so a large knowledge base hands the ranker its best.
 */
export async function candidatePassages(
  db: DbOrTx,
  language: string,
  terms: ReadonlyArray<{ lexeme: string; prefix?: boolean }>,
  max = 200,
): Promise<Candidate[]> {
  if (!terms.length) return [];
  const q = sql`${orQuery(terms)}::tsquery`;
  const rows = await db
    .select({
      id: knowledgePassages.id,
      language: knowledgePassages.language,
      articleId: knowledgePassages.articleId,
      source: knowledgePassages.source,
      position: knowledgePassages.position,
      articleTitle: knowledgePassages.articleTitle,
      section: knowledgePassages.section,
      anchor: knowledgePassages.anchor,
      url: knowledgePassages.url,
      text: knowledgePassages.text,
      tsv: sql<string>`${knowledgePassages.tsv}::text`,
    })
    .from(knowledgePassages)
    .where(and(eq(knowledgePassages.language, language), sql`${knowledgePassages.tsv} @@ ${q}`))
    .orderBy(sql`ts_rank(${knowledgePassages.tsv}, ${q}) desc`)
    .limit(max);
  return rows.map(({ tsv, ...passage }) => ({ passage, tsv }));
}

/** Articles indexed per source and language (for /healthz-style reports and tests). */
export async function articleCounts(db: DbOrTx): Promise<Array<{ source: string; language: string; articles: number }>> {
  return db
    .select({ source: knowledgeArticles.source, language: knowledgeArticles.language, articles: sql<number>`count(*)::int` })
    .from(knowledgeArticles)
    .groupBy(knowledgeArticles.source, knowledgeArticles.language);
}

/** The languages that have passages. */
export async function indexedLanguages(db: DbOrTx, languages: readonly string[]): Promise<string[]> {
  if (!languages.length) return [];
  const rows = await db
    .selectDistinct({ language: knowledgePassages.language })
    .from(knowledgePassages)
    .where(inArray(knowledgePassages.language, [...languages]));
  return rows.map((r) => r.language);
}
