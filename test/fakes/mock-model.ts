/**
 * What the AI SDK's mock language model (`ai/test` MockLanguageModelV4) returns from `doGenerate`:
 * a text answer with usage, as a provider's JSON answer reaches the SDK. A test fixture.
 */
import type { MockLanguageModelV4 } from "ai/test";

export type MockGenerateResult = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;

/**
 * A finished generation of `text`.
 * @param usage the tokens the provider reports: prompt (`input`) and written (`output`); default 100 and 50
 */
export function mockAnswer(text: string, usage: { input: number; output: number } = { input: 100, output: 50 }): MockGenerateResult {
  return {
    content: [{ type: "text", text }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: {
      inputTokens: { total: usage.input, noCache: usage.input, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: usage.output, text: usage.output, reasoning: undefined },
    },
    warnings: [],
  } as unknown as MockGenerateResult;
}
