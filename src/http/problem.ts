/**
 * RFC 9457 problem details. Every 4xx/5xx body is `application/problem+json` with `type`, `title`,
 * `status`, `detail`, the request id, and for validation errors the zod issues naming each bad
 * field (`invalid_params`: `[{ name: "requester.email", reason: "Invalid email address" }]`).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string) => new ProblemError(404, "Not Found", `${what} not found`);

/** A 400 naming each invalid field of a zod error (paths prefixed with `where`, e.g. "body"). */
export function validationProblem(err: ZodError, where: string): ProblemError {
  const invalid = err.issues.map((i) => ({ name: i.path.length ? i.path.join(".") : where, reason: i.message }));
  const detail = invalid.map((p) => `${p.name}: ${p.reason}`).join("; ");
  return new ProblemError(400, "Invalid request", `Invalid ${where}: ${detail}`, { invalid_params: invalid });
}

/** The body `problem()` writes (the OpenAPI document's `Problem`, src/http/openapi.ts). */
export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId?: string;
  [extra: string]: unknown;
}

/** Writes a problem response (`application/problem+json`), typed as JSON for the routes' declared responses. */
export function problem<S extends ContentfulStatusCode>(c: Context, status: S, title: string, detail?: string, extra: Record<string, unknown> = {}) {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const body: ProblemJson = { type: `https://support-copilot.dev/problems/${slug}`, title, status, detail, requestId: c.get("requestId"), ...extra };
  return c.json(body, status, { "Content-Type": "application/problem+json" });
}
