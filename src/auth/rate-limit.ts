/**
 * Sign-in rate limit: at most `maxPerEmail` failed attempts per email and `maxPerIp` per client
 * address in a sliding window; beyond that, sign-in answers 429 until the window has passed, even
 * with the right password (so guessing cannot continue). Attempts are stored in PostgreSQL, so the
 * limit holds across instances and restarts; keys are SHA-256 digests, so no email or address is
 * stored in the clear.
 */
import { and, gte, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { loginAttempts } from "../db/schema-console";
import { sha256Hex } from "../lib/hash";

export interface SignInLimits {
  windowMs: number;
  maxPerEmail: number;
  maxPerIp: number;
}

/** 5 failures per email, 50 per address, per 15 minutes (OWASP's authentication cheat sheet suggests a small number per account). */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, maxPerEmail: 5, maxPerIp: 50 };

export const emailKey = (email: string) => sha256Hex(`email:${email.trim().toLowerCase()}`);
export const ipKey = (ip: string) => sha256Hex(`ip:${ip}`);

/**
 * @returns `{ allowed: true }`, or `{ allowed: false, retryAfterSeconds }` when either key has reached its limit
 */
export async function checkSignIn(
  db: DbOrTx,
  email: string,
  ip: string,
  now: Date,
  limits = DEFAULT_SIGN_IN_LIMITS,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const since = new Date(now.getTime() - limits.windowMs);
  const keys = [emailKey(email), ipKey(ip)];
  const rows = await db
    .select({ key: loginAttempts.key, n: sql<number>`count(*)::int`, oldest: sql<string>`min(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, keys), gte(loginAttempts.at, since), sql`${loginAttempts.success} = false`))
    .groupBy(loginAttempts.key);
  for (const r of rows) {
    const max = r.key === keys[0] ? limits.maxPerEmail : limits.maxPerIp;
    if (Number(r.n) >= max) {
      const retry = Math.max(1, Math.ceil((new Date(r.oldest).getTime() + limits.windowMs - now.getTime()) / 1000));
      return { allowed: false, retryAfterSeconds: retry };
    }
  }
  return { allowed: true, retryAfterSeconds: 0 };
}

/** Records an attempt under both keys, and prunes attempts older than a day. */
export async function recordSignIn(db: DbOrTx, email: string, ip: string, success: boolean, now: Date): Promise<void> {
  await db.insert(loginAttempts).values([
    { key: emailKey(email), at: now, success },
    { key: ipKey(ip), at: now, success },
  ]);
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now.getTime() - 86_400_000)));
}
