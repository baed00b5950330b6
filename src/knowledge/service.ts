/**
 * The knowledge service: indexes its sources (at start, on the Shopify sync, whenever asked) and
 * answers `search` with ranked passages. Indexing is idempotent by content hash, and a source that
 * cannot be read keeps its last indexed copy. The query side is pure (query.ts, rank.ts) around
 * three statements (repo.ts).
 */
import type { Db } from "../db/types";
import { analyzeQuery } from "./query";
import {
  ANSWER_THRESHOLD,
  MIN_PREFIX,
  PREFIX_WEIGHT,
  rankPassages,
  statKey,
  type Candidate,
  type CorpusStats,
  type LexemeGroup,
  type RankParams,
} from "./rank";
import { assertUniqueArticles } from "./articles";
import { candidatePassages, corpusStats, replaceSourceArticles, stemWords, vocabulary } from "./repo";
import type { IndexOutcome, KnowledgeSearchResult, KnowledgeService, KnowledgeSource, SearchOptions } from "./types";

export { ANSWER_THRESHOLD };

/** What the service logs (a subset of the app's logger). */
export interface KnowledgeLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface KnowledgeBaseOptions {
  log?: KnowledgeLog;
  /** How long a language's vocabulary is reused before it is read again (ms; default 60 s). Indexing here drops it at once. */
  vocabularyTtlMs?: number;
  now?: () => number;
  /** Word lists per language (ISO 639-1) whose words are never spell-corrected (dictionary-node.ts on Node). */
  dictionaries?: Readonly<Record<string, ReadonlySet<string>>>;
  /** Ranking parameters (the eval compares settings; production uses the defaults). */
  rank?: RankParams;
}

/** The ranking's inputs for one question (`KnowledgeBase.prepare`). */
export interface PreparedQuery {
  groups: LexemeGroup[];
  stats: CorpusStats;
  candidates: Candidate[];
  /** Lexemes searched (`deliv*` for a prefix). */
  terms: string[];
}

export class KnowledgeBase implements KnowledgeService {
  private readonly vocab = new Map<string, { at: number; words: Map<string, number> }>();
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly sources: readonly KnowledgeSource[],
    private readonly opts: KnowledgeBaseOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Source names, in indexing order. */
  get sourceNames(): string[] {
    return this.sources.map((s) => s.name);
  }

  /**
   * Re-reads the sources (all, or the one named) and brings the index in line with them.
   * @returns per source what changed, or the error that left its last copy in place
   */
  async index(only?: string): Promise<IndexOutcome[]> {
    const out: IndexOutcome[] = [];
    for (const source of this.sources) {
      if (only && source.name !== only) continue;
      try {
        const articles = await source.load();
        assertUniqueArticles(articles);
        const r = await replaceSourceArticles(this.db, source.name, articles);
        out.push(r);
        if (r.added || r.changed || r.removed) this.opts.log?.info("knowledge indexed", { ...r });
      } catch (err) {
        const error = (err as Error).message ?? String(err);
        this.opts.log?.warn("knowledge source not indexed; its last indexed copy stays in use", { source: source.name, error });
        out.push({ source: source.name, error });
      }
    }
    this.vocab.clear();
    return out;
  }

  private async vocabulary(language: string): Promise<Map<string, number>> {
    const hit = this.vocab.get(language);
    if (hit && this.now() - hit.at < (this.opts.vocabularyTtlMs ?? 60_000)) return hit.words;
    const words = await vocabulary(this.db, language);
    this.vocab.set(language, { at: this.now(), words });
    return words;
  }

  /**
   * What ranking a question needs: its query groups as lexemes, the corpus statistics and the
   * candidate passages (three statements). `search` ranks them; the eval ranks them under several
   * parameter settings without asking the database again.
   */
  async prepare(query: string, language: string): Promise<PreparedQuery> {
    const groups = analyzeQuery(query, { language, vocabulary: await this.vocabulary(language), dictionary: this.opts.dictionaries?.[language] });
    if (!groups.length) return { groups: [], stats: { passages: 0, avgLength: 0, df: new Map() }, candidates: [], terms: [] };
    const stems = await stemWords(
      this.db,
      language,
      groups.flatMap((g) => g.alternatives.map((a) => a.word)),
    );
    let k = 0;
    const lexemeGroups: LexemeGroup[] = groups.map((g) => ({
      label: g.label,
      weight: g.weight,
      alternatives: g.alternatives.flatMap((a) =>
        (stems[k++] ?? []).flatMap((lexeme) => [
          { lexeme, weight: a.weight },
          // The stem as a prefix too, for forms snowball stems apart (deliverable/delivery).
          ...(lexeme.length >= MIN_PREFIX ? [{ lexeme, weight: a.weight * PREFIX_WEIGHT, prefix: true }] : []),
        ]),
      ),
    }));
    const alts = lexemeGroups.flatMap((g) => g.alternatives);
    const unique = [...new Map(alts.map((t) => [statKey(t), { lexeme: t.lexeme, prefix: t.prefix }])).values()];
    const stats = await corpusStats(
      this.db,
      language,
      unique.filter((t) => !t.prefix).map((t) => t.lexeme),
      unique.filter((t) => t.prefix).map((t) => t.lexeme),
    );
    const candidates = await candidatePassages(this.db, language, unique);
    return { groups: lexemeGroups, stats, candidates, terms: unique.map(statKey) };
  }

  /**
   * Ranked passages for a question, in the question's language.
   * @param opts.language ISO 639-1 (default "en"); a language with no articles returns no hits
   * @param opts.limit hits returned (default 5, 1-50)
   */
  async search(query: string, opts: SearchOptions = {}): Promise<KnowledgeSearchResult> {
    const language = /^[a-z]{2}$/.test(opts.language ?? "") ? opts.language! : "en";
    const limit = Math.max(1, Math.min(50, Math.floor(opts.limit ?? 5)));
    const p = await this.prepare(query, language);
    const hits = rankPassages(p.groups, p.stats, p.candidates, this.opts.rank).slice(0, limit);
    return { hits, answerable: !!hits[0]?.answers, terms: p.terms };
  }
}
