/**
 * Operator routes, mounted under /v1 (API key): the queue's jobs, the dead letter and its retry,
 * and the outbound posts with theirs.
 *   GET  /v1/jobs?state=failed&limit=50          jobs in a state (waiting|active|delayed|completed|failed)
 *   POST /v1/jobs/:id/retry                       a failed job back to waiting (404 when not failed)
 *   GET  /v1/helpdesk-posts?status=failed         outbound posts (queued|sent|failed) with their errors
 *   GET  /v1/helpdesk-posts/:draftId              one post
 *   POST /v1/helpdesk-posts/:draftId/retry        re-queues a failed post (409 when sent)
 */
import { desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { helpdeskPosts } from "../db/schema-helpdesks";
import { notFound } from "../http/problem";
import { pathParam, queryParams } from "../http/validate";
import { safeId } from "../http/input";
import { JOB_STATES } from "../queue/types";
import type { AppEnv } from "../http/env";
import { retryPost, type OutboundDeps } from "../helpdesks/outbound";

type PostRow = typeof helpdeskPosts.$inferSelect;
const postJson = (p: PostRow) => ({
  draft_id: p.draftId,
  ticket_id: p.ticketId,
  vendor: p.vendor,
  mode: p.mode,
  status: p.status,
  attempts: p.attempts,
  external_id: p.externalId,
  error: p.error,
  tags: p.tags,
  tag_error: p.tagError,
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
  sent_at: p.sentAt?.toISOString() ?? null,
});

/** Mount with `v1.route("/", helpdeskAdminRoutes(deps))`. */
export function helpdeskAdminRoutes(deps: OutboundDeps) {
  const app = new Hono<AppEnv>();
  const DraftId = z.string().uuid("not a draft id (UUID)");

  app.get("/jobs", async (c) => {
    const q = queryParams(c, z.object({ state: z.enum(JOB_STATES as [string, ...string[]]).default("failed"), limit: z.coerce.number().int().min(1).max(500).default(50) }));
    const items = await deps.queue.list(q.state as (typeof JOB_STATES)[number], q.limit);
    return c.json({ queue: deps.queue.kind, state: q.state, items });
  });

  app.post("/jobs/:id/retry", async (c) => {
    const id = pathParam(c, "id", safeId(200, "a job id"));
    if (!(await deps.queue.retry(id))) throw notFound(`failed job ${id}`);
    return c.json({ id, state: "waiting" });
  });

  app.get("/helpdesk-posts", async (c) => {
    const q = queryParams(c, z.object({ status: z.enum(["queued", "sent", "failed"]).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }));
    const rows = await deps.db
      .select()
      .from(helpdeskPosts)
      .where(q.status ? eq(helpdeskPosts.status, q.status) : undefined)
      .orderBy(desc(helpdeskPosts.updatedAt))
      .limit(q.limit);
    return c.json({ items: rows.map(postJson) });
  });

  app.get("/helpdesk-posts/:draftId", async (c) => {
    const id = pathParam(c, "draftId", DraftId);
    const [p] = await deps.db.select().from(helpdeskPosts).where(eq(helpdeskPosts.draftId, id));
    if (!p) throw notFound(`post for draft ${id}`);
    return c.json(postJson(p));
  });

  app.post("/helpdesk-posts/:draftId/retry", async (c) => {
    const id = pathParam(c, "draftId", DraftId);
    return c.json(postJson(await retryPost(deps, id)), 202);
  });
  return app;
}
