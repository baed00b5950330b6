/**
 * The provider down and back, through the real `@ai-sdk/openai` client and the model gate against
 * the local OpenAI-compatible server: failing calls give template drafts flagged for a re-draft;
 * once the breaker opens no call is sent and the template answers at once, saying the provider is
 * down; when the provider answers again the re-draft sweep writes the model's drafts as new
 * revisions, and leaves a draft an agent has already rejected alone. Gated calls report to the
 * metrics port like any other (failed ones as errors; a refused turn sends and reports nothing).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_DOWN_REASON } from "../../src/ai/draft";
import { ProviderGate } from "../../src/ai/gate";
import { createLanguageModel } from "../../src/ai/model";
import { auditEvents, drafts } from "../../src/db/schema";
import { redraftDue } from "../../src/pipeline/redraft";
import { schemaProperties, startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

const REPLY = JSON.stringify({
  greeting: "Hi there,",
  paragraphs: [
    "I'm truly sorry your last order took so long to reach you, and thank you for telling us.",
    "If there's anything else, just reply to this email.",
  ],
  commitments_after: 1,
  sign_off: "Kind regards,\nCustomer Care",
  citations: [],
});

let fake: FakeOpenAI;
let t: TestApp;
let gate: ProviderGate;
let down = true;

beforeAll(async () => {
  fake = await startFakeOpenAI((req) => {
    if (down) throw new Error("upstream unavailable"); // the fake answers 500
    if (!schemaProperties(req).includes("paragraphs")) throw new Error("only reply calls are expected");
    return REPLY;
  });
  gate = new ProviderGate({
    key: `${fake.baseURL}|gpt-4o-mini`,
    rpm: 6000,
    tpm: 1_000_000,
    maxInFlight: 16,
    maxAttempts: 1,
    breaker: { minCalls: 2, errorPercent: 50, windowMs: 30_000, resetMs: 3000 },
  });
  const model = createLanguageModel({ apiKey: "sk-test-local", baseURL: fake.baseURL, model: "gpt-4o-mini", fetch: gate.fetch })!;
  t = await startTestApp({ model, timeoutMs: 5000 });
  t.rt.services.drafter = { ...t.rt.services.drafter, gate };
});
afterAll(async () => {
  gate?.shutdown();
  await t?.close();
  await fake?.close();
});

const post = async () => (await (await t.call("POST", "/v1/tickets", scenario(3))).json()).draft;
const scrape = async () => (await t.rt.services.metrics.render!()).body;
/** The sum of every series of `name` whose labels include all of `labels` (0 when none). */
function sum(text: string, name: string, labels: string[]): number {
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) && labels.every((x) => l.includes(x)))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

describe("the provider down, then back", () => {
  it("drafts with the template, flagged, while it is down, and re-drafts with the model once it answers", async () => {
    const before = await scrape();
    // Two calls fail (500): the template drafts, flagged for a re-draft; the breaker then opens.
    const failed = [await post(), await post()];
    for (const d of failed) expect(d).toMatchObject({ drafter: "template", redraft_due: true, guard: { flagged: true } });
    expect(failed[0].usage).toMatchObject({ model_calls: 1, calls: [{ ok: false }] });
    expect(gate.isOpen()).toBe(true);
    const sent = fake.requests.length;
    expect(sent).toBe(2);

    // While it is open: no call at all, the template at once, and the reason says so.
    const refused = await post();
    expect(refused).toMatchObject({ drafter: "template", redraft_due: true, guard: { flagged: true } });
    expect(refused.fallback_reason).toContain(PROVIDER_DOWN_REASON);
    expect(refused.usage.model_calls).toBe(0);
    expect(fake.requests.length).toBe(sent);
    // The two calls sent are reported as errors; the refused turn sent nothing and reports nothing.
    const whileDown = await scrape();
    const calls = (text: string, outcome: string) =>
      sum(text, "copilot_model_calls_total", ['model="gpt-4o-mini"', `outcome="${outcome}"`, 'function="draft:']);
    expect(calls(whileDown, "error") - calls(before, "error")).toBe(2);
    expect(calls(whileDown, "ok") - calls(before, "ok")).toBe(0);

    // Nothing is re-drafted while it is down; an agent rejects one of them meanwhile.
    expect(await redraftDue(t.rt.services)).toEqual({ redrafted: 0, failed: 0, skipped: 0 });
    expect((await t.call("POST", `/v1/drafts/${failed[0].id}/reject`, { reason: "answered by phone" })).status).toBe(200);

    // The provider answers again; after the breaker's reset a trial call goes through.
    down = false;
    for (let i = 0; i < 1500 && gate.isOpen(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(gate.isOpen()).toBe(false);
    const sweep = await redraftDue(t.rt.services);
    expect(sweep).toEqual({ redrafted: 2, failed: 0, skipped: 0 });
    expect(gate.stats().breaker).toBe("closed");

    const db = t.rt.services.db;
    for (const d of [failed[1], refused]) {
      const revisions = await db.select().from(drafts).where(eq(drafts.ticketId, d.ticket_id)).orderBy(drafts.revision);
      expect(revisions.map((r) => [r.revision, r.status, r.drafter, r.redraftDue])).toEqual([
        [1, "superseded", "template", true],
        [2, "pending_review", "llm", false],
      ]);
      expect(revisions[1]!.body).toContain("took so long to reach you");
      const events = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, revisions[1]!.id), eq(auditEvents.action, "draft.redrafted")));
      expect(events).toHaveLength(1);
    }
    // The rejected one stays as the agent left it.
    const rejected = await db.select().from(drafts).where(eq(drafts.ticketId, failed[0].ticket_id));
    expect(rejected.map((r) => [r.revision, r.status])).toEqual([[1, "rejected"]]);
    // The re-drafts' calls went through the gate and are counted, with their tokens and cost, in
    // the running totals and in the day's figures.
    const after = await scrape();
    expect(calls(after, "ok") - calls(whileDown, "ok")).toBe(2);
    const redrafted = await db
      .select()
      .from(drafts)
      .where(and(eq(drafts.drafter, "llm"), eq(drafts.status, "pending_review")));
    const inputTokens = [failed[1], refused].reduce((n, d) => n + redrafted.find((r) => r.ticketId === d.ticket_id)!.inputTokens!, 0);
    expect(inputTokens).toBeGreaterThan(0);
    const tokens = (text: string) => sum(text, "copilot_model_tokens_total", ['model="gpt-4o-mini"', 'type="input"']);
    expect(tokens(after) - tokens(whileDown)).toBe(inputTokens);
    const dayTokens = (text: string) => sum(text, "copilot_model_day_tokens", ['model="gpt-4o-mini"', 'type="input"']);
    expect(dayTokens(after) - dayTokens(whileDown)).toBe(inputTokens);
    // Done: a second sweep finds nothing.
    expect(await redraftDue(t.rt.services)).toEqual({ redrafted: 0, failed: 0, skipped: 0 });
  });
});
