/**
 * The MCP server (Model Context Protocol, the official SDK `@modelcontextprotocol/sdk`): the
 * service's customer look-ups, triage, the policy's preview and drafting as tools an AI agent
 * (Claude, Cursor, a helpdesk's own agent) can call, and the policy in force and the latest scoring
 * run as resources. Served over Streamable HTTP at `/mcp` (src/mcp/http.ts) and over stdio by
 * `npm run mcp` (src/cli/mcp.ts), both authenticated with the service's API keys and acting with
 * the key's role.
 *
 * Every tool calls the same functions as the `/v1` routes and the console (src/pipeline/customers.ts,
 * src/pipeline/ticket.ts), and returns the same JSON shapes, as `structuredContent` and as text.
 * Approval stays with people: no tool approves, edits, rejects or sends a draft.
 *
 * Roles (src/auth/roles.ts), checked on every call:
 * | tool / resource | least role |
 * |---|---|
 * | `search_customers`, `get_customer_profile`, `get_customer_orders`, `get_customer_journey`, `triage_ticket`, `draft_reply`, `list_pending_drafts`, resource `copilot://scoring/runs/latest` | agent |
 * | `preview_decision`, resource `copilot://policy` | manager |
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { can, type Permission, type Role } from "../auth/roles";
import { JOURNEY_KINDS } from "../customers/journey";
import { recommendationsFor } from "../customers/recommendations";
import { type DRAFT_STATUSES, listDrafts } from "../drafts/repo";
import { decodeKey, encodeKey } from "../http/cursor";
import { ProblemError } from "../http/problem";
import { latestRun } from "../jobs/score";
import { findCustomers, insightsFor, journeyOf, ordersOf, previewDecision } from "../pipeline/customers";
import { TicketInputSchema } from "../pipeline/schemas";
import { processTicket } from "../pipeline/ticket";
import { customerHitJson, decodeCursor, draftJson, encodeCursor, JourneyKeySchema, SearchKeySchema, ticketJson } from "../routes/json";
import type { Services } from "../services";

/** Who is calling: the API key's actor name and role (src/auth/api-key-middleware.ts). */
export interface McpCaller {
  actor: string;
  role: Role;
}

/** The `source` of tickets that `draft_reply` stores (with the caller's external id). */
export const MCP_TICKET_SOURCE = "mcp";

export const SERVER_INFO = { name: "support-copilot", version: "0.1.0" } as const;

/** A tool's least role, for its description and its check. */
const NEEDS: Record<string, Permission> = { preview_decision: "decisions.preview" };

const CustomerId = z.string().trim().min(1).max(200).describe("The customer's id: 17580 or gid://shopify/Customer/17580");
const Limit = (max: number, dflt: number) => z.number().int().min(1).max(max).default(dflt);
const Cursor = z.string().max(500).optional().describe("next_cursor of the previous page");

/** A tool's answer: the JSON as structured content, and as text for clients that read only text. */
function ok(value: Record<string, unknown>): CallToolResult {
  return { structuredContent: value, content: [{ type: "text", text: JSON.stringify(value) }] };
}

/** Throws (the SDK answers `isError` with this text) when the caller's role may not do `permission`. */
function check(caller: McpCaller, permission: Permission, what: string): void {
  if (!can(caller.role, permission)) {
    throw new Error(`Forbidden: ${what} needs a manager or admin API key; this key's role is ${caller.role}`);
  }
}

/** A ProblemError's detail (with the parameters it names), or the error's message. */
function messageOf(err: unknown): string {
  if (err instanceof ProblemError) {
    const named = (err.extra.invalid_params as Array<{ name: string; reason: string }> | undefined)?.map((p) => `${p.name}: ${p.reason}`).join("; ");
    return `${err.title} (${err.status}): ${err.detail ?? ""}${named && !err.detail?.includes(named) ? ` [${named}]` : ""}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Runs a tool body; errors come back as the tool's error text (the SDK sets `isError`). */
async function run(body: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return ok(await body());
  } catch (err) {
    return { isError: true, content: [{ type: "text", text: messageOf(err) }] };
  }
}

/**
 * A new MCP server for one caller (one per HTTP request, or one per stdio process).
 * @param s the service's ports
 * @param caller the authenticated key's actor and role
 */
export function createMcpServer(s: Services, caller: McpCaller): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions:
      "Support copilot for a shop: look customers up (search_customers, get_customer_profile, get_customer_orders, get_customer_journey), triage a ticket, preview what the retention policy would decide (managers), and store a draft reply for a person to review (draft_reply). No tool approves or sends a reply: people review drafts in the console. Money offers are decided by the policy, never by the caller.",
  });

  server.registerTool(
    "search_customers",
    {
      title: "Search customers",
      description: "Customers by id, order number (#536365), email or name (prefix), case-insensitive, best match first. Role: agent.",
      inputSchema: { query: z.string().trim().min(1).max(200), limit: Limit(100, 20), cursor: Cursor },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ query, limit, cursor }) =>
      run(async () => {
        const page = await findCustomers(s, query, { limit, after: cursor ? decodeKey(cursor, SearchKeySchema) : undefined });
        return { items: page.items.map(customerHitJson), next_cursor: page.next ? encodeKey(page.next) : null };
      }),
  );

  server.registerTool(
    "get_customer_profile",
    {
      title: "Customer profile",
      description:
        "A customer's behavioural profile (the Quimbi shape: customer_id, archetype_id, lifetime_value, total_orders, avg_order_value, days_since_last_purchase, customer_tenure_days, churn_risk_score) plus P(alive), predicted CLV, RFM score and segment, archetype label, refunds, the console's insights (alerts with facts and suggested actions), and five product recommendations (catalogue products they have not bought, each with `because`: the product of theirs it is often bought with). Role: agent.",
      inputSchema: { customer_id: CustomerId },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ customer_id }) =>
      run(async () => {
        const r = await insightsFor(s, customer_id);
        const recommendations = await recommendationsFor(s.db, r.customer.id, { now: s.clock.now(), limit: 5 });
        return { ...r.profile, insights: r.insights, recommendations };
      }),
  );

  server.registerTool(
    "get_customer_orders",
    {
      title: "Customer orders",
      description: "A customer's last orders, newest first, with line items, totals (minor units) and tracking. Role: agent.",
      inputSchema: { customer_id: CustomerId, limit: Limit(50, 5) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ customer_id, limit }) =>
      run(async () => {
        const r = await ordersOf(s, customer_id, limit);
        return { customer_id: r.customer.id, orders: r.orders };
      }),
  );

  server.registerTool(
    "get_customer_journey",
    {
      title: "Customer journey",
      description: "A customer's orders, refunds, tickets, draft revisions and retention offers, newest first, paginated. Role: agent.",
      inputSchema: { customer_id: CustomerId, kinds: z.array(z.enum(JOURNEY_KINDS)).optional(), limit: Limit(100, 20), cursor: Cursor },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ customer_id, kinds, limit, cursor }) =>
      run(async () => {
        const r = await journeyOf(s, customer_id, { limit, kinds, after: cursor ? decodeKey(cursor, JourneyKeySchema) : undefined });
        return { customer_id: r.customer.id, items: r.items, next_cursor: r.next ? encodeKey(r.next) : null };
      }),
  );

  server.registerTool(
    "triage_ticket",
    {
      title: "Triage a ticket",
      description:
        "Family and intent with calibrated confidence, unclear (the classifier abstained), runner-up, retention evidence, sentiment, urgency and language of a ticket's text; stores nothing. Role: agent.",
      inputSchema: { text: z.string().trim().min(1).max(100_000) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ text }) => run(async () => ({ ...(await s.classifier.classify(text)) })),
  );

  server.registerTool(
    "preview_decision",
    {
      title: "Preview the policy's decision",
      description:
        "What the retention policy would decide for this ticket text from this requester (discount, free shipping, escalation, priority, each reason with its facts), with the triage and profile it decided on. Stores nothing: no ticket, draft, offer or audit event. Role: manager.",
      inputSchema: {
        text: z.string().trim().min(1).max(100_000),
        subject: z.string().max(1000).optional(),
        customer_id: CustomerId.optional(),
        email: z.string().trim().email().max(320).optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ text, subject, customer_id, email }) =>
      run(async () => {
        check(caller, NEEDS.preview_decision!, "preview_decision");
        if (!customer_id && !email)
          throw new ProblemError(400, "Invalid request", "customer_id or email is required", {
            invalid_params: [{ name: "customer_id", reason: "customer_id or email is required" }],
          });
        return { ...(await previewDecision(s, { text, subject, requester: { customer_id, email } })) };
      }),
  );

  server.registerTool(
    "draft_reply",
    {
      title: "Draft a reply",
      description:
        "Stores a ticket and its pending draft through the normal pipeline (triage, hand-over, policy, guarded draft) for a person to review in the console; idempotent on external_id (a repeat returns the first result and creates nothing). Does not approve or send. Role: agent.",
      inputSchema: {
        external_id: TicketInputSchema.shape.external_id.describe("Your id for this ticket: the same id never drafts twice"),
        requester: z.object({
          email: z.string().trim().email().max(320).optional(),
          customer_id: z.string().trim().min(1).max(200).optional(),
          name: z.string().trim().max(200).optional(),
        }),
        subject: z.string().max(1000).default(""),
        body: TicketInputSchema.shape.body,
        channel: z.string().trim().max(50).optional(),
        created_at: z.string().datetime({ offset: true }).optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      run(async () => {
        const parsed = TicketInputSchema.safeParse({ ...args, source: MCP_TICKET_SOURCE });
        if (!parsed.success) {
          const named = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
          throw new ProblemError(400, "Invalid request", `Invalid arguments: ${named}`);
        }
        const r = await processTicket(s, parsed.data);
        s.log.info("mcp draft_reply", { actor: caller.actor, ticket_id: r.ticket.id, created: r.created });
        return { created: r.created, ticket: ticketJson(r.ticket), customer: r.customer, decision: r.decision, draft: draftJson(r.draft) };
      }),
  );

  server.registerTool(
    "list_pending_drafts",
    {
      title: "Pending drafts",
      description: "Drafts waiting for a person's review, newest first, paginated. Role: agent.",
      inputSchema: { limit: Limit(100, 20), cursor: Cursor },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ limit, cursor }) =>
      run(async () => {
        const status: (typeof DRAFT_STATUSES)[number] = "pending_review";
        const page = await listDrafts(s.db, { status, limit, after: cursor ? decodeCursor(cursor) : undefined });
        return { items: page.items.map(draftJson), next_cursor: page.next ? encodeCursor(page.next) : null };
      }),
  );

  server.registerResource(
    "policy",
    "copilot://policy",
    {
      title: "Retention policy in force",
      description: "The validated policy the decisions use now: thresholds, tiers, caps, budgets, hand-over owners. Role: manager.",
      mimeType: "application/json",
    },
    async (uri) => {
      check(caller, "policy.read", "the policy resource");
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(s.policy()) }] };
    },
  );

  server.registerResource(
    "scoring-run",
    "copilot://scoring/runs/latest",
    {
      title: "Latest scoring run",
      description: "The scoring run in force: model, parameters, fit and backtest (AUC, Brier, calibration by decile). Role: agent.",
      mimeType: "application/json",
    },
    async (uri) => {
      const r = await latestRun(s.db);
      if (!r) throw new Error("No scoring run yet: the service scores at start when the store has customers (npm run score)");
      const json = {
        id: r.id,
        model: r.model,
        as_of: r.asOf.toISOString(),
        fitted_at: r.fittedAt.toISOString(),
        customers: r.customers,
        converged: r.converged,
        params: r.params,
        figures: r.figures,
      };
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(json) }] };
    },
  );

  return server;
}
