/**
 * The Node logger: pino behind our `Logger` interface. One JSON object per line on stdout
 * (`level` as a name, `time` ISO 8601, `msg`, then the fields), every field and message redacted
 * (src/log/redact.ts), and, inside a request, its `requestId` (and the trace id when tracing is
 * on) on every line, carried by an AsyncLocalStorage the app's first middleware fills
 * (`requestContextMiddleware`). Node only.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream } from "pino";
import type { LogFields, Logger, LogLevel } from "./logger";
import { redactFields, redactText } from "./redact";
import { activeTraceId } from "./tracing";

/** What every line written inside a request carries. */
export interface RequestContext {
  requestId: string;
}

const requests = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `ctx` as the request context of every line it logs. */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return requests.run(ctx, fn);
}

/** A `Logger` that also exposes its pino instance (for flushing at shutdown). */
export interface PinoLogger extends Logger {
  readonly pino: pino.Logger;
}

/**
 * @param opts.level the lowest level written (default `info`)
 * @param opts.destination where lines go (default stdout); tests pass a stream to read them
 */
export function pinoLogger(opts: { level?: LogLevel; destination?: DestinationStream } = {}): PinoLogger {
  const p = pino(
    {
      level: opts.level ?? "info",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const ctx = requests.getStore();
        const traceId = activeTraceId();
        return { ...(ctx ? { requestId: ctx.requestId } : {}), ...(traceId ? { traceId } : {}) };
      },
    },
    opts.destination,
  );
  const write = (level: "info" | "warn" | "error", msg: string, fields?: LogFields) => {
    if (!p.isLevelEnabled(level)) return;
    p[level](fields ? redactFields(fields) : {}, redactText(msg));
  };
  return {
    pino: p,
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
