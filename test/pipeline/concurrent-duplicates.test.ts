/**
 * A duplicate in flight costs no model call (issue 16): N identical tickets posted at once make ONE
 * triage call and ONE draft call, and N identical regenerations of one draft make ONE draft call;
 * every duplicate is answered with the first run's result. Models are the AI SDK's mock models,
 * counting their calls, answering after a delay so the posts really overlap.
 */
import { MockLanguageModelV4 } from "ai/test";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmClassifier } from "../../src/ai/triage/llm";
import type { OfflineClassifier } from "../../src/ai/triage/offline";
import { drafts, tickets } from "../../src/db/schema";
import { mockAnswer } from "../fakes/mock-model";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

const reply = (text: string) => mockAnswer(text);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const GOOD = JSON.stringify({
  greeting: "Hi there,",
  paragraphs: [
    "Thank you for your 3 orders with us, most recently on 2011-04-01. I understand that price matters, and we'd hate to lose you.",
    "If there's anything else, just reply to this email.",
  ],
  commitments_after: 1,
  sign_off: "Kind regards,\nCustomer Care",
  citations: [],
});
const READING = JSON.stringify({
  unclear: false,
  family: "retention_risk",
  intent: "considering_leaving",
  confidence: 0.9,
  sentiment: { score: -0.3, label: "negative" },
  urgency: "normal",
  language: "en",
});

let t: TestApp;
let draftCalls = 0;
let triageCalls = 0;
const draftModel = new MockLanguageModelV4({
  modelId: "gpt-4o-mini",
  doGenerate: async () => {
    draftCalls++;
    await sleep(300);
    return reply(GOOD);
  },
});
const triageModel = new MockLanguageModelV4({
  modelId: "gpt-4o-mini",
  doGenerate: async () => {
    triageCalls++;
    await sleep(200);
    return reply(READING);
  },
});

beforeAll(async () => {
  t = await startTestApp({ model: draftModel, timeoutMs: 5000 });
  t.rt.services.classifier = new LlmClassifier(triageModel, "gpt-4o-mini", t.rt.services.classifier as OfflineClassifier, 5000);
});
afterAll(async () => {
  await t?.close();
});

describe("concurrent duplicates", () => {
  it("20 identical tickets posted at once: one triage call, one draft call, one stored draft, every answer the same draft", async () => {
    const body = scenario(1);
    const [triage0, draft0] = [triageCalls, draftCalls];
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.call("POST", "/v1/tickets", body)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as { draft: { id: string } }).draft.id)));
    expect(ids.size).toBe(1);
    expect(triageCalls - triage0).toBe(1);
    expect(draftCalls - draft0).toBe(1);
    const [tk] = await t.rt.services.db.select().from(tickets).where(eq(tickets.externalId, body.external_id));
    const n = (await t.rt.services.db.select({ n: count() }).from(drafts).where(eq(drafts.ticketId, tk!.id)))[0]!.n;
    expect(n).toBe(1);
    expect(tk).toMatchObject({ status: "drafted", claimedUntil: null });
    const modelCalls = triageCalls - triage0 + (draftCalls - draft0);
    console.log(
      `model calls per stored draft, 20 concurrent identical posts: ${modelCalls / n} (${triageCalls - triage0} triage + ${draftCalls - draft0} draft, ${n} draft stored)`,
    );
  });

  it("10 identical regenerations of one draft at once: one draft call, one new revision, every answer that revision", async () => {
    const r = (await (await t.call("POST", "/v1/tickets", scenario(1))).json()) as { draft: { id: string; ticket_id: string } };
    const draft0 = draftCalls;
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.call("POST", `/v1/drafts/${r.draft.id}/regenerate`, { instruction: "shorter" })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const ids = new Set(await Promise.all(answers.map(async (a) => ((await a.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect(draftCalls - draft0).toBe(1);
    const revisions = await t.rt.services.db.select().from(drafts).where(eq(drafts.ticketId, r.draft.ticket_id));
    expect(revisions.map((d) => [d.revision, d.status]).sort()).toEqual([
      [1, "superseded"],
      [2, "pending_review"],
    ]);
    console.log(`model calls per stored revision, 10 concurrent identical regenerations: ${draftCalls - draft0}`);
  });

  it("a concurrent regeneration with another instruction is refused with 409, not drafted twice", async () => {
    const r = (await (await t.call("POST", "/v1/tickets", scenario(1))).json()) as { draft: { id: string } };
    const draft0 = draftCalls;
    const [a, b] = await Promise.all([
      t.call("POST", `/v1/drafts/${r.draft.id}/regenerate`, { instruction: "shorter" }),
      sleep(50).then(() => t.call("POST", `/v1/drafts/${r.draft.id}/regenerate`, { instruction: "warmer" })),
    ]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(409);
    expect(draftCalls - draft0).toBe(1);
  });

  it("a duplicate of a ticket whose first run failed runs it again from the stored content", async () => {
    const body = scenario(1);
    const classifier = t.rt.services.classifier;
    t.rt.services.classifier = { classify: async () => Promise.reject(new Error("triage down")) } as unknown as typeof classifier;
    const failed = await t.call("POST", "/v1/tickets", body);
    t.rt.services.classifier = classifier;
    expect(failed.status).toBe(500);
    const draft0 = draftCalls;
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.call("POST", "/v1/tickets", body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(draftCalls - draft0).toBe(1);
  });
});
