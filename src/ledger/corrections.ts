/**
 * Ledger corrections. The offer ledger is append-only: a wrong entry (a code that was never created,
 * an amount the agent changed by hand) is corrected by a new entry naming it, never by editing it.
 * Corrections form their own hash chain, built like the offers' chain (ledger.ts: SHA-256 of the
 * previous hash and the canonical content), and `verifyLedgerAll` walks both.
 */
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { safeText } from "../http/input";
import type { Db, DbOrTx } from "../db/types";
import { offers } from "../db/schema";
import { ledgerCorrections } from "../db/schema-console";
import { audit } from "../audit/audit";
import { ProblemError } from "../http/problem";
import { GENESIS_HASH, linkHash, walkChain, type ChainCheck } from "./chain";
import { verifyLedger } from "./ledger";
import { one } from "../lib/one";

const CORRECTIONS_LOCK = 727_413;

/** What a correction may state. At least one field besides the reason. */
export const CorrectionSchema = z
  .object({
    sent_percent: z.number().int().min(0).max(100).optional(),
    discount_code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, - and _ only")
      .optional(),
    note: safeText().trim().max(500).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: "state at least one corrected fact" });

export type Correction = z.infer<typeof CorrectionSchema>;
type CorrectionRow = typeof ledgerCorrections.$inferSelect;

function canonical(r: { createdAt: Date; offerId: number; actor: string; reason: string; correction: unknown }, prevHash: string): string {
  const c = r.correction as Record<string, unknown>;
  return JSON.stringify([
    prevHash,
    r.createdAt.toISOString(),
    r.offerId,
    r.actor,
    r.reason,
    Object.keys(c)
      .sort()
      .map((k) => [k, c[k]]),
  ]);
}

/**
 * Appends a correction to an offer and audits it.
 * @throws ProblemError 404 when the offer does not exist, 400 for an invalid correction
 */
export async function appendCorrection(db: Db, offerId: number, correction: unknown, reason: string, actor: string, at: Date): Promise<CorrectionRow> {
  const parsed = CorrectionSchema.safeParse(correction);
  if (!parsed.success)
    throw new ProblemError(400, "Invalid request", parsed.error.issues.map((i) => `${i.path.join(".") || "correction"}: ${i.message}`).join("; "));
  const clean = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CORRECTIONS_LOCK})`);
    const [offer] = await tx.select({ id: offers.id }).from(offers).where(eq(offers.id, offerId));
    if (!offer) throw new ProblemError(404, "Not Found", `ledger entry ${offerId} not found`);
    const [last] = await tx.select({ hash: ledgerCorrections.hash }).from(ledgerCorrections).orderBy(sql`${ledgerCorrections.id} desc`).limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const createdAt = new Date(Math.floor(at.getTime()));
    const entry = { createdAt, offerId, actor, reason, correction: clean };
    const hash = linkHash(canonical(entry, prevHash));
    const row = one(
      await tx
        .insert(ledgerCorrections)
        .values({ ...entry, prevHash, hash })
        .returning(),
    );
    await audit(tx, actor, "ledger.corrected", "offer", String(offerId), { correction_id: row.id, reason, correction: clean });
    return row;
  });
}

/** Walks the corrections' chain. @returns ok, or the first entry whose link or content does not match */
export async function verifyCorrections(db: DbOrTx): Promise<ChainCheck> {
  const rows = await db.select().from(ledgerCorrections).orderBy(asc(ledgerCorrections.id));
  const { head: _head, ...check } = walkChain(rows, canonical);
  return check;
}

/** Both chains: `{ ok, offers, corrections }`, `ok` only when both verify. */
export async function verifyLedgerAll(db: DbOrTx) {
  const [o, c] = await Promise.all([verifyLedger(db), verifyCorrections(db)]);
  return { ok: o.ok && c.ok, offers: o, corrections: c };
}
