/**
 * Freshdesk. Inbound: two automation rules (Admin > Workflows > Automations): "Ticket creation"
 * and "Ticket updates" with the condition "Reply is sent by requester", each with the action
 * "Trigger webhook" (POST, JSON, our FRESHDESK_TEMPLATE, custom header `X-Copilot-Webhook-Secret`;
 * Freshdesk signs nothing): https://support.freshdesk.com/support/solutions/articles/132589 .
 * `{{ticket.latest_public_comment}}` renders as "<author> : <html>"; the prefix is taken off
 * (src/helpdesks/body.ts). Freshdesk's placeholders carry no id of the reply, so a reply is
 * identified by its conversation id, read in the inbound job through List All Conversations of a
 * Ticket (https://developers.freshdesk.com/api/#list_all_ticket_notes ; FRESHDESK_API_KEY): the
 * newest incoming public conversation not answered yet, preferring one whose text is the
 * rendered reply's. A template that carries `conversation_id` (an account that can render one)
 * is keyed on it at once. Never the text: a customer writing the same words twice gets two drafts.
 * Outbound (https://developers.freshdesk.com/api/): "Reply to a ticket"
 * (`POST /api/v2/tickets/{id}/reply`) or "Add note" (`POST /api/v2/tickets/{id}/notes`, private);
 * tags through "Update a ticket", which replaces the set, so existing tags are merged in.
 */
import { z } from "zod";
import { vendorId } from "./schema";
import { stripAuthorPrefix } from "../body";
import { vendorInstant } from "../dates";
import { bodyToText } from "../html";
import { SHARED_SECRET_HEADER, verifySharedSecret } from "../signatures";
import {
  basicAuth,
  deliveryKey,
  InboundStepError,
  parseOrThrow,
  PayloadError,
  requireApi,
  textToHtml,
  usableUrl,
  vendorCall,
  type MappedEvent,
  type PostContext,
  type VendorAdapter,
  type VendorConfig,
} from "../types";

const id = vendorId;

const TemplateSchema = z.object({
  event: z.string(),
  ticket: z.object({
    id,
    subject: z.string().nullish(),
    description: z.string().nullish(),
    latest_public_comment: z.string().nullish(),
    conversation_id: z.union([z.string(), z.number().int()]).transform(String).nullish(),
    source: z.string().nullish(),
    url: z.string().nullish(),
    created_at: z.string().nullish(),
    requester: z.object({ email: z.string().nullish(), name: z.string().nullish() }),
  }),
});

/** The body to paste into the Freshdesk "Trigger webhook" action (event: ticket_created or customer_reply). */
export const FRESHDESK_TEMPLATE = `{
  "event": "ticket_created",
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{ticket.subject}}",
    "description": "{{ticket.description}}",
    "latest_public_comment": "{{ticket.latest_public_comment}}",
    "source": "{{ticket.source}}",
    "url": "{{ticket.url}}",
    "requester": { "email": "{{ticket.requester.email}}", "name": "{{ticket.requester.name}}" }
  }
}`;

const EVENTS: Record<string, "created" | "follow_up"> = { ticket_created: "created", customer_reply: "follow_up" };

const auth = (cfg: VendorConfig) => basicAuth(cfg.auth.secret ?? "", "X");

/** A Freshdesk conversation (reply or note) as List All Conversations of a Ticket answers it. */
const Conversation = z
  .object({
    id,
    body: z.string().nullish(),
    body_text: z.string().nullish(),
    incoming: z.boolean().nullish(),
    private: z.boolean().nullish(),
    created_at: z.string().nullish(),
  })
  .passthrough();
type Conversation = z.infer<typeof Conversation>;

const normalise = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * The conversation a reply webhook is about: among the ticket's incoming public conversations not
 * answered yet (`answered`: message ids of earlier deliveries), the newest whose text is the
 * rendered reply's, else the newest.
 */
export function pickReply(conversations: Conversation[], renderedText: string, answered: ReadonlySet<string>): Conversation | undefined {
  const open = conversations
    .filter((c) => c.incoming === true && c.private !== true && !answered.has(`conversation:${c.id}`))
    .sort((a, b) => (a.created_at ?? "").localeCompare(b.created_at ?? "") || Number(a.id) - Number(b.id));
  const same = open.filter((c) => normalise(bodyToText(c.body ?? c.body_text)) === normalise(renderedText));
  return (same.length ? same : open).at(-1);
}

export const freshdesk: VendorAdapter = {
  vendor: "freshdesk",
  docs: [
    "https://developers.freshdesk.com/api/#list_all_ticket_notes",
    "https://developers.freshdesk.com/api/#reply_ticket",
    "https://developers.freshdesk.com/api/#add_note_to_a_ticket",
  ],
  verify: (req, cfg) => verifySharedSecret(req.header(SHARED_SECRET_HEADER), cfg.webhookSecret),
  parse(json, _req, cfg) {
    const t = parseOrThrow(TemplateSchema, json, "Freshdesk template");
    const kind = EVENTS[t.event];
    if (!kind) return { ignored: `event ${t.event}` };
    const tk = t.ticket;
    const rendered =
      kind === "created" ? tk.description : tk.latest_public_comment ? stripAuthorPrefix(tk.latest_public_comment, [tk.requester.name]) : tk.description;
    const body = bodyToText(rendered);
    if (!body)
      throw new PayloadError("the ticket has no text", [{ name: kind === "created" ? "ticket.description" : "ticket.latest_public_comment", reason: "empty" }]);
    const email = tk.requester.email?.includes("@") ? tk.requester.email : undefined;
    const conversationId = /^\d+$/.test(tk.conversation_id?.trim() ?? "") ? tk.conversation_id!.trim() : undefined;
    const meta: MappedEvent["meta"] = conversationId ? { message_id: `conversation:${conversationId}` } : {};
    let eventKey = `${tk.id}:created`;
    if (kind === "follow_up") eventKey = conversationId ? `conversation:${conversationId}` : deliveryKey(`${tk.id}:reply`);
    return {
      event: {
        kind,
        eventType: t.event,
        eventKey,
        ticket: {
          external_id: tk.id,
          source: "freshdesk",
          requester: { email, name: tk.requester.name || undefined },
          subject: tk.subject ?? "",
          body,
          channel: tk.source?.toLowerCase() || undefined,
          created_at: kind === "created" ? vendorInstant(tk.created_at, cfg.timeZone) : undefined,
          helpdesk_url: usableUrl(tk.url) ?? (cfg.webUrl ? `${cfg.webUrl}/a/tickets/${tk.id}` : undefined),
        },
        meta,
      },
    };
  },
  /** A reply without its conversation id: reads it (and the reply's own text) through the Conversations API. */
  async enrich(event, cfg, fetchImpl, answered) {
    if (event.kind !== "follow_up" || event.meta.message_id || !cfg.apiUrl) return event;
    let conversations: Conversation[];
    try {
      const { json } = await vendorCall("freshdesk", fetchImpl, `${cfg.apiUrl}/api/v2/tickets/${encodeURIComponent(event.ticket.external_id)}/conversations`, {
        method: "GET",
        headers: { authorization: auth(cfg) },
      });
      conversations = parseOrThrow(z.array(Conversation), json, "Freshdesk conversation list");
    } catch (err) {
      throw new InboundStepError("freshdesk reply look-up", err, (err as { status?: number }).status !== 404);
    }
    const reply = pickReply(conversations, event.ticket.body, answered) ?? pickReply(conversations, event.ticket.body, new Set());
    // No incoming conversation at all: the rendered reply is all there is (drafted, keyed on this delivery).
    if (!reply) return event;
    // Every incoming reply answered already: the newest one's id marks this delivery a repeat.
    const body = bodyToText(reply.body ?? reply.body_text) || event.ticket.body;
    return {
      ...event,
      ticket: { ...event.ticket, body, created_at: vendorInstant(reply.created_at, cfg.timeZone) },
      meta: { ...event.meta, message_id: `conversation:${reply.id}` },
    };
  },
  async post(ctx) {
    const base = requireApi(ctx.cfg, "freshdesk");
    const path = `${base}/api/v2/tickets/${encodeURIComponent(ctx.ticketExternalId)}`;
    const { json } =
      ctx.mode === "public"
        ? await vendorCall("freshdesk", ctx.fetch, `${path}/reply`, {
            method: "POST",
            headers: { authorization: auth(ctx.cfg) },
            body: { body: textToHtml(ctx.body) },
          })
        : await vendorCall("freshdesk", ctx.fetch, `${path}/notes`, {
            method: "POST",
            headers: { authorization: auth(ctx.cfg) },
            body: { body: textToHtml(ctx.body), private: true },
          });
    const cid = (json as { id?: number | string }).id;
    if (cid === undefined) throw new Error("Freshdesk answered without a conversation id");
    return { id: String(cid) };
  },
  async tag(ctx: PostContext, tags) {
    const base = requireApi(ctx.cfg, "freshdesk");
    const path = `${base}/api/v2/tickets/${encodeURIComponent(ctx.ticketExternalId)}`;
    const { json } = await vendorCall("freshdesk", ctx.fetch, path, { method: "GET", headers: { authorization: auth(ctx.cfg) } });
    const existing = (json as { tags?: string[] }).tags ?? [];
    await vendorCall("freshdesk", ctx.fetch, path, {
      method: "PUT",
      headers: { authorization: auth(ctx.cfg) },
      body: { tags: [...new Set([...existing, ...tags])] },
    });
  },
};
