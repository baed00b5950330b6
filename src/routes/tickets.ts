import { Hono } from "hono";
import { z } from "zod";
import { draftsOfTicket, getTicket } from "../drafts/repo";
import { notFound } from "../http/problem";
import { jsonBody, pathParam } from "../http/validate";
import { processTicket } from "../pipeline/ticket";
import { TicketInputSchema } from "../pipeline/schemas";
import type { AppEnv } from "../http/env";
import { draftJson, ticketJson } from "./json";

export const ticketRoutes = new Hono<AppEnv>();

/** POST /v1/tickets: a ticket in; 201 `{ ticket, customer, decision, draft }`, or 200 with the first result of a repeat. */
ticketRoutes.post("/", async (c) => {
  const input = await jsonBody(c, TicketInputSchema);
  const r = await processTicket(c.var.services, input);
  return c.json({ ticket: ticketJson(r.ticket), customer: r.customer, decision: r.decision, draft: draftJson(r.draft) }, r.created ? 201 : 200);
});

/** GET /v1/tickets/:id: the ticket and every draft revision. */
ticketRoutes.get("/:id", async (c) => {
  const id = pathParam(c, "id", z.string().uuid("not a ticket id (UUID)"));
  const { db } = c.var.services;
  const t = await getTicket(db, id);
  if (!t) throw notFound(`ticket ${id}`);
  const rows = await draftsOfTicket(db, id);
  return c.json({ ticket: ticketJson(t), drafts: rows.map(draftJson) });
});
