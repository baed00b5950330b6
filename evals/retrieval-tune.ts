/**
 * `npx tsx evals/retrieval-tune.ts`: chooses the ranking parameters and the answer threshold on the
 * retrieval eval's dev split only (the held-out split is never read here). Prints the best settings
 * by dev MRR, and for the best the threshold that maximises dev TPR + TNR (positives whose first
 * hit is right and clears it, negatives that stay below it).
 */
import { openDb } from "../src/db/client";
import { MarkdownFolderSource } from "../src/knowledge/markdown-node";
import { DEFAULT_RANK_PARAMS, rankPassages, type RankParams } from "../src/knowledge/rank";
import { nodeDictionaries } from "../src/knowledge/dictionary-node";
import { KnowledgeBase, type PreparedQuery } from "../src/knowledge/service";
import { loadRetrievalCases } from "./retrieval";

const handle = await openDb({ dataDir: ":memory:" });
try {
  await handle.migrate();
  const kb = new KnowledgeBase(handle.db, [new MarkdownFolderSource(new URL("../knowledge", import.meta.url).pathname)], { dictionaries: nodeDictionaries() });
  await kb.index();
  const dev = loadRetrievalCases().filter((c) => c.split === "dev");
  const prepared: Array<{ articles: string[]; p: PreparedQuery }> = [];
  for (const c of dev) prepared.push({ articles: c.articles, p: await kb.prepare(c.text, "en") });

  const evaluate = (params: RankParams) => {
    let rr = 0;
    let r3 = 0;
    const scored: Array<{ pos: boolean; right: boolean; score: number }> = [];
    for (const { articles, p } of prepared) {
      const hits = rankPassages(p.groups, p.stats, p.candidates, params);
      const i = hits.findIndex((h) => articles.includes(h.passage.articleId));
      if (articles.length) {
        rr += i < 0 ? 0 : 1 / (i + 1);
        r3 += i >= 0 && i < 3 ? 1 : 0;
      }
      scored.push({ pos: articles.length > 0, right: i === 0, score: hits[0]?.score ?? 0 });
    }
    const pos = scored.filter((s) => s.pos).length;
    const neg = scored.length - pos;
    let best = { threshold: 0, j: -1, tpr: 0, tnr: 0 };
    for (let t = 0.2; t <= 0.7001; t += 0.01) {
      const tpr = scored.filter((s) => s.pos && s.right && s.score >= t).length / pos;
      const tnr = scored.filter((s) => !s.pos && s.score < t).length / neg;
      if (tpr + tnr > best.j) best = { threshold: Math.round(t * 100) / 100, j: tpr + tnr, tpr, tnr };
    }
    return { mrr: rr / pos, r3: r3 / pos, ...best };
  };

  const results: Array<{ params: RankParams } & ReturnType<typeof evaluate>> = [];
  for (const k1 of [0.9, 1.2, 1.6])
    for (const b of [0.3, 0.5, 0.75])
      for (const A of [1, 2, 3])
        for (const B of [2, 3, 4])
          for (const C of [0.5, 1])
            for (const unknown of [0.25, 0.5, 0.75, 1])
              for (const bodyOnly of [0.3, 0.5, 0.7, 1]) {
                const params = { k1, b, fields: { A, B, C, D: 1 }, unknown, bodyOnly };
                results.push({ params, ...evaluate(params) });
              }
  results.sort((x, y) => y.mrr - x.mrr || y.j - x.j);
  const fmt = (r: (typeof results)[number]) =>
    `MRR ${r.mrr.toFixed(3)} r@3 ${r.r3.toFixed(3)} | threshold ${r.threshold.toFixed(2)}: TPR ${r.tpr.toFixed(3)} TNR ${r.tnr.toFixed(3)} | ${JSON.stringify(r.params)}`;
  console.log(`dev: ${prepared.length} questions; defaults: ${fmt({ params: DEFAULT_RANK_PARAMS, ...evaluate(DEFAULT_RANK_PARAMS) })}`);
  for (const r of results.slice(0, 15)) console.log(fmt(r));
} finally {
  await handle.close();
}
