/**
 * The retrieval suite of `npm run evals`: the knowledge service's search on the retrieval eval
 * (evals/retrieval.ts). Gated on recall@3 of the held-out split; MRR, recall@1, section recall and
 * the negatives are printed per split and per source of question.
 */
import type { Services } from "../src/services";
import { loadRetrievalCases, retrievalReport, runRetrieval } from "./retrieval";
import type { SuiteResult } from "./suites";

/** recall@3 on the held-out split that the suite requires: the target (measured 0.903 there, 56 of 62, when set). */
export const RETRIEVAL_RECALL3_THRESHOLD = 0.9;

export async function retrievalSuite(s: Pick<Services, "knowledge">, threshold = RETRIEVAL_RECALL3_THRESHOLD): Promise<SuiteResult> {
  const name = "retrieval (held-out r@3)";
  if (!s.knowledge)
    return { suite: name, cases: 0, passed: 0, score: 0, metric: "recall@3", threshold, ok: false, skipped: "no knowledge service", details: [] };
  const knowledge = s.knowledge;
  const cases = loadRetrievalCases();
  const outcomes = await runRetrieval(cases, (text) => knowledge.search(text, { language: "en", limit: 10 }));
  const { test, lines } = retrievalReport(cases, outcomes);
  const held = outcomes.filter((o) => o.split === "test");
  return {
    suite: name,
    cases: test.positives + test.negatives,
    passed: Math.round(test.recallAt3 * test.positives),
    score: test.recallAt3,
    metric: "recall@3",
    threshold,
    ok: test.positives > 0 && test.recallAt3 >= threshold,
    details: held.map((o) => ({
      id: o.id,
      ok: o.negative ? true : o.rank !== null && o.rank <= 3,
      failures: o.negative || (o.rank !== null && o.rank <= 3) ? [] : [`answering article at rank ${o.rank ?? "none"}; top: ${o.top.join(", ")}`],
    })),
    extra: lines.join("\n  "),
  };
}
