/**
 * `/v1/privacy-tasks`: data-protection requests found in tickets (src/privacy), for admin keys
 * (app.ts mounts it behind `privacy.manage`; an agent or manager key gets 403).
 * - GET   /v1/privacy-tasks?status=open|closed|all&limit=200  open ones by deadline, overdue first
 * - GET   /v1/privacy-tasks/:id
 * - PATCH /v1/privacy-tasks/:id  `{ status: "open"|"completed"|"refused", note? }`
 */
import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../http/problem";
import { jsonBody, pathParam, queryParams } from "../http/validate";
import { safeText } from "../http/input";
import type { AppEnv } from "../http/env";
import { deadlineRule, localDate, type PrivacyRegime, type PrivacyRight } from "../privacy/deadline";
import { getPrivacyTask, listPrivacyTasks, PRIVACY_TASK_STATUSES, setPrivacyTaskStatus, type PrivacyTaskRow } from "../privacy/tasks";

const DAY_MS = 86_400_000;

/**
 * The API's privacy-task shape.
 * @param today the store's calendar date ("YYYY-MM-DD"): an open task due before it is overdue
 */
export function privacyTaskJson(t: PrivacyTaskRow, today: string) {
  const daysLeft = Math.round((Date.parse(`${t.dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  return {
    id: t.id,
    ticket_id: t.ticketId,
    customer_id: t.customerId,
    requester_email: t.requesterEmail,
    right: t.right,
    evidence: t.evidence,
    received_at: t.receivedAt.toISOString(),
    deadline: {
      due_on: t.dueOn,
      regime: t.regime,
      rule: deadlineRule(t.regime as PrivacyRegime, t.right as PrivacyRight),
      days_left: daysLeft,
      overdue: t.status === "open" && daysLeft < 0,
      candidates: t.regimeBasis,
    },
    status: t.status,
    shopify: t.shopifyFlow ? { flow: t.shopifyFlow, webhook_id: t.shopifyWebhookId, received_at: t.shopifyEventAt?.toISOString() ?? null } : null,
    note: t.note,
    closed_at: t.closedAt?.toISOString() ?? null,
    closed_by: t.closedBy,
    created_at: t.createdAt.toISOString(),
  };
}

export const privacyTaskRoutes = new Hono<AppEnv>();

const TaskId = z.string().uuid("not a privacy task id (UUID)");
const today = (c: { var: AppEnv["Variables"] }) => localDate(c.var.services.clock.now(), c.var.services.timeZone);

privacyTaskRoutes.get("/", async (c) => {
  const q = queryParams(c, z.object({ status: z.enum(["open", "closed", "all"]).default("open"), limit: z.coerce.number().int().min(1).max(1000).default(200) }));
  const rows = await listPrivacyTasks(c.var.services.db, q);
  const day = today(c);
  return c.json({ today: day, items: rows.map((r) => privacyTaskJson(r, day)) });
});

privacyTaskRoutes.get("/:id", async (c) => {
  const id = pathParam(c, "id", TaskId);
  const row = await getPrivacyTask(c.var.services.db, id);
  if (!row) throw notFound(`privacy task ${id}`);
  return c.json(privacyTaskJson(row, today(c)));
});

const StatusChange = z.object({ status: z.enum(PRIVACY_TASK_STATUSES), note: safeText().trim().max(2000).nullish() }).strict();

privacyTaskRoutes.patch("/:id", async (c) => {
  const id = pathParam(c, "id", TaskId);
  const body = await jsonBody(c, StatusChange);
  const s = c.var.services;
  const row = await setPrivacyTaskStatus(s.db, id, body, c.var.actor, s.clock.now());
  return c.json(privacyTaskJson(row, today(c)));
});
