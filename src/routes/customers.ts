import { Hono } from "hono";
import { z } from "zod";
import { decodeKey, encodeKey } from "../http/cursor";
import { pathParam, queryParams } from "../http/validate";
import { safeId, safeText } from "../http/input";
import { findCustomers, insightsFor, journeyOf, profileOf, requireCustomer } from "../pipeline/customers";
import { JOURNEY_KINDS, type JourneyKind } from "../customers/journey";
import { lastOrders } from "../customers/repo";
import type { AppEnv } from "../http/env";
import { customerHitJson, JourneyKeySchema, SearchKeySchema } from "./json";

export const customerRoutes = new Hono<AppEnv>();

const CustomerId = safeId(200, "a customer id");
const Limit = z.coerce.number().int().min(1).max(100).default(20);

/**
 * GET /v1/customers?query=&limit=&cursor=: customers by id, order number, email (prefix) or name
 * (prefix), case-insensitive, best match first, keyset-paginated (`next_cursor`).
 */
customerRoutes.get("/", async (c) => {
  const q = queryParams(c, z.object({ query: safeText().trim().min(1, "query must not be empty").max(200), limit: Limit, cursor: z.string().max(500).optional() }));
  const page = await findCustomers(c.var.services, q.query, { limit: q.limit, after: q.cursor ? decodeKey(q.cursor, SearchKeySchema) : undefined });
  return c.json({ items: page.items.map(customerHitJson), next_cursor: page.next ? encodeKey(page.next) : null });
});

/** GET /v1/customers/:id: profile plus the last five orders with line items and tracking. */
customerRoutes.get("/:id", async (c) => {
  const id = pathParam(c, "id", CustomerId);
  const s = c.var.services;
  const customer = await requireCustomer(s, id);
  const [profile, orders] = await Promise.all([profileOf(s, customer), lastOrders(s.db, customer.id, 5)]);
  return c.json({ profile, orders });
});

/** GET /v1/customers/:id/profile: the behavioural profile (id as Shopify GID or legacy id). */
customerRoutes.get("/:id/profile", async (c) => {
  const id = pathParam(c, "id", CustomerId);
  const s = c.var.services;
  return c.json(await profileOf(s, await requireCustomer(s, id)));
});

/**
 * GET /v1/customers/:id/insights: the alerts the console shows for the customer (high churn risk,
 * long inactivity, repeated refunds), each with `type`, `title`, `impact`, `message`, `facts` and
 * `suggested_actions`.
 */
customerRoutes.get("/:id/insights", async (c) => {
  const id = pathParam(c, "id", CustomerId);
  const r = await insightsFor(c.var.services, id);
  return c.json({ customer_id: r.customer.id, as_of: r.profile.as_of, insights: r.insights });
});

/**
 * GET /v1/customers/:id/journey?limit=&cursor=&kinds=order,refund: orders, refunds, tickets, draft
 * revisions and offers, newest first, keyset-paginated (`next_cursor`).
 */
customerRoutes.get("/:id/journey", async (c) => {
  const id = pathParam(c, "id", CustomerId);
  const q = queryParams(
    c,
    z.object({
      limit: Limit,
      cursor: z.string().max(500).optional(),
      kinds: z
        .string()
        .optional()
        .transform((v) => (v ? v.split(",").map((k) => k.trim()) : undefined))
        .pipe(z.array(z.enum(JOURNEY_KINDS)).optional()),
    }),
  );
  const r = await journeyOf(c.var.services, id, { limit: q.limit, kinds: q.kinds as JourneyKind[] | undefined, after: q.cursor ? decodeKey(q.cursor, JourneyKeySchema) : undefined });
  return c.json({ customer_id: r.customer.id, items: r.items, next_cursor: r.next ? encodeKey(r.next) : null });
});
