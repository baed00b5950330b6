/**
 * Zendesk. Inbound: webhook events (`zen:event-type:ticket.created`, `...ticket.comment_added`)
 * and a trigger webhook with our JSON template; signature per
 * https://developer.zendesk.com/documentation/webhooks/verifying/ . Event payloads:
 * https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/ (the event has
 * `requester_id` but no email: fetched through https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user).
 * Outbound: a ticket comment through Update Ticket (`PUT /api/v2/tickets/{id}`, `comment.public`)
 * and tags through Add Tags (`PUT /api/v2/tickets/{id}/tags`):
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket ,
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags
 */
import { z } from "zod";
import { bodyToText } from "../html";
import { verifyZendesk } from "../signatures";
import { basicAuth, hashKey, parseOrThrow, PayloadError, requireApi, vendorCall, type MappedEvent, type ParseOutcome, type VendorAdapter, type VendorConfig } from "../types";

const id = z.union([z.string().min(1), z.number().int()]).transform(String);

const EventSchema = z.object({
  type: z.string(),
  id: z.string().min(1),
  time: z.string().optional(),
  subject: z.string().optional(),
  detail: z.object({
    id,
    subject: z.string().optional().default(""),
    description: z.string().optional().default(""),
    requester_id: id.optional(),
    created_at: z.string().optional(),
    via: z.object({ channel: z.string().optional() }).partial().optional(),
  }),
  event: z.any().optional(),
});

const CommentEvent = z.object({
  comment: z.object({
    id,
    body: z.string().optional().default(""),
    html_body: z.string().optional(),
    is_public: z.boolean().optional().default(true),
    author: z.object({ id: id.optional(), is_staff: z.boolean().optional() }).partial().optional(),
  }),
});

/** Our trigger template (README): placeholders filled by Zendesk; see TRIGGER_TEMPLATE. */
const TemplateSchema = z.object({
  copilot_event: z.enum(["ticket.created", "ticket.comment_added"]),
  ticket: z.object({
    id,
    subject: z.string().default(""),
    description: z.string().default(""),
    latest_comment_html: z.string().optional(),
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
    "url": "{{ticket.link}}",
    "via": "{{ticket.via}}",
    "created_at": "{{ticket.created_at_with_timestamp}}",
    "requester": { "id": "{{ticket.requester.id}}", "email": "{{ticket.requester.email}}", "name": "{{ticket.requester.name}}" }
  }
}`;

const agentUrl = (cfg: VendorConfig, ticketId: string) => (cfg.apiUrl ? `${cfg.apiUrl}/agent/tickets/${ticketId}` : undefined);
const isoOrUndefined = (s?: string) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : undefined);

function fromEvent(json: Record<string, unknown>, cfg: VendorConfig): ParseOutcome {
  const type = String(json.type);
  if (type !== "zen:event-type:ticket.created" && type !== "zen:event-type:ticket.comment_added") return { ignored: `event type ${type}` };
  const e = parseOrThrow(EventSchema, json, "Zendesk event");
  const d = e.detail;
  const base = {
    external_id: d.id,
    source: "zendesk" as const,
    requester: {},
    subject: d.subject,
    channel: d.via?.channel,
    created_at: isoOrUndefined(d.created_at),
    helpdesk_url: agentUrl(cfg, d.id),
  };
  if (type === "zen:event-type:ticket.created") {
    const body = bodyToText(d.description);
    if (!body) throw new PayloadError("the ticket has no description", [{ name: "detail.description", reason: "empty" }]);
    return { event: { kind: "created", eventType: type, eventKey: e.id, ticket: { ...base, body }, meta: { requester_id: d.requester_id ?? null } } };
  }
  const c = parseOrThrow(CommentEvent, e.event, "Zendesk comment_added event").comment;
  const fromRequester = c.author?.id !== undefined && d.requester_id !== undefined ? c.author.id === d.requester_id : c.author?.is_staff === false;
  if (!c.is_public || !fromRequester) return { ignored: "a comment that is not the requester's public reply" };
  const body = bodyToText(c.html_body ?? c.body);
  if (!body) return { ignored: "an empty comment" };
  return { event: { kind: "follow_up", eventType: type, eventKey: e.id, ticket: { ...base, body }, meta: { requester_id: d.requester_id ?? null, comment_id: c.id } } };
}

function fromTemplate(json: unknown, cfg: VendorConfig): ParseOutcome {
  const t = parseOrThrow(TemplateSchema, json, "Zendesk trigger template").ticket;
  const kind = (json as { copilot_event: string }).copilot_event === "ticket.created" ? "created" : "follow_up";
  const body = bodyToText(kind === "created" ? t.description : (t.latest_comment_html ?? t.description));
  if (!body) throw new PayloadError("the ticket has no text", [{ name: "ticket.description", reason: "empty" }]);
  const email = t.requester.email?.includes("@") ? t.requester.email : undefined;
  const url = t.url ? (t.url.startsWith("http") ? t.url : `https://${t.url}`) : agentUrl(cfg, t.id);
  const event: MappedEvent = {
    kind,
    eventType: `trigger:${kind === "created" ? "ticket.created" : "ticket.comment_added"}`,
    eventKey: kind === "created" ? `tpl:${t.id}:created` : `tpl:${t.id}:${hashKey(body)}`,
    ticket: { external_id: t.id, source: "zendesk", requester: { email, name: t.requester.name || undefined }, subject: t.subject, body, channel: t.via || undefined, created_at: isoOrUndefined(t.created_at), helpdesk_url: url },
    meta: { requester_id: t.requester.id ?? null },
  };
  return { event };
}

const auth = (cfg: VendorConfig) => basicAuth(`${cfg.auth.user ?? ""}/token`, cfg.auth.secret ?? "");

export const zendesk: VendorAdapter = {
  vendor: "zendesk",
  docs: ["https://developer.zendesk.com/documentation/webhooks/verifying/", "https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/"],
  verify: (req, cfg, tol) => verifyZendesk(req.rawBody, req.header("x-zendesk-webhook-signature"), req.header("x-zendesk-webhook-signature-timestamp"), cfg.webhookSecret, req.nowMs, tol),
  parse(json, _req, cfg) {
    if (json && typeof json === "object" && "copilot_event" in json) return fromTemplate(json, cfg);
    if (json && typeof json === "object" && typeof (json as { type?: unknown }).type === "string") return fromEvent(json as Record<string, unknown>, cfg);
    throw new PayloadError("neither a Zendesk event (type, detail) nor the copilot trigger template (copilot_event, ticket)", [{ name: "type", reason: "missing" }]);
  },
  async enrich(event, cfg, fetchImpl) {
    if (event.ticket.requester.email || !event.meta.requester_id) return event;
    const base = requireApi(cfg, "zendesk");
    const { json } = await vendorCall("zendesk", fetchImpl, `${base}/api/v2/users/${encodeURIComponent(String(event.meta.requester_id))}.json`, { method: "GET", headers: { authorization: auth(cfg) } });
    const user = (json as { user?: { email?: string | null; name?: string } }).user;
    return { ...event, ticket: { ...event.ticket, requester: { email: user?.email ?? undefined, name: event.ticket.requester.name ?? user?.name } } };
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
    await vendorCall("zendesk", ctx.fetch, `${base}/api/v2/tickets/${encodeURIComponent(ctx.ticketExternalId)}/tags.json`, { method: "PUT", headers: { authorization: auth(ctx.cfg) }, body: { tags } });
  },
};

