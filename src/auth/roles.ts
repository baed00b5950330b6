/**
 * Roles and what each may do. Roles are cumulative: a manager can do everything an agent can, an
 * admin everything a manager can.
 * - agent: read, edit, approve, reject and regenerate drafts; see the customer 360 panel.
 * - manager: also see and export the offer ledger, record ledger corrections, read and change policy
 *   settings, and preview the policy's decision for any text (MCP `preview_decision`: probing the
 *   policy for the wording that earns an offer is a manager's tool, not an agent's).
 * - admin: also manage users and API keys, and see and close privacy tasks (data-protection requests).
 */
import { z } from "zod";

export const ROLES = ["agent", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export type Permission =
  | "drafts.review"
  | "ledger.read"
  | "ledger.export"
  | "ledger.correct"
  | "policy.write"
  | "policy.read"
  | "decisions.preview"
  | "users.manage"
  | "keys.manage"
  | "privacy.manage";

const MIN_ROLE: Record<Permission, Role> = {
  "drafts.review": "agent",
  "ledger.read": "manager",
  "ledger.export": "manager",
  "ledger.correct": "manager",
  "policy.write": "manager",
  "policy.read": "manager",
  "decisions.preview": "manager",
  "users.manage": "admin",
  "keys.manage": "admin",
  "privacy.manage": "admin",
};

/** True when `role` grants `permission`. Unknown roles grant nothing. */
export function can(role: string, permission: Permission): boolean {
  const have = ROLES.indexOf(role as Role);
  return have >= 0 && have >= ROLES.indexOf(MIN_ROLE[permission]);
}
