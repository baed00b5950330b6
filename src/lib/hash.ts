/**
 * The project's one hashing module: SHA-256 digests, HMACs for webhook signatures, constant-time
 * comparison and random tokens. Pure JavaScript (@noble/hashes, audited, no dependencies) plus the
 * Web Crypto random source, so the same code runs in Node and in Cloudflare Workers and every
 * function is synchronous.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** SHA-256 of a UTF-8 string, lowercase hex (64 characters). Source: FIPS 180-4. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** SHA-256 of a UTF-8 string in base64url without padding (43 characters). */
export function sha256Base64Url(text: string): string {
  return base64url(sha256(utf8ToBytes(text)));
}

/**
 * base64(HMAC-`algo`(key, message)) with the key's and the message's UTF-8 bytes, as Zendesk,
 * Help Scout, Front and Shopify sign webhooks (RFC 2104).
 */
export function hmacBase64(algo: "sha1" | "sha256", key: string, message: string): string {
  return base64(hmac(algo === "sha1" ? sha1 : sha256, utf8ToBytes(key), utf8ToBytes(message)));
}

/**
 * Constant-time equality of two strings of any length: compares their SHA-256 digests with no early
 * exit, so neither the content nor the length of a secret leaks through timing.
 */
export function safeEqual(a: string, b: string): boolean {
  const da = sha256(utf8ToBytes(a));
  const db = sha256(utf8ToBytes(b));
  let diff = 0;
  for (let i = 0; i < da.length; i++) diff |= (da[i] ?? 0) ^ (db[i] ?? 0);
  return diff === 0 && a.length === b.length;
}

/** A random token: `bytes` bytes from the platform's cryptographic source, base64url (32 bytes: 43 characters). */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}
