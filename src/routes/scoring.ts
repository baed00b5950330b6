import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../db/rows";
import { notFound } from "../http/problem";
import { apiKeySecurity, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import { latestRun } from "../jobs/score";
import type { AppEnv } from "../http/env";
import { ArchetypeSchema, ScoringRunSchema } from "./schemas";

export const scoringRoutes = openApiRouter();
const tags = ["scoring"];

/** GET /v1/scoring/runs/latest: model, parameters, fit and backtest figures of the run in force. */
const latestRunRoute = createRoute({
  method: "get",
  path: "/scoring/runs/latest",
  tags,
  summary: "The scoring run in force: model, parameters, fit and backtest figures",
  security: apiKeySecurity,
  responses: { 200: jsonResponse(ScoringRunSchema, "The latest run"), ...problemResponses(401, 404) },
});

scoringRoutes.openapi(latestRunRoute, async (c) => {
  const run = await latestRun(c.var.services.db);
  if (!run) throw notFound("scoring run");
  return c.json(
    {
      id: run.id,
      model: run.model,
      as_of: run.asOf.toISOString(),
      fitted_at: run.fittedAt.toISOString(),
      customers: run.customers,
      converged: run.converged,
      params: run.params,
      figures: run.figures,
    },
    200,
  );
});

interface StoredArchetypeStat {
  id: string;
  label: string;
  levels: Record<string, string>;
  count: number;
  share: number;
  averageLtv: number;
  averageChurnRisk: number | null;
}

/** The API's archetype shape: money in major and minor units, churn risk as served (calibrated when the run is). */
const archetypeJson = (a: StoredArchetypeStat) => ({
  id: a.id,
  label: a.label,
  levels: a.levels,
  count: a.count,
  share: a.share,
  average_ltv: Math.round(a.averageLtv) / 100,
  average_ltv_minor: Math.round(a.averageLtv),
  average_churn_risk: a.averageChurnRisk,
});

async function archetypeStats(c: { var: AppEnv["Variables"] }) {
  const run = await latestRun(c.var.services.db);
  const figures = (run?.figures ?? {}) as { archetypeStats?: StoredArchetypeStat[] };
  return (figures.archetypeStats ?? []).map(archetypeJson);
}

/** GET /v1/archetypes: every archetype with member statistics (count, share, average LTV and churn risk). */
const archetypesRoute = createRoute({
  method: "get",
  path: "/archetypes",
  tags,
  summary: "Every archetype with member statistics, largest first",
  security: apiKeySecurity,
  responses: { 200: jsonResponse(z.object({ items: z.array(ArchetypeSchema) }), "The archetypes of the latest run"), ...problemResponses(401) },
});

scoringRoutes.openapi(archetypesRoute, async (c) => {
  const stats = await archetypeStats(c);
  return c.json({ items: stats.sort((a, b) => b.count - a.count) }, 200);
});

/** GET /v1/archetypes/:id */
const archetypeRoute = createRoute({
  method: "get",
  path: "/archetypes/{id}",
  tags,
  summary: "One archetype",
  security: apiKeySecurity,
  request: { params: z.object({ id: z.string().regex(/^arch_[0-9a-f]{8}$/, "not an archetype id (arch_ + 8 hex digits)") }) },
  responses: { 200: jsonResponse(ArchetypeSchema, "The archetype"), ...problemResponses(400, 401, 404) },
});

scoringRoutes.openapi(archetypeRoute, async (c) => {
  const { id } = c.req.valid("param");
  const found = (await archetypeStats(c)).find((a) => a.id === id);
  if (!found) throw notFound(`archetype ${id}`);
  return c.json(found, 200);
});

/** GET /v1/segments: customers per RFM segment in the latest run. */
const segmentsRoute = createRoute({
  method: "get",
  path: "/segments",
  tags,
  summary: "Customers per RFM segment",
  security: apiKeySecurity,
  responses: {
    200: jsonResponse(
      z.object({ total: z.number().int(), items: z.array(z.object({ segment: z.string().nullable(), customers: z.number().int(), share: z.number() })) }),
      "Segments, largest first",
    ),
    ...problemResponses(401),
  },
});

scoringRoutes.openapi(segmentsRoute, async (c) => {
  const rows = rowsOf<{ segment: string | null; customers: number }>(
    await c.var.services.db.execute(
      sql`select rfm_segment as segment, count(*)::int as customers from customer_profiles group by rfm_segment order by customers desc`,
    ),
  );
  const total = rows.reduce((s, r) => s + Number(r.customers), 0);
  return c.json(
    { total, items: rows.map((r) => ({ segment: r.segment, customers: Number(r.customers), share: total ? Number(r.customers) / total : 0 })) },
    200,
  );
});
