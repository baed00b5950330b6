import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { draftsOfTicket, getTicket } from "../drafts/repo";
import { notFound } from "../http/problem";
import { apiKeySecurity, jsonRequest, jsonRequestBody, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import { processTicket } from "../pipeline/ticket";
import { TicketInputSchema } from "../pipeline/schemas";
import { draftJson, ticketJson } from "./json";
import { CustomerProfileSchema, DecisionSchema, DraftSchema, TicketSchema } from "./schemas";

export const ticketRoutes = openApiRouter();

const TicketResultSchema = z
  .object({ ticket: TicketSchema, customer: CustomerProfileSchema.nullable(), decision: DecisionSchema, draft: DraftSchema })
  .openapi("TicketResult");

/** POST /v1/tickets: a ticket in; 201 `{ ticket, customer, decision, draft }`, or 200 with the first result of a repeat. */
const createTicket = createRoute({
  method: "post",
  path: "/",
  tags: ["tickets"],
  summary: "Submit a ticket: triage, decision and a draft reply",
  description: "Idempotent on (source, external_id): a repeat answers 200 with the first result.",
  security: apiKeySecurity,
  middleware: [jsonRequest] as const,
  request: {
    body: jsonRequestBody(
      TicketInputSchema.meta({ id: "TicketInput", description: "The product's own ticket shape; helpdesk adapters map their payloads to it." }),
    ),
  },
  responses: {
    201: jsonResponse(TicketResultSchema, "Stored, decided and drafted"),
    200: jsonResponse(TicketResultSchema, "A repeat: the first result"),
    ...problemResponses(400, 401, 413, 415),
  },
});

ticketRoutes.openapi(createTicket, async (c) => {
  const input = c.req.valid("json");
  const r = await processTicket(c.var.services, input);
  return c.json({ ticket: ticketJson(r.ticket), customer: r.customer, decision: r.decision, draft: draftJson(r.draft) }, r.created ? 201 : 200);
});

/** GET /v1/tickets/:id: the ticket and every draft revision. */
const getTicketRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["tickets"],
  summary: "A ticket and every draft revision",
  security: apiKeySecurity,
  request: { params: z.object({ id: z.string().uuid("not a ticket id (UUID)") }) },
  responses: {
    200: jsonResponse(z.object({ ticket: TicketSchema, drafts: z.array(DraftSchema) }), "The ticket and its drafts, oldest revision first"),
    ...problemResponses(400, 401, 404),
  },
});

ticketRoutes.openapi(getTicketRoute, async (c) => {
  const { id } = c.req.valid("param");
  const { db } = c.var.services;
  const t = await getTicket(db, id);
  if (!t) throw notFound(`ticket ${id}`);
  const rows = await draftsOfTicket(db, id);
  return c.json({ ticket: ticketJson(t), drafts: rows.map(draftJson) }, 200);
});
