/**
 * Offer history for the budgets (src/ledger/budget.ts), read from the offer ledger.
 */
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import type { DbOrTx } from "../db/types";
import type { OfferHistory } from "./budget";

/**
 * Discount offers made to a customer in the 90 days before `at`, and the discount value promised
 * this calendar month (UTC) to anyone (minor units, estimated on AOV when the offer was approved).
 * One statement: it runs on every ticket.
 * @param customerGid the customer, or null for an unknown requester (then 0 offers)
 */
export async function offerHistory(db: DbOrTx, customerGid: string | null, at: Date): Promise<OfferHistory> {
  const since = new Date(at.getTime() - 90 * 86_400_000);
  const monthStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const [r] = rowsOf<{ n: number; v: string | number }>(
    await db.execute(
      sql`select
        ${customerGid ? sql`(select count(*)::int from offers where customer_id = ${customerGid} and discount_percent > 0 and created_at >= ${since.toISOString()})` : sql`0`} as n,
        (select coalesce(sum(discount_value_minor), 0)::bigint from offers where created_at >= ${monthStart.toISOString()}) as v`,
    ),
  );
  return { offers_last_90d: Number(r?.n ?? 0), month_discount_minor: Number(r?.v ?? 0) };
}
