/**
 * Random tokens and their digests. Session tokens and API keys are 256-bit random values; only
 * their SHA-256 is stored, so a copy of the database does not let anyone sign in.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random token: `bytes` random bytes in base64url (32 bytes: 43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** SHA-256 of a UTF-8 string, lowercase hex (64 characters). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Constant-time string equality (false for different lengths, without early exit on content). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}
