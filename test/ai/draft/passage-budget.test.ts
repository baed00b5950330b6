/**
 * The passages' token budget of the reply prompt (src/ai/draft/index.ts `passagesWithin`): the
 * best-ranked passages that fit are kept in rank order, the first that does not fit ends the list,
 * and the best one is kept whatever its size.
 */
import { describe, expect, it } from "vitest";
import { passagesWithin } from "../../../src/ai/draft";
import type { Passage } from "../../../src/ai/draft/guard";

/** A passage of `tokens` estimated tokens of text (4 characters a token). */
const passage = (id: string, tokens: number): Passage => ({ id, text: "x".repeat(tokens * 4) });

describe("the passage budget", () => {
  it("keeps the best-ranked passages that fit, in rank order, and stops at the first that does not", () => {
    // Each costs its text plus 12 for the fence and id.
    const ranked = [passage("a", 100), passage("b", 100), passage("c", 200), passage("d", 10)];
    expect(passagesWithin(ranked, 224).map((p) => p.id)).toEqual(["a", "b"]);
    expect(passagesWithin(ranked, 223).map((p) => p.id)).toEqual(["a"]);
    expect(passagesWithin(ranked, 10_000).map((p) => p.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("keeps the best passage even when it alone is over the budget, and gives none for none", () => {
    expect(passagesWithin([passage("big", 900), passage("small", 10)], 450).map((p) => p.id)).toEqual(["big"]);
    expect(passagesWithin([], 450)).toEqual([]);
  });
});
