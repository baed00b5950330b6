/**
 * Customer look-ups as a support agent (or an agent's AI client) uses them: search, the profile with
 * its insights, orders, the journey, and a preview of what the policy would decide for a ticket.
 * The `/v1/customers` routes, the console's search box and customer panel, and the MCP tools all
 * call these, so the three never disagree. Nothing here writes a ticket, draft, offer or audit event.
 */
import { findCustomerById, lastOrders, type CustomerRow, type OrderFacts } from "../customers/repo";
import { customerJourney, type JourneyEvent, type JourneyKey, type JourneyKind } from "../customers/journey";
import { searchCustomers, type CustomerSearchHit, type SearchKey } from "../customers/search";
import { notFound } from "../http/problem";
import { customerInsights, type CustomerInsight } from "../profile/insights";
import type { CustomerProfile } from "../profile/types";
import type { Services } from "../services";
import { decideTicket } from "./ticket";

export type { CustomerInsight } from "../profile/insights";
export type { CustomerSearchHit, SearchKey } from "../customers/search";
export type { JourneyEvent, JourneyKey, JourneyKind } from "../customers/journey";

/**
 * The stored customer with this id.
 * @param id `17580` or `gid://shopify/Customer/17580`
 * @throws ProblemError 404 naming the customer
 */
export async function requireCustomer(s: Services, id: string): Promise<CustomerRow> {
  const c = await findCustomerById(s.db, id);
  if (!c) throw notFound(`customer ${id}`);
  return c;
}

/** A customer's profile as the ticket path sees it (`services.scores`: ours, or an external source with ours as fallback). */
export function profileOf(s: Services, customer: CustomerRow): Promise<CustomerProfile> {
  return s.scores.forCustomer(customer);
}

/**
 * The insights of one customer (src/profile/insights.ts) under the policy in force.
 * @throws ProblemError 404 for an unknown customer
 */
export async function insightsFor(s: Services, id: string): Promise<{ customer: CustomerRow; profile: CustomerProfile; insights: CustomerInsight[] }> {
  const customer = await requireCustomer(s, id);
  const profile = await profileOf(s, customer);
  return { customer, profile, insights: customerInsights(profile, s.policy()) };
}

/**
 * One page of customers matching `query` (src/customers/search.ts: id, order number, email or name).
 * @param opts.limit 1-100; opts.after the previous page's last key
 */
export function findCustomers(
  s: Services,
  query: string,
  opts: { limit: number; after?: SearchKey },
): Promise<{ items: CustomerSearchHit[]; next: SearchKey | null }> {
  return searchCustomers(s.db, query, opts);
}

/**
 * One page of a customer's journey, newest first (src/customers/journey.ts).
 * @throws ProblemError 404 for an unknown customer
 */
export async function journeyOf(
  s: Services,
  id: string,
  opts: { limit: number; kinds?: readonly JourneyKind[]; after?: JourneyKey },
): Promise<{ customer: CustomerRow; items: JourneyEvent[]; next: JourneyKey | null }> {
  const customer = await requireCustomer(s, id);
  return { customer, ...(await customerJourney(s.db, customer.id, opts)) };
}

/**
 * The customer's last `limit` orders, newest first, with line items and tracking.
 * @throws ProblemError 404 for an unknown customer
 */
export async function ordersOf(s: Services, id: string, limit: number): Promise<{ customer: CustomerRow; orders: OrderFacts[] }> {
  const customer = await requireCustomer(s, id);
  return { customer, orders: await lastOrders(s.db, customer.id, limit) };
}

/**
 * What the policy would decide for this ticket text from this requester, with the triage, hand-over
 * findings and profile it decided on: the pipeline's own steps (src/pipeline/ticket.ts
 * `decideTicket`), without drafting and without storing a ticket, draft, offer or audit event.
 * An unknown requester is decided as a new customer, as the pipeline does.
 */
export async function previewDecision(s: Services, input: { text: string; subject?: string; requester: { email?: string; customer_id?: string } }) {
  const r = await decideTicket(s, { requester: input.requester, subject: input.subject ?? "", body: input.text }, s.clock.now());
  return { customer_id: r.customer?.id ?? null, profile: r.profile, triage: r.triage, handover: r.handover, decision: r.decision };
}
