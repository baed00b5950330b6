/**
 * `/v1/privacy-tasks`: data-protection requests found in tickets (src/privacy), for admin keys
 * (app.ts mounts it behind `privacy.manage`; an agent or manager key gets 403).
 * - GET   /v1/privacy-tasks?status=open|closed|all&limit=200  open ones by deadline, overdue first
 * - GET   /v1/privacy-tasks/:id
 * - PATCH /v1/privacy-tasks/:id  `{ status: "open"|"completed"|"refused", note? }`
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { notFound } from "../http/problem";
import { safeText } from "../http/input";
import { apiKeySecurity, jsonRequest, jsonRequestBody, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import type { AppEnv } from "../http/env";
import { PrivacyTaskSchema } from "./schemas";
import { deadlineRule, localDate, type PrivacyRegime, type PrivacyRight, type RegimeCandidate } from "../privacy/deadline";
import { getPrivacyTask, listPrivacyTasks, PRIVACY_TASK_STATUSES, setPrivacyTaskStatus, type PrivacyTaskRow, type PrivacyTaskStatus } from "../privacy/tasks";

const DAY_MS = 86_400_000;

/**
 * The API's privacy-task shape.
 * @param today the store's calendar date ("YYYY-MM-DD"): an open task due before it is overdue
 */
export function privacyTaskJson(t: PrivacyTaskRow, today: string): z.infer<typeof PrivacyTaskSchema> {
  const daysLeft = Math.round((Date.parse(`${t.dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  return {
    id: t.id,
    ticket_id: t.ticketId,
    customer_id: t.customerId,
    requester_email: t.requesterEmail,
    right: t.right as PrivacyRight,
    evidence: t.evidence,
    received_at: t.receivedAt.toISOString(),
    deadline: {
      due_on: t.dueOn,
      regime: t.regime,
      rule: deadlineRule(t.regime as PrivacyRegime, t.right as PrivacyRight),
      days_left: daysLeft,
      overdue: t.status === "open" && daysLeft < 0,
      candidates: t.regimeBasis as RegimeCandidate[],
    },
    status: t.status as PrivacyTaskStatus,
    shopify: t.shopifyFlow ? { flow: t.shopifyFlow, webhook_id: t.shopifyWebhookId, received_at: t.shopifyEventAt?.toISOString() ?? null } : null,
    note: t.note,
    closed_at: t.closedAt?.toISOString() ?? null,
    closed_by: t.closedBy,
    created_at: t.createdAt.toISOString(),
  };
}

export const privacyTaskRoutes = openApiRouter();

const TaskId = z.object({ id: z.string().uuid("not a privacy task id (UUID)") });
const today = (c: { var: AppEnv["Variables"] }) => localDate(c.var.services.clock.now(), c.var.services.timeZone);
const tags = ["privacy"];

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Privacy tasks, open ones by deadline, overdue first (admin key)",
  security: apiKeySecurity,
  request: { query: z.object({ status: z.enum(["open", "closed", "all"]).default("open"), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
  responses: {
    200: jsonResponse(
      z.object({ today: z.string().openapi({ format: "date", description: "The store's calendar date." }), items: z.array(PrivacyTaskSchema) }),
      "The tasks",
    ),
    ...problemResponses(400, 401, 403),
  },
});

privacyTaskRoutes.openapi(listRoute, async (c) => {
  const q = c.req.valid("query");
  const rows = await listPrivacyTasks(c.var.services.db, q);
  const day = today(c);
  return c.json({ today: day, items: rows.map((r) => privacyTaskJson(r, day)) }, 200);
});

const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "A privacy task (admin key)",
  security: apiKeySecurity,
  request: { params: TaskId },
  responses: { 200: jsonResponse(PrivacyTaskSchema, "The task"), ...problemResponses(400, 401, 403, 404) },
});

privacyTaskRoutes.openapi(getRoute, async (c) => {
  const { id } = c.req.valid("param");
  const row = await getPrivacyTask(c.var.services.db, id);
  if (!row) throw notFound(`privacy task ${id}`);
  return c.json(privacyTaskJson(row, today(c)), 200);
});

const StatusChange = z.object({ status: z.enum(PRIVACY_TASK_STATUSES), note: safeText().trim().max(2000).nullish() }).strict();

const patchRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  summary: "Close (completed or refused) or re-open a privacy task, with a note (admin key)",
  security: apiKeySecurity,
  middleware: [jsonRequest] as const,
  request: { params: TaskId, body: jsonRequestBody(StatusChange) },
  responses: { 200: jsonResponse(PrivacyTaskSchema, "The updated task"), ...problemResponses(400, 401, 403, 404, 413, 415) },
});

privacyTaskRoutes.openapi(patchRoute, async (c) => {
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const s = c.var.services;
  const row = await setPrivacyTaskStatus(s.db, id, body, c.var.actor, s.clock.now());
  return c.json(privacyTaskJson(row, today(c)), 200);
});
