/**
 * Prompts are files in `prompts/` with YAML front-matter (name, version, settings, variables,
 * optionally the intent families a reply template serves) and a body with `{{variable}}` slots.
 * The name and version of every prompt used are stored with the draft it produced.
 */
import matter from "gray-matter";
import { z } from "zod";
import type { IntentFamily } from "./triage/types";

export const PromptMetaSchema = z.object({
  name: z.string().min(1),
  version: z.coerce.string().min(1),
  settings: z
    .object({ temperature: z.number().min(0).max(2).optional(), max_output_tokens: z.number().int().positive().optional() })
    .default({}),
  variables: z.array(z.string()).default([]),
  families: z.array(z.string()).optional(),
});

export interface Prompt extends z.infer<typeof PromptMetaSchema> {
  body: string;
}

/**
 * Parses one prompt file's text.
 * @throws Error naming the file and the bad front-matter field, or a `{{slot}}` not declared in `variables`
 */
export function parsePrompt(file: string, text: string): Prompt {
  const parsed = matter(text);
  const meta = PromptMetaSchema.safeParse(parsed.data);
  if (!meta.success) throw new Error(`prompt ${file}: ${meta.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const body = parsed.content.trim();
  for (const m of body.matchAll(/\{\{(\w+)\}\}/g)) {
    if (!meta.data.variables.includes(m[1])) throw new Error(`prompt ${file}: slot {{${m[1]}}} is not declared in variables`);
  }
  return { ...meta.data, body };
}

/**
 * Fills a prompt's slots.
 * @throws Error when a declared variable is missing from `vars`
 */
export function renderPrompt(prompt: Prompt, vars: Record<string, string>): string {
  for (const v of prompt.variables) if (!(v in vars)) throw new Error(`prompt ${prompt.name}: variable ${v} is missing`);
  return prompt.body.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k]);
}

/** The prompt set the drafter uses. */
export class PromptLibrary {
  constructor(private readonly prompts: Map<string, Prompt>) {}

  /** @throws Error for an unknown prompt name */
  get(name: string): Prompt {
    const p = this.prompts.get(name);
    if (!p) throw new Error(`prompt ${name} not found`);
    return p;
  }

  /** The reply template serving an intent family (declared in its `families` front-matter). */
  forFamily(family: IntentFamily): Prompt {
    for (const p of this.prompts.values()) if (p.families?.includes(family)) return p;
    return this.get("reply-general");
  }

  static fromTexts(files: Record<string, string>): PromptLibrary {
    const map = new Map<string, Prompt>();
    for (const [file, text] of Object.entries(files)) {
      const p = parsePrompt(file, text);
      map.set(p.name, p);
    }
    return new PromptLibrary(map);
  }
}
