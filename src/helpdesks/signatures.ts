/**
 * Webhook authenticity checks, pure functions of the raw body, the headers and a wall clock.
 * All comparisons are constant-time (src/lib/hash.ts `safeEqual`).
 */
import { hmacBase64, safeEqual } from "../lib/hash";

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks a signed timestamp's age against `nowMs`.
 * @param at the sender's time, ms since the epoch (NaN when unparseable)
 * @param toleranceSeconds how far from now, either way, is accepted (Zendesk and Front: 300)
 */
export function checkFreshness(at: number, nowMs: number, toleranceSeconds: number): Verdict {
  if (!Number.isFinite(at)) return { ok: false, reason: "unreadable signature timestamp" };
  const skew = Math.abs(nowMs - at) / 1000;
  return skew <= toleranceSeconds ? { ok: true } : { ok: false, reason: `signature timestamp is ${Math.round(skew)} s from now (limit ${toleranceSeconds} s)` };
}

/**
 * Zendesk: `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(signing secret, timestamp + raw body)),
 * timestamp from `X-Zendesk-Webhook-Signature-Timestamp` (ISO 8601).
 * Source: https://developer.zendesk.com/documentation/webhooks/verifying/
 */
export function verifyZendesk(
  rawBody: string,
  signature: string | undefined,
  timestamp: string | undefined,
  secret: string,
  nowMs: number,
  toleranceSeconds: number,
): Verdict {
  if (!signature || !timestamp) return { ok: false, reason: "missing X-Zendesk-Webhook-Signature or -Timestamp" };
  if (!safeEqual(hmacBase64("sha256", secret, timestamp + rawBody), signature)) return { ok: false, reason: "bad signature" };
  return checkFreshness(Date.parse(timestamp), nowMs, toleranceSeconds);
}

/**
 * Help Scout: `X-HelpScout-Signature` = base64(HMAC-SHA1(secret, raw body)). No timestamp is signed,
 * so replays are caught by the delivery dedupe (same thread id), not by age.
 * Source: https://developer.helpscout.com/webhooks/
 */
export function verifyHelpScout(rawBody: string, signature: string | undefined, secret: string): Verdict {
  if (!signature) return { ok: false, reason: "missing X-HelpScout-Signature" };
  return safeEqual(hmacBase64("sha1", secret, rawBody), signature) ? { ok: true } : { ok: false, reason: "bad signature" };
}

/**
 * Front application webhooks: `X-Front-Signature` = base64(HMAC-SHA256(app signing key,
 * timestamp + ":" + raw body)), timestamp from `X-Front-Request-Timestamp` in milliseconds.
 * Source: https://dev.frontapp.com/docs/application-webhooks
 */
export function verifyFront(
  rawBody: string,
  signature: string | undefined,
  timestamp: string | undefined,
  secret: string,
  nowMs: number,
  toleranceSeconds: number,
): Verdict {
  if (!signature || !timestamp) return { ok: false, reason: "missing X-Front-Signature or X-Front-Request-Timestamp" };
  if (!safeEqual(hmacBase64("sha256", secret, `${timestamp}:${rawBody}`), signature)) return { ok: false, reason: "bad signature" };
  return checkFreshness(/^\d+$/.test(timestamp) ? Number(timestamp) : Date.parse(timestamp), nowMs, toleranceSeconds);
}

/**
 * Front rule webhooks (a rule's "Send to a Webhook" action): `X-Front-Signature` =
 * base64(HMAC-SHA1(the Webhooks integration's API secret, raw body)). Nothing else is signed, so
 * replays are caught by the delivery dedupe (the message id), not by age.
 * Source: https://dev.frontapp.com/docs/rule-webhooks ("Validating Data Integrity")
 */
export function verifyFrontRule(rawBody: string, signature: string | undefined, secret: string): Verdict {
  if (!signature) return { ok: false, reason: "missing X-Front-Signature" };
  return safeEqual(hmacBase64("sha1", secret, rawBody), signature) ? { ok: true } : { ok: false, reason: "bad signature" };
}

/** The header Gorgias and Freshdesk HTTP integrations are configured to send (they sign nothing). */
export const SHARED_SECRET_HEADER = "x-copilot-webhook-secret";

/** Gorgias and Freshdesk: the configured shared secret, compared in constant time. */
export function verifySharedSecret(sent: string | undefined, secret: string): Verdict {
  if (!sent) return { ok: false, reason: `missing ${SHARED_SECRET_HEADER}` };
  return safeEqual(sent, secret) ? { ok: true } : { ok: false, reason: "bad shared secret" };
}
