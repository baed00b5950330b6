import { describe, expect, it } from "vitest";
import { conceptTokens } from "../../../src/ai/triage/concepts";
import { emojiTone } from "../../../src/ai/triage/emoji";
import { featureStrings, isShouting, LEXICON_LEVEL_WEIGHT, tokenize, vectorize, withLexiconLevel } from "../../../src/ai/triage/features";
import { retentionPhrases } from "../../../src/ai/triage/retention";

describe("tokenize", () => {
  it("turns handles, links, e-mails and prices into cues, not vocabulary", () => {
    const t = tokenize("@AmazonHelp refund £25 to jo@example.com? see https://t.co/abc");
    expect(t.words).not.toContain("amazonhelp");
    expect(t.words).toContain("refund");
    expect(t.cues).toEqual(expect.arrayContaining(["xmention", "xurl", "xemail", "xq", "k:refund", "k:money"]));
  });

  it("splits camel-case hashtags and reads emoji and emoticons by tone", () => {
    const t = tokenize("#NeverAgain 😡 but the driver was lovely 😊 :)");
    expect(t.words.slice(0, 2)).toEqual(["never", "again"]);
    expect(t.cues.filter((c) => c === "xemo_pos")).toHaveLength(2);
    expect(t.cues).toContain("xemo_neg");
  });

  it("marks the scope of a negation up to the next punctuation", () => {
    expect(tokenize("I'm not happy with it, the box is fine").negated).toEqual(["not_happy", "not_with", "not_it"]);
  });

  it("collapses elongations and strips accents", () => {
    expect(tokenize("Sooooo slow, envío tardío").words).toEqual(["soo", "slow", "envio", "tardio"]);
  });

  it("treats shouting as a cue, one acronym not", () => {
    expect(isShouting("WHERE IS MY ORDER")).toBe(true);
    expect(isShouting("My UPS parcel is late")).toBe(false);
    expect(tokenize("WHERE IS MY ORDER").cues).toContain("xcaps");
  });
});

describe("concepts", () => {
  it("gives synonyms and translations the same concept", () => {
    for (const text of [" my parcel ", " mon colis ", " mein paket ", " minha encomenda ", " mi paquete "]) expect(conceptTokens(text)).toContain("k:delivery");
    expect(conceptTokens(" charged twice on my card ")).toEqual(["k:money", "k:money"]);
  });
});

describe("vectorize", () => {
  it("gives each feature group unit length before weighting, and the same vector every time", () => {
    const v = vectorize("my parcel is late 😡", 1 << 18);
    expect(v.indices.length).toBeGreaterThan(10);
    expect([...v.indices]).toEqual([...v.indices].sort((a, b) => a - b));
    expect(vectorize("my parcel is late 😡", 1 << 18)).toEqual(v);
    expect(featureStrings("not happy").words).toContain("w:not_happy");
  });

  it("refuses a bucket count that is not a power of two", () => {
    expect(() => vectorize("x", 1000)).toThrow(/power of two/);
  });

  it("gives empty text an empty vector", () => {
    expect(vectorize("", 1024).indices).toHaveLength(0);
  });
});

describe("withLexiconLevel", () => {
  const x = vectorize("my parcel is late again", 1 << 18);
  const added = (y: ReturnType<typeof vectorize>) => [...y.indices].filter((i) => !x.indices.includes(i));
  it("adds one bucket per lexicon level, keeps the indices ascending and the text's features as they were", () => {
    const a = withLexiconLevel(x, -0.62, 1 << 18);
    expect([...a.indices]).toEqual([...a.indices].sort((p, q) => p - q));
    expect(a.indices.length).toBe(x.indices.length + 1);
    const bucket = added(a)[0]!;
    expect(a.values[a.indices.indexOf(bucket)]).toBeCloseTo(LEXICON_LEVEL_WEIGHT, 5);
    for (const [k, i] of x.indices.entries()) expect(a.values[a.indices.indexOf(i)]).toBeCloseTo(x.values[k]!, 6);
  });
  it("maps scores to eleven levels: close scores share a bucket, opposite ones do not, and beyond ±1 clamps", () => {
    const level = (score: number) => added(withLexiconLevel(x, score, 1 << 18))[0];
    expect(level(-0.62)).toBe(level(-0.58));
    expect(level(-0.62)).not.toBe(level(0.62));
    expect(level(0)).not.toBe(level(0.2));
    expect(level(1)).toBe(level(3));
  });
});

describe("emojiTone", () => {
  it("reads skin-toned and variation-selector emoji by their base", () => {
    expect(emojiTone("👍🏽")).toBe("xemo_pos");
    expect(emojiTone("☹️")).toBe("xemo_neg");
    expect(emojiTone("🚗")).toBe("xemo");
  });
});

describe("retentionPhrases", () => {
  it.each([
    ["I'm switching to another provider next month", "I'm switching"],
    ["what's the point of paying for prime if it's late", "what's the point of paying"],
    ["way too expensive now", "way too expensive"],
    ["Me voy con la competencia", "Me voy con la competencia"],
    ["Je vais commander ailleurs", "commander ailleurs"],
    ["Ich kündige mein Abo", "kündige"],
    ["Nunca mais compro com vocês", "Nunca mais"],
    ["please cancel my membership", "cancel my membership"],
  ])("finds the signal in %j", (text, phrase) => {
    expect(retentionPhrases(text)).toContain(phrase);
  });

  it.each(["please cancel my order, wrong size", "any discounts this weekend?", "last time I downloaded an update it crashed", "how much is shipping?"])(
    "finds none in %j",
    (text) => {
      expect(retentionPhrases(text)).toEqual([]);
    },
  );

  it("returns each phrase once, as written, at most five", () => {
    expect(retentionPhrases("Competitors! competitors, COMPETITORS")).toEqual(["Competitors"]);
  });
});

describe("retentionPhrases on the adversarial suite's plain retention ticket", () => {
  it("finds the supplier switch and the price objection", () => {
    expect(retentionPhrases("I'm thinking about trying a different supplier. Your prices seem high.")).toEqual([
      "trying a different supplier",
      "prices seem high",
    ]);
  });
});
