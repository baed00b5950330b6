/**
 * `GET /metrics`: Prometheus text from the real app on the demo database, behind its key, with the
 * series a ticket through the model path moves (HTTP by route and status, tickets by source, triage,
 * decisions by rule, drafts by drafter and guard outcome, guard violations, model calls with
 * tokens and cost), against the local OpenAI-compatible server.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanguageModel } from "../../src/ai/model";
import type { ModelCall } from "../../src/log/metrics";
import { PrometheusMetrics } from "../../src/log/prometheus";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { scenario, startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";

let fake: FakeOpenAI;
let t: TestApp;
let answers: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI(() => {
    const next = answers.shift();
    if (next === undefined) throw new Error("the fake model was called more often than the test expected");
    return next;
  });
  const model = createLanguageModel({ apiKey: "sk-test-local", baseURL: fake.baseURL, model: "gpt-4o-mini" })!;
  t = await startTestApp({ model, timeoutMs: 5000 });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const scrape = async (key = TEST_API_KEY) => t.app.request("/metrics", { headers: { authorization: `Bearer ${key}` } });
/** The value of one series in a scrape, or undefined when it is absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
const parts = (paragraphs: string[]) =>
  JSON.stringify({ greeting: "Hi there,", paragraphs, commitments_after: 1, sign_off: "Kind regards,\nCustomer Care", citations: [] });

describe("GET /metrics", () => {
  it("needs the key", async () => {
    const none = await t.app.request("/metrics");
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
    expect((await scrape("wrong-key-0123456789")).status).toBe(401);
  });

  it("counts a ticket's request, triage, decision, model calls and draft", async () => {
    // A first answer that breaks the guard (a coupon), then a clean repair: two model calls, one repaired draft.
    answers = [
      parts(["So sorry! Use coupon WELCOMEBACK for an extra treat."]),
      parts(["I'm truly sorry your last order took so long to reach you, and I understand how frustrating the wait has been."]),
    ];
    const before = await (await scrape()).text();
    const res = await t.call("POST", "/v1/tickets", scenario(3, { source: "api" }));
    expect(res.status).toBe(201);
    const ticket = await res.json();
    expect(ticket.draft).toMatchObject({ drafter: "llm" });
    expect(ticket.draft.guard.repaired).toBe(true);

    const r = await scrape();
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    const delta = (series: string) => (value(text, series) ?? 0) - (value(before, series) ?? 0);

    expect(delta('http_request_duration_seconds_count{method="POST",route="/v1/tickets",status="201"}')).toBe(1);
    expect(delta('copilot_tickets_received_total{source="api"}')).toBe(1);
    expect(
      delta(
        `copilot_triage_total{family="${ticket.ticket.triage.family}",unclear="${ticket.ticket.triage.unclear}",classifier="${ticket.ticket.triage.classifier}"}`,
      ),
    ).toBe(1);
    for (const rule of new Set<string>(ticket.decision.reasons.map((x: { rule: string }) => x.rule)))
      expect(delta(`copilot_decisions_total{rule="${rule}"}`), rule).toBe(1);
    expect(delta('copilot_drafts_total{drafter="llm",guard="repaired"}')).toBe(1);
    expect(delta('copilot_guard_violations_total{kind="offer"}')).toBeGreaterThanOrEqual(1);

    const fn = `draft:${ticket.draft.prompt.name}`;
    expect(delta(`copilot_model_calls_total{function="${fn}",model="gpt-4o-mini",outcome="ok"}`)).toBe(1);
    expect(delta(`copilot_model_calls_total{function="repair:repair",model="gpt-4o-mini",outcome="ok"}`)).toBe(1);
    const tokens =
      delta(`copilot_model_tokens_total{function="${fn}",model="gpt-4o-mini",type="input"}`) +
      delta(`copilot_model_tokens_total{function="repair:repair",model="gpt-4o-mini",type="input"}`);
    expect(tokens).toBe(ticket.draft.usage.input_tokens);
    const cost =
      delta(`copilot_model_cost_usd_total{function="${fn}",model="gpt-4o-mini"}`) +
      delta(`copilot_model_cost_usd_total{function="repair:repair",model="gpt-4o-mini"}`);
    expect(cost).toBeCloseTo(Number(ticket.draft.usage.cost_usd), 5);
    expect(delta(`copilot_model_call_duration_seconds_count{function="${fn}",model="gpt-4o-mini"}`)).toBe(1);
  });

  it("labels by route pattern, never by id, and counts failed model calls", async () => {
    answers = [];
    const res = await t.call("POST", "/v1/tickets", scenario(1, { external_id: `m-${randomBytes(3).toString("hex")}` }));
    expect(res.status).toBe(201);
    const { draft } = await res.json();
    expect(draft.drafter).toBe("template");
    expect((await t.call("GET", `/v1/drafts/${draft.id}`)).status).toBe(200);
    const text = await (await scrape()).text();
    expect(value(text, 'http_request_duration_seconds_count{method="GET",route="/v1/drafts/:id",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(draft.id);
    expect(text).toMatch(/copilot_model_calls_total\{function="draft:[a-z_-]+",model="gpt-4o-mini",outcome="error"\} [1-9]/);
    expect(value(text, 'copilot_drafts_total{drafter="template",guard="fallback"}')).toBeGreaterThanOrEqual(1);
  });
});

describe("model tokens and cost per day", () => {
  const call = (model: string, inputTokens: number, outputTokens: number, costUsd: number | null, outcome: ModelCall["outcome"] = "ok"): ModelCall => ({
    functionId: "draft:reply",
    model,
    outcome,
    seconds: 1.5,
    inputTokens,
    outputTokens,
    costUsd,
  });

  it("sums each UTC day's calls, tokens and estimated cost by model, and keeps the last two days", async () => {
    let now = new Date("2026-03-01T23:59:59.000Z");
    const m = new PrometheusMetrics({ defaultMetrics: false, now: () => now });
    m.modelCall(call("gpt-4o-mini", 1000, 200, 0.00027));
    m.modelCall(call("gpt-4o-mini", 500, 100, 0.000135));
    m.modelCall(call("gpt-4o-mini", 0, 0, null, "error"));
    m.modelCall(call("local-model", 300, 50, null));
    now = new Date("2026-03-02T00:00:00.000Z");
    m.modelCall(call("gpt-4o-mini", 2000, 400, 0.00054));

    let text = (await m.render()).body;
    expect(value(text, 'copilot_model_day_calls{day="2026-03-01",model="gpt-4o-mini"}')).toBe(3);
    expect(value(text, 'copilot_model_day_tokens{day="2026-03-01",model="gpt-4o-mini",type="input"}')).toBe(1500);
    expect(value(text, 'copilot_model_day_tokens{day="2026-03-01",model="gpt-4o-mini",type="output"}')).toBe(300);
    expect(value(text, 'copilot_model_day_cost_usd{day="2026-03-01",model="gpt-4o-mini"}')).toBeCloseTo(0.000405, 9);
    // A model without a known price: its tokens count, its cost adds nothing.
    expect(value(text, 'copilot_model_day_tokens{day="2026-03-01",model="local-model",type="input"}')).toBe(300);
    expect(value(text, 'copilot_model_day_cost_usd{day="2026-03-01",model="local-model"}')).toBe(0);
    // Midnight UTC starts the next day.
    expect(value(text, 'copilot_model_day_calls{day="2026-03-02",model="gpt-4o-mini"}')).toBe(1);
    expect(value(text, 'copilot_model_day_cost_usd{day="2026-03-02",model="gpt-4o-mini"}')).toBeCloseTo(0.00054, 9);
    // The running totals count every day.
    expect(value(text, 'copilot_model_tokens_total{function="draft:reply",model="gpt-4o-mini",type="input"}')).toBe(3500);

    // A third day drops the first from the scrape.
    now = new Date("2026-03-03T08:00:00.000Z");
    m.modelCall(call("gpt-4o-mini", 10, 5, 0.0000045));
    text = (await m.render()).body;
    expect(text).not.toContain('day="2026-03-01"');
    expect(value(text, 'copilot_model_day_calls{day="2026-03-02",model="gpt-4o-mini"}')).toBe(1);
    expect(value(text, 'copilot_model_day_tokens{day="2026-03-03",model="gpt-4o-mini",type="output"}')).toBe(5);
  });
});
