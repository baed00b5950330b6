/**
 * Once end to end through the real `@ai-sdk/openai` client against a local server that speaks the
 * OpenAI HTTP protocol: triage with structured output, drafting, and a streamed regeneration over
 * server-sent events.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanguageModel } from "../../src/ai/model";
import { LlmClassifier } from "../../src/ai/triage/llm";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

const DRAFT =
  "Hi there,\n\nThank you for your 3 orders with us, most recently on 2011-04-01. I understand prices matter and we'd hate to lose you, so I'd like to offer you 15% off your next order.\n\nKind regards,\nCustomer Care";
const SHORTER = "Hi there, thanks for your 3 orders with us. We'd hate to lose you: here's 15% off your next order. Kind regards, Customer Care";

let fake: FakeOpenAI;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeOpenAI((req) => {
    if (req.body.response_format) {
      return JSON.stringify({ intent: "considering_leaving", confidence: 0.93, sentiment: { score: -0.3, label: "negative" }, urgency: "normal", language: "en" });
    }
    return JSON.stringify(req.body.messages).includes("shorter") ? SHORTER : DRAFT;
  });
  const model = createLanguageModel({ apiKey: "sk-test-local", baseURL: fake.baseURL, model: "gpt-4o-mini" })!;
  t = await startTestApp({ model, timeoutMs: 5000 });
  t.rt.services.classifier = new LlmClassifier(model, "gpt-4o-mini", t.rt.services.classifier);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe("the OpenAI wire protocol", () => {
  it("classifies with structured output and drafts through Chat Completions", async () => {
    const res = await t.call("POST", "/v1/tickets", scenario(1));
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.ticket.triage).toMatchObject({ intent: "considering_leaving", family: "retention_risk", classifier: "llm:gpt-4o-mini" });
    expect(r.draft).toMatchObject({ drafter: "llm", body: DRAFT, model: "gpt-4o-mini" });
    expect(r.draft.usage.input_tokens).toBeGreaterThan(0);
    expect(r.draft.usage.cost_usd).toBeGreaterThan(0);
    const [triageCall, draftCall] = fake.requests.slice(-2);
    expect(triageCall.authorization).toBe("Bearer sk-test-local");
    expect(triageCall.body.response_format).toMatchObject({ type: "json_schema" });
    expect(draftCall.body).toMatchObject({ model: "gpt-4o-mini" });
    expect(draftCall.body.stream).toBeFalsy();
  });

  it("answers POST /v1/triage from the model and says so", async () => {
    const r = await (await t.call("POST", "/v1/triage", { text: "I might switch to another shop." })).json();
    expect(r.classifier).toBe("llm:gpt-4o-mini");
  });

  it("streams a regeneration as server-sent events and stores the new revision", async () => {
    const first = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
    const res = await t.call("POST", `/v1/drafts/${first.draft.id}/regenerate`, { instruction: "shorter" }, { accept: "text/event-stream" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({ event: m[1], data: JSON.parse(m[2]) }));
    const deltas = events.filter((e) => e.event === "delta").map((e) => e.data.text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(SHORTER);
    const final = events.find((e) => e.event === "draft")!.data;
    expect(final).toMatchObject({ revision: 2, status: "pending_review", body: SHORTER, instruction: "shorter", drafter: "llm" });
    expect(final.decision).toEqual(first.decision);
    expect(fake.requests.at(-1)!.body.stream).toBe(true);
    const old = await (await t.call("GET", `/v1/drafts/${first.draft.id}`)).json();
    expect(old.status).toBe("superseded");
    expect((await t.call("POST", `/v1/drafts/${first.draft.id}/regenerate`, { instruction: "warmer" })).status).toBe(409);
  });
});
