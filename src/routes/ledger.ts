import { createRoute } from "@hono/zod-openapi";
import { desc } from "drizzle-orm";
import { z } from "zod";
import { offers } from "../db/schema";
import { apiKeySecurity, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import { verifyLedger } from "../ledger/ledger";
import { ChainCheckSchema, OfferSchema } from "./schemas";

export const ledgerRoutes = openApiRouter();
const tags = ["ledger"];

/** GET /v1/ledger?limit=100: the newest offers. */
const listRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "The newest offers in the ledger (manager or admin key)",
  security: apiKeySecurity,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
  responses: { 200: jsonResponse(z.object({ items: z.array(OfferSchema) }), "Newest first"), ...problemResponses(400, 401, 403) },
});

ledgerRoutes.openapi(listRoute, async (c) => {
  const q = c.req.valid("query");
  const rows = await c.var.services.db.select().from(offers).orderBy(desc(offers.id)).limit(q.limit);
  return c.json({ items: rows }, 200);
});

/** GET /v1/ledger/verify: walks the hash chain; `ok: false` names the first broken entry. */
const verifyRoute = createRoute({
  method: "get",
  path: "/verify",
  tags,
  summary: "Walk the ledger's hash chain (manager or admin key)",
  security: apiKeySecurity,
  responses: { 200: jsonResponse(ChainCheckSchema, "The check"), ...problemResponses(401, 403) },
});

ledgerRoutes.openapi(verifyRoute, async (c) => c.json(await verifyLedger(c.var.services.db), 200));
