import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";

/**
 * The configured language model: OpenAI, or any OpenAI-compatible endpoint through `baseURL`
 * (Chat Completions, which every compatible server speaks). Null when no key is configured: the
 * template drafter and the offline classifier then serve.
 */
export function createLanguageModel(cfg: { apiKey?: string; baseURL?: string; model: string; fetch?: typeof fetch }): LanguageModel | null {
  if (!cfg.apiKey) return null;
  const provider = createOpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseURL, fetch: cfg.fetch });
  return provider.chat(cfg.model);
}
