import type { Context } from "hono";
import type { z } from "zod";
import { ProblemError, validationProblem } from "./problem";

/**
 * Reads and validates a JSON body.
 * @throws ProblemError 415 for a non-JSON content type, 400 for malformed JSON or a body that fails `schema`
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ProblemError(415, "Unsupported Media Type", "send the body as application/json");
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ProblemError(400, "Malformed JSON", "the request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationProblem(parsed.error, "body");
  return parsed.data;
}

/** Validates the query string. @throws ProblemError 400 naming each bad parameter */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationProblem(parsed.error, "query");
  return parsed.data;
}

/** Validates a path parameter. @throws ProblemError 400 naming the parameter */
export function pathParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.param(name));
  if (!parsed.success) {
    throw new ProblemError(400, "Invalid request", `Invalid path parameter ${name}: ${parsed.error.issues[0]?.message}`, {
      invalid_params: [{ name, reason: parsed.error.issues[0]?.message }],
    });
  }
  return parsed.data;
}
