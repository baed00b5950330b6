import { Hono } from "hono";
import { z } from "zod";
import { DRAFT_STATUSES, getDraft, listDrafts } from "../drafts/repo";
import { rejectDraft } from "../pipeline/reject";
import { decodeCursor, draftJson, encodeCursor } from "./json";
import { notFound, ProblemError } from "../http/problem";
import { jsonBody, pathParam, queryParams } from "../http/validate";
import { safeText } from "../http/input";
import { regenerateDraft } from "../pipeline/regenerate";
import { approveAndSend } from "../pipeline/approve";
import type { AppEnv } from "../http/env";
import { regenerationStream } from "./regeneration-sse";

export const draftRoutes = new Hono<AppEnv>();

const DraftId = z.string().uuid("not a draft id (UUID)");
const Reviewer = safeText().trim().min(1).max(200).optional();

/** GET /v1/drafts?status=pending_review&limit=20&cursor=...: newest first, keyset-paginated. */
draftRoutes.get("/", async (c) => {
  const q = queryParams(
    c,
    z.object({
      status: z.enum(DRAFT_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(500).optional(),
    }),
  );
  const page = await listDrafts(c.var.services.db, { status: q.status, limit: q.limit, after: q.cursor ? decodeCursor(q.cursor) : undefined });
  return c.json({ items: page.items.map(draftJson), next_cursor: page.next ? encodeCursor(page.next) : null });
});

/** GET /v1/drafts/:id: a draft with its decision. */
draftRoutes.get("/:id", async (c) => {
  const id = pathParam(c, "id", DraftId);
  const d = await getDraft(c.var.services.db, id);
  if (!d) throw notFound(`draft ${id}`);
  return c.json(draftJson(d));
});

/** POST /v1/drafts/:id/approve `{ body?, reviewer? }`: approves once (409 after). */
draftRoutes.post("/:id/approve", async (c) => {
  const id = pathParam(c, "id", DraftId);
  const input = await jsonBody(c, z.object({ body: safeText().trim().min(1).max(20_000).optional(), reviewer: Reviewer }).strict());
  const row = await approveAndSend(c.var.services, id, input.reviewer ?? c.var.actor, input.body);
  return c.json(draftJson(row));
});

/** POST /v1/drafts/:id/reject `{ reason, reviewer? }`: rejects once (409 after). */
draftRoutes.post("/:id/reject", async (c) => {
  const id = pathParam(c, "id", DraftId);
  const input = await jsonBody(c, z.object({ reason: safeText().trim().min(1, "reason is required").max(2000), reviewer: Reviewer }).strict());
  const s = c.var.services;
  const row = await rejectDraft(s.db, id, input.reviewer ?? c.var.actor, s.clock.now(), input.reason);
  return c.json(draftJson(row));
});

/**
 * POST /v1/drafts/:id/regenerate `{ instruction, reviewer? }`: a new revision within the same
 * decision. With `Accept: text/event-stream` the answer is server-sent events: `provisional`
 * (`{ text, checked: false }`: the model's part so far, UNCHECKED, without the rendered commitments;
 * show it as provisional, never as the draft), then `draft` (the stored revision: the model's part
 * that passed the guard with the system's commitments, or the flagged template) or `error` (problem).
 */
draftRoutes.post("/:id/regenerate", async (c) => {
  const id = pathParam(c, "id", DraftId);
  const input = await jsonBody(c, z.object({ instruction: safeText().trim().min(1, "instruction is required").max(500), reviewer: Reviewer }).strict());
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
