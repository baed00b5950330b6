import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { decodeKey, encodeKey } from "../http/cursor";
import { safeId, safeText } from "../http/input";
import { apiKeySecurity, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import { findCustomers, insightsFor, journeyOf, profileOf, requireCustomer } from "../pipeline/customers";
import { JOURNEY_KINDS, type JourneyKind } from "../customers/journey";
import { SEARCH_MATCHES } from "../customers/search";
import { INSIGHT_TYPES } from "../profile/insights";
import { lastOrders } from "../customers/repo";
import { recommendationsFor } from "../customers/recommendations";
import { customerHitJson, JourneyKeySchema, SearchKeySchema } from "./json";
import { CustomerProfileSchema, OrderSchema } from "./schemas";

export const customerRoutes = openApiRouter();

const CustomerId = z.object({
  id: safeId(200, "a customer id").openapi({ description: "A Shopify customer GID (gid://shopify/Customer/…) or the legacy numeric id.", example: "17580" }),
});
const Limit = z.coerce.number().int().min(1).max(100).default(20);
const Cursor = z.string().max(500).optional().openapi({ description: "`next_cursor` of the previous page." });
const tags = ["customers"];

const CustomerHitSchema = z
  .object({
    id: z.string(),
    gid: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    country: z.string().nullable(),
    matched: z.enum(SEARCH_MATCHES),
    order_name: z.string().nullable(),
    rfm_segment: z.string().nullable(),
    churn_risk_score: z.number().nullable(),
  })
  .openapi("CustomerHit", { description: "A customer found by a search: ids in both forms, contact, how it matched, and the scoring snapshot." });

const InsightSchema = z
  .object({
    type: z.enum(INSIGHT_TYPES),
    title: z.string(),
    impact: z.enum(["high", "medium", "low"]),
    message: z.string(),
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    suggested_actions: z.array(z.string()),
  })
  .openapi("CustomerInsight", { description: "An alert the console shows, with the facts behind it and what an agent can do (never a promise of money)." });

const RecommendationSchema = z
  .object({
    product_id: z.string(),
    title: z.string(),
    score: z.number(),
    because: z.object({ product_id: z.string(), title: z.string() }),
    support: z.number().int(),
  })
  .openapi("ProductRecommendation", {
    description:
      "A catalogue product the customer has not bought, with the product of theirs it is most often bought with and how many customers bought both; `score` ranks, it is not a probability.",
  });

const JourneyEventSchema = z
  .object({ at: z.string(), kind: z.enum(JOURNEY_KINDS), id: z.string(), data: z.record(z.string(), z.unknown()) })
  .openapi("JourneyEvent", { description: "One event of a customer's timeline; `data` holds its own fields (money in minor units with its currency)." });

/**
 * GET /v1/customers?query=&limit=&cursor=: customers by id, order number, email (prefix) or name
 * (prefix), case-insensitive, best match first, keyset-paginated (`next_cursor`).
 */
const searchRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Find customers by id, order number, email or name (case-insensitive, best match first)",
  security: apiKeySecurity,
  request: { query: z.object({ query: safeText().trim().min(1, "query must not be empty").max(200), limit: Limit, cursor: Cursor }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(CustomerHitSchema), next_cursor: z.string().nullable() }), "A page of customers"),
    ...problemResponses(400, 401),
  },
});

customerRoutes.openapi(searchRoute, async (c) => {
  const q = c.req.valid("query");
  const page = await findCustomers(c.var.services, q.query, { limit: q.limit, after: q.cursor ? decodeKey(q.cursor, SearchKeySchema) : undefined });
  return c.json({ items: page.items.map(customerHitJson), next_cursor: page.next ? encodeKey(page.next) : null }, 200);
});

/**
 * GET /v1/customers/:id: profile, the last five orders with line items and tracking, and up to five
 * product recommendations (catalogue products they have not bought, each with the product of
 * theirs it is often bought with; src/customers/recommendations.ts).
 */
const getCustomer = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "A customer's profile, last five orders and product recommendations",
  security: apiKeySecurity,
  request: { params: CustomerId },
  responses: {
    200: jsonResponse(
      z.object({ profile: CustomerProfileSchema, orders: z.array(OrderSchema), recommendations: z.array(RecommendationSchema) }),
      "The profile, the last five orders (newest first) and up to five recommended products",
    ),
    ...problemResponses(400, 401, 404),
  },
});

customerRoutes.openapi(getCustomer, async (c) => {
  const { id } = c.req.valid("param");
  const s = c.var.services;
  const customer = await requireCustomer(s, id);
  const [profile, orders, recommendations] = await Promise.all([
    profileOf(s, customer),
    lastOrders(s.db, customer.id, 5),
    recommendationsFor(s.db, customer.id, { now: s.clock.now(), limit: 5 }),
  ]);
  return c.json({ profile, orders, recommendations }, 200);
});

/** GET /v1/customers/:id/profile: the behavioural profile (id as Shopify GID or legacy id). */
const getProfile = createRoute({
  method: "get",
  path: "/{id}/profile",
  tags,
  summary: "A customer's behavioural profile",
  security: apiKeySecurity,
  request: { params: CustomerId },
  responses: { 200: jsonResponse(CustomerProfileSchema, "The profile"), ...problemResponses(400, 401, 404) },
});

customerRoutes.openapi(getProfile, async (c) => {
  const { id } = c.req.valid("param");
  const s = c.var.services;
  return c.json(await profileOf(s, await requireCustomer(s, id)), 200);
});

/**
 * GET /v1/customers/:id/insights: the alerts the console shows for the customer (high churn risk,
 * long inactivity, repeated refunds), each with `type`, `title`, `impact`, `message`, `facts` and
 * `suggested_actions`.
 */
const insightsRoute = createRoute({
  method: "get",
  path: "/{id}/insights",
  tags,
  summary: "The alerts the console shows for a customer, with facts and suggested actions",
  security: apiKeySecurity,
  request: { params: CustomerId },
  responses: {
    200: jsonResponse(z.object({ customer_id: z.string(), as_of: z.string(), insights: z.array(InsightSchema) }), "The insights"),
    ...problemResponses(400, 401, 404),
  },
});

customerRoutes.openapi(insightsRoute, async (c) => {
  const { id } = c.req.valid("param");
  const r = await insightsFor(c.var.services, id);
  return c.json({ customer_id: r.customer.id, as_of: r.profile.as_of, insights: r.insights }, 200);
});

/**
 * GET /v1/customers/:id/journey?limit=&cursor=&kinds=order,refund: orders, refunds, tickets, draft
 * revisions and offers, newest first, keyset-paginated (`next_cursor`).
 */
const journeyRoute = createRoute({
  method: "get",
  path: "/{id}/journey",
  tags,
  summary: "A customer's timeline: orders, refunds, tickets, drafts and offers, newest first",
  security: apiKeySecurity,
  request: {
    params: CustomerId,
    query: z.object({
      limit: Limit,
      cursor: Cursor,
      kinds: z
        .string()
        .optional()
        .transform((v) => (v ? v.split(",").map((k) => k.trim()) : undefined))
        .pipe(z.array(z.enum(JOURNEY_KINDS)).optional())
        .openapi({ description: `Comma-separated kinds to keep (${JOURNEY_KINDS.join(", ")}); all when absent.` }),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ customer_id: z.string(), items: z.array(JourneyEventSchema), next_cursor: z.string().nullable() }), "A page of events"),
    ...problemResponses(400, 401, 404),
  },
});

customerRoutes.openapi(journeyRoute, async (c) => {
  const { id } = c.req.valid("param");
  const q = c.req.valid("query");
  const r = await journeyOf(c.var.services, id, {
    limit: q.limit,
    kinds: q.kinds as JourneyKind[] | undefined,
    after: q.cursor ? decodeKey(q.cursor, JourneyKeySchema) : undefined,
  });
  return c.json({ customer_id: r.customer.id, items: r.items, next_cursor: r.next ? encodeKey(r.next) : null }, 200);
});
