/**
 * Operator routes, mounted under /v1 (API key): the queue's jobs, the dead letter and its retry,
 * and the outbound posts with theirs.
 *   GET  /v1/jobs?state=failed&limit=50          jobs in a state (waiting|active|delayed|completed|failed)
 *   POST /v1/jobs/:id/retry                       a failed job back to waiting (404 when unknown, 409 when not failed)
 *   GET  /v1/helpdesk-posts?status=failed         outbound posts (queued|sent|failed) with their errors
 *   GET  /v1/helpdesk-posts/:draftId              one post
 *   POST /v1/helpdesk-posts/:draftId/retry        re-queues a failed post (409 when sent)
 */
import { createRoute } from "@hono/zod-openapi";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { helpdeskPosts } from "../db/schema-helpdesks";
import { notFound, ProblemError } from "../http/problem";
import { safeId } from "../http/input";
import { apiKeySecurity, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import { JOB_STATES } from "../queue/types";
import { retryPost, type OutboundDeps } from "../helpdesks/outbound";
import { HelpdeskPostSchema, JobSchema } from "./schemas";

type PostRow = typeof helpdeskPosts.$inferSelect;
const postJson = (p: PostRow): z.infer<typeof HelpdeskPostSchema> => ({
  draft_id: p.draftId,
  ticket_id: p.ticketId,
  vendor: p.vendor,
  mode: p.mode,
  status: p.status,
  attempts: p.attempts,
  external_id: p.externalId,
  error: p.error,
  tags: p.tags as string[] | null,
  tag_error: p.tagError,
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
  sent_at: p.sentAt?.toISOString() ?? null,
});

/** Mount with `v1.route("/", helpdeskAdminRoutes(deps))`. */
export function helpdeskAdminRoutes(deps: OutboundDeps) {
  const app = openApiRouter();
  const DraftId = z.object({ draftId: z.string().uuid("not a draft id (UUID)") });
  const tags = ["helpdesk operations"];

  const jobsRoute = createRoute({
    method: "get",
    path: "/jobs",
    tags,
    summary: "The queue's jobs in a state (the dead letter by default)",
    security: apiKeySecurity,
    request: {
      query: z.object({ state: z.enum(JOB_STATES as [string, ...string[]]).default("failed"), limit: z.coerce.number().int().min(1).max(500).default(50) }),
    },
    responses: {
      200: jsonResponse(z.object({ queue: z.string(), state: z.string(), items: z.array(JobSchema) }), "The jobs"),
      ...problemResponses(400, 401),
    },
  });
  app.openapi(jobsRoute, async (c) => {
    const q = c.req.valid("query");
    const items = await deps.queue.list(q.state as (typeof JOB_STATES)[number], q.limit);
    return c.json({ queue: deps.queue.kind, state: q.state, items }, 200);
  });

  const retryJobRoute = createRoute({
    method: "post",
    path: "/jobs/{id}/retry",
    tags,
    summary: "A failed job back to waiting",
    security: apiKeySecurity,
    request: { params: z.object({ id: safeId(200, "a job id") }) },
    responses: {
      200: jsonResponse(z.object({ id: z.string(), state: z.literal("waiting") }), "Queued again"),
      ...problemResponses(400, 401, 404, 409),
    },
  });
  app.openapi(retryJobRoute, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await deps.queue.retry(id))) {
      // Not failed: say what it is. A job on its last try is `active` for a moment after its
      // delivery was recorded failed, until the queue moves it to the dead letter.
      const state = await deps.queue.state(id);
      if (state && state !== "failed")
        throw new ProblemError(
          409,
          "Conflict",
          `job ${id} is ${state}, not failed: only a failed job can be retried${state === "active" ? " (it is running; if this is its last try it reaches the dead letter when it ends)" : ""}`,
          { state },
        );
      throw notFound(`failed job ${id}`);
    }
    return c.json({ id, state: "waiting" as const }, 200);
  });

  const postsRoute = createRoute({
    method: "get",
    path: "/helpdesk-posts",
    tags,
    summary: "Replies posted back to the helpdesk, newest first, with their errors",
    security: apiKeySecurity,
    request: { query: z.object({ status: z.enum(["queued", "sent", "failed"]).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(HelpdeskPostSchema) }), "The posts"), ...problemResponses(400, 401) },
  });
  app.openapi(postsRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = await deps.db
      .select()
      .from(helpdeskPosts)
      .where(q.status ? eq(helpdeskPosts.status, q.status) : undefined)
      .orderBy(desc(helpdeskPosts.updatedAt))
      .limit(q.limit);
    return c.json({ items: rows.map(postJson) }, 200);
  });

  const postRoute = createRoute({
    method: "get",
    path: "/helpdesk-posts/{draftId}",
    tags,
    summary: "The post of a draft",
    security: apiKeySecurity,
    request: { params: DraftId },
    responses: { 200: jsonResponse(HelpdeskPostSchema, "The post"), ...problemResponses(400, 401, 404) },
  });
  app.openapi(postRoute, async (c) => {
    const { draftId: id } = c.req.valid("param");
    const [p] = await deps.db.select().from(helpdeskPosts).where(eq(helpdeskPosts.draftId, id));
    if (!p) throw notFound(`post for draft ${id}`);
    return c.json(postJson(p), 200);
  });

  const retryPostRoute = createRoute({
    method: "post",
    path: "/helpdesk-posts/{draftId}/retry",
    tags,
    summary: "Queue a failed post again (409 when it was sent)",
    security: apiKeySecurity,
    request: { params: DraftId },
    responses: { 202: jsonResponse(HelpdeskPostSchema, "Queued again"), ...problemResponses(400, 401, 404, 409) },
  });
  app.openapi(retryPostRoute, async (c) => {
    const { draftId: id } = c.req.valid("param");
    const row = await retryPost(deps, id);
    if (!row) throw notFound(`post for draft ${id}`); // retryPost throws first; this keeps the row's type exact
    return c.json(postJson(row), 202);
  });
  return app;
}
