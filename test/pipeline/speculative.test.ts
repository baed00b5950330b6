/**
 * Speculative drafting (issue 20): a high-priority ticket is drafted from the offline reading while
 * the model triages. The draft is kept when the model's reading decides the same reply content
 * (one call's wait instead of two in a row); when it decides otherwise the draft is discarded, its
 * call counted and marked, and the reply is written again from the model's reading, whose decision
 * is the one stored. A ticket below the threshold is never drafted before its triage. Models are
 * the AI SDK's mock models, recording when each call starts and ends.
 */
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GateRequest, ModelGate } from "../../src/ai/gate-port";
import { LlmClassifier } from "../../src/ai/triage/llm";
import type { OfflineClassifier } from "../../src/ai/triage/offline";
import { mockAnswer } from "../fakes/mock-model";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

const reply = (text: string) => mockAnswer(text);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const REPLY = JSON.stringify({
  greeting: "Hi there,",
  paragraphs: ["I'm truly sorry your last order took so long to reach you, and I understand how frustrating the wait has been."],
  commitments_after: 1,
  sign_off: "Kind regards,\nCustomer Care",
  citations: [],
});
const reading = (family: string, intent: string, confidence = 0.9) =>
  JSON.stringify({
    unclear: false,
    family,
    intent,
    confidence,
    sentiment: { score: -0.5, label: "negative" },
    urgency: "normal",
    language: "en",
  });

/** One model call as the mock saw it: which prompt, when it started and ended (ms, performance.now()). */
interface Seen {
  kind: "triage" | "reply";
  start: number;
  end: number;
}
let seen: Seen[] = [];
let triageAnswer = reading("service_complaint", "complaint");
const record = async (kind: Seen["kind"], ms: number, text: string) => {
  const s: Seen = { kind, start: performance.now(), end: 0 };
  seen.push(s);
  await sleep(ms);
  s.end = performance.now();
  return reply(text);
};
let replyAnswer = REPLY;
const draftModel = new MockLanguageModelV4({ modelId: "gpt-4o-mini", doGenerate: () => record("reply", 300, replyAnswer) });
const triageModel = new MockLanguageModelV4({ modelId: "gpt-4o-mini", doGenerate: () => record("triage", 300, triageAnswer) });

let t: TestApp;
let offline: OfflineClassifier;
beforeAll(async () => {
  t = await startTestApp({ model: draftModel, timeoutMs: 5000 });
  offline = t.rt.services.classifier as OfflineClassifier;
  // Never skip the model triage here: every ticket below makes the call.
  t.rt.services.classifier = new LlmClassifier(triageModel, "gpt-4o-mini", offline, { timeoutMs: 5000 });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  seen = [];
  replyAnswer = REPLY;
});

const post = async (body: Record<string, unknown>) => {
  const res = await t.call("POST", "/v1/tickets", body);
  expect(res.status).toBe(201);
  return res.json();
};

describe("speculative drafting of high-priority tickets", () => {
  it("drafts while the model triages and keeps the draft when the model's reading decides the same content", async () => {
    t.rt.services.drafter = { ...t.rt.services.drafter, speculateAbove: 0 };
    // Scenario 3 (a frustrated regular, late order): the offline reading and the model's agree.
    triageAnswer = reading("service_complaint", "complaint");
    const r = await post(scenario(3));
    const [triage, replyCall] = [seen.find((s) => s.kind === "triage")!, seen.find((s) => s.kind === "reply")!];
    expect(seen.map((s) => s.kind).sort()).toEqual(["reply", "triage"]);
    // The reply call started before the triage call had answered: the two waits overlap.
    expect(replyCall.start).toBeLessThan(triage.end);
    expect(r.draft.drafter).toBe("llm");
    expect(r.draft.usage).toMatchObject({ model_calls: 2, speculative: "kept" });
    expect(r.draft.usage.calls.map((c: { prompt: string }) => c.prompt.split("@")[0])).toEqual(["triage", "reply-service"]);
    expect(r.draft.usage.calls.some((c: { discarded?: boolean }) => c.discarded)).toBe(false);
    expect(r.ticket.triage.classifier).toBe("llm:gpt-4o-mini");
    // Still the seed's decision: 15% + free shipping + a manager's follow-up.
    expect(r.decision).toMatchObject({ discount_percent: 15, free_shipping: true });
  });

  it("keeps the model's part around the model reading's block when it reads another family from the same facts", async () => {
    t.rt.services.drafter = { ...t.rt.services.drafter, speculateAbove: 0 };
    // Scenario 1 reads offline as a threat to leave (the seed's 15%); the model reads a product question.
    triageAnswer = reading("product_question", "product_info");
    const r = await post(scenario(1));
    expect(seen.map((s) => s.kind).sort()).toEqual(["reply", "triage"]);
    expect(r.draft.usage).toMatchObject({ model_calls: 2, speculative: "rebound" });
    // The decision stored, and the draft's commitments, are the ones made on the model's reading.
    expect(r.ticket.triage).toMatchObject({ family: "product_question", classifier: "llm:gpt-4o-mini" });
    expect(r.decision.discount_percent).not.toBe(15);
    expect(r.draft.body).not.toContain("15%");
    if (r.decision.discount_percent > 0) expect(r.draft.body).toContain(`${r.decision.discount_percent}%`);
  });

  it("discards the draft when the model's reading changes what it answers from (another language), and drafts again", async () => {
    t.rt.services.drafter = { ...t.rt.services.drafter, speculateAbove: 0 };
    triageAnswer = JSON.stringify({ ...JSON.parse(reading("service_complaint", "complaint")), language: "es" });
    const r = await post(scenario(1));
    expect(seen.map((s) => s.kind).filter((k) => k === "reply").length).toBeGreaterThanOrEqual(2);
    const [triage, first, second] = [seen.find((s) => s.kind === "triage")!, ...seen.filter((s) => s.kind === "reply")];
    expect(first!.start).toBeLessThan(triage.end);
    // The reply that stands was asked for after the model's reading was in.
    expect(second!.start).toBeGreaterThanOrEqual(triage.end);
    expect(r.draft.usage.speculative).toBe("discarded");
    const discarded = r.draft.usage.calls.filter((c: { discarded?: boolean }) => c.discarded);
    expect(discarded).toHaveLength(1);
    expect(discarded[0].prompt).toMatch(/^reply-retention@/);
    expect(r.draft.language).toBe("es");
  });

  it("keeps the model's part around the final decision's block when the model's reading decides another offer on the same answer", async () => {
    t.rt.services.drafter = { ...t.rt.services.drafter, speculateAbove: 0 };
    // Scenario 3 offline: 15% + free shipping + a manager's follow-up. The model reads the same
    // complaint but is unsure of it (0.4): no money on an uncertain reading, the escalation stands.
    triageAnswer = reading("service_complaint", "complaint", 0.4);
    const r = await post(scenario(3));
    expect(seen.map((s) => s.kind).sort()).toEqual(["reply", "triage"]);
    expect(r.draft.usage).toMatchObject({ model_calls: 2, speculative: "rebound" });
    expect(r.draft.usage.calls.some((c: { discarded?: boolean }) => c.discarded)).toBe(false);
    // The decision stored is the model's reading's, and the draft states it, not the offline one's.
    expect(r.decision).not.toMatchObject({ discount_percent: 15, free_shipping: true, escalate: true });
    const kinds = r.draft.guard.commitments.map((c: { kind: string }) => c.kind);
    if (r.decision.discount_percent > 0) expect(r.draft.body).toContain(`${r.decision.discount_percent}%`);
    if (r.decision.discount_percent !== 15) expect(r.draft.body).not.toContain("15%");
    if (!r.decision.free_shipping) expect(kinds).not.toContain("free_shipping");
    if (!r.decision.escalate) expect(kinds).not.toContain("follow_up");
    // The model's own words are those it wrote, once.
    expect(r.draft.body.split("I'm truly sorry your last order took so long").length).toBe(2);
    expect(r.draft.guard.ok).toBe(true);
  });

  it("discards the draft when the model's part speaks of what the final decision no longer holds", async () => {
    t.rt.services.drafter = { ...t.rt.services.drafter, speculateAbove: 0 };
    replyAnswer = JSON.stringify({
      greeting: "Hi there,",
      paragraphs: ["I'm truly sorry your last order took so long, and I hope the code below makes up for it."],
      commitments_after: 1,
      sign_off: "Kind regards,\nCustomer Care",
      citations: [],
    });
    triageAnswer = reading("service_complaint", "complaint", 0.4);
    const r = await post(scenario(3));
    // Beside the offline decision's block (15% and a code) the sentence points at it; beside the final
    // decision's (no offer) it speaks of a code nobody decided, so the draft is written again: the
    // mock says the same, the guard refuses it twice, and the template writes the reply.
    expect(r.decision.discount_percent).toBe(0);
    expect(r.draft.usage.speculative).toBe("discarded");
    const discarded = r.draft.usage.calls.filter((c: { discarded?: boolean }) => c.discarded);
    expect(discarded.map((c: { prompt: string }) => c.prompt.split("@")[0])).toEqual(["reply-service"]);
    expect(r.draft.drafter).toBe("template");
    expect(r.draft.body).not.toContain("the code below");
  });

  it("asks the model gate for the triage and the reply turns with the ticket's start, so the reply keeps the wait's aging", async () => {
    const asked: GateRequest[] = [];
    const gate: ModelGate = {
      acquire: async (req) => {
        asked.push(req);
        return () => {};
      },
      isOpen: () => false,
      stats: () => ({
        granted: 0,
        rateLimited: 0,
        errors: 0,
        retries: 0,
        refused: 0,
        waiting: 0,
        inFlight: 0,
        tokensBooked: 0,
        tokensCounted: 0,
        tokensReturned: 0,
        breaker: "closed",
      }),
    } as ModelGate;
    const classifier = t.rt.services.classifier;
    t.rt.services.classifier = new LlmClassifier(triageModel, "gpt-4o-mini", offline, { timeoutMs: 5000, gate });
    t.rt.services.drafter = { ...t.rt.services.drafter, speculateAbove: 101, gate };
    triageAnswer = reading("service_complaint", "complaint");
    try {
      const before = Date.now();
      await post(scenario(3));
      expect(asked.map((r) => r.prompt.split("@")[0])).toEqual(["triage", "reply-service"]);
      const [triage, replyTurn] = asked;
      expect(triage!.since).toBeGreaterThanOrEqual(before);
      // The reply call was asked for after the triage answered (300 ms later), aged from the same start.
      expect(replyTurn!.since).toBe(triage!.since);
    } finally {
      t.rt.services.classifier = classifier;
      t.rt.services.drafter = { ...t.rt.services.drafter, gate: undefined };
    }
  });

  it("waits for the triage before drafting a ticket below the threshold", async () => {
    t.rt.services.drafter = { ...t.rt.services.drafter, speculateAbove: 101 };
    triageAnswer = reading("service_complaint", "complaint");
    const r = await post(scenario(3));
    const [triage, replyCall] = [seen.find((s) => s.kind === "triage")!, seen.find((s) => s.kind === "reply")!];
    expect(replyCall.start).toBeGreaterThanOrEqual(triage.end);
    expect(r.draft.usage).toMatchObject({ model_calls: 2, speculative: null });
  });
});
