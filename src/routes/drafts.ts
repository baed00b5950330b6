import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { DRAFT_STATUSES, getDraft, listDrafts } from "../drafts/repo";
import { rejectDraft } from "../pipeline/reject";
import { decodeCursor, draftJson, encodeCursor } from "./json";
import { safeText } from "../http/input";
import { notFound, ProblemError } from "../http/problem";
import { apiKeySecurity, jsonRequest, jsonRequestBody, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import { regenerateDraft } from "../pipeline/regenerate";
import { approveAndSend } from "../pipeline/approve";
import { regenerationStream } from "./regeneration-sse";
import { DraftSchema } from "./schemas";

export const draftRoutes = openApiRouter();

const DraftId = z.object({ id: z.string().uuid("not a draft id (UUID)") });
const Reviewer = safeText().trim().min(1).max(200).optional().openapi({ description: "Who reviews; defaults to the API key's name." });
const tags = ["drafts"];

/** GET /v1/drafts?status=pending_review&limit=20&cursor=...: newest first, keyset-paginated. */
const listRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Drafts, newest first (keyset-paginated)",
  security: apiKeySecurity,
  request: {
    query: z.object({
      status: z.enum(DRAFT_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(500).optional().openapi({ description: "`next_cursor` of the previous page." }),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(DraftSchema), next_cursor: z.string().nullable() }).openapi("DraftPage"), "A page of drafts"),
    ...problemResponses(400, 401),
  },
});

draftRoutes.openapi(listRoute, async (c) => {
  const q = c.req.valid("query");
  const page = await listDrafts(c.var.services.db, { status: q.status, limit: q.limit, after: q.cursor ? decodeCursor(q.cursor) : undefined });
  return c.json({ items: page.items.map(draftJson), next_cursor: page.next ? encodeCursor(page.next) : null }, 200);
});

/** GET /v1/drafts/:id: a draft with its decision. */
const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "A draft with its decision",
  security: apiKeySecurity,
  request: { params: DraftId },
  responses: { 200: jsonResponse(DraftSchema, "The draft"), ...problemResponses(400, 401, 404) },
});

draftRoutes.openapi(getRoute, async (c) => {
  const { id } = c.req.valid("param");
  const d = await getDraft(c.var.services.db, id);
  if (!d) throw notFound(`draft ${id}`);
  return c.json(draftJson(d), 200);
});

/** POST /v1/drafts/:id/approve `{ body?, reviewer? }`: approves once (409 after). */
const approveRoute = createRoute({
  method: "post",
  path: "/{id}/approve",
  tags,
  summary: "Approve a draft (optionally edited) and send it",
  description: "Approves once: 409 after. An edit may move the system's commitments but not change them or add an offer.",
  security: apiKeySecurity,
  middleware: [jsonRequest] as const,
  request: {
    params: DraftId,
    body: jsonRequestBody(z.object({ body: safeText().trim().min(1).max(20_000).optional(), reviewer: Reviewer }).strict()),
  },
  responses: { 200: jsonResponse(DraftSchema, "The approved draft"), ...problemResponses(400, 401, 404, 409, 413, 415, 422, 502) },
});

draftRoutes.openapi(approveRoute, async (c) => {
  const { id } = c.req.valid("param");
  const input = c.req.valid("json");
  const row = await approveAndSend(c.var.services, id, input.reviewer ?? c.var.actor, input.body);
  return c.json(draftJson(row), 200);
});

/** POST /v1/drafts/:id/reject `{ reason, reviewer? }`: rejects once (409 after). */
const rejectRoute = createRoute({
  method: "post",
  path: "/{id}/reject",
  tags,
  summary: "Reject a draft with a reason",
  security: apiKeySecurity,
  middleware: [jsonRequest] as const,
  request: {
    params: DraftId,
    body: jsonRequestBody(z.object({ reason: safeText().trim().min(1, "reason is required").max(2000), reviewer: Reviewer }).strict()),
  },
  responses: { 200: jsonResponse(DraftSchema, "The rejected draft"), ...problemResponses(400, 401, 404, 409, 413, 415) },
});

draftRoutes.openapi(rejectRoute, async (c) => {
  const { id } = c.req.valid("param");
  const input = c.req.valid("json");
  const s = c.var.services;
  const row = await rejectDraft(s.db, id, input.reviewer ?? c.var.actor, s.clock.now(), input.reason);
  return c.json(draftJson(row), 200);
});

/**
 * POST /v1/drafts/:id/regenerate `{ instruction, reviewer? }`: a new revision within the same
 * decision. With `Accept: text/event-stream` the answer is server-sent events: `provisional`
 * (`{ text, checked: false }`: the model's part so far, UNCHECKED, without the rendered commitments;
 * show it as provisional, never as the draft), then `draft` (the stored revision: the model's part
 * that passed the guard with the system's commitments, or the flagged template) or `error` (problem).
 */
const regenerateRoute = createRoute({
  method: "post",
  path: "/{id}/regenerate",
  tags,
  summary: "A new revision within the same decision, following an instruction",
  description:
    "With `Accept: text/event-stream`: server-sent events `provisional` (`{ text, checked: false }`: the model's part so far, unchecked, without the commitments; never the draft), then `draft` (the stored revision) or `error` (a problem).",
  security: apiKeySecurity,
  middleware: [jsonRequest] as const,
  request: {
    params: DraftId,
    body: jsonRequestBody(z.object({ instruction: safeText().trim().min(1, "instruction is required").max(500), reviewer: Reviewer }).strict()),
  },
  responses: {
    201: jsonResponse(DraftSchema, "The new revision"),
    200: {
      description: "Server-sent events (with `Accept: text/event-stream`): `provisional`, then `draft` or `error`",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...problemResponses(400, 401, 404, 409, 413, 415),
  },
});

draftRoutes.openapi(regenerateRoute, async (c) => {
  const { id } = c.req.valid("param");
  const input = c.req.valid("json");
  const s = c.var.services;
  const actor = input.reviewer ?? c.var.actor;
  const current = await getDraft(s.db, id);
  if (!current) throw notFound(`draft ${id}`);
  if (current.status !== "pending_review") {
    throw new ProblemError(409, "Conflict", `draft ${id} is ${current.status}, not pending_review`, { draft_status: current.status });
  }
  if (!(c.req.header("accept") ?? "").includes("text/event-stream")) {
    return c.json(draftJson(await regenerateDraft(s, id, input.instruction, actor)), 201);
  }
  return regenerationStream(c, (onProvisional) => regenerateDraft(s, id, input.instruction, actor, onProvisional), draftJson);
});
