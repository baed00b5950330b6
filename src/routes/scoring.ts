import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../db/rows";
import { notFound } from "../http/problem";
import { pathParam } from "../http/validate";
import { latestRun } from "../jobs/score";
import type { AppEnv } from "../http/env";

export const scoringRoutes = new Hono<AppEnv>();

/** GET /v1/scoring/runs/latest: model, parameters, fit and backtest figures of the run in force. */
scoringRoutes.get("/scoring/runs/latest", async (c) => {
  const run = await latestRun(c.var.services.db);
  if (!run) throw notFound("scoring run");
  return c.json({
    id: run.id,
    model: run.model,
    as_of: run.asOf.toISOString(),
    fitted_at: run.fittedAt.toISOString(),
    customers: run.customers,
    converged: run.converged,
    params: run.params,
    figures: run.figures,
  });
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
scoringRoutes.get("/archetypes", async (c) => {
  const stats = await archetypeStats(c);
  return c.json({ items: stats.sort((a, b) => b.count - a.count) });
});

/** GET /v1/archetypes/:id */
scoringRoutes.get("/archetypes/:id", async (c) => {
  const id = pathParam(c, "id", z.string().regex(/^arch_[0-9a-f]{8}$/, "not an archetype id (arch_ + 8 hex digits)"));
  const found = (await archetypeStats(c)).find((a) => a.id === id);
  if (!found) throw notFound(`archetype ${id}`);
  return c.json(found);
});

/** GET /v1/segments: customers per RFM segment in the latest run. */
scoringRoutes.get("/segments", async (c) => {
  const rows = rowsOf<{ segment: string | null; customers: number }>(
    await c.var.services.db.execute(sql`select rfm_segment as segment, count(*)::int as customers from customer_profiles group by rfm_segment order by customers desc`),
  );
  const total = rows.reduce((s, r) => s + Number(r.customers), 0);
  return c.json({ total, items: rows.map((r) => ({ segment: r.segment, customers: Number(r.customers), share: total ? Number(r.customers) / total : 0 })) });
});
