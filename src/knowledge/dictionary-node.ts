/**
 * The English word list the query analysis checks before it corrects a word (query.ts `correct`):
 * a word that is real English ("looking", "presentation") is the customer's word, not a misspelling
 * of a word the articles hold ("working"), so only words outside the list are corrected.
 *
 * The list is the `word-list` package (sindresorhus/word-list, MIT: 274,000 lower-case English
 * words of two letters or more, from atebits/Words). Node-only (it reads a file); read once, on
 * first use, about 3 MB.
 */
import { readFileSync } from "node:fs";
import wordListPath from "word-list";

let cached: ReadonlySet<string> | null = null;

/** English words (lower case) by language; other languages have none, so their words are corrected as before. */
export function englishDictionary(): ReadonlySet<string> {
  cached ??= new Set(readFileSync(wordListPath, "utf8").split("\n").filter(Boolean));
  return cached;
}

/** The dictionaries the knowledge base takes (`KnowledgeBaseOptions.dictionaries`). */
export function nodeDictionaries(): Record<string, ReadonlySet<string>> {
  return { en: englishDictionary() };
}
