/**
 * Tables of the agent console and the manager's ledger (issue 7): people and their sessions, API
 * keys for machine clients, sign-in attempts (for the rate limit), versioned policy settings, and
 * ledger corrections. Same conventions as schema.ts: UTC `timestamptz`, snake_case columns.
 *
 * Secrets are never stored: passwords as scrypt hashes (src/auth/password.ts), session tokens and
 * API keys as SHA-256 digests of 256-bit random tokens (a fast hash is right for high-entropy
 * tokens: there is nothing to brute-force), sign-in attempt keys as SHA-256 of the email or address
 * so the table holds no personal data in the clear.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** A person who signs in to the console. `role`: "agent" | "manager" | "admin". */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    role: text().notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url), see src/auth/password.ts. */
    passwordHash: text().notNull(),
    /** Set for a one-time password (the first admin, an admin's reset): the next sign-in must change it. */
    mustChangePassword: boolean().notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    disabledAt: ts("disabled_at"),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

/** A signed-in browser. The cookie carries a random token; only its SHA-256 is stored here. */
export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 (hex) of the cookie's token. */
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The synchronizer token every form post of this session must carry. */
    csrfToken: text().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** A key for machine clients of /v1. Shown once at creation; only its SHA-256 is stored. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** The first characters of the key ("sck_AbCd1234"), so people can tell keys apart. */
    prefix: text().notNull(),
    keyHash: text().notNull(),
    role: text().notNull(),
    createdBy: text().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
    revokedBy: text(),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.keyHash)],
);

/** Sign-in attempts, for the rate limit. `key` is SHA-256 of "email:<lowercased>" or "ip:<address>". */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    key: text().notNull(),
    at: ts("at").notNull(),
    success: boolean().notNull(),
  },
  (t) => [index("login_attempts_key_at_idx").on(t.key, t.at)],
);

/** Every version of the policy settings; the newest row is in force. Never updated or deleted. */
export const policyVersions = pgTable("policy_versions", {
  id: bigserial({ mode: "number" }).primaryKey(),
  version: text().notNull().unique(),
  /** A full, validated PolicyConfig (src/policy/config.ts). */
  config: jsonb().notNull(),
  previousVersion: text(),
  changedBy: text().notNull(),
  reason: text().notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/**
 * A correction to an offer in the ledger: the ledger is append-only, so a wrong entry is corrected
 * by a new, hash-chained entry naming it (src/ledger/corrections.ts), never by editing it.
 */
export const ledgerCorrections = pgTable(
  "ledger_corrections",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    createdAt: ts("created_at").notNull(),
    offerId: bigint({ mode: "number" }).notNull(),
    actor: text().notNull(),
    reason: text().notNull(),
    /** The corrected facts, e.g. `{ "sent_percent": 10, "discount_code": "SAVE10-ABCD" }`. */
    correction: jsonb().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [index("ledger_corrections_offer_idx").on(t.offerId)],
);
