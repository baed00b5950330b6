/**
 * What never reaches a log line: secrets and API keys, email addresses and ticket or draft text.
 * Both loggers (pino on Node, the JSON-lines logger on Workers) pass every line through
 * `redactFields` and every message through `redactText`, so a field added tomorrow under a known
 * name, or an address inside an error message, is caught without touching the call site.
 */

/** Field names whose value is a secret: replaced whole. */
const SECRET_KEY = /pass(word|wd)?$|secret|token|api[-_]?key|^key$|authori[sz]ation|cookie|signature|credential|private[-_]?key|^otp$/i;
/** Field names holding a customer's or a draft's words: replaced by their length. */
const TEXT_KEY = /^(body|text|ticket_?text|subject|description|message_?body|content|instruction|draft_?body|model_?body|html|comment|note|words)$/i;
/** Field names holding an email address: masked. */
const EMAIL_KEY = /e-?mail/i;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Bearer tokens, our API keys (`sck_`, `sc_`), OpenAI (`sk-`), Shopify (`shpat_`, `shpss_`) and similar credentials in free text. */
const CREDENTIAL = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}|\b(sck?_|sk-|shp(at|ss|ca|pa)_)[A-Za-z0-9_-]{8,}/g;

export const REDACTED = "[redacted]";

/** Masks email addresses and credentials inside free text (messages, errors, stack traces). */
export function redactText(s: string): string {
  return s.replace(EMAIL, "[email]").replace(CREDENTIAL, (_m, scheme: string | undefined) => (scheme ? `${scheme} ${REDACTED}` : REDACTED));
}

function redactValue(key: string, value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return value;
  if (SECRET_KEY.test(key)) return REDACTED;
  if (TEXT_KEY.test(key)) return typeof value === "string" ? `[redacted: ${value.length} chars]` : REDACTED;
  if (EMAIL_KEY.test(key) && typeof value === "string") return value.includes("@") ? "[email]" : REDACTED;
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || depth > 6) return value;
  if (value instanceof Error) return redactText(value.stack ?? value.message);
  if (Array.isArray(value)) return value.map((v) => redactValue(key, v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactValue(k, v, depth + 1);
  return out;
}

/**
 * A copy of a log line's fields with secrets replaced, customer text reduced to its length and
 * email addresses masked, at any depth (up to 6 levels).
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = redactValue(k, v, 0);
  return out;
}
