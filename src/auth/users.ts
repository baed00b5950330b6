/**
 * Users of the console: create, authenticate, change role, disable, reset password, and the first
 * admin of an empty database. Every change writes an audit event (actor, action, what changed; never
 * a password or a hash).
 */
import { asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { safeText } from "../http/input";
import type { DbOrTx } from "../db/types";
import { users } from "../db/schema-console";
import { audit } from "../audit/audit";
import { ProblemError } from "../http/problem";
import {
  DEFAULT_SCRYPT,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  needsRehash,
  oneTimePassword,
  verifyPassword,
  type ScryptParams,
} from "./password";
import { RoleSchema, type Role } from "./roles";
import { sessions } from "../db/schema-console";
import { one } from "../lib/one";

export type UserRow = typeof users.$inferSelect;

export const EmailSchema = safeText().trim().toLowerCase().email("not an email address").max(254);
export const PasswordSchema = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH);
export const NewUserSchema = z.object({
  email: EmailSchema,
  name: safeText().trim().min(1, "required").max(120),
  role: RoleSchema,
});

/** A fixed hash that no password matches in practice, verified for unknown emails so that timing does not tell which emails exist. */
let dummyHash: Promise<string> | null = null;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`))[0];
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(eq(users.id, id)))[0];
}

export async function listUsers(db: DbOrTx): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

/**
 * Creates a user with a one-time password (they must change it at first sign-in) unless `password`
 * is given.
 * @returns the row and the one-time password (shown once, never stored in the clear)
 * @throws ProblemError 409 when the email is taken
 */
export async function createUser(
  db: DbOrTx,
  input: { email: string; name: string; role: Role; password?: string },
  actor: string,
  opts: { scrypt?: ScryptParams } = {},
): Promise<{ user: UserRow; oneTimePassword: string | null }> {
  const parsed = NewUserSchema.parse(input);
  if (await findUserByEmail(db, parsed.email)) throw new ProblemError(409, "Conflict", "a user with this email exists");
  const otp = input.password ? null : oneTimePassword();
  const passwordHash = await hashPassword(input.password ?? otp!, opts.scrypt);
  const user = one(
    await db
      .insert(users)
      .values({ email: parsed.email, name: parsed.name, role: parsed.role, passwordHash, mustChangePassword: otp !== null })
      .returning(),
  );
  await audit(db, actor, "user.created", "user", user.id, { email: user.email, role: user.role });
  return { user, oneTimePassword: otp };
}

/**
 * Checks an email and password. Unknown emails cost the same scrypt work as known ones.
 * @returns the user, or null for a wrong email or password or a disabled user
 */
export async function authenticate(db: DbOrTx, email: string, password: string, opts: { scrypt?: ScryptParams } = {}): Promise<UserRow | null> {
  if (password.length > MAX_PASSWORD_LENGTH) return null;
  const user = await findUserByEmail(db, email);
  if (!user) {
    dummyHash ??= hashPassword(oneTimePassword(), opts.scrypt ?? DEFAULT_SCRYPT);
    await verifyPassword(password, await dummyHash);
    return null;
  }
  const ok = await verifyPassword(password, user.passwordHash);
  if (!ok || user.disabledAt) return null;
  if (needsRehash(user.passwordHash, opts.scrypt ?? DEFAULT_SCRYPT)) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(password, opts.scrypt) })
      .where(eq(users.id, user.id));
  }
  return user;
}

/** Sets a user's own new password and clears the one-time flag; ends their other sessions. */
export async function changePassword(
  db: DbOrTx,
  userId: string,
  newPassword: string,
  actor: string,
  keepSessionId: string | null,
  opts: { scrypt?: ScryptParams } = {},
) {
  PasswordSchema.parse(newPassword);
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword, opts.scrypt), mustChangePassword: false, updatedAt: new Date() })
    .where(eq(users.id, userId));
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(sql`${sessions.userId} = ${userId} and ${sessions.revokedAt} is null ${keepSessionId ? sql`and ${sessions.id} <> ${keepSessionId}` : sql``}`);
  await audit(db, actor, "user.password_changed", "user", userId, { must_change_password: { to: false } });
}

/**
 * Admin actions on another user: role, disable/enable, password reset (a new one-time password,
 * and every session of theirs ends).
 * @throws ProblemError 404 for an unknown user, 409 when the change would leave no active admin
 */
export async function updateUser(
  db: DbOrTx,
  userId: string,
  change: { role?: Role; disabled?: boolean; resetPassword?: boolean },
  actor: string,
  opts: { scrypt?: ScryptParams } = {},
): Promise<{ user: UserRow; oneTimePassword: string | null }> {
  const current = await findUserById(db, userId);
  if (!current) throw new ProblemError(404, "Not Found", "no such user");
  const losesAdmin = current.role === "admin" && !current.disabledAt && ((change.role && change.role !== "admin") || change.disabled === true);
  if (losesAdmin) {
    const { n } = one(await db.select({ n: sql<number>`count(*)::int` }).from(users).where(sql`${users.role} = 'admin' and ${users.disabledAt} is null`));
    if (Number(n) <= 1) throw new ProblemError(409, "Conflict", "this is the last active admin");
  }
  const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  const changes: Record<string, unknown> = {};
  if (change.role && change.role !== current.role) {
    set.role = change.role;
    changes.role = { from: current.role, to: change.role };
  }
  if (change.disabled !== undefined && change.disabled !== !!current.disabledAt) {
    set.disabledAt = change.disabled ? new Date() : null;
    changes.disabled = { from: !!current.disabledAt, to: change.disabled };
  }
  let otp: string | null = null;
  if (change.resetPassword) {
    otp = oneTimePassword();
    set.passwordHash = await hashPassword(otp, opts.scrypt);
    set.mustChangePassword = true;
    changes.password = "reset";
  }
  const user = one(await db.update(users).set(set).where(eq(users.id, userId)).returning(), "user");
  if (change.disabled || change.resetPassword || changes.role) {
    await db.update(sessions).set({ revokedAt: new Date() }).where(sql`${sessions.userId} = ${userId} and ${sessions.revokedAt} is null`);
  }
  if (Object.keys(changes).length) await audit(db, actor, "user.updated", "user", userId, changes);
  return { user, oneTimePassword: otp };
}

/**
 * The embedded default's first admin: when no user exists, creates `email` as admin with a
 * one-time password (to be printed once at start-up; it must be changed at first sign-in).
 * @returns the credentials, or null when users exist already
 */
export async function ensureFirstAdmin(db: DbOrTx, opts: { email?: string; scrypt?: ScryptParams } = {}): Promise<{ email: string; password: string } | null> {
  const any = await db.select({ id: users.id }).from(users).where(isNull(users.disabledAt)).limit(1);
  if (any.length) return null;
  const email = opts.email ?? "admin@localhost.localdomain";
  const { oneTimePassword: otp } = await createUser(db, { email, name: "First admin", role: "admin" }, "system", opts);
  return { email, password: otp! };
}
