/**
 * Freshdesk. Inbound: two automation rules (Admin > Workflows > Automations): "Ticket creation"
 * and "Ticket updates" with the condition "Reply is sent by requester", each with the action
 * "Trigger webhook" (POST, JSON, our FRESHDESK_TEMPLATE, custom header `X-Copilot-Webhook-Secret`;
 * Freshdesk signs nothing). Outbound (https://developers.freshdesk.com/api/): "Reply to a ticket"
 * (`POST /api/v2/tickets/{id}/reply`) or "Add note" (`POST /api/v2/tickets/{id}/notes`, private);
 * tags through "Update a ticket", which replaces the set, so existing tags are merged in.
 */
import { z } from "zod";
import { bodyToText } from "../html";
import { SHARED_SECRET_HEADER, verifySharedSecret } from "../signatures";
import { basicAuth, hashKey, parseOrThrow, PayloadError, requireApi, textToHtml, vendorCall, type PostContext, type VendorAdapter } from "../types";

const id = z.union([z.string().min(1), z.number().int()]).transform(String);

const TemplateSchema = z.object({
  event: z.string(),
  ticket: z.object({
    id,
    subject: z.string().nullish(),
    description: z.string().nullish(),
    latest_public_comment: z.string().nullish(),
    source: z.string().nullish(),
    url: z.string().nullish(),
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

const auth = (ctx: PostContext) => basicAuth(ctx.cfg.auth.secret ?? "", "X");

export const freshdesk: VendorAdapter = {
  vendor: "freshdesk",
  docs: ["https://developers.freshdesk.com/api/#reply_ticket", "https://developers.freshdesk.com/api/#add_note_to_a_ticket"],
  verify: (req, cfg) => verifySharedSecret(req.header(SHARED_SECRET_HEADER), cfg.webhookSecret),
  parse(json, _req, cfg) {
    const t = parseOrThrow(TemplateSchema, json, "Freshdesk template");
    const kind = EVENTS[t.event];
    if (!kind) return { ignored: `event ${t.event}` };
    const tk = t.ticket;
    const body = bodyToText(kind === "created" ? tk.description : (tk.latest_public_comment ?? tk.description));
    if (!body) throw new PayloadError("the ticket has no text", [{ name: kind === "created" ? "ticket.description" : "ticket.latest_public_comment", reason: "empty" }]);
    const email = tk.requester.email?.includes("@") ? tk.requester.email : undefined;
    const url = tk.url ? (tk.url.startsWith("http") ? tk.url : `https://${tk.url}`) : cfg.apiUrl ? `${cfg.apiUrl}/a/tickets/${tk.id}` : undefined;
    return {
      event: {
        kind,
        eventType: t.event,
        eventKey: kind === "created" ? `${tk.id}:created` : `${tk.id}:${hashKey(body)}`,
        ticket: { external_id: tk.id, source: "freshdesk", requester: { email, name: tk.requester.name || undefined }, subject: tk.subject ?? "", body, channel: tk.source?.toLowerCase() || undefined, helpdesk_url: url },
        meta: {},
      },
    };
  },
  async post(ctx) {
    const base = requireApi(ctx.cfg, "freshdesk");
    const path = `${base}/api/v2/tickets/${encodeURIComponent(ctx.ticketExternalId)}`;
    const { json } =
      ctx.mode === "public"
        ? await vendorCall("freshdesk", ctx.fetch, `${path}/reply`, { method: "POST", headers: { authorization: auth(ctx) }, body: { body: textToHtml(ctx.body) } })
        : await vendorCall("freshdesk", ctx.fetch, `${path}/notes`, { method: "POST", headers: { authorization: auth(ctx) }, body: { body: textToHtml(ctx.body), private: true } });
    const cid = (json as { id?: number | string }).id;
    if (cid === undefined) throw new Error("Freshdesk answered without a conversation id");
    return { id: String(cid) };
  },
  async tag(ctx, tags) {
    const base = requireApi(ctx.cfg, "freshdesk");
    const path = `${base}/api/v2/tickets/${encodeURIComponent(ctx.ticketExternalId)}`;
    const { json } = await vendorCall("freshdesk", ctx.fetch, path, { method: "GET", headers: { authorization: auth(ctx) } });
    const existing = (json as { tags?: string[] }).tags ?? [];
    await vendorCall("freshdesk", ctx.fetch, path, { method: "PUT", headers: { authorization: auth(ctx) }, body: { tags: [...new Set([...existing, ...tags])] } });
  },
};

