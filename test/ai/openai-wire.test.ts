/**
 * Once end to end through the real `@ai-sdk/openai` client against a local server that speaks the
 * OpenAI HTTP protocol: triage with structured output, drafting with structured output, and a
 * streamed regeneration over server-sent events whose unchecked text is only ever `provisional`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanguageModel } from "../../src/ai/model";
import { LlmClassifier } from "../../src/ai/triage/llm";
import { schemaProperties, startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

const parts = (paragraphs: string[]) =>
  JSON.stringify({ greeting: "Hi there,", paragraphs, commitments_after: 1, sign_off: "Kind regards,\nCustomer Care", citations: [] });
const DRAFT = parts([
  "Thank you for your 3 orders with us, most recently on 2011-04-01. I understand prices matter and we'd hate to lose you.",
  "Just reply if there's anything else.",
]);
const SHORTER = parts(["Thanks for your 3 orders with us; we'd hate to lose you."]);

let fake: FakeOpenAI;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeOpenAI((req) => {
    if (schemaProperties(req).includes("intent")) {
      return JSON.stringify({
        unclear: false,
        family: "retention_risk",
        intent: "considering_leaving",
        confidence: 0.93,
        sentiment: { score: -0.3, label: "negative" },
        urgency: "normal",
        language: "en",
      });
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
  it("classifies and drafts with structured output through Chat Completions", async () => {
    const res = await t.call("POST", "/v1/tickets", scenario(1));
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.ticket.triage).toMatchObject({ intent: "considering_leaving", family: "retention_risk", classifier: "llm:gpt-4o-mini" });
    expect(r.draft).toMatchObject({ drafter: "llm", model: "gpt-4o-mini" });
    expect(r.draft.body).toContain("I'd like to offer you 15% off your next order.");
    expect(r.draft.usage.input_tokens).toBeGreaterThan(0);
    expect(r.draft.usage.cost_usd).toBeGreaterThan(0);
    const [triageCall, draftCall] = fake.requests.slice(-2);
    expect(triageCall!.authorization).toBe("Bearer sk-test-local");
    expect(schemaProperties(draftCall!)).toEqual(expect.arrayContaining(["greeting", "paragraphs", "commitments_after", "sign_off", "citations"]));
    expect(draftCall!.body).toMatchObject({ model: "gpt-4o-mini" });
    expect(draftCall!.body.stream).toBeFalsy();
  });

  it("answers POST /v1/triage from the model and says so", async () => {
    const r = await (await t.call("POST", "/v1/triage", { text: "I might switch to another shop." })).json();
    expect(r.classifier).toBe("llm:gpt-4o-mini");
  });

  it("streams a regeneration as provisional events, then the stored, checked revision", async () => {
    const first = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
    const res = await t.call("POST", `/v1/drafts/${first.draft.id}/regenerate`, { instruction: "shorter" }, { accept: "text/event-stream" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({ event: m[1], data: JSON.parse(m[2]!) }));
    expect(events.some((e) => e.event === "delta")).toBe(false);
    const provisional = events.filter((e) => e.event === "provisional").map((e) => e.data);
    expect(provisional.length).toBeGreaterThan(2);
    expect(provisional.every((p) => p.checked === false)).toBe(true);
    expect(provisional.at(-1)!.text).toBe("Hi there,\n\nThanks for your 3 orders with us; we'd hate to lose you.\n\nKind regards,\nCustomer Care");
    const final = events.at(-1)!;
    expect(final.event).toBe("draft");
    expect(final.data).toMatchObject({ revision: 2, status: "pending_review", instruction: "shorter", drafter: "llm" });
    expect(final.data.body).toContain("15% off your next order");
    expect(final.data.decision).toEqual(first.decision);
    expect(fake.requests.at(-1)!.body.stream).toBe(true);
    const old = await (await t.call("GET", `/v1/drafts/${first.draft.id}`)).json();
    expect(old.status).toBe("superseded");
    expect((await t.call("POST", `/v1/drafts/${first.draft.id}/regenerate`, { instruction: "warmer" })).status).toBe(409);
  });
});
