/**
 * Spans, through the OpenTelemetry API only (`@opentelemetry/api`): with no tracer provider
 * registered (the default; Workers; tests that do not ask) every call is a no-op. The Node
 * composition registers a provider when `OTEL_EXPORTER_OTLP_ENDPOINT` is set
 * (src/log/tracing-node.ts). A leaf: the pipeline and the app import it, it imports nothing of ours.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

/** The instrumentation scope of the service's own spans. */
export const TRACER_NAME = "support-copilot";

const tracer = () => trace.getTracer(TRACER_NAME);

/** Runs `fn` with `span`, records a thrown error on it (status ERROR, the error's name), and ends it. */
async function endingSpan<T>(span: Span, fn: (span: Span) => Promise<T> | T): Promise<T> {
  try {
    return await fn(span);
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? "Error" });
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Runs `fn` inside a span named `name` (a child of the active span), ends it, and records an
 * exception as the span's error status. Attributes must hold no personal data or ticket text.
 * @returns what `fn` returns
 * @throws what `fn` throws
 */
export async function inSpan<T>(name: string, fn: (span: Span) => Promise<T> | T, attributes?: Attributes): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, (span) => endingSpan(span, fn));
}

/**
 * Starts a server span for an HTTP request (a root, or a child of the W3C `traceparent` in
 * `carrier`) and runs `fn` with it active. The caller names the route once it is matched.
 */
export async function inServerSpan<T>(
  method: string,
  fn: (span: Span) => Promise<T>,
  attributes?: Attributes,
  carrier: Record<string, string> = {},
): Promise<T> {
  const parent = propagation.extract(context.active(), carrier);
  return tracer().startActiveSpan(method, { kind: SpanKind.SERVER, attributes: { "http.request.method": method, ...attributes } }, parent, (span) =>
    endingSpan(span, fn),
  );
}

/** The active span's trace id (32 hex digits), or undefined when nothing is traced; for log lines. */
export function activeTraceId(): string | undefined {
  const sc = trace.getActiveSpan()?.spanContext();
  return sc && sc.traceFlags & 1 ? sc.traceId : undefined;
}
