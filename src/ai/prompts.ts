/**
 * Prompts are files in `prompts/` with YAML front-matter (name, version, settings, variables,
 * optionally the intent families a reply template serves) and a body with `{{variable}}` slots.
 * The name and version of every prompt used are stored with the draft it produced.
 * Parsing the files (gray-matter, which needs `fs`) lives in prompts-node.ts, so this module and
 * the drafter bundle for Workers, where the build step hands in prompts parsed ahead of time.
 */
import { z } from "zod";
import type { IntentFamily } from "./triage/types";

export const PromptMetaSchema = z.object({
  name: z.string().min(1),
  version: z.coerce.string().min(1),
  settings: z.object({ temperature: z.number().min(0).max(2).optional(), max_output_tokens: z.number().int().positive().optional() }).default({}),
  variables: z.array(z.string()).default([]),
  families: z.array(z.string()).optional(),
});

export interface Prompt extends z.infer<typeof PromptMetaSchema> {
  body: string;
}

/**
 * Fills a prompt's slots.
 * @throws Error when a declared variable is missing from `vars`
 */
export function renderPrompt(prompt: Prompt, vars: Record<string, string>): string {
  for (const v of prompt.variables) if (!(v in vars)) throw new Error(`prompt ${prompt.name}: variable ${v} is missing`);
  return prompt.body.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? "");
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

  /** A library of already-parsed prompts, keyed by their `name`. */
  static fromPrompts(prompts: readonly Prompt[]): PromptLibrary {
    return new PromptLibrary(new Map(prompts.map((p) => [p.name, p])));
  }
}
