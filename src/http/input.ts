/**
 * Input rules at the edge, as plain zod schemas and helpers that every schema imports: API bodies,
 * queries and path parameters, the ticket shape helpdesk adapters map to, console forms. Route
 * definitions (plain Hono or @hono/zod-openapi) use them as they are.
 *
 * - Text: a NUL (U+0000) or a lone UTF-16 surrogate is refused (PostgreSQL stores neither in
 *   `text` or `jsonb`), with a message that names the character; the field's path names the field.
 *   Identifiers (external ids, customer ids, path ids) refuse every control character.
 * - Text we do not control (a helpdesk's or Shopify's webhook) is cleaned instead: each such
 *   character becomes U+FFFD and the paths where it happened are returned, to be recorded.
 * - Instants are ISO 8601 with an offset, from 1970-01-01 to 2100-12-31 (UTC).
 * - URLs are absolute http or https.
 * - Keyset cursors are base64url JSON `[instant, uuid]`, decoded and checked like any input.
 */
import { z } from "zod";

// These patterns exist to find control characters and lone surrogates: the lint rule against control
// characters in a regex guards against typos, and here they are the point.
/** A NUL anywhere, or a surrogate that is not half of a pair. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this finds
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this finds
const UNSAFE_ALL = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 and C1 controls and DEL: never part of an identifier. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Why a string cannot be stored, or null when it can.
 * @returns "contains a NUL character (U+0000)" | "contains a lone UTF-16 surrogate (U+D800-U+DFFF)" | null
 */
export function unsafeTextReason(s: string): string | null {
  const m = UNSAFE.exec(s);
  if (!m) return null;
  return m[0] === "\u0000" ? "contains a NUL character (U+0000)" : "contains a lone UTF-16 surrogate (U+D800-U+DFFF)";
}

/** The string with every NUL and lone surrogate replaced by U+FFFD (the replacement character). */
export function replaceUnsafeText(s: string): string {
  return s.replace(UNSAFE_ALL, "\uFFFD");
}

/**
 * A string safe to store and display: refuses NUL and lone surrogates (400 naming the field through
 * `validationProblem`). Chain `.trim().min().max()` as on `z.string()`.
 */
export function safeText() {
  return z.string().check((ctx) => {
    const reason = unsafeTextReason(ctx.value);
    if (reason) ctx.issues.push({ code: "custom", message: reason, input: ctx.value });
  });
}

/**
 * An identifier from outside (an external id, a customer id, a job id): trimmed, 1 to `max`
 * characters, no control character at all.
 */
export function safeId(max = 200, what = "an id") {
  return safeText()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max)
    .refine((s) => !CONTROL.test(s), `${what} must not contain control characters`);
}

/** A path parameter that must be a UUID (`what` names it in the message: "not a draft id (UUID)"). */
export const uuidParam = (what: string) => z.string().uuid(`not a ${what} (UUID)`);

/** The earliest instant accepted: 1970-01-01T00:00:00Z (ms since the epoch). */
export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
/** The latest instant accepted: 2100-12-31T23:59:59.999Z (ms since the epoch). */
export const MAX_INSTANT_MS = Date.UTC(2101, 0, 1) - 1;
const RANGE = "must be between 1970-01-01 and 2100-12-31";

/** True when `ms` is a finite time between 1970-01-01 and 2100-12-31 (UTC). */
export function instantInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

/**
 * An ISO 8601 date-time with an offset ("2011-12-01T10:00:00Z", "...+01:00"), 1970 to 2100.
 * The value stays the string as sent; `new Date(value)` reads it.
 */
export function boundedInstant() {
  return z.iso.datetime({ offset: true }).refine((s) => instantInRange(Date.parse(s)), RANGE);
}

/** A calendar date "YYYY-MM-DD" that exists, 1970 to 2100. */
export function boundedDay() {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
    .refine((s) => {
      const ms = Date.parse(`${s}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
    }, "not a real date")
    .refine((s) => instantInRange(Date.parse(`${s}T00:00:00Z`)), RANGE);
}

/**
 * A vendor's Unix time (seconds, possibly fractional) as ISO 8601 UTC, or undefined when it is not
 * a number between 1970 and 2100 (1e300, NaN, negative): the caller then keeps its own time.
 */
export function epochSecondsToIso(seconds: unknown): string | undefined {
  if (typeof seconds !== "number") return undefined;
  const ms = seconds * 1000;
  return instantInRange(ms) ? new Date(ms).toISOString() : undefined;
}

/** An absolute http or https URL of at most `max` characters (javascript:, data:, file: are refused). */
export function httpUrl(max = 2000) {
  return safeText()
    .max(max)
    .refine((s) => {
      if (!URL.canParse(s)) return false;
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
    }, "must be an absolute http or https URL");
}

/** A keyset position: the last row's creation time and id. */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** Encodes a keyset position as the opaque cursor `keysetCursor` reads (base64url JSON `[iso, id]`). */
export function encodeKeysetCursor(key: KeysetPosition): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString("base64url");
}

const CursorTuple = z.tuple([z.iso.datetime({ offset: true }).refine((s) => instantInRange(Date.parse(s)), RANGE), z.string().uuid()]);

/**
 * A cursor this API issued (`encodeKeysetCursor`), decoded to its position. Anything else (not
 * base64url JSON, another shape, a time out of range, an id that is not a UUID) is one issue:
 * "not a cursor this API issued".
 */
export function keysetCursor() {
  return z
    .string()
    .max(500)
    .transform((s, ctx): KeysetPosition => {
      let raw: unknown;
      try {
        if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("not base64url");
        raw = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
      } catch {
        raw = undefined;
      }
      const parsed = CursorTuple.safeParse(raw);
      if (!parsed.success) {
        ctx.issues.push({ code: "custom", message: "not a cursor this API issued", input: s });
        return z.NEVER;
      }
      return { createdAt: new Date(parsed.data[0]), id: parsed.data[1] };
    });
}

/** Nesting deeper than this in a webhook payload is refused (400) rather than walked. */
export const MAX_JSON_DEPTH = 64;

/** A JSON value nested deeper than `MAX_JSON_DEPTH`. */
export class TooDeepError extends Error {
  constructor() {
    super(`the payload nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Cleans a parsed JSON value we do not control (a webhook payload): every NUL and lone surrogate
 * in a string or a key becomes U+FFFD. Arrays and plain objects are walked; other objects (a
 * lossless-json number) are kept as they are.
 * @returns the cleaned value (the input when nothing changed) and the dotted paths that changed
 *   ("message.body_text", "payload.target.data.recipients.0.name")
 * @throws TooDeepError past `MAX_JSON_DEPTH` levels
 */
export function cleanUntrustedJson<T>(value: T): { value: T; replaced: string[] } {
  const replaced: string[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === "string") {
      if (!UNSAFE.test(v)) return v;
      replaced.push(path || "(root)");
      return replaceUnsafeText(v);
    }
    if (v === null || typeof v !== "object") return v;
    if (depth >= MAX_JSON_DEPTH) throw new TooDeepError();
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      v.forEach((item, i) => {
        const c = walk(item, path ? `${path}.${i}` : String(i), depth + 1);
        if (c !== item) (out ??= v.slice())[i] = c;
      });
      return out ?? v;
    }
    if (!isPlain(v)) return v;
    let out: Record<string, unknown> | null = null;
    for (const [k, item] of Object.entries(v)) {
      const key = UNSAFE.test(k) ? replaceUnsafeText(k) : k;
      const at = path ? `${path}.${key}` : key;
      if (key !== k) replaced.push(`${at} (key)`);
      const c = walk(item, at, depth + 1);
      if (c !== item || key !== k) {
        out ??= { ...(v as Record<string, unknown>) };
        if (key !== k) delete out[k];
        out[key] = c;
      }
    }
    return out ?? v;
  };
  return { value: walk(value, "", 0) as T, replaced };
}

/**
 * A zod error as one short phrase for a form's message: "field: reason" of its first issue
 * (`field` names a single-value form field whose issues carry no path).
 */
export function formIssue(err: z.ZodError, field?: string): string {
  const i = err.issues[0];
  if (!i) return "invalid";
  const name = i.path.length ? i.path.join(".") : field;
  return name ? `${name}: ${i.message}` : i.message;
}
