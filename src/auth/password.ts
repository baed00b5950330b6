/**
 * Password hashing with scrypt (node:crypto; RFC 7914), the memory-hard KDF OWASP lists for
 * password storage. Parameters default to OWASP's Password Storage Cheat Sheet minimum for scrypt
 * (N = 2^17, r = 8, p = 1: 128 MiB and a few hundred ms per hash) and are stored with every hash,
 * so they can be raised later without invalidating old hashes (`needsRehash`).
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt b64url>$<key b64url>` (16-byte salt, 32-byte key).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LEN = 32;
/** Passwords longer than this are refused before hashing (scrypt cost does not depend on it, but bodies should be bounded). */
export const MAX_PASSWORD_LENGTH = 256;
export const MIN_PASSWORD_LENGTH = 12;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize("NFKC"), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * Hashes a password.
 * @returns the stored form `scrypt$N$r$p$salt$key`
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N = NaN, r = NaN, p = NaN] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0)) return null;
  return { params: { N, r, p }, salt: Buffer.from(parts[4]!, "base64url"), key: Buffer.from(parts[5]!, "base64url") };
}

/**
 * Checks a password against a stored hash in constant time. A malformed stored hash never matches.
 * @returns true when the password is right
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const p = parse(stored);
  if (!p || p.key.length !== KEY_LEN) return false;
  const key = await scrypt(password, p.salt, p.params);
  return timingSafeEqual(key, p.key);
}

/** True when a stored hash uses weaker parameters than `params` (rehash it at the next sign-in). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const p = parse(stored);
  return !p || p.params.N < params.N || p.params.r < params.r || p.params.p < params.p;
}

/** A random one-time password: 20 characters of base64url (120 bits). */
export function oneTimePassword(): string {
  return randomBytes(15).toString("base64url");
}
