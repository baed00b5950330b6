/**
 * Help Scout. Inbound: the Webhooks app posts the v2 Conversation object with `X-HelpScout-Event`
 * (`convo.created`, `convo.customer.reply.created`) and `X-HelpScout-Signature`
 * (https://developer.helpscout.com/webhooks/). Outbound, Mailbox API 2.0 with an OAuth2
 * client-credentials token: a reply thread (https://developer.helpscout.com/mailbox-api/endpoints/conversations/threads/reply/)
 * or a note (.../threads/note/), whose id comes back in the `Resource-ID` header; tags through
 * Update Tags (.../conversations/tags/update/), which replaces the set, so existing tags are merged in.
 */
import { z } from "zod";
import { bodyToText } from "../html";
import { verifyHelpScout } from "../signatures";
import { parseOrThrow, requireApi, vendorCall, VendorApiError, type PostContext, type VendorAdapter, type VendorConfig } from "../types";

const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const Person = z.object({ id: id.optional(), email: z.string().optional(), first: z.string().optional(), last: z.string().optional(), type: z.string().optional() }).partial();

const ConversationSchema = z.object({
  id,
  number: z.union([z.number(), z.string()]).optional(),
  subject: z.string().optional().default(""),
  type: z.string().optional(),
  createdAt: z.string().optional(),
  primaryCustomer: Person.optional(),
  customer: Person.optional(),
  _embedded: z.object({
    threads: z.array(z.object({ id, type: z.string(), body: z.string().optional().default(""), createdAt: z.string().optional(), createdBy: Person.optional(), customer: Person.optional() }).passthrough()).min(1),
  }),
  _links: z.object({ web: z.object({ href: z.string() }).partial().optional() }).partial().optional(),
});

const EVENTS = { "convo.created": "created", "convo.customer.reply.created": "follow_up" } as const;

const tokens = new Map<string, { token: string; expiresAt: number }>();

/** An OAuth2 client-credentials token, cached until a minute before it expires. */
async function accessToken(cfg: VendorConfig, fetchImpl: typeof fetch): Promise<string> {
  const base = requireApi(cfg, "helpscout");
  const key = `${base}|${cfg.auth.user}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const { json } = await vendorCall("helpscout", fetchImpl, `${base}/v2/oauth2/token`, {
    method: "POST",
    headers: {},
    body: { grant_type: "client_credentials", client_id: cfg.auth.user, client_secret: cfg.auth.secret },
  });
  const t = json as { access_token?: string; expires_in?: number };
  if (!t.access_token) throw new VendorApiError("helpscout", 0, "Help Scout token response had no access_token");
  tokens.set(key, { token: t.access_token, expiresAt: Date.now() + Math.max(0, (t.expires_in ?? 7200) - 60) * 1000 });
  return t.access_token;
}

async function call(ctx: PostContext, method: string, path: string, body?: unknown) {
  const base = requireApi(ctx.cfg, "helpscout");
  return vendorCall("helpscout", ctx.fetch, `${base}${path}`, { method, headers: { authorization: `Bearer ${await accessToken(ctx.cfg, ctx.fetch)}` }, body });
}

export const helpscout: VendorAdapter = {
  vendor: "helpscout",
  docs: ["https://developer.helpscout.com/webhooks/", "https://developer.helpscout.com/mailbox-api/endpoints/conversations/threads/reply/"],
  verify: (req, cfg) => verifyHelpScout(req.rawBody, req.header("x-helpscout-signature"), cfg.webhookSecret),
  parse(json, req) {
    const eventType = req.header("x-helpscout-event") ?? "";
    const kind = EVENTS[eventType as keyof typeof EVENTS];
    if (!kind) return { ignored: `event ${eventType || "(no X-HelpScout-Event)"}` };
    const c = parseOrThrow(ConversationSchema, json, "Help Scout conversation");
    const customerThreads = c._embedded.threads.filter((t) => t.type === "customer");
    if (!customerThreads.length) return { ignored: "no customer thread" };
    const latest = customerThreads.reduce((a, b) => ((b.createdAt ?? "") > (a.createdAt ?? "") || (b.createdAt === a.createdAt && Number(b.id) > Number(a.id)) ? b : a));
    const person = c.primaryCustomer ?? c.customer ?? latest.customer ?? latest.createdBy ?? {};
    const email = person.email ?? latest.customer?.email ?? latest.createdBy?.email;
    const name = [person.first, person.last].filter(Boolean).join(" ") || undefined;
    const url = c._links?.web?.href ?? `https://secure.helpscout.net/conversation/${c.id}${c.number !== undefined ? `/${c.number}` : ""}`;
    return {
      event: {
        kind,
        eventType,
        eventKey: `thread:${latest.id}`,
        ticket: { external_id: c.id, source: "helpscout", requester: { email, name }, subject: c.subject, body: bodyToText(latest.body), channel: c.type, created_at: latest.createdAt, helpdesk_url: url },
        meta: { customer_id: person.id ?? latest.customer?.id ?? null, thread_id: latest.id },
      },
    };
  },
  async post(ctx) {
    const path = `/v2/conversations/${encodeURIComponent(ctx.ticketExternalId)}`;
    const res =
      ctx.mode === "public"
        ? await call(ctx, "POST", `${path}/reply`, { customer: ctx.meta.customer_id ? { id: Number(ctx.meta.customer_id) } : { email: ctx.requesterEmail }, text: ctx.body })
        : await call(ctx, "POST", `${path}/notes`, { text: ctx.body });
    const rid = res.headers.get("resource-id");
    if (!rid) throw new Error("Help Scout answered without a Resource-ID header");
    return { id: rid };
  },
  async tag(ctx, tags) {
    const path = `/v2/conversations/${encodeURIComponent(ctx.ticketExternalId)}`;
    const { json } = await call(ctx, "GET", path);
    const existing = ((json as { tags?: { tag?: string }[] }).tags ?? []).map((t) => t.tag).filter((t): t is string => !!t);
    await call(ctx, "PUT", `${path}/tags`, { tags: [...new Set([...existing, ...tags])] });
  },
};
