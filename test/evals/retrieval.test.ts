/**
 * The retrieval eval gates CI: the knowledge service, on the demo knowledge (embedded PGlite), must
 * reach the suite's recall@3 on the held-out questions, wired as the service is (with the English dictionary). The same suite runs in `npm run evals`.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "../../src/db/client";
import { MarkdownFolderSource } from "../../src/knowledge/markdown-node";
import { nodeDictionaries } from "../../src/knowledge/dictionary-node";
import { KnowledgeBase } from "../../src/knowledge/service";
import { loadRetrievalCases } from "../../evals/retrieval";
import { retrievalSuite } from "../../evals/retrieval-suite";
import { formatResults } from "../../evals/suites";

let h: DbHandle;
let kb: KnowledgeBase;
beforeAll(async () => {
  h = await openDb({ dataDir: ":memory:" });
  await h.migrate();
  kb = new KnowledgeBase(h.db, [new MarkdownFolderSource(path.resolve(import.meta.dirname, "../../knowledge"))], { dictionaries: nodeDictionaries() });
  await kb.index();
});
afterAll(async () => {
  await h?.close();
});

describe("retrieval eval", () => {
  it("has at least 60 real questions with their answering article, negatives, and both splits per source", () => {
    const cases = loadRetrievalCases();
    const positives = cases.filter((c) => c.articles.length);
    expect(positives.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => !c.articles.length).length).toBeGreaterThanOrEqual(10);
    for (const src of ["issue", "twcs", "hint3"])
      for (const split of ["dev", "test"]) expect(cases.some((c) => c.source === src && c.split === split)).toBe(true);
  });

  it("reaches its recall@3 on the held-out questions, and reports MRR and the negatives", async () => {
    const r = await retrievalSuite({ knowledge: kb });
    console.log(formatResults([r], "-", "-"));
    expect(r.ok, formatResults([r], "-", "-")).toBe(true);
    expect(r.extra).toMatch(/MRR/);
    expect(r.extra).toMatch(/negatives rejected/);
  });

  it("fails when the knowledge does not answer (the gate can fail)", async () => {
    const empty = await openDb({ dataDir: ":memory:" });
    try {
      await empty.migrate();
      expect((await retrievalSuite({ knowledge: new KnowledgeBase(empty.db, []) })).ok).toBe(false);
    } finally {
      await empty.close();
    }
  });
});
