import { Hono } from "hono";
import { desc } from "drizzle-orm";
import { z } from "zod";
import { offers } from "../db/schema";
import { queryParams } from "../http/validate";
import { verifyLedger } from "../ledger/ledger";
import type { AppEnv } from "../http/env";

export const ledgerRoutes = new Hono<AppEnv>();

/** GET /v1/ledger?limit=100: the newest offers. */
ledgerRoutes.get("/", async (c) => {
  const q = queryParams(c, z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }));
  const rows = await c.var.services.db.select().from(offers).orderBy(desc(offers.id)).limit(q.limit);
  return c.json({ items: rows });
});

/** GET /v1/ledger/verify: walks the hash chain; `ok: false` names the first broken entry. */
ledgerRoutes.get("/verify", async (c) => c.json(await verifyLedger(c.var.services.db)));
