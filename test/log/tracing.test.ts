/**
 * Traces: with a tracer provider registered (here exporting to memory, as OTLP would export to a
 * collector), one ticket through the real app and the model path (the local OpenAI-compatible
 * server) gives one trace: the request's server span, the pipeline's stage spans under it, and the
 * AI SDK's spans of the model call named by its functionId, without the prompt or the reply.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanguageModel } from "../../src/ai/model";
import { registerTracing, type Tracing } from "../../src/log/tracing-node";
import { LATE_ORDER_REPLY, startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

const REPLY = LATE_ORDER_REPLY;

let fake: FakeOpenAI;
let t: TestApp;
let tracing: Tracing;
const exporter = new InMemorySpanExporter();

beforeAll(async () => {
  tracing = registerTracing({ serviceName: "support-copilot-test", exporter, batch: false });
  fake = await startFakeOpenAI(() => REPLY);
  const model = createLanguageModel({ apiKey: "sk-test-local", baseURL: fake.baseURL, model: "gpt-4o-mini" })!;
  t = await startTestApp({ model, redis: false, timeoutMs: 5000 });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
  await tracing?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
  globalThis.AI_SDK_TELEMETRY_INTEGRATIONS = undefined;
});

const attrs = (s: ReadableSpan) => s.attributes as Record<string, unknown>;
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe("the spans of one ticket", () => {
  it("are one trace: request, pipeline stages, and the model call named by its prompt", async () => {
    exporter.reset();
    const ticket = scenario(3);
    // A caller's trace context is continued (W3C traceparent).
    const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await t.call("POST", "/v1/tickets", ticket, { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` });
    expect(res.status).toBe(201);
    const body = await res.json();
    await tracing.provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    const names = spans.map((s) => s.name);

    const server = spans.find((s) => s.name === "POST /v1/tickets");
    expect(server, names.join(", ")).toBeDefined();
    expect(attrs(server!)).toMatchObject({ "http.route": "/v1/tickets", "http.response.status_code": 201, "http.request.method": "POST" });
    expect(server!.spanContext().traceId).toBe(callerTrace);
    expect(parentOf(server!)).toBe("00f067aa0ba902b7");

    const ours = spans.filter((s) => s.spanContext().traceId === callerTrace);
    const byName = (n: string) => ours.find((s) => s.name === n);
    const pipeline = byName("pipeline.ticket")!;
    expect(pipeline, names.join(", ")).toBeDefined();
    expect(parentOf(pipeline)).toBe(server!.spanContext().spanId);
    expect(attrs(pipeline)).toMatchObject({ "copilot.ticket.source": "api", "copilot.ticket.created": true, "copilot.draft.id": body.draft.id });
    for (const stage of ["pipeline.customer", "pipeline.triage", "pipeline.decide", "pipeline.draft", "pipeline.store"]) {
      expect(parentOf(byName(stage)!), stage).toBe(pipeline.spanContext().spanId);
    }
    expect(attrs(byName("pipeline.triage")!)).toMatchObject({ "copilot.triage.family": body.ticket.triage.family });
    expect(attrs(byName("pipeline.draft")!)).toMatchObject({ "copilot.draft.drafter": "llm", "copilot.draft.guard": "clean" });

    // The AI SDK's spans sit under the draft stage, carry the prompt's functionId, and record no text.
    const draftStage = byName("pipeline.draft")!.spanContext().spanId;
    const ai = ours.filter((s) => s.instrumentationScope.name === "gen_ai");
    expect(ai.length, names.join(", ")).toBeGreaterThan(0);
    const fn = `draft:${body.draft.prompt.name}`;
    const root = ai.find((s) => parentOf(s) === draftStage);
    expect(root, ai.map((s) => `${s.name} ${JSON.stringify(s.attributes)}`).join("\n")).toBeDefined();
    expect(root!.name).toContain(fn);
    expect(ai.some((s) => JSON.stringify(s.attributes).includes("gpt-4o-mini"))).toBe(true);
    const everything = JSON.stringify(ours.map((s) => s.attributes));
    expect(everything).not.toContain(ticket.body);
    expect(everything).not.toContain("truly sorry");
    expect(everything).not.toContain("17580@customers.example");
  });
});
