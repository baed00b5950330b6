/**
 * The knowledge base (issue 15): articles from every source (the Markdown folder, the shop's legal
 * policies, ...) and the passages they are split into, indexed for PostgreSQL full-text search.
 * Same conventions as schema.ts: UTC `timestamptz`, snake_case columns.
 *
 * `tsv` is written by the indexer (src/knowledge/repo.ts) with the article language's text-search
 * configuration (`ts_config`: english, spanish, french, german, portuguese or simple) and weights
 * A title, B section headings, C tags, D text. It is not a generated column: a generated column's
 * expression must be immutable, and `to_tsvector(<text column>::regconfig, ...)` is not.
 */
import { customType, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** One article, as its source last supplied it; `content_hash` makes re-indexing idempotent. */
export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    language: text().notNull(),
    id: text().notNull(),
    source: text().notNull(),
    title: text().notNull(),
    url: text().notNull(),
    tags: jsonb().$type<string[]>().notNull(),
    /** The merchant's "last updated" (ISO date or date-time, as the source gives it). */
    updated: text().notNull(),
    contentHash: text().notNull(),
    indexedAt: ts("indexed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.language, t.id] }), index("knowledge_articles_source_idx").on(t.source)],
);

/** One section of an article: what search ranks and a draft cites (by `id`). */
export const knowledgePassages = pgTable(
  "knowledge_passages",
  {
    /** `<language>/<article id>#<anchor>` (src/knowledge/passages.ts). */
    id: text().primaryKey(),
    language: text().notNull(),
    articleId: text().notNull(),
    source: text().notNull(),
    position: integer().notNull(),
    articleTitle: text().notNull(),
    /** Heading path below the title. */
    section: jsonb().$type<string[]>().notNull(),
    anchor: text().notNull(),
    url: text().notNull(),
    text: text().notNull(),
    tsConfig: text().notNull(),
    tsv: tsvector().notNull(),
  },
  (t) => [
    foreignKey({
      name: "knowledge_passages_article_fk",
      columns: [t.language, t.articleId],
      foreignColumns: [knowledgeArticles.language, knowledgeArticles.id],
    }).onDelete("cascade"),
    index("knowledge_passages_tsv_idx").using("gin", t.tsv),
    index("knowledge_passages_article_idx").on(t.language, t.articleId, t.position),
  ],
);
