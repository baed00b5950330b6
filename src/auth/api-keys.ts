/**
 * API keys for machine clients of /v1: `sck_` + 43 base64url characters (256 random bits). Shown
 * once at creation; only the SHA-256 is stored (with a short prefix to tell keys apart). Revocable;
 * every creation and revocation is audited.
 */
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { safeText } from "../http/input";
import type { DbOrTx } from "../db/types";
import { apiKeys } from "../db/schema-console";
import { audit } from "../audit/audit";
import { ProblemError } from "../http/problem";
import { RoleSchema, type Role } from "./roles";
import { randomToken, sha256Hex } from "../lib/hash";
import { one } from "../lib/one";

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export const API_KEY_PATTERN = /^sck_[A-Za-z0-9_-]{43}$/;
export const NewApiKeySchema = z.object({ name: safeText().trim().min(1, "required").max(100), role: RoleSchema });

/**
 * Creates a key.
 * @returns the key in the clear (show it once) and its stored row
 */
export async function createApiKey(db: DbOrTx, input: { name: string; role: Role }, actor: string, now: Date): Promise<{ key: string; row: ApiKeyRow }> {
  const parsed = NewApiKeySchema.parse(input);
  const key = `sck_${randomToken(32)}`;
  const row = one(
    await db
      .insert(apiKeys)
      .values({ name: parsed.name, role: parsed.role, prefix: key.slice(0, 12), keyHash: sha256Hex(key), createdBy: actor, createdAt: now })
      .returning(),
  );
  await audit(db, actor, "api_key.created", "api_key", row.id, { name: row.name, role: row.role, prefix: row.prefix });
  return { key, row };
}

/**
 * Looks up a presented key; records its last use (at most once a minute).
 * @returns the row for a known, unrevoked key, otherwise null
 */
export async function verifyApiKey(db: DbOrTx, presented: string, now: Date): Promise<ApiKeyRow | null> {
  if (!API_KEY_PATTERN.test(presented)) return null;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, sha256Hex(presented)));
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return row;
}

/** @throws ProblemError 404 for an unknown key, 409 for one already revoked */
export async function revokeApiKey(db: DbOrTx, id: string, actor: string, now: Date): Promise<ApiKeyRow> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now, revokedBy: actor })
    .where(sql`${apiKeys.id} = ${id} and ${apiKeys.revokedAt} is null`)
    .returning();
  if (!row) {
    const [exists] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
    throw exists ? new ProblemError(409, "Conflict", "the key is already revoked") : new ProblemError(404, "Not Found", "no such key");
  }
  await audit(db, actor, "api_key.revoked", "api_key", id, { prefix: row.prefix });
  return row;
}

export async function listApiKeys(db: DbOrTx): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
}
