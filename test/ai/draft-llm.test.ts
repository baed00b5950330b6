/**
 * The LLM drafting path through the whole pipeline, with the AI SDK's mock language model: the
 * model's calls are asserted on, and models that break the allow-list prove the guard, the repair
 * round and the template fallback. (The same path over the OpenAI wire protocol: draft/openai-path.test.ts.)
 */
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

type Gen = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;
const reply = (text: string, input = 400, output = 120): Gen =>
  ({
    content: [{ type: "text", text }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: {
      inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: output, text: output, reasoning: undefined },
    },
    warnings: [],
  }) as unknown as Gen;

const parts = (paragraphs: string[], after = 1) =>
  JSON.stringify({ greeting: "Hi there,", paragraphs, commitments_after: after, sign_off: "Kind regards,\nCustomer Care", citations: [] });
const GOOD = parts([
  "Thank you for your 3 orders with us, most recently on 2011-04-01. I understand that price matters, and we'd hate to lose you.",
  "If there's anything else, just reply to this email.",
]);
const GREEDY = parts(["Thank you for your 3 orders. I'll go further: 30% off with code SAVE30NOW.", "Just reply if you need anything."]);

let t: TestApp;
const model = new MockLanguageModelV4({ modelId: "gpt-4o-mini" });
/** What the model was sent, call by call (replacing doGenerate replaces the mock's own recording). */
const sent: string[] = [];
const answer = (fn: (n: number, opts: Parameters<MockLanguageModelV4["doGenerate"]>[0]) => Promise<Gen>) => {
  let n = 0;
  model.doGenerate = (opts) => {
    sent.push(JSON.stringify(opts.prompt));
    return fn(n++, opts);
  };
};
beforeAll(async () => {
  t = await startTestApp({ model, timeoutMs: 500 });
});
afterAll(async () => {
  await t?.close();
});

const post = async (body: Record<string, unknown>) => (await t.call("POST", "/v1/tickets", body)).json();

describe("drafting with a model", () => {
  it("stores the model's conversation around the rendered offer, with its prompt, model, tokens and cost", async () => {
    answer(async () => reply(GOOD));
    const calls = sent.length;
    const r = await post(
      scenario(1, { body: "I'm thinking about trying a different supplier, your prices seem high. Call me on +44 7700 900123 or mail me at jo@example.com" }),
    );
    expect(r.decision.discount_percent).toBe(15);
    expect(r.draft).toMatchObject({ drafter: "llm", model: "gpt-4o-mini", fallback_reason: null, language: "en" });
    expect(r.draft.body).toBe(
      "Hi there,\n\nThank you for your 3 orders with us, most recently on 2011-04-01. I understand that price matters, and we'd hate to lose you.\n\nAs a thank-you, I'd like to offer you 15% off your next order. Your personal code is {{discount_code}}: enter it at checkout.\n\nIf there's anything else, just reply to this email.\n\nKind regards,\nCustomer Care",
    );
    expect(r.draft.prompt).toEqual({ name: "reply-retention", version: "2+system@4" });
    expect(r.draft.usage).toMatchObject({ input_tokens: 400, output_tokens: 120, cost_usd: (400 * 0.15 + 120 * 0.6) / 1e6 });
    // The whole draft's record: its one call (this app's classifier is the offline one), with its tokens and cost.
    expect(r.draft.usage.calls).toEqual([
      { prompt: "reply-retention@2", model: "gpt-4o-mini", input_tokens: 400, output_tokens: 120, cost_usd: (400 * 0.15 + 120 * 0.6) / 1e6, ok: true },
    ]);
    expect(r.draft.usage.model_calls).toBe(1);
    expect(r.draft.usage.total).toEqual({ input_tokens: 400, output_tokens: 120, cost_usd: (400 * 0.15 + 120 * 0.6) / 1e6 });
    // The passages beyond the passage budget (the lowest-ranked) are dropped and counted; the prompt's whole budget is not reached.
    // (How many depends on what retrieval finds for this ticket; test/ai/draft/passage-budget.test.ts pins the rule.)
    expect(r.draft.usage.prompt_budget).toMatchObject({ budget: 4000, orders_dropped: 0 });
    expect(r.draft.usage.prompt_budget.passages_dropped).toBeGreaterThan(0);
    expect(r.draft.usage.prompt_budget.estimated_after).toBeLessThan(r.draft.usage.prompt_budget.estimated_before);
    expect(r.draft.guard).toMatchObject({ ok: true, repaired: false, flagged: false });
    expect(r.draft.guard.commitments.map((c: { kind: string }) => c.kind)).toEqual(["discount", "code"]);

    expect(sent.length).toBe(calls + 1);
    const prompt = sent.at(-1)!;
    expect(prompt).toContain("Do not write, repeat, paraphrase or add to them");
    expect(prompt).toContain("<ticket>");
    expect(prompt).toContain("[phone]");
    expect(prompt).not.toContain("jo@example.com");
    // Each fact once: the favourite products are the recent orders' products, so the model is not sent them again.
    expect(prompt).toContain("recent_orders");
    expect(prompt).not.toContain("favourite_products");
    // The offer's figures live in the rendered block; the facts the model sees do not carry them.
    expect(prompt).not.toContain("discount_percent");
    // Internal figures guide the decision, never reach the model (the rules name them only to forbid them).
    expect(prompt).not.toMatch(/churn_risk|p_alive|archetype_|lifetime_value|rfm_|0\.\d{3}/i);
    expect(prompt).toContain("may be drifting away");
  });

  it("repairs a draft whose model part promises more, feeding the violations back", async () => {
    answer(async (n) => reply(n === 0 ? GREEDY : GOOD));
    const r = await post(scenario(1));
    expect(r.draft).toMatchObject({ drafter: "llm" });
    expect(r.draft.body).not.toMatch(/30%|SAVE30NOW/);
    expect(r.draft.body.split("15%").length).toBe(2);
    expect(r.draft.guard.repaired).toBe(true);
    const codes = r.draft.guard.violations.map((v: { code: string }) => v.code);
    expect(codes).toEqual(expect.arrayContaining(["offer_language", "code_like_token"]));
    expect(sent.at(-1)!).toContain("SAVE30NOW");
    expect(sent.at(-1)!).toContain("reads as a discount code");
    expect(r.draft.usage.input_tokens).toBe(800);
  });

  it("falls back to the template and flags the draft when the repair still breaks the allow-list", async () => {
    answer(async () => reply(GREEDY));
    const r = await post(scenario(1));
    expect(r.draft).toMatchObject({ drafter: "template", fallback_reason: "the model's draft broke the guard twice" });
    expect(r.draft.guard.flagged).toBe(true);
    expect(r.draft.body.split("15%").length).toBe(2);
    expect(r.draft.body).not.toContain("30%");
  });

  it("falls back to the template when the model fails, and says so on the draft", async () => {
    answer(async () => {
      throw new Error("upstream 500");
    });
    const res = await t.call("POST", "/v1/tickets", scenario(3));
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.draft.drafter).toBe("template");
    expect(r.draft.fallback_reason).toMatch(/^the model failed: .*upstream 500/);
  });

  it("falls back to the template when the model times out", async () => {
    answer((_, opts) => new Promise((_resolve, reject) => opts.abortSignal?.addEventListener("abort", () => reject(opts.abortSignal!.reason))));
    const r = await post(scenario(2));
    expect(r.draft.drafter).toBe("template");
    expect(r.draft.fallback_reason).toBe("the model timed out after 500 ms");
    expect(r.ticket.status).toBe("drafted");
  });
});
