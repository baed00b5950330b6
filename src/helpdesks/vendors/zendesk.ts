/**
 * Zendesk. Inbound: webhook events (`zen:event-type:ticket.created`, `...ticket.comment_added`)
 * and a trigger webhook with our JSON template; signature per
 * https://developer.zendesk.com/documentation/webhooks/verifying/ . Event payloads:
 * https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/ (the event has
 * `requester_id` but no email: read through Show User,
 * https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user , so Zendesk needs
 * its API credentials from the start: src/config/helpdesks.ts `helpdeskEnvProblems`).
 * Trigger placeholders (https://support.zendesk.com/hc/en-us/articles/4408886858138):
 * `{{ticket.description}}` renders the first comment under a separator and a "Name, date" header,
 * taken off here (src/helpdesks/body.ts); `{{ticket.latest_comment.id}}` identifies a reply.
 * De-duplication: the event's `id`; for the template, the ticket id (created) or the comment id,
 * else Zendesk's `X-Zendesk-Webhook-Invocation-Id` (the same on its retries of one invocation).
 * The helpdesk link is built from ZENDESK_SUBDOMAIN alone.
 * Outbound: a ticket comment through Update Ticket (`PUT /api/v2/tickets/{id}`, `comment.public`)
 * and tags through Add Tags (`PUT /api/v2/tickets/{id}/tags`):
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket ,
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags
 */
import { z } from "zod";
import { vendorId } from "./schema";
import { stripZendeskRendering } from "../body";
import { vendorInstant } from "../dates";
import { bodyToText } from "../html";
import { verifyZendesk } from "../signatures";
import {
  basicAuth,
  InboundStepError,
  parseOrThrow,
  PayloadError,
  requireApi,
  usableUrl,
  vendorCall,
  type InboundRequest,
  type MappedEvent,
  type ParseOutcome,
  type VendorAdapter,
  type VendorConfig,
} from "../types";

const id = vendorId;

const EventSchema = z.object({
  type: z.string(),
  id: z.string().min(1),
  time: z.string().optional(),
  subject: z.string().optional(),
  detail: z.object({
    id,
    subject: z.string().nullish(),
    description: z.string().nullish(),
    requester_id: id.nullish(),
    created_at: z.string().nullish(),
    via: z.object({ channel: z.string().nullish() }).partial().nullish(),
  }),
  event: z.any().optional(),
});

const CommentEvent = z.object({
  comment: z.object({
    id,
    body: z.string().nullish(),
    html_body: z.string().nullish(),
    is_public: z.boolean().optional().default(true),
    author: z.object({ id: id.nullish(), is_staff: z.boolean().nullish(), name: z.string().nullish() }).partial().nullish(),
  }),
});

/** Our trigger template (README): placeholders filled by Zendesk; see ZENDESK_TRIGGER_TEMPLATE. */
const TemplateSchema = z.object({
  copilot_event: z.enum(["ticket.created", "ticket.comment_added"]),
  ticket: z.object({
    id,
    subject: z.string().default(""),
    description: z.string().default(""),
    latest_comment_html: z.string().optional(),
    comment_id: z.union([z.string(), z.number().int()]).transform(String).optional(),
    url: z.string().optional(),
    via: z.string().optional(),
    created_at: z.string().optional(),
    requester: z.object({ id: id.optional(), email: z.string().optional(), name: z.string().optional() }),
  }),
});

/** The JSON body to paste into a Zendesk trigger's "Notify webhook" action (one trigger per copilot_event). */
export const ZENDESK_TRIGGER_TEMPLATE = `{
  "copilot_event": "ticket.created",
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{ticket.title}}",
    "description": "{{ticket.description}}",
    "latest_comment_html": "{{ticket.latest_public_comment_html}}",
    "comment_id": "{{ticket.latest_comment.id}}",
    "url": "{{ticket.link}}",
    "via": "{{ticket.via}}",
    "created_at": "{{ticket.created_at_with_timestamp}}",
    "requester": { "id": "{{ticket.requester.id}}", "email": "{{ticket.requester.email}}", "name": "{{ticket.requester.name}}" }
  }
}`;

const agentUrl = (cfg: VendorConfig, ticketId: string) => (cfg.webUrl ? `${cfg.webUrl}/agent/tickets/${ticketId}` : undefined);
/** Plain text of a Zendesk-rendered comment: HTML to text, rendered separators and headers removed. */
const commentText = (s: string | null | undefined) => stripZendeskRendering(bodyToText(s));

function fromEvent(json: Record<string, unknown>, cfg: VendorConfig): ParseOutcome {
  const type = String(json.type);
  if (type !== "zen:event-type:ticket.created" && type !== "zen:event-type:ticket.comment_added") return { ignored: `event type ${type}` };
  const e = parseOrThrow(EventSchema, json, "Zendesk event");
  const d = e.detail;
  const requesterId = d.requester_id ?? null;
  const base = {
    external_id: d.id,
    source: "zendesk" as const,
    requester: {},
    subject: d.subject ?? "",
    channel: d.via?.channel ?? undefined,
    created_at: vendorInstant(d.created_at, cfg.timeZone),
    helpdesk_url: agentUrl(cfg, d.id),
  };
  if (!requesterId) throw new PayloadError("the ticket names no requester", [{ name: "detail.requester_id", reason: "missing" }]);
  if (type === "zen:event-type:ticket.created") {
    const body = commentText(d.description);
    if (!body) throw new PayloadError("the ticket has no description", [{ name: "detail.description", reason: "empty" }]);
    return { event: { kind: "created", eventType: type, eventKey: e.id, ticket: { ...base, body }, meta: { requester_id: requesterId }, pending: ["email"] } };
  }
  const c = parseOrThrow(CommentEvent, e.event, "Zendesk comment_added event").comment;
  const authorId = c.author?.id ?? null;
  const fromRequester = authorId !== null ? authorId === requesterId : c.author?.is_staff === false;
  if (!c.is_public || !fromRequester) return { ignored: "a comment that is not the requester's public reply" };
  const body = commentText(c.html_body ?? c.body);
  if (!body) return { ignored: "an empty comment" };
  return {
    event: {
      kind: "follow_up",
      eventType: type,
      eventKey: e.id,
      ticket: { ...base, body },
      meta: { requester_id: requesterId, comment_id: c.id, message_id: `comment:${c.id}` },
      pending: ["email"],
    },
  };
}

function fromTemplate(json: unknown, req: InboundRequest, cfg: VendorConfig): ParseOutcome {
  const t = parseOrThrow(TemplateSchema, json, "Zendesk trigger template").ticket;
  const kind = (json as { copilot_event: string }).copilot_event === "ticket.created" ? "created" : "follow_up";
  const body = commentText(kind === "created" ? t.description : (t.latest_comment_html ?? t.description));
  if (!body)
    throw new PayloadError("the ticket has no text", [{ name: kind === "created" ? "ticket.description" : "ticket.latest_comment_html", reason: "empty" }]);
  const commentId = /^\d+$/.test(t.comment_id?.trim() ?? "") ? t.comment_id!.trim() : undefined;
  const invocation = req.header("x-zendesk-webhook-invocation-id");
  let eventKey = `tpl:${t.id}:created`;
  if (kind === "follow_up") {
    if (commentId) eventKey = `tpl:${t.id}:comment:${commentId}`;
    else if (invocation) eventKey = `tpl:${t.id}:invocation:${invocation}`;
    else
      throw new PayloadError(
        'a reply without its comment id cannot be told from a retry: add "comment_id": "{{ticket.latest_comment.id}}" to the trigger\'s body (README)',
        [{ name: "ticket.comment_id", reason: "missing" }],
      );
  }
  const email = t.requester.email?.includes("@") ? t.requester.email : undefined;
  const event: MappedEvent = {
    kind,
    eventType: `trigger:${kind === "created" ? "ticket.created" : "ticket.comment_added"}`,
    eventKey,
    ticket: {
      external_id: t.id,
      source: "zendesk",
      requester: { email, name: t.requester.name || undefined },
      subject: t.subject,
      body,
      channel: t.via || undefined,
      created_at: vendorInstant(t.created_at, cfg.timeZone),
      helpdesk_url: usableUrl(t.url) ?? agentUrl(cfg, t.id),
    },
    meta: { requester_id: t.requester.id || null, ...(commentId ? { comment_id: commentId, message_id: `comment:${commentId}` } : {}) },
    ...(email ? {} : { pending: ["email" as const] }),
  };
  return { event };
}

const auth = (cfg: VendorConfig) => basicAuth(`${cfg.auth.user ?? ""}/token`, cfg.auth.secret ?? "");

export const zendesk: VendorAdapter = {
  vendor: "zendesk",
  docs: ["https://developer.zendesk.com/documentation/webhooks/verifying/", "https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/"],
  verify: (req, cfg, tol) =>
    verifyZendesk(
      req.rawBody,
      req.header("x-zendesk-webhook-signature"),
      req.header("x-zendesk-webhook-signature-timestamp"),
      cfg.webhookSecret,
      req.nowMs,
      tol,
    ),
  parse(json, req, cfg) {
    if (json && typeof json === "object" && "copilot_event" in json) return fromTemplate(json, req, cfg);
    if (json && typeof json === "object" && typeof (json as { type?: unknown }).type === "string") return fromEvent(json as Record<string, unknown>, cfg);
    throw new PayloadError("neither a Zendesk event (type, detail) nor the copilot trigger template (copilot_event, ticket)", [
      { name: "type", reason: "missing" },
    ]);
  },
  /** The requester look-up: Show User for an event that names the requester by id only. */
  async enrich(event, cfg, fetchImpl) {
    if (event.ticket.requester.email || !event.meta.requester_id) return event;
    const step = "zendesk requester look-up";
    if (!cfg.apiUrl)
      throw new InboundStepError(step, "the Zendesk API credentials are not configured (ZENDESK_SUBDOMAIN, ZENDESK_EMAIL, ZENDESK_API_TOKEN)", false);
    try {
      const { json } = await vendorCall("zendesk", fetchImpl, `${cfg.apiUrl}/api/v2/users/${encodeURIComponent(String(event.meta.requester_id))}.json`, {
        method: "GET",
        headers: { authorization: auth(cfg) },
      });
      const user = (json as { user?: { email?: string | null; name?: string } }).user;
      return { ...event, ticket: { ...event.ticket, requester: { email: user?.email ?? undefined, name: event.ticket.requester.name ?? user?.name } } };
    } catch (err) {
      // A user that is gone stays gone; anything else (an outage, a rate limit) may pass on a retry.
      throw new InboundStepError(step, err, (err as { status?: number }).status !== 404);
    }
  },
  async post(ctx) {
    const base = requireApi(ctx.cfg, "zendesk");
    const { json } = await vendorCall("zendesk", ctx.fetch, `${base}/api/v2/tickets/${encodeURIComponent(ctx.ticketExternalId)}.json`, {
      method: "PUT",
      headers: { authorization: auth(ctx.cfg) },
      body: { ticket: { comment: { body: ctx.body, public: ctx.mode === "public" } } },
    });
    const audit = (json as { audit?: { id?: number | string; events?: { id?: number | string; type?: string }[] } }).audit;
    const comment = audit?.events?.find((e) => e.type === "Comment");
    const id = comment?.id ?? audit?.id;
    if (id === undefined) throw new Error("Zendesk answered without an audit id for the comment");
    return { id: String(id) };
  },
  async tag(ctx, tags) {
    const base = requireApi(ctx.cfg, "zendesk");
    await vendorCall("zendesk", ctx.fetch, `${base}/api/v2/tickets/${encodeURIComponent(ctx.ticketExternalId)}/tags.json`, {
      method: "PUT",
      headers: { authorization: auth(ctx.cfg) },
      body: { tags },
    });
  },
};
