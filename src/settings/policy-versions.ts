/**
 * Versioned policy settings in the database. The newest `policy_versions` row is the policy in force;
 * with none, the file's policy (config/policy.json) is. A manager's change is validated by the same
 * zod schema as the file, gets a new version name (stamped on every decision made under it), and is
 * stored as a new row with who changed it and why, plus an audit event listing each changed field.
 * Rows are never updated or deleted, so the history is the audit of the thresholds.
 *
 * `get()` is synchronous (the engine runs per ticket); `refresh()` re-reads the newest row so that
 * other instances pick up a change (call it on an interval; a change made here applies at once).
 */
import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { policyVersions } from "../db/schema-console";
import { audit } from "../audit/audit";
import { ProblemError, validationProblem } from "../http/problem";
import { PolicyConfigSchema, type PolicyConfig } from "../policy/config";
import { one } from "../lib/one";

export type PolicyVersionRow = typeof policyVersions.$inferSelect;
const POLICY_LOCK = 727_412; // advisory-lock key serialising policy changes

/** Paths and values of every leaf that differs between two configs (`retention.tiers.0.discount_percent`). */
export function policyChanges(from: unknown, to: unknown, prefix = ""): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const isObj = (v: unknown) => v !== null && typeof v === "object";
  if (isObj(from) && isObj(to)) {
    const keys = new Set([...Object.keys(from as object), ...Object.keys(to as object)]);
    for (const k of keys)
      Object.assign(out, policyChanges((from as Record<string, unknown>)[k], (to as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
  } else if (JSON.stringify(from) !== JSON.stringify(to)) {
    out[prefix] = { from: from ?? null, to: to ?? null };
  }
  return out;
}

export class PolicyStore {
  private current: PolicyConfig;
  private currentRow: PolicyVersionRow | null = null;

  /** @param fileDefault the validated policy file, in force until a manager saves a version */
  constructor(
    private readonly db: DbOrTx,
    fileDefault: PolicyConfig,
  ) {
    this.current = fileDefault;
  }

  /** The policy in force. */
  get(): PolicyConfig {
    return this.current;
  }

  /** The stored row in force, or null while the file's policy is. */
  row(): PolicyVersionRow | null {
    return this.currentRow;
  }

  /** Re-reads the newest stored version (a row that no longer validates is skipped with the file's policy kept). */
  async refresh(): Promise<PolicyConfig> {
    const [row] = await this.db.select().from(policyVersions).orderBy(desc(policyVersions.id)).limit(1);
    if (row) {
      const parsed = PolicyConfigSchema.safeParse(row.config);
      if (parsed.success) {
        this.current = parsed.data;
        this.currentRow = row;
      }
    }
    return this.current;
  }

  /** Every stored version, newest first. */
  async history(limit = 50): Promise<PolicyVersionRow[]> {
    return this.db.select().from(policyVersions).orderBy(desc(policyVersions.id)).limit(limit);
  }

  /**
   * Validates and stores a new version; it is in force from the return.
   * @param input a full policy config (its `version` is replaced by a new one: `<YYYY-MM-DD>.m<n>`)
   * @throws ProblemError 400 naming each invalid field, 409 when nothing changed
   */
  async save(input: unknown, actor: string, reason: string, now: Date): Promise<PolicyVersionRow> {
    const base = this.current;
    const parsed = PolicyConfigSchema.safeParse({ ...(input as object), version: base.version });
    if (!parsed.success) throw validationProblem(parsed.error, "policy");
    const changes = policyChanges({ ...base, version: undefined }, { ...parsed.data, version: undefined });
    if (!Object.keys(changes).length) throw new ProblemError(409, "Conflict", "nothing changed");
    const row = await (this.db as import("../db/types").Db).transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${POLICY_LOCK})`);
      const { n } = one(await tx.select({ n: sql<number>`count(*)::int` }).from(policyVersions));
      const version = `${now.toISOString().slice(0, 10)}.m${Number(n) + 1}`;
      const config = { ...parsed.data, version };
      const inserted = one(
        await tx.insert(policyVersions).values({ version, config, previousVersion: base.version, changedBy: actor, reason, createdAt: now }).returning(),
      );
      await audit(tx, actor, "policy.changed", "policy", version, { reason, previous_version: base.version, fields: changes });
      return inserted;
    });
    this.current = row.config as PolicyConfig;
    this.currentRow = row;
    return row;
  }
}
