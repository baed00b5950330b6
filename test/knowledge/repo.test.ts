/**
 * The knowledge base in the database, on the embedded PGlite and on the PostgreSQL server alike:
 * idempotent indexing, changed and removed articles, sources kept apart, per-language stemming,
 * and search over the demo knowledge.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "../../src/db/client";
import { StaticSource } from "../../src/knowledge/articles";
import { MarkdownFolderSource } from "../../src/knowledge/markdown-node";
import { articleCounts, replaceSourceArticles } from "../../src/knowledge/repo";
import { KnowledgeBase } from "../../src/knowledge/service";
import type { Article } from "../../src/knowledge/types";
import { databaseUrl, TEST_DATABASE_URL } from "../helpers/env";

const KNOWLEDGE = path.resolve(import.meta.dirname, "../../knowledge");

const art = (id: string, body: string, over: Partial<Article> = {}): Article => ({
  id,
  title: id.replace(/-/g, " "),
  url: `https://shop.example/help/${id}`,
  language: "en",
  tags: [],
  updated: "2025-01-01",
  source: "test",
  body,
  ...over,
});

async function emptyServerDb(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `copilot_k_${randomBytes(5).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return {
    url: databaseUrl(name),
    drop: async () => {
      const a = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

for (const kind of ["pglite", "postgres"] as const) {
  describe(`knowledge on ${kind}`, () => {
    let h: DbHandle;
    let drop = async () => {};
    beforeAll(async () => {
      if (kind === "pglite") h = await openDb({ dataDir: ":memory:" });
      else {
        const d = await emptyServerDb();
        drop = d.drop;
        h = await openDb({ databaseUrl: d.url, max: 2 });
      }
      await h.migrate();
    });
    afterAll(async () => {
      await h?.close();
      await drop();
    });

    it("indexes once, re-indexes only a changed article and deletes a removed one", async () => {
      const a = art("returns", "## Window\n\nThirty days to return.");
      const b = art("tracking", "## Late parcels\n\nWe trace them.");
      expect(await replaceSourceArticles(h.db, "test", [a, b])).toMatchObject({ added: 2, changed: 0, removed: 0, passages: 2 });
      expect(await replaceSourceArticles(h.db, "test", [a, b])).toMatchObject({ added: 0, unchanged: 2, passages: 0 });
      const kb = new KnowledgeBase(h.db, [new StaticSource("test", [{ ...a, body: "## Window\n\nForty-five days to return." }])]);
      expect(await kb.index()).toEqual([{ source: "test", added: 0, changed: 1, removed: 1, unchanged: 0, passages: 1 }]);
      const r = await kb.search("how many days do I have to return?");
      expect(r.hits[0]?.passage.text).toBe("Forty-five days to return.");
      expect((await kb.search("late parcels trace")).hits.map((x) => x.passage.articleId)).not.toContain("tracking");
    });

    it("keeps sources apart: a source's indexing leaves another's articles, and refuses to take one over", async () => {
      await replaceSourceArticles(h.db, "other", [art("hours", "## Opening hours\n\nNine to five.")]);
      await replaceSourceArticles(h.db, "test", []);
      expect(await articleCounts(h.db)).toEqual([{ source: "other", language: "en", articles: 1 }]);
      await expect(replaceSourceArticles(h.db, "test", [art("hours", "x")])).rejects.toThrow(/already indexed from source other/);
      await replaceSourceArticles(h.db, "other", []);
    });

    it("stems each article with its language's configuration and searches within the question's language", async () => {
      await replaceSourceArticles(h.db, "test", [
        art("envios", "## Envíos a Noruega\n\nEnviamos paquetes a Noruega en cinco días.", { language: "es" }),
        art("shipping", "## Norway\n\nWe ship parcels to Norway in five days."),
      ]);
      const kb = new KnowledgeBase(h.db, []);
      const es = await kb.search("¿Envían a Noruega?", { language: "es" });
      expect(es.hits[0]?.passage.id).toBe("es/envios#envíos-a-noruega");
      expect((await kb.search("shipping to Norway", { language: "en" })).hits.map((x) => x.passage.language)).toEqual(["en"]);
      expect((await kb.search("shipping to Norway", { language: "fr" })).hits).toEqual([]);
      await replaceSourceArticles(h.db, "test", []);
    });

    it("answers the issue's questions from the demo knowledge, with section and URL, and knows when it has no answer", async () => {
      const kb = new KnowledgeBase(h.db, [new MarkdownFolderSource(KNOWLEDGE)]);
      const [outcome] = await kb.index();
      expect(outcome).toMatchObject({ source: "markdown", added: 14 });
      const norway = await kb.search("hi, do you ship to Norway and how much is it?", { limit: 3 });
      expect(norway.answerable).toBe(true);
      const hit = norway.hits.find((x) => x.passage.anchor === "norway-and-switzerland");
      expect(hit?.passage).toMatchObject({
        articleId: "shipping-rates",
        section: ["Norway and Switzerland"],
        url: "https://giftware.example/help/shipping-rates#norway-and-switzerland",
      });
      expect(hit?.passage.text).toContain("£40.00");
      expect((await kb.search("The site keeps logging me out when I try to check out")).hits[0]?.passage.id).toBe(
        "en/account-sign-in#logged-out-at-checkout-or-signed-out-again-and-again",
      );
      expect((await kb.search("how i cancle my ordr")).hits[0]?.passage.articleId).toBe("order-changes-cancellation");
      const thanks = await kb.search("Brilliant thanks, that sorted it!");
      expect(thanks.answerable).toBe(false);
    });
  });
}
