/**
 * The Markdown folder source on Node: every `*.md` under KNOWLEDGE_DIR (any depth; `README.md`
 * files are documentation, not articles) with YAML front-matter (src/knowledge/articles.ts
 * `ArticleMetaSchema`). gray-matter needs `fs`, so this module is Node-only; the Workers build
 * (scripts/build-worker-assets.ts) runs it at build time and bundles the parsed articles.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { ArticleMetaSchema, assertUniqueArticles, MARKDOWN_SOURCE } from "./articles";
import type { Article, KnowledgeSource } from "./types";

export { MARKDOWN_SOURCE };

/**
 * Parses one article file.
 * @throws Error naming the file and each bad front-matter field
 */
export function parseArticleFile(file: string, text: string): Article {
  const parsed = matter(text);
  const meta = ArticleMetaSchema.safeParse(parsed.data);
  if (!meta.success) throw new Error(`knowledge ${file}: ${meta.error.issues.map((i) => `${i.path.join(".") || "front-matter"}: ${i.message}`).join("; ")}`);
  return { ...meta.data, source: MARKDOWN_SOURCE, body: parsed.content.trim() };
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...markdownFiles(p));
    else if (e.isFile() && e.name.endsWith(".md") && e.name.toLowerCase() !== "readme.md") out.push(p);
  }
  return out.sort();
}

/**
 * Reads every article of a folder.
 * @returns articles sorted by path; [] for a folder with no articles
 * @throws Error when the folder is missing, a file's front-matter is invalid, or two articles share `language/id`
 */
export function readArticleDir(dir: string): Article[] {
  const articles = markdownFiles(dir).map((f) => parseArticleFile(path.relative(dir, f), readFileSync(f, "utf8")));
  assertUniqueArticles(articles);
  return articles;
}

/** KNOWLEDGE_DIR as a source: read afresh on every load, so a merchant's edit is picked up by the next indexing. */
export class MarkdownFolderSource implements KnowledgeSource {
  readonly name = MARKDOWN_SOURCE;
  constructor(private readonly dir: string) {}
  async load(): Promise<Article[]> {
    return readArticleDir(this.dir);
  }
}
