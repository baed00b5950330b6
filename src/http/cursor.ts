/**
 * Opaque keyset cursors for paginated lists (customer search, journey): the last row's key as
 * base64url JSON. The API and the MCP tools hand them out and take them back unchanged.
 */
import type { z } from "zod";
import { ProblemError } from "./problem";

/** Encodes a page's last key. */
export function encodeKey(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/**
 * Decodes a cursor this API issued.
 * @param name the parameter's name, for the error
 * @throws ProblemError 400 naming `name` for anything else
 */
export function decodeKey<S extends z.ZodType>(cursor: string, schema: S, name = "cursor"): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ProblemError(400, "Invalid request", `Invalid query: ${name} is not one this API issued`, {
      invalid_params: [{ name, reason: "unknown cursor" }],
    });
  return parsed.data;
}
