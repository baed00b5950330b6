/** The splitter: one passage per section, with its heading path, anchor and URL. */
import { describe, expect, it } from "vitest";
import { impliedTerms, markdownToText, slug, splitArticle } from "../../src/knowledge/passages";
import type { Article } from "../../src/knowledge/types";

const article = (body: string, over: Partial<Article> = {}): Article => ({
  id: "shipping",
  title: "Shipping",
  url: "https://shop.example/help/shipping",
  language: "en",
  tags: [],
  updated: "2025-01-01",
  source: "markdown",
  body,
  ...over,
});

describe("splitArticle", () => {
  it("makes one passage per section with the heading path below the title and a GitHub anchor", () => {
    const ps = splitArticle(article("Intro text.\n\n## Europe\n\nZones.\n\n### Norway and Switzerland\n\nDHL, £40.\n\n## Rest of the world\n\nFrom £65."));
    expect(ps.map((p) => [p.id, p.section, p.url])).toEqual([
      ["en/shipping", [], "https://shop.example/help/shipping"],
      ["en/shipping#europe", ["Europe"], "https://shop.example/help/shipping#europe"],
      ["en/shipping#norway-and-switzerland", ["Europe", "Norway and Switzerland"], "https://shop.example/help/shipping#norway-and-switzerland"],
      ["en/shipping#rest-of-the-world", ["Rest of the world"], "https://shop.example/help/shipping#rest-of-the-world"],
    ]);
    expect(ps.map((p) => p.position)).toEqual([0, 1, 2, 3]);
    expect(ps[2]!.text).toBe("DHL, £40.");
  });

  it("drops a leading title heading, skips empty sections and numbers repeated anchors", () => {
    const ps = splitArticle(article("# Shipping\n\n## Europe\n\n### Rates\n\nA.\n\n## Asia\n\n### Rates\n\nB."));
    expect(ps.map((p) => p.id)).toEqual(["en/shipping#rates", "en/shipping#rates-1"]);
    expect(ps.map((p) => p.section)).toEqual([
      ["Europe", "Rates"],
      ["Asia", "Rates"],
    ]);
  });

  it("treats a # line inside a fenced block as text", () => {
    const ps = splitArticle(article("## Code\n\n```\n# not a heading\n```\nafter"));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.text).toContain("# not a heading");
  });

  it("cuts a long section at paragraph breaks into numbered parts of the same anchor", () => {
    const para = "word ".repeat(60).trim();
    const ps = splitArticle(article(`## Long\n\n${[para, para, para].join("\n\n")}`), 700);
    expect(ps.map((p) => p.id)).toEqual(["en/shipping#long", "en/shipping#long~2"]);
    expect(ps.every((p) => p.anchor === "long")).toBe(true);
  });

  it("keeps links' text to show but searches without it, and implies prices and times", () => {
    const [p] = splitArticle(article("## UK\n\n£4.95, in 2 to 3 working days; see [Returns and refunds](https://shop.example/help/returns)."));
    expect(p!.text).toContain("Returns and refunds (https://shop.example/help/returns)");
    expect(p!.searchText).not.toMatch(/returns/i);
    expect(p!.impliedTerms).toEqual(["price", "cost", "time", "days"]);
  });

  it("keeps the article's language in ids, and anchors from non-ASCII headings", () => {
    const [p] = splitArticle(article("## Envíos a Noruega\n\nSí.", { language: "es" }));
    expect(p!.id).toBe("es/shipping#envíos-a-noruega");
  });
});

describe("text helpers", () => {
  it("slug follows GitHub's rules", () => expect(slug("Logged out at checkout, or signed out again")).toBe("logged-out-at-checkout-or-signed-out-again"));
  it("markdownToText flattens tables, emphasis and code", () => expect(markdownToText("| a | b |\n|---|---|\n| **x** | `y` |")).toBe("a; b\nx; y"));
  it("impliedTerms finds no price or time in plain text", () => expect(impliedTerms("We pack by hand.")).toEqual([]));
});
