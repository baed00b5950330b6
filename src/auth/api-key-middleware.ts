/**
 * `/v1` bearer authentication that accepts the configured key (`API_KEY`, compared in constant time)
 * or a key stored hashed in the database (src/auth/api-keys.ts). The actor is
 * `api-key` for the configured key and `api-key:<prefix>` for a stored one, so the audit log says
 * which key acted; `apiRole` holds the stored key's role (the configured key acts as admin), which
 * `requireApiPermission` checks on the routes that need more than an agent's.
 */
import { createMiddleware } from "hono/factory";
import { problem } from "../http/problem";
import { safeEqual } from "../lib/hash";
import type { AppEnv } from "../http/env";
import type { Services } from "../services";
import { API_KEY_PATTERN, verifyApiKey } from "./api-keys";
import { can, type Permission, type Role } from "./roles";

export type Env = { Variables: AppEnv["Variables"] & { apiRole?: Role } };

/** Who a valid key acts as: `api-key` (the configured key, admin) or `api-key:<prefix>` with the stored key's role. */
export interface ApiKeyIdentity {
  actor: string;
  role: Role;
}

/**
 * Checks a bearer token: the configured `API_KEY` (constant-time compare) or a key an admin created
 * (stored hashed). The HTTP middleware and the MCP stdio server (src/cli/mcp.ts) both use it.
 * @returns the identity, or null for any other token
 */
export async function authenticateApiKey(s: Pick<Services, "apiKey" | "db">, token: string): Promise<ApiKeyIdentity | null> {
  if (safeEqual(token, s.apiKey)) return { actor: "api-key", role: "admin" };
  if (API_KEY_PATTERN.test(token)) {
    const row = await verifyApiKey(s.db, token, new Date());
    if (row) return { actor: `api-key:${row.prefix}`, role: row.role as Role };
  }
  return null;
}

export const requireAnyApiKey = createMiddleware<Env>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const who = m ? await authenticateApiKey(c.var.services, m[1] ?? "") : null;
  if (who) {
    c.set("actor", who.actor);
    c.set("apiRole", who.role);
    return next();
  }
  c.header("WWW-Authenticate", 'Bearer realm="support-copilot"');
  return problem(c, 401, "Unauthorized", m ? "the API key is not valid" : "send Authorization: Bearer <API_KEY>");
});

const WHAT: Partial<Record<Permission, string>> = { "ledger.read": "read the offer ledger", "privacy.manage": "see or close privacy tasks" };

/**
 * After `requireAnyApiKey`: refuses (403 problem+json) a key whose role lacks `permission`, as the
 * console refuses a user (roles.ts: an agent key may draft and review; the ledger needs a manager
 * or admin key; the configured API_KEY acts as admin).
 */
export const requireApiPermission = (permission: Permission) =>
  createMiddleware<Env>(async (c, next) => {
    const role = c.var.apiRole;
    if (role && can(role, permission)) return next();
    return problem(c, 403, "Forbidden", `this API key's role (${role ?? "none"}) may not ${WHAT[permission] ?? permission}; a key with a higher role may`, {
      permission,
    });
  });
