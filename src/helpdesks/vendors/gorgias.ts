/**
 * Gorgias. Inbound: an HTTP integration (Settings > HTTP integration) triggered on "Ticket created"
 * and "Ticket message created", sending our JSON template (GORGIAS_TEMPLATE) and the header
 * `X-Copilot-Webhook-Secret` (Gorgias signs nothing, so the shared secret is the authentication).
 * `{{ticket.created_datetime}}` renders without an offset ("2021-01-07T13:00:00.123456",
 * https://developers.gorgias.com/reference/the-integration-object): it is read in the account's
 * time zone (GORGIAS_TIMEZONE or HELPDESK_TIMEZONE, default UTC). De-duplication: `{{message.id}}`.
 * Outbound: a ticket message (https://developers.gorgias.com/reference/create-ticket-message ,
 * https://developers.gorgias.com/docs/create-a-new-message-in-ticket-via-api): an outgoing email
 * from the API user (public) or an `internal-note`; tags through
 * https://developers.gorgias.com/reference/add-ticket-tags .
 */
import { z } from "zod";
import { vendorId } from "./schema";
import { vendorInstant } from "../dates";
import { bodyToText } from "../html";
import { SHARED_SECRET_HEADER, verifySharedSecret } from "../signatures";
import { basicAuth, parseOrThrow, PayloadError, requireApi, textToHtml, vendorCall, type PostContext, type VendorAdapter } from "../types";

const id = vendorId;

const TemplateSchema = z.object({
  event: z.string(),
  ticket: z.object({
    id,
    subject: z.string().nullish(),
    channel: z.string().nullish(),
    created_datetime: z.string().nullish(),
    customer: z.object({ id: id.nullish(), email: z.string().nullish(), name: z.string().nullish() }),
  }),
  message: z.object({
    id: id.nullish(),
    body_text: z.string().nullish(),
    body_html: z.string().nullish(),
    from_agent: z.union([z.boolean(), z.string()]).nullish(),
  }),
});

/** The body to paste into the Gorgias HTTP integration (set "event" per trigger). */
export const GORGIAS_TEMPLATE = `{
  "event": "ticket-created",
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{ticket.subject}}",
    "channel": "{{ticket.channel}}",
    "created_datetime": "{{ticket.created_datetime}}",
    "customer": { "id": "{{ticket.customer.id}}", "email": "{{ticket.customer.email}}", "name": "{{ticket.customer.name}}" }
  },
  "message": {
    "id": "{{message.id}}",
    "body_text": "{{message.body_text}}",
    "body_html": "{{message.body_html}}",
    "from_agent": "{{message.from_agent}}"
  }
}`;

const EVENTS: Record<string, "created" | "follow_up"> = { "ticket-created": "created", "ticket-message-created": "follow_up" };

const auth = (ctx: PostContext) => basicAuth(ctx.cfg.auth.user ?? "", ctx.cfg.auth.secret ?? "");

export const gorgias: VendorAdapter = {
  vendor: "gorgias",
  docs: ["https://developers.gorgias.com/reference/create-ticket-message"],
  verify: (req, cfg) => verifySharedSecret(req.header(SHARED_SECRET_HEADER), cfg.webhookSecret),
  parse(json, _req, cfg) {
    const t = parseOrThrow(TemplateSchema, json, "Gorgias template");
    const kind = EVENTS[t.event];
    if (!kind) return { ignored: `event ${t.event}` };
    const m = t.message;
    if (m.from_agent === true || String(m.from_agent).toLowerCase() === "true") return { ignored: "a message from an agent" };
    const body = bodyToText(m.body_text?.trim() ? m.body_text : m.body_html);
    if (!body) throw new PayloadError("the message has no text", [{ name: "message.body_text", reason: "empty" }]);
    const messageId = m.id?.trim();
    if (!messageId || !/^\d+$/.test(messageId))
      throw new PayloadError('the message has no id to tell it from a retry: the template\'s "message.id" must be "{{message.id}}" (README)', [
        { name: "message.id", reason: "missing" },
      ]);
    const email = t.ticket.customer.email?.includes("@") ? t.ticket.customer.email : undefined;
    return {
      event: {
        kind,
        eventType: t.event,
        eventKey: `msg:${messageId}`,
        ticket: {
          external_id: t.ticket.id,
          source: "gorgias",
          requester: { email, name: t.ticket.customer.name || undefined },
          subject: t.ticket.subject ?? "",
          body,
          channel: t.ticket.channel || undefined,
          created_at: vendorInstant(t.ticket.created_datetime, cfg.timeZone),
          helpdesk_url: cfg.webUrl ? `${cfg.webUrl}/app/ticket/${t.ticket.id}` : undefined,
        },
        meta: { customer_id: t.ticket.customer.id || null, channel: t.ticket.channel ?? null, message_id: `message:${messageId}` },
      },
    };
  },
  async post(ctx) {
    const base = requireApi(ctx.cfg, "gorgias");
    const agent = ctx.cfg.auth.user ?? "";
    const common = { via: "api", from_agent: true, sender: { email: agent }, body_text: ctx.body, body_html: textToHtml(ctx.body) };
    const message =
      ctx.mode === "internal"
        ? { ...common, channel: "internal-note" }
        : {
            ...common,
            channel: "email",
            receiver: { email: ctx.requesterEmail },
            source: { type: "email", from: { address: agent }, to: [{ address: ctx.requesterEmail }] },
          };
    const { json } = await vendorCall("gorgias", ctx.fetch, `${base}/api/tickets/${encodeURIComponent(ctx.ticketExternalId)}/messages`, {
      method: "POST",
      headers: { authorization: auth(ctx) },
      body: message,
    });
    const mid = (json as { id?: number | string }).id;
    if (mid === undefined) throw new Error("Gorgias answered without a message id");
    return { id: String(mid) };
  },
  async tag(ctx, tags) {
    const base = requireApi(ctx.cfg, "gorgias");
    await vendorCall("gorgias", ctx.fetch, `${base}/api/tickets/${encodeURIComponent(ctx.ticketExternalId)}/tags`, {
      method: "POST",
      headers: { authorization: auth(ctx) },
      body: { names: tags },
    });
  },
};
