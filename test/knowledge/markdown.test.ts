/** The Markdown folder source: front-matter checked, the demo knowledge loads whole. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArticleFile, readArticleDir } from "../../src/knowledge/markdown-node";
import { splitArticle } from "../../src/knowledge/passages";

const KNOWLEDGE = path.resolve(import.meta.dirname, "../../knowledge");

describe("Markdown articles", () => {
  it("loads the demo knowledge: unique ids, English, every article with sections, README skipped", () => {
    const articles = readArticleDir(KNOWLEDGE);
    expect(articles.map((a) => a.id).sort()).toEqual([
      "account-sign-in",
      "address-changes",
      "contact-opening-hours",
      "damaged-faulty-items",
      "delivery-tracking",
      "gift-vouchers-discounts",
      "invoices-vat",
      "order-changes-cancellation",
      "payment-methods",
      "privacy",
      "returns-refunds",
      "shipping-rates",
      "stock-back-orders",
      "wholesale-trade",
    ]);
    for (const a of articles) {
      expect(a).toMatchObject({ language: "en", source: "markdown", updated: "2025-01-15" });
      expect(splitArticle(a).length).toBeGreaterThan(1);
    }
  });

  it("names the file and the field of bad front-matter", () => {
    expect(() => parseArticleFile("en/x.md", "---\nid: Bad Id\ntitle: X\nurl: not-a-url\nlanguage: english\n---\nBody")).toThrow(
      /en\/x\.md: id: id must be lowercase.*url: .*language: language must be an ISO 639-1 code/,
    );
  });

  it("refuses two articles with the same language and id", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kb-"));
    const text = "---\nid: same\ntitle: Same\nurl: https://shop.example/same\nlanguage: en\nupdated: 2025-01-01\n---\n## A\n\nB";
    writeFileSync(path.join(dir, "a.md"), text);
    writeFileSync(path.join(dir, "b.md"), text);
    expect(() => readArticleDir(dir)).toThrow(/two articles are en\/same/);
  });
});
