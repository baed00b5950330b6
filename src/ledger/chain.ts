/**
 * The hash chain both ledgers use (offers, src/ledger/ledger.ts; corrections, corrections.ts): each
 * row stores the SHA-256 of the previous row's hash and its own canonical content, so editing,
 * inserting or deleting a past row breaks a link. One walker verifies both.
 */
import { sha256Hex } from "../lib/hash";

/** The previous hash of the first row. */
export const GENESIS_HASH = "0".repeat(64);

/** A stored link of a chain. */
export interface ChainRow {
  id: number;
  prevHash: string;
  hash: string;
}

/** The outcome of walking a chain: ok, or the first row whose link or content does not match. */
export interface ChainCheck {
  ok: boolean;
  entries: number;
  brokenAt?: number;
  reason?: string;
}

/**
 * The hash of a row: SHA-256 (hex) of its canonical text, which must include the previous hash.
 * @param canonicalText fixed field order, ISO times, nulls explicit (each ledger defines its own)
 */
export function linkHash(canonicalText: string): string {
  return sha256Hex(canonicalText);
}

/**
 * Walks rows in chain order (ascending id) from the genesis hash.
 * @param canonical the row's canonical text given its previous hash
 * @returns the check, and `head`: the last row's hash (the genesis hash for an empty chain)
 */
export function walkChain<R extends ChainRow>(rows: readonly R[], canonical: (row: R, prevHash: string) => string): ChainCheck & { head: string } {
  let prev = GENESIS_HASH;
  for (const r of rows) {
    if (r.prevHash !== prev) return { ok: false, entries: rows.length, brokenAt: r.id, reason: "previous-hash link does not match", head: prev };
    if (linkHash(canonical(r, r.prevHash)) !== r.hash)
      return { ok: false, entries: rows.length, brokenAt: r.id, reason: "content does not match its hash", head: prev };
    prev = r.hash;
  }
  return { ok: true, entries: rows.length, head: prev };
}
