import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { PromptLibrary, PromptMetaSchema, type Prompt } from "./prompts";

/**
 * Parses one prompt file's text (YAML front-matter through gray-matter, which needs `fs`: Node
 * only; the Workers build runs this at build time and bundles the result).
 * @throws Error naming the file and the bad front-matter field, or a `{{slot}}` not declared in `variables`
 */
export function parsePrompt(file: string, text: string): Prompt {
  const parsed = matter(text);
  const meta = PromptMetaSchema.safeParse(parsed.data);
  if (!meta.success) throw new Error(`prompt ${file}: ${meta.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const body = parsed.content.trim();
  for (const m of body.matchAll(/\{\{(\w+)\}\}/g)) {
    const slot = m[1] ?? "";
    if (!meta.data.variables.includes(slot)) throw new Error(`prompt ${file}: slot {{${slot}}} is not declared in variables`);
  }
  return { ...meta.data, body };
}

/** Parses every `*.md` prompt in a directory. @throws as parsePrompt */
export function readPromptDir(dir: string): Prompt[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => parsePrompt(f, readFileSync(path.join(dir, f), "utf8")));
}

/** Loads every `*.md` prompt in a directory (Node only; the Workers build bundles the parsed prompts). */
export function loadPromptDir(dir: string): PromptLibrary {
  return PromptLibrary.fromPrompts(readPromptDir(dir));
}
