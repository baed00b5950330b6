/**
 * The shop's legal policies as knowledge articles, from Shopify's Admin GraphQL API
 * (`shop { shopPolicies { id type title body url updatedAt } }` and the primary `shopLocales`,
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/ShopPolicy): refund, shipping,
 * privacy, terms and contact policies, each one article whose HTML body becomes Markdown with its
 * headings kept, so it splits into passages like a help article. Runs on Node and Workers.
 */
import { convert, type FormatCallback } from "html-to-text";
import type { ShopifyClient } from "../shopify/client";
import { SHOP_POLICIES, type ShopPoliciesData } from "../shopify/queries";
import type { Article, KnowledgeSource } from "./types";

export const SHOPIFY_POLICIES_SOURCE = "shopify-policies";

const heading =
  (level: number): FormatCallback =>
  (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addLiteral(`${"#".repeat(level)} `);
    walk(elem.children ?? [], builder);
    builder.closeBlock({ trailingLineBreaks: 2 });
  };

/**
 * A policy's HTML body as Markdown-like text: headings as `#` lines (h1 -> `#`, h2 -> `##`, ...),
 * paragraphs and list items as lines, links as their text, images dropped.
 */
export function policyHtmlToMarkdown(html: string): string {
  return convert(html, {
    wordwrap: false,
    formatters: Object.fromEntries([1, 2, 3, 4, 5, 6].map((l) => [`md${l}`, heading(l)])),
    selectors: [
      ...[1, 2, 3, 4, 5, 6].map((l) => ({ selector: `h${l}`, format: `md${l}` })),
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
      { selector: "ul", options: { itemPrefix: "- " } },
      { selector: "table", format: "dataTable" },
    ],
  })
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** `REFUND_POLICY` -> `shopify-refund-policy`. */
export const policyArticleId = (type: string) => `shopify-${type.toLowerCase().replace(/_/g, "-")}`;

/**
 * The articles of a `ShopPolicies` answer: one per policy with a body, in the shop's primary
 * language (its first locale subtag, "en" when Shopify names none).
 */
export function policyArticles(data: ShopPoliciesData): Article[] {
  const primary = data.shopLocales.find((l) => l.primary)?.locale ?? "en";
  const language = /^[a-z]{2}/i.exec(primary)?.[0]?.toLowerCase() ?? "en";
  return data.shop.shopPolicies
    .filter((p) => p.body.trim())
    .map((p) => ({
      id: policyArticleId(p.type),
      title: p.title,
      url: p.url,
      language,
      tags: ["policy", p.type.toLowerCase().replace(/_/g, " ")],
      updated: p.updatedAt,
      source: SHOPIFY_POLICIES_SOURCE,
      body: policyHtmlToMarkdown(p.body),
    }));
}

/** The shop's policies, read afresh on every load (at start and by `npm run sync:shopify`). */
export class ShopifyPoliciesSource implements KnowledgeSource {
  readonly name = SHOPIFY_POLICIES_SOURCE;
  constructor(private readonly client: Pick<ShopifyClient, "request">) {}
  /** @throws what `client.request` throws (the index then keeps the last copy) */
  async load(): Promise<Article[]> {
    const { data } = await this.client.request<ShopPoliciesData>(SHOP_POLICIES);
    return policyArticles(data);
  }
}
