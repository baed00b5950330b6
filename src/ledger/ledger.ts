/**
 * The offer ledger: one append-only row per retention offer sent to a customer. Each row carries
 * the SHA-256 of its content and of the previous row's hash (a hash chain), so editing or deleting a
 * past row is detectable by `verifyLedger`; the head (the newest hash) is also recorded in
 * `store_meta`, so deleting the newest rows is detectable too. Appends take a transaction-scoped advisory lock so two
 * approvals cannot fork the chain. The chain itself (hashing, walking) is src/ledger/chain.ts.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/types";
import { GENESIS_HASH, linkHash, walkChain, type ChainCheck } from "./chain";
import { offers, storeMeta } from "../db/schema";
import { one } from "../lib/one";

const LEDGER_HEAD_KEY = "ledger_head";
const LEDGER_LOCK = 727_411; // arbitrary advisory-lock key for the ledger

export type OfferEntry = Omit<typeof offers.$inferInsert, "id" | "prevHash" | "hash" | "createdAt"> & { createdAt: Date };

/** The canonical text hashed for a row: fixed field order, ISO time, nulls explicit. */
function canonical(e: OfferEntry, prevHash: string): string {
  return JSON.stringify([
    prevHash,
    e.createdAt.toISOString(),
    e.draftId,
    e.ticketId,
    e.customerId ?? null,
    e.rule,
    e.discountPercent,
    e.freeShipping,
    e.churnRiskScore ?? null,
    e.lifetimeValueMinor ?? null,
    e.currency ?? null,
    e.discountValueMinor,
    e.approvedBy,
    e.edited,
    e.discountCode ?? null,
    e.discountId ?? null,
    e.policyVersion,
  ]);
}

/**
 * Appends an entry (call inside the approval's transaction).
 * @returns the stored row, or the existing row when this draft already has one (idempotent per draft)
 */
/** Takes the ledger's transaction-scoped lock (appends and budget checks serialise on it). */
export async function lockLedger(tx: DbOrTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`);
}

export async function appendOffer(tx: DbOrTx, entry: OfferEntry) {
  await lockLedger(tx);
  const existing = await tx.select().from(offers).where(sql`${offers.draftId} = ${entry.draftId}`);
  if (existing.length) return existing[0];
  const last = await tx.select({ hash: offers.hash }).from(offers).orderBy(sql`${offers.id} desc`).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const createdAt = new Date(Math.floor(entry.createdAt.getTime()));
  const hash = linkHash(canonical({ ...entry, createdAt }, prevHash));
  const row = one(
    await tx
      .insert(offers)
      .values({ ...entry, createdAt, prevHash, hash })
      .returning(),
  );
  // The chain's head, kept apart from the chain: deleting the newest entries leaves every remaining
  // link intact, so only a record of where the chain ended shows that they are gone.
  const head = { hash, id: row.id };
  await tx
    .insert(storeMeta)
    .values({ key: LEDGER_HEAD_KEY, value: head })
    .onConflictDoUpdate({ target: storeMeta.key, set: { value: head, updatedAt: new Date() } });
  return row;
}

/**
 * Walks the chain from the first row.
 * @returns `{ ok: true, entries }` or the first row whose link or content hash does not match
 */
export async function verifyLedger(db: DbOrTx): Promise<ChainCheck> {
  const rows = await db.select().from(offers).orderBy(asc(offers.id));
  const walked = walkChain(rows, (r, prevHash) => canonical(r as OfferEntry, prevHash));
  if (!walked.ok) return { ok: false, entries: walked.entries, brokenAt: walked.brokenAt, reason: walked.reason };
  const prev = walked.head;
  const [head] = await db.select().from(storeMeta).where(eq(storeMeta.key, LEDGER_HEAD_KEY));
  const recorded = head?.value as { hash: string; id: number } | undefined;
  if (recorded && recorded.hash !== prev) {
    return {
      ok: false,
      entries: rows.length,
      brokenAt: recorded.id,
      reason: `the chain ends before its recorded head (entry ${recorded.id}): newest entries were deleted`,
    };
  }
  if (!recorded && rows.length) return { ok: false, entries: rows.length, reason: "the chain's recorded head is missing" };
  return { ok: true, entries: rows.length };
}
