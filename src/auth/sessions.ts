/**
 * Console sessions: a random 256-bit token in an HTTP-only cookie; the database keeps its SHA-256,
 * the user, a per-session CSRF token, and expiry. Sign-in always makes a new session (and ends the
 * one the browser brought), so a session id planted before sign-in is worthless (session fixation).
 * Times are wall-clock (`now` is injectable), not the store's as-of clock.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { sessions, users } from "../db/schema-console";
import { randomToken, sha256Hex } from "../lib/hash";
import type { UserRow } from "./users";
import { one } from "../lib/one";

/** Absolute lifetime of a session (12 hours: a working day). */
export const SESSION_TTL_MS = 12 * 3600_000;
/** A session unused this long ends (2 hours). */
export const SESSION_IDLE_MS = 2 * 3600_000;

export type SessionRow = typeof sessions.$inferSelect;

/**
 * Starts a session for a user.
 * @returns the cookie token (only here in the clear) and the session row
 */
export async function createSession(db: DbOrTx, userId: string, now: Date): Promise<{ token: string; session: SessionRow }> {
  const token = randomToken(32);
  const session = one(
    await db
      .insert(sessions)
      .values({
        id: sha256Hex(token),
        userId,
        csrfToken: randomToken(32),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      })
      .returning(),
  );
  return { token, session };
}

/**
 * Looks up the session of a cookie token and refreshes its last-seen time (at most once a minute).
 * @returns the session and its user, or null when unknown, revoked, expired, idle too long, or the
 *   user is disabled
 */
export async function resolveSession(db: DbOrTx, token: string, now: Date): Promise<{ session: SessionRow; user: UserRow } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256Hex(token)), isNull(sessions.revokedAt)));
  if (!row) return null;
  const t = now.getTime();
  if (row.session.expiresAt.getTime() <= t || row.session.lastSeenAt.getTime() + SESSION_IDLE_MS <= t || row.user.disabledAt) return null;
  if (t - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
  }
  return row;
}

/** Ends a session (sign-out, or the session a browser brought to sign-in). Unknown tokens are ignored. */
export async function revokeSession(db: DbOrTx, token: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sha256Hex(token)), isNull(sessions.revokedAt)));
}
