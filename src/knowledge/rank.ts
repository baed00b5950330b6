/**
 * Ranks candidate passages for a question: BM25F (Robertson, Zaragoza & Taylor 2004, "Simple BM25
 * extension to multiple weighted fields") over the passage's PostgreSQL `tsvector`, whose weight
 * labels mark the fields: A the article title, B the section headings, C the article's tags, D the
 * text. PostgreSQL stems and matches (repo.ts); this module scores, so the ranking is a plain
 * function that the eval and the tests drive directly.
 *
 * The score is normalised by what the question could score at best, so it reads the same for a
 * three-word and a thirty-word question: each query group contributes its inverse document
 * frequency times half for being matched and half for how strongly (saturated term frequency),
 * divided by the sum of the groups' inverse document frequencies. A question whose important words
 * appear in no passage therefore scores low however well its other words match: that is the
 * "knowledge has no answer" signal (`ANSWER_THRESHOLD`).
 */
import type { KnowledgeHit, Passage } from "./types";

/**
 * A query group with its alternatives as stemmed lexemes (repo.ts stems them with the language's
 * configuration). A `prefix` alternative matches every lexeme that starts with it: snowball stems a
 * word's forms apart ("delivered" deliv, "delivery" deliveri, "deliverable" deliver).
 */
export interface LexemeGroup {
  label: string;
  weight: number;
  alternatives: Array<{ lexeme: string; weight: number; prefix?: boolean }>;
}

/** Weight of a prefix alternative relative to the exact lexeme it comes from. */
export const PREFIX_WEIGHT = 0.8;
/** Stems shorter than this get no prefix alternative (too many lexemes start with them). */
export const MIN_PREFIX = 5;

/** The corpus key of a lexeme or a prefix (`deliv*`). */
export const statKey = (a: { lexeme: string; prefix?: boolean }) => (a.prefix ? `${a.lexeme}*` : a.lexeme);

export interface CorpusStats {
  /** Passages in the language searched. */
  passages: number;
  /** Mean number of distinct lexemes per passage. */
  avgLength: number;
  /** Passages holding each lexeme, and for a prefix (`deliv*`) the most any lexeme with it is held by. */
  df: ReadonlyMap<string, number>;
}

export interface Candidate {
  passage: Passage;
  /** The passage's `tsvector` as PostgreSQL prints it: `'ship':3A,9 'norway':12B`. */
  tsv: string;
}

export interface RankParams {
  k1: number;
  b: number;
  /** Field weights: title, section headings, tags, text. */
  fields: { A: number; B: number; C: number; D: number };
  /**
   * Weight of a question word found in no passage, as a share of such a word's IDF: 1 lets a word
   * the knowledge base never mentions count as much as its rarest word; less lets greetings and
   * filler the chatter list misses cost less.
   */
  unknown: number;
  /**
   * Weight of a question word the knowledge base holds only in passage text, never in a title,
   * heading or tag, as a share of its IDF. Titles, headings and tags name what the articles are
   * about; a word found only in the text ("finally", "book" in "book a redelivery") is incidental to
   * them, however rare it is, and in a small knowledge base rarity alone would make it the
   * question's most important word.
   */
  bodyOnly: number;
}

export const DEFAULT_RANK_PARAMS: RankParams = { k1: 1.2, b: 0.5, fields: { A: 2, B: 3, C: 1, D: 1 }, unknown: 0.5, bodyOnly: 0.5 };

/**
 * Below this normalised score the best passage is taken not to answer the question. Chosen on the
 * eval's development split (evals/retrieval.ts), checked on its held-out split.
 */
export const ANSWER_THRESHOLD = 0.21;

/** Term frequencies per field of each lexeme of a printed tsvector. */
export function parseTsvector(text: string): Map<string, { A: number; B: number; C: number; D: number }> {
  const out = new Map<string, { A: number; B: number; C: number; D: number }>();
  for (const m of text.matchAll(/'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g)) {
    const lexeme = m[1]!.replace(/''/g, "'");
    const tf = { A: 0, B: 0, C: 0, D: 0 };
    for (const pos of (m[2] ?? "0").split(",")) {
      const w = /[A-D]$/.exec(pos)?.[0] as "A" | "B" | "C" | undefined;
      tf[w ?? "D"]++;
    }
    out.set(lexeme, tf);
  }
  return out;
}

/** Robertson-Sparck Jones IDF as in Lucene's BM25 (never negative). */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Scores and orders the candidates.
 * @returns hits by descending score (ties: article order), `score` in [0, 1]
 */
export function rankPassages(
  groups: readonly LexemeGroup[],
  stats: CorpusStats,
  candidates: readonly Candidate[],
  params: RankParams = DEFAULT_RANK_PARAMS,
  threshold = ANSWER_THRESHOLD,
): KnowledgeHit[] {
  const { k1, b, fields } = params;
  const n = Math.max(stats.passages, 1);
  const usable = groups.filter((g) => g.alternatives.length > 0);
  const parsed = candidates.map((c) => parseTsvector(c.tsv));
  // Lexemes some title, heading or tag holds (candidates hold every passage with a query lexeme).
  const topical = new Set<string>();
  for (const tfs of parsed) for (const [l, tf] of tfs) if (tf.A || tf.B || tf.C) topical.add(l);
  const isTopical = (a: { lexeme: string; prefix?: boolean }) => (a.prefix ? [...topical].some((l) => l.startsWith(a.lexeme)) : topical.has(a.lexeme));
  // A group's importance: its best-known alternative's IDF (weighted); a group none of whose words
  // the knowledge base holds weighs as a word found in no passage.
  const importance = usable.map((g) => {
    const known = g.alternatives.filter((a) => (stats.df.get(statKey(a)) ?? 0) > 0);
    return (
      g.weight *
      (known.length
        ? Math.max(...known.map((a) => a.weight * idf(stats.df.get(statKey(a))!, n) * (isTopical(a) ? 1 : params.bodyOnly)))
        : params.unknown * idf(0, n))
    );
  });
  const total = importance.reduce((s, x) => s + x, 0);
  if (!total) return [];

  const hits: KnowledgeHit[] = candidates.map((c, ci) => {
    const tfs = parsed[ci]!;
    const len = tfs.size;
    const norm = 1 - b + b * (len / Math.max(stats.avgLength, 1));
    let score = 0;
    usable.forEach((g, i) => {
      let best = 0;
      for (const a of g.alternatives) {
        const matches = a.prefix ? [...tfs].filter(([l]) => l.startsWith(a.lexeme)).map(([, tf]) => tf) : [tfs.get(a.lexeme)];
        for (const tf of matches) {
          if (!tf) continue;
          const weighted = fields.A * tf.A + fields.B * tf.B + fields.C * tf.C + fields.D * tf.D;
          const saturation = weighted / (weighted + k1 * norm); // in (0, 1)
          best = Math.max(best, a.weight * (0.5 + 0.5 * saturation));
        }
      }
      score += importance[i]! * best;
    });
    return { passage: c.passage, score: score / total, answers: false };
  });
  hits.sort((x, y) => y.score - x.score || x.passage.articleId.localeCompare(y.passage.articleId) || x.passage.position - y.passage.position);
  for (const h of hits) h.answers = h.score >= threshold;
  return hits;
}
