/**
 * Article metadata rules shared by every source: the front-matter schema of a Markdown article,
 * the text-search configuration per language, and the content hash that makes indexing idempotent.
 * Pure: no I/O (front-matter parsing needs gray-matter, which is Node-only: markdown-node.ts).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { z } from "zod";
import type { Article, KnowledgeSource } from "./types";

/** The Markdown folder's source name (Node reads the folder; Workers bundle it at build time). */
export const MARKDOWN_SOURCE = "markdown";

/** Front-matter of a Markdown article (knowledge/<language>/<id>.md). */
export const ArticleMetaSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "id must be lowercase letters, digits and hyphens"),
  title: z.string().min(1),
  url: z.string().url(),
  language: z.string().regex(/^[a-z]{2}$/, "language must be an ISO 639-1 code such as en"),
  tags: z.array(z.coerce.string()).default([]),
  // gray-matter's YAML reads `2025-01-15` as a Date.
  updated: z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.string().min(1)]),
});

export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;

/**
 * PostgreSQL text-search configuration per language: snowball stemming and stop words for the
 * languages the drafter writes, `simple` (lower-casing only) for any other.
 * https://www.postgresql.org/docs/current/textsearch-configuration.html
 */
const CONFIGS: Record<string, string> = { en: "english", es: "spanish", fr: "french", de: "german", pt: "portuguese" };

/** @returns a configuration name PostgreSQL and PGlite both ship, e.g. "english"; "simple" for other languages */
export function textSearchConfig(language: string): string {
  return CONFIGS[language] ?? "simple";
}

/**
 * Version of the splitting and indexing rules (passages.ts, repo.ts): part of every article's hash,
 * so raising it re-indexes every article at the next start.
 */
export const INDEX_VERSION = 1;

/** SHA-256 (hex) of everything that is indexed, and the rules' version: a changed hash means re-split and re-index. */
export function articleHash(a: Article): string {
  const canonical = JSON.stringify([INDEX_VERSION, a.source, a.id, a.language, a.title, a.url, a.tags, a.updated, a.body]);
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}

/**
 * Checks a source's articles before they replace its indexed set.
 * @throws Error naming the duplicate `language/id` (two articles would share passages' ids)
 */
export function assertUniqueArticles(articles: readonly Article[]): void {
  const seen = new Set<string>();
  for (const a of articles) {
    const key = `${a.language}/${a.id}`;
    if (seen.has(key)) throw new Error(`knowledge: two articles are ${key} (source ${a.source}); ids must be unique per language`);
    seen.add(key);
  }
}

/** Articles fixed when the source is built: the Workers bundle's copy of the Markdown folder, a test's set. */
export class StaticSource implements KnowledgeSource {
  constructor(
    readonly name: string,
    private readonly articles: readonly Article[],
  ) {}
  async load(): Promise<Article[]> {
    return [...this.articles];
  }
}
