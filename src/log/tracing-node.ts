/**
 * OpenTelemetry tracing on Node, off by default. With `OTEL_EXPORTER_OTLP_ENDPOINT` set (the
 * standard variable; `OTEL_EXPORTER_OTLP_HEADERS` and the other standard OTLP variables are read by
 * the exporter), spans go by OTLP/HTTP to that collector: a server span per request (src/app.ts),
 * a span per pipeline stage (src/pipeline/ticket.ts), and the AI SDK's spans for every model call
 * through `@ai-sdk/otel`, named by each call's `functionId` (src/ai/calls.ts), without the
 * prompts or the model's text. Node only.
 */
import { OpenTelemetry } from "@ai-sdk/otel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { registerTelemetry } from "ai";

export interface Tracing {
  readonly provider: NodeTracerProvider;
  /** Exports what is buffered and stops (at shutdown). */
  shutdown(): Promise<void>;
}

/**
 * Registers a tracer provider globally (with the AsyncLocalStorage context manager and the W3C
 * `traceparent` propagator) exporting to `exporter`, and the AI SDK's OpenTelemetry integration.
 * @param opts.batch batch spans before export (default true); tests export each span as it ends
 */
export function registerTracing(opts: { serviceName: string; exporter: SpanExporter; batch?: boolean }): Tracing {
  const processor = opts.batch === false ? new SimpleSpanProcessor(opts.exporter) : new BatchSpanProcessor(opts.exporter);
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ "service.name": opts.serviceName }), spanProcessors: [processor] });
  provider.register();
  registerTelemetry(new OpenTelemetry({ agentSpanName: "functionId" }));
  return { provider, shutdown: () => provider.shutdown() };
}

/**
 * Starts tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
 * @returns the running tracing, or null when traces are off
 */
export function startTracing(env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_SERVICE_NAME: string }): Tracing | null {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  return registerTracing({ serviceName: env.OTEL_SERVICE_NAME, exporter: new OTLPTraceExporter() });
}
