/**
 * The logger interface every module logs through, and the JSON-lines implementation used where no
 * other is configured (Workers, tools; Node uses pino, src/log/pino.ts). A leaf: it imports nothing
 * outside src/log, so any layer may log without importing the composition root.
 */
import { redactFields, redactText } from "./redact";

/** Structured fields of a log line (JSON-serialisable). */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * A JSON-lines logger: one object per line (`level`, `time` ISO 8601, `msg`, then the fields),
 * redacted as pino's lines are (src/log/redact.ts); info on stdout, warn and error on stderr.
 * @param level the lowest level written
 */
export function consoleLogger(level: LogLevel = "info"): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const write = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (order[lvl] < order[level]) return;
    const line = JSON.stringify({ level: lvl, time: new Date().toISOString(), msg: redactText(msg), ...(fields ? redactFields(fields) : {}) });
    (lvl === "error" || lvl === "warn" ? console.error : console.log)(line);
  };
  return { info: (m, f) => write("info", m, f), warn: (m, f) => write("warn", m, f), error: (m, f) => write("error", m, f) };
}
