/**
 * The LLM classifier with the AI SDK's mock model: it answers in our families with an explicit
 * `unclear`, keeps the offline retention evidence, records where the offline classifier read the
 * ticket differently, and that record is stored with the ticket. Through the model gate, its call
 * waits by the priority worked out from the offline reading, is bounded by its max_tokens, and the
 * gate's booking is settled with the call's usage.
 */
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderGate } from "../../../src/ai/gate";
import type { GateRequest, ModelGate } from "../../../src/ai/gate-port";
import { LlmClassifier, TRIAGE_MAX_OUTPUT_TOKENS } from "../../../src/ai/triage/llm";
import { createOfflineClassifierFromFiles } from "../../../src/ai/triage/node-loader";
import type { OfflineClassifier } from "../../../src/ai/triage/offline";
import { TriageSchema } from "../../../src/ai/triage/types";
import { mockAnswer } from "../../fakes/mock-model";
import { scenario, startTestApp, type TestApp } from "../../helpers/app";

const answer = (text: string) => mockAnswer(text, { input: 50, output: 20 });

const reading = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    unclear: false,
    family: "order_status",
    intent: "track_order",
    confidence: 0.9,
    sentiment: { score: -0.4, label: "negative" },
    urgency: "normal",
    language: "en",
    ...over,
  });

let offline: OfflineClassifier;
beforeAll(() => {
  offline = createOfflineClassifierFromFiles();
}, 120_000);

const classifierAnswering = (text: string | Error) => {
  const model = new MockLanguageModelV4({ modelId: "gpt-4o-mini", doGenerate: async () => (text instanceof Error ? Promise.reject(text) : answer(text)) });
  return { model, classifier: new LlmClassifier(model, "gpt-4o-mini", offline, 2000) };
};

describe("LlmClassifier", () => {
  it("asks for our families with an explicit unclear option through structured output", async () => {
    const { model, classifier } = classifierAnswering(reading());
    await classifier.classify("where is my parcel?");
    const call = model.doGenerateCalls[0]!;
    expect(call.responseFormat).toMatchObject({ type: "json" });
    const schema = JSON.stringify((call.responseFormat as { schema: unknown }).schema);
    expect(schema).toContain('"unclear"');
    expect(schema).toContain('"retention_risk"');
    expect(JSON.stringify(call.prompt)).toContain("<ticket>");
  });

  it("takes its turn in the gate by the priority worked out from the offline reading, bounds its answer, and settles the booking with its usage", async () => {
    const model = new MockLanguageModelV4({ modelId: "gpt-4o-mini", doGenerate: async () => answer(reading()) });
    const real = new ProviderGate({ key: "test|gpt-4o-mini", rpm: 6000, tpm: 600_000, windowSeconds: 60, maxInFlight: 4 });
    const asked: GateRequest[] = [];
    const gate: ModelGate = {
      acquire: (r) => {
        asked.push(r);
        return real.acquire(r);
      },
      isOpen: () => real.isOpen(),
      stats: () => real.stats(),
    };
    const seen: string[] = [];
    try {
      const classifier = new LlmClassifier(model, "gpt-4o-mini", offline, { gate, timeoutMs: 2000 });
      await classifier.classify("where is my parcel? it is two weeks late", {
        priority: (o) => {
          seen.push(o.classifier);
          return 77;
        },
      });
      expect(seen).toEqual([offline.name]);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ priority: 77, prompt: "triage", maxOutputTokens: TRIAGE_MAX_OUTPUT_TOKENS });
      expect(model.doGenerateCalls[0]!.maxOutputTokens).toBe(TRIAGE_MAX_OUTPUT_TOKENS);
      // Booked at the prompt estimate plus max_tokens; settled to the 50 prompt tokens the provider reported plus max_tokens.
      for (let i = 0; i < 200 && real.stats().tokensCounted === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(real.stats()).toMatchObject({ granted: 1, inFlight: 0, tokensCounted: 50 + TRIAGE_MAX_OUTPUT_TOKENS });
      expect((await real.tokenWindow()).consumed).toBe(50 + TRIAGE_MAX_OUTPUT_TOKENS);
    } finally {
      real.shutdown();
    }
  });

  it("records no disagreement when both read the same family, and keeps the offline retention evidence", async () => {
    const text = "@ShopCo tracking hasnt moved in 5 days, where's my parcel??";
    const { classifier } = classifierAnswering(reading());
    const t = await classifier.classify(text);
    expect(t).toMatchObject({ family: "order_status", intent: "track_order", unclear: false, confidence: 0.9, classifier: "llm:gpt-4o-mini" });
    expect(t.disagreement).toBeUndefined();
    expect(t.retention).toEqual(offline.classifySync(text).retention);
    expect(TriageSchema.parse(t)).toEqual(t);
  });

  it("records the offline reading when the model reads another family", async () => {
    const text = "I'm thinking about trying a different supplier. Your prices seem high compared to competitors.";
    const { classifier } = classifierAnswering(reading({ family: "product_question", intent: "product_info", confidence: 0.7 }));
    const t = await classifier.classify(text);
    const mine = offline.classifySync(text);
    expect(t.family).toBe("product_question");
    expect(t.disagreement).toEqual({ classifier: "offline-lr-v2", family: "retention_risk", intent: mine.intent, confidence: mine.confidence, unclear: false });
    expect(t.runner_up).toMatchObject({ family: "retention_risk" });
  });

  it("answers unclear when the model says it cannot tell, and records the disagreement", async () => {
    const { classifier } = classifierAnswering(reading({ unclear: true, family: "other", intent: "unclear", confidence: 0.3 }));
    const t = await classifier.classify("Where is my order 48213?");
    expect(t).toMatchObject({ unclear: true, family: "other", intent: "unclear", confidence: 0.3 });
    expect(t.disagreement).toMatchObject({ family: "order_status", unclear: false });
  });

  it("treats a reading that contradicts itself (an intent outside its family) as unclear", async () => {
    const { classifier } = classifierAnswering(reading({ family: "retention_risk", intent: "track_order" }));
    const t = await classifier.classify("Where is my order 48213?");
    expect(t).toMatchObject({ unclear: true, family: "other", intent: "unclear" });
  });

  it("answers with the offline triage when the model fails or returns something outside the schema", async () => {
    const text = "Where is my order 48213?";
    for (const bad of [new Error("503 from the provider"), '{"family":"vip_upgrade"}', "not json at all"]) {
      const t = await classifierAnswering(bad).classifier.classify(text);
      expect(t).toEqual(offline.classifySync(text));
    }
  });
});

describe("the disagreement is stored with the ticket", () => {
  let app: TestApp;
  const model = new MockLanguageModelV4({ modelId: "gpt-4o-mini" });
  beforeAll(async () => {
    // Triage calls ask for JSON: the model reads a product question; drafting calls fail, so the
    // template drafter writes (this test is about the stored triage).
    model.doGenerate = async (opts) => {
      if (opts.responseFormat?.type === "json") return answer(reading({ family: "product_question", intent: "product_info", confidence: 0.8 }));
      throw new Error("drafting is not under test");
    };
    app = await startTestApp({ model, timeoutMs: 2000, redis: false });
    app.rt.services.classifier = new LlmClassifier(model, "gpt-4o-mini", app.rt.services.classifier, 2000);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("keeps the offline reading beside the model's in the ticket's triage", async () => {
    const created = await (await app.call("POST", "/v1/tickets", scenario(1))).json();
    const stored = await (await app.call("GET", `/v1/tickets/${created.ticket.id}`)).json();
    expect(stored.ticket.triage).toMatchObject({
      classifier: "llm:gpt-4o-mini",
      family: "product_question",
      disagreement: { classifier: "offline-lr-v2", family: "retention_risk", unclear: false },
    });
  });
});
