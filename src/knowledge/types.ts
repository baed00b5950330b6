/**
 * The knowledge base's shapes: articles (a help article, a shop policy), the passages they are
 * split into (one per section), the sources that supply articles, and what a search returns.
 * Leaf module: imports nothing of ours.
 */

/** An article as a source supplies it, before it is split. */
export interface Article {
  /** Stable id within its language, e.g. "shipping-rates" or "shopify-refund-policy". */
  id: string;
  title: string;
  /** Where a customer reads it (passages link to `url#anchor`). */
  url: string;
  /** ISO 639-1 code ("en", "es", ...); chooses the text-search configuration. */
  language: string;
  tags: string[];
  /** When the merchant last changed it (ISO 8601 date or date-time). */
  updated: string;
  /** The source's name ("markdown", "shopify-policies", ...). */
  source: string;
  /** Markdown: sections are `#`-headings; HTML sources convert to this form first. */
  body: string;
}

/** One section of an article: the unit that is indexed, ranked and cited. */
export interface Passage {
  /** `<language>/<articleId>#<anchor>` (the intro has no `#anchor`; a long section's later parts end in `~2`, `~3`). */
  id: string;
  articleId: string;
  articleTitle: string;
  language: string;
  source: string;
  /** Order within the article, from 0. */
  position: number;
  /** Heading path below the article title, e.g. ["Europe", "Norway and Switzerland"]; [] for the intro. */
  section: string[];
  /** URL fragment of the section ("" for the intro). */
  anchor: string;
  /** `article.url` plus `#anchor`. */
  url: string;
  /** The section's text, Markdown markup removed. */
  text: string;
}

/**
 * Where articles come from: the Markdown folder, the shop's legal policies, later others. A source
 * returns its whole current set; indexing replaces that source's articles with it (added, changed
 * and removed articles alike).
 */
export interface KnowledgeSource {
  /** Unique among the sources; stored with every article. */
  readonly name: string;
  /** @throws when the source cannot be read; the index then keeps that source's last copy. */
  load(): Promise<Article[]>;
}

export interface SearchOptions {
  /** ISO 639-1 language of the question; only passages in that language are searched (default "en"). */
  language?: string;
  /** Hits returned (default 5, at most 50). */
  limit?: number;
}

/** A ranked passage. */
export interface KnowledgeHit {
  passage: Passage;
  /**
   * Relevance in [0, 1]: the share of the question's weighted terms the passage matches, times a
   * BM25F saturation (src/knowledge/rank.ts). Comparable across questions, unlike raw BM25.
   */
  score: number;
  /** `score >= ANSWER_THRESHOLD`: the passage likely answers the question. */
  answers: boolean;
}

export interface KnowledgeSearchResult {
  hits: KnowledgeHit[];
  /** True when the best hit reaches the answer threshold; false: knowledge has no answer. */
  answerable: boolean;
  /** What was searched for after spelling correction and expansion (for logs and the console). */
  terms: string[];
}

/** What a source's indexing changed, or why it did not run. */
export type IndexOutcome =
  | { source: string; added: number; changed: number; removed: number; unchanged: number; passages: number }
  | { source: string; error: string };

/** What the drafter calls (`search`), and what start-up and the Shopify sync call (`index`). */
export interface KnowledgeService {
  /**
   * Ranked passages for a customer's question.
   * @param query the ticket text as written (typos, greetings and all)
   */
  search(query: string, opts?: SearchOptions): Promise<KnowledgeSearchResult>;
  /** Re-reads the sources (all, or the one named) into the index; never throws for a failing source. */
  index(source?: string): Promise<IndexOutcome[]>;
}
