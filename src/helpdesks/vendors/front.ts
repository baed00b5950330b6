/**
 * Front. Inbound, two kinds of webhook (https://dev.frontapp.com/docs/webhooks-1):
 * - application webhooks (https://dev.frontapp.com/docs/application-webhooks): a signed
 *   `X-Front-Challenge` handshake when the webhook is saved, then events such as
 *   `inbound_received` wrapped as `{ type, authorization, payload }`, signed over
 *   `X-Front-Request-Timestamp:body` with the app's signing key (FRONT_WEBHOOK_SECRET);
 * - rule webhooks (https://dev.frontapp.com/docs/rule-webhooks): the event itself (`type: "inbound"`),
 *   signed with HMAC-SHA1 of the body under the Webhooks integration's API secret
 *   (FRONT_RULE_WEBHOOK_SECRET), with no timestamp. Refused (401) when that secret is not set.
 * Both need the full event ("Send full event data"): an event preview has no message text and is
 * answered 400. The target is the customer's message: the first one creates the ticket, later
 * ones are follow-ups; de-duplication on the message id.
 * Outbound: a draft reply (public mode; an agent sends it from Front) through
 * https://dev.frontapp.com/reference/create-draft-reply , or a comment (internal) through
 * https://dev.frontapp.com/reference/add-comment . Tagging is not written back: Front tags by tag id,
 * not by name.
 */
import { z } from "zod";
import { epochSecondsToIso } from "../../http/input";
import { bodyToText } from "../html";
import { verifyFront, verifyFrontRule, type Verdict } from "../signatures";
import {
  parseOrThrow,
  PayloadError,
  requireApi,
  textToHtml,
  vendorCall,
  type InboundRequest,
  type PostContext,
  type VendorAdapter,
  type VendorConfig,
} from "../types";

const Recipient = z.object({ handle: z.string(), role: z.string(), name: z.string().nullish() }).passthrough();
const EventSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  conversation: z.object({ id: z.string().min(1), subject: z.string().nullish() }).passthrough(),
  target: z.object({
    data: z.object({
      id: z.string().min(1),
      is_inbound: z.boolean().optional(),
      type: z.string().optional(),
      subject: z.string().nullish(),
      body: z.string().nullish(),
      text: z.string().nullish(),
      created_at: z.number().optional(),
      recipients: z.array(Recipient).default([]),
    }),
  }),
});

/**
 * An application webhook carries `X-Front-Request-Timestamp`; a rule webhook does not. Each is
 * checked only against its own secret: an unset secret refuses its kind (an empty HMAC key would
 * let anyone sign).
 */
function verify(req: InboundRequest, cfg: VendorConfig, toleranceSeconds: number): Verdict {
  const signature = req.header("x-front-signature");
  const timestamp = req.header("x-front-request-timestamp");
  if (timestamp !== undefined) {
    if (!cfg.webhookSecret) return { ok: false, reason: "application webhooks are not configured (FRONT_WEBHOOK_SECRET, the app's signing key)" };
    return verifyFront(req.rawBody, signature, timestamp, cfg.webhookSecret, req.nowMs, toleranceSeconds);
  }
  if (!cfg.ruleSecret) {
    return {
      ok: false,
      reason:
        "a rule webhook (no X-Front-Request-Timestamp): set FRONT_RULE_WEBHOOK_SECRET to the Webhooks integration's API secret, or use an application webhook (FRONT_WEBHOOK_SECRET)",
    };
  }
  return verifyFrontRule(req.rawBody, signature, cfg.ruleSecret);
}

async function call(ctx: PostContext, path: string, body: unknown) {
  const base = requireApi(ctx.cfg, "front");
  return vendorCall("front", ctx.fetch, `${base}${path}`, { method: "POST", headers: { authorization: `Bearer ${ctx.cfg.auth.secret}` }, body });
}

export const front: VendorAdapter = {
  vendor: "front",
  docs: [
    "https://dev.frontapp.com/docs/application-webhooks",
    "https://dev.frontapp.com/docs/rule-webhooks",
    "https://dev.frontapp.com/reference/create-draft-reply",
  ],
  verify,
  challenge: (req) => req.header("x-front-challenge"),
  parse(json, _req, cfg) {
    const outer = json as { type?: unknown; payload?: unknown };
    if (!outer || typeof outer !== "object" || typeof outer.type !== "string")
      throw new PayloadError("not a Front webhook: no type", [{ name: "type", reason: "missing" }]);
    const event = (outer.payload ?? outer) as { type?: string };
    const type = outer.payload ? `${outer.type}` : String(event.type);
    if (type !== "inbound_received" && type !== "inbound") return { ignored: `event type ${type}` };
    const e = parseOrThrow(EventSchema, event, "Front inbound event");
    const m = e.target.data;
    if (m.is_inbound === false) return { ignored: "an outbound message" };
    if (m.body === undefined && m.text === undefined) {
      const at = outer.payload ? "payload.target.data" : "target.data";
      throw new PayloadError('an event preview carries no message: turn on "Send full event data" for the webhook', [
        { name: `${at}.body`, reason: "missing" },
      ]);
    }
    const from = m.recipients.find((r) => r.role === "from");
    const body = m.text?.trim() ? bodyToText(m.text) : bodyToText(m.body);
    if (!body) return { ignored: "an empty message" };
    return {
      event: {
        kind: "follow_up",
        eventType: type,
        eventKey: `msg:${m.id}`,
        ticket: {
          external_id: e.conversation.id,
          source: "front",
          requester: { email: from?.handle.includes("@") ? from.handle : undefined, name: from?.name ?? undefined },
          subject: e.conversation.subject ?? m.subject ?? "",
          body,
          channel: m.type,
          created_at: epochSecondsToIso(m.created_at),
          helpdesk_url: `${cfg.webUrl ?? "https://app.frontapp.com"}/open/${e.conversation.id}`,
        },
        meta: { message_id: `message:${m.id}` },
      },
    };
  },
  async post(ctx) {
    const path = `/conversations/${encodeURIComponent(ctx.ticketExternalId)}`;
    const { json } =
      ctx.mode === "public"
        ? await call(ctx, `${path}/drafts`, { body: textToHtml(ctx.body), mode: "shared", ...(ctx.cfg.channelId ? { channel_id: ctx.cfg.channelId } : {}) })
        : await call(ctx, `${path}/comments`, { body: ctx.body });
    const id = (json as { id?: string }).id;
    if (!id) throw new Error("Front answered without an id");
    return { id };
  },
};
