import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PromptLibrary } from "./prompts";

/** Loads every `*.md` prompt in a directory (Node only; the Workers build bundles the texts). */
export function loadPromptDir(dir: string): PromptLibrary {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir)) if (f.endsWith(".md")) files[f] = readFileSync(path.join(dir, f), "utf8");
  return PromptLibrary.fromTexts(files);
}
