/** Query analysis and ranking: pure functions, driven without a database. */
import { describe, expect, it } from "vitest";
import { analyzeQuery, correct, editDistance, rewrite, tokens, words } from "../../src/knowledge/query";
import { ANSWER_THRESHOLD, DEFAULT_RANK_PARAMS, idf, parseTsvector, rankPassages, type Candidate, type LexemeGroup } from "../../src/knowledge/rank";
import type { Passage } from "../../src/knowledge/types";

const vocabulary = new Map([
  ["order", 12],
  ["cancel", 4],
  ["address", 5],
  ["shipping", 9],
  ["delivery", 20],
  ["norway", 2],
  ["password", 3],
  ["parts", 1],
  ["size", 2],
]);
const labels = (text: string) => analyzeQuery(text, { language: "en", vocabulary }).map((g) => g.label);
const alts = (text: string) => Object.fromEntries(analyzeQuery(text, { language: "en", vocabulary }).map((g) => [g.label, g.alternatives.map((a) => a.word)]));

describe("analyzeQuery", () => {
  it("drops greetings and filler, keeps what the customer asks", () => {
    expect(labels("Hi team, please can you help? I need to cancel my order, thanks!")).toEqual(["can", "you", "i", "to", "cancel", "my", "order"]);
    expect(labels("Brilliant thanks")).toEqual(["brilliant"]);
  });

  it("corrects misspellings against the knowledge base's words", () => {
    expect(alts("how i cancle my ordr")).toMatchObject({ cancle: ["cancle", "cancel", "cancellation"], ordr: ["ordr", "order"] });
    expect(alts("adress pasword")).toMatchObject({ adress: ["adress", "address"], pasword: expect.arrayContaining(["password"]) });
  });

  it("does not correct a name or a short real word", () => {
    expect(alts("Is it deliverable to Paris?").paris).toEqual(["paris"]);
    expect(alts("any side effects").side).toEqual(["side"]);
  });

  it("reads a negated or gapped phrasing as the one word the thesaurus knows", () => {
    expect(labels("I did not receive my order yet")).toContain("undelivered");
    expect(labels("I haven't even got it yet")).toContain("undelivered");
    expect(alts("I did not receive my order yet").undelivered).toEqual(expect.arrayContaining(["late", "missing"]));
    // Not a delivery: a refund or an email that has not come stays what it is.
    expect(labels("I haven't received my refund")).not.toContain("undelivered");
    expect(labels("I didnt get an email")).not.toContain("undelivered");
    expect(labels("it's been 10 days")).toContain("overdue");
    expect(labels("is it deliverable to my area")).toContain("destination");
    expect(rewrite("Do you ship to Paris?", "en")).toMatch(/Paris/); // a name keeps its capital
  });

  it("does not correct a word of the dictionary, only a misspelling", () => {
    const v = new Map([...vocabulary, ["working", 3]]);
    const withDictionary = (t: string) =>
      Object.fromEntries(
        analyzeQuery(t, { language: "en", vocabulary: v, dictionary: new Set(["looking"]) }).map((g) => [g.label, g.alternatives.map((a) => a.word)]),
      );
    expect(
      Object.fromEntries(analyzeQuery("looking", { language: "en", vocabulary: v }).map((g) => [g.label, g.alternatives.map((a) => a.word)])).looking,
    ).toContain("working");
    expect(withDictionary("looking").looking).toEqual(["looking"]);
    expect(withDictionary("cancle").cancle).toContain("cancel");
  });

  it("reads NFKC-normalised text, without URLs, mentions or numbers", () => {
    expect(words("𝓘 𝔀𝓪𝓷𝓽 𝓬𝓪𝓷𝓬𝓵𝓮 @AmazonHelp https://t.co/x order 581433")).toEqual(["i", "want", "cancle", "order"]);
    expect(tokens("Ship to Norway and Paris. Paris").map((t) => t.proper)).toEqual([false, false, true, false, true, false]);
  });

  it("expands phrases and named countries into the articles' words", () => {
    const g = alts("how much is shipping to Pakistan?");
    expect(g["how much"]).toEqual(["price", "cost"]);
    expect(g.pakistan).toEqual(expect.arrayContaining(["pakistan", "ship", "rest", "world"]));
    expect(alts("ship to Norway").norway).not.toContain("rest");
  });

  it("editDistance counts a transposition as one edit and stops past the bound", () => {
    expect(editDistance("cancle", "cancel", 2)).toBe(1);
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
    expect(correct("side", vocabulary)).toBeNull();
  });
});

const passage = (id: string, articleId: string): Passage => ({
  id,
  articleId,
  articleTitle: articleId,
  language: "en",
  source: "markdown",
  position: 0,
  section: [],
  anchor: "",
  url: `https://shop.example/${id}`,
  text: "",
});

describe("rankPassages", () => {
  const stats = {
    passages: 10,
    avgLength: 8,
    df: new Map([
      ["norway", 1],
      ["ship", 5],
      ["price", 4],
    ]),
  };
  const groups: LexemeGroup[] = [
    { label: "ship", weight: 1, alternatives: [{ lexeme: "ship", weight: 1 }] },
    { label: "norway", weight: 1, alternatives: [{ lexeme: "norway", weight: 1 }] },
  ];

  it("parses a printed tsvector's weights per lexeme", () => {
    expect(parseTsvector("'it''s':2 'norway':3A,7B,9 'ship':1")).toEqual(
      new Map([
        ["it's", { A: 0, B: 0, C: 0, D: 1 }],
        ["norway", { A: 1, B: 1, C: 0, D: 1 }],
        ["ship", { A: 0, B: 0, C: 0, D: 1 }],
      ]),
    );
  });

  it("ranks the passage that matches the rare word in its heading first", () => {
    const cands: Candidate[] = [
      { passage: passage("a", "tracking"), tsv: "'ship':1 'price':2 'parcel':3" },
      { passage: passage("b", "shipping"), tsv: "'ship':1 'norway':2B,4 'dhl':5" },
    ];
    const hits = rankPassages(groups, stats, cands);
    expect(hits.map((h) => h.passage.id)).toEqual(["b", "a"]);
    expect(hits[0]!.score).toBeGreaterThan(ANSWER_THRESHOLD);
    expect(hits[0]!.answers).toBe(true);
    expect(hits[0]!.score).toBeLessThanOrEqual(1);
  });

  it("scores a question whose words no passage holds below the threshold", () => {
    const unknown: LexemeGroup[] = [
      { label: "thread", weight: 1, alternatives: [{ lexeme: "thread", weight: 1 }] },
      { label: "colour", weight: 1, alternatives: [{ lexeme: "colour", weight: 1 }] },
      { label: "ship", weight: 1, alternatives: [{ lexeme: "ship", weight: 1 }] },
    ];
    const [top] = rankPassages(unknown, stats, [{ passage: passage("a", "x"), tsv: "'ship':1" }]);
    expect(top!.score).toBeLessThan(ANSWER_THRESHOLD);
    expect(top!.answers).toBe(false);
  });

  it("matches a prefix alternative against every lexeme it starts", () => {
    const g: LexemeGroup[] = [{ label: "deliverable", weight: 1, alternatives: [{ lexeme: "deliver", weight: 0.8, prefix: true }] }];
    const s = { passages: 10, avgLength: 8, df: new Map([["deliver*", 3]]) };
    const hits = rankPassages(g, s, [{ passage: passage("a", "x"), tsv: "'deliveri':1" }]);
    expect(hits[0]!.score).toBeGreaterThan(0);
  });

  it("weighs a word no title, heading or tag holds below a topical word, however rare", () => {
    // "finally" is in one passage's text only; "damaged" is in three passages, one of them a heading.
    const g: LexemeGroup[] = [
      { label: "finally", weight: 1, alternatives: [{ lexeme: "final", weight: 1 }] },
      { label: "damaged", weight: 1, alternatives: [{ lexeme: "damag", weight: 1 }] },
    ];
    const s = {
      passages: 10,
      avgLength: 8,
      df: new Map([
        ["final", 1],
        ["damag", 3],
      ]),
    };
    const cands: Candidate[] = [
      { passage: passage("returns", "x"), tsv: "'final':4 'sale':5" },
      { passage: passage("damage", "x"), tsv: "'damag':1B,6" },
      { passage: passage("photos", "x"), tsv: "'damag':3" },
      { passage: passage("other", "x"), tsv: "'damag':2" },
    ];
    const order = (bodyOnly: number) => rankPassages(g, s, cands, { ...DEFAULT_RANK_PARAMS, bodyOnly }).map((h) => h.passage.id);
    expect(order(1)[0]).toBe("returns"); // by rarity alone the incidental word wins
    expect(order(DEFAULT_RANK_PARAMS.bodyOnly)[0]).toBe("damage");
  });

  it("idf is positive even for a word in every passage", () => expect(idf(10, 10)).toBeGreaterThan(0));
});
