import { Hono } from "hono";
import { z } from "zod";
import { findCustomerById, lastOrders } from "../customers/repo";
import { notFound } from "../http/problem";
import { pathParam } from "../http/validate";
import type { AppEnv } from "../http/env";

export const customerRoutes = new Hono<AppEnv>();

const CustomerId = z.string().trim().min(1).max(200);

/** GET /v1/customers/:id: profile plus the last five orders with line items and tracking. */
customerRoutes.get("/:id", async (c) => {
  const id = pathParam(c, "id", CustomerId);
  const s = c.var.services;
  const customer = await findCustomerById(s.db, id);
  if (!customer) throw notFound(`customer ${id}`);
  const [profile, orders] = await Promise.all([s.scores.forCustomer(customer), lastOrders(s.db, customer.id, 5)]);
  return c.json({ profile, orders });
});

/** GET /v1/customers/:id/profile: the behavioural profile (id as Shopify GID or legacy id). */
customerRoutes.get("/:id/profile", async (c) => {
  const id = pathParam(c, "id", CustomerId);
  const s = c.var.services;
  const customer = await findCustomerById(s.db, id);
  if (!customer) throw notFound(`customer ${id}`);
  return c.json(await s.scores.forCustomer(customer));
});
