/**
 * Help Scout. Inbound: the Webhooks app posts a conversation with `X-HelpScout-Event`
 * (`convo.created`, `convo.customer.reply.created`) and `X-HelpScout-Signature`
 * (https://developer.helpscout.com/webhooks/). Two conversation shapes arrive:
 * - the v2 Conversation object (https://developer.helpscout.com/mailbox-api/endpoints/conversations/get/):
 *   threads under `_embedded.threads` (possibly empty: the documented example has none), people as
 *   `first`/`last`, links under `_links` (the documented example's are "...");
 * - the legacy webhook Conversation object (https://developer.helpscout.com/webhooks/objects/conversation):
 *   threads at the top level, people as `firstName`/`lastName`.
 * The message is the newest customer thread; its author is the requester (not `primaryCustomer`,
 * who may be someone else). When the payload carries no customer thread, the inbound job reads the
 * threads through List Threads (https://developer.helpscout.com/mailbox-api/endpoints/conversations/threads/list/),
 * which needs HELPSCOUT_APP_ID and HELPSCOUT_APP_SECRET. De-duplication: the thread id.
 * Outbound, Mailbox API 2.0 with an OAuth2 client-credentials token: a reply thread
 * (https://developer.helpscout.com/mailbox-api/endpoints/conversations/threads/reply/) or a note
 * (.../threads/note/), whose id comes back in the `Resource-ID` header; tags through Update Tags
 * (.../conversations/tags/update/), which replaces the set, so existing tags are merged in.
 */
import { z } from "zod";
import { vendorId } from "./schema";
import { vendorInstant } from "../dates";
import { bodyToText } from "../html";
import { verifyHelpScout } from "../signatures";
import {
  deliveryKey,
  InboundStepError,
  parseOrThrow,
  requireApi,
  usableUrl,
  vendorCall,
  VendorApiError,
  type MappedEvent,
  type PostContext,
  type VendorAdapter,
  type VendorConfig,
} from "../types";

const id = vendorId;
/** A person in either shape: v2 `first`/`last`, legacy `firstName`/`lastName`. */
const Person = z
  .object({
    id: id.nullish(),
    email: z.string().nullish(),
    first: z.string().nullish(),
    last: z.string().nullish(),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    type: z.string().nullish(),
  })
  .partial();
type Person = z.infer<typeof Person>;
const Thread = z
  .object({ id, type: z.string(), body: z.string().nullish(), createdAt: z.string().nullish(), createdBy: Person.nullish(), customer: Person.nullish() })
  .passthrough();
type Thread = z.infer<typeof Thread>;

const ConversationSchema = z.object({
  id,
  number: z.union([z.number(), z.string()]).nullish(),
  subject: z.string().nullish(),
  type: z.string().nullish(),
  createdAt: z.string().nullish(),
  /** v2: the thread count; legacy: `threadCount`. */
  threads: z.union([z.number(), z.array(Thread)]).nullish(),
  threadCount: z.number().nullish(),
  userUpdatedAt: z.string().nullish(),
  modifiedAt: z.string().nullish(),
  primaryCustomer: Person.nullish(),
  customer: Person.nullish(),
  _embedded: z
    .object({ threads: z.array(Thread).nullish() })
    .partial()
    .nullish(),
  _links: z
    .object({ web: z.object({ href: z.string().nullish() }).partial().nullish() })
    .partial()
    .nullish(),
});

const EVENTS = { "convo.created": "created", "convo.customer.reply.created": "follow_up" } as const;

const fullName = (p: Person | null | undefined) => [p?.first ?? p?.firstName, p?.last ?? p?.lastName].filter(Boolean).join(" ") || undefined;
const isCustomerThread = (t: Thread) => t.type === "customer" || (t.createdBy?.type === "customer" && t.type !== "lineitem" && t.type !== "note");

/** The newest customer thread (by createdAt, then id), if any. */
function latestCustomerThread(threads: Thread[]): Thread | undefined {
  return threads.filter(isCustomerThread).reduce<Thread | undefined>((a, b) => {
    if (!a) return b;
    const ta = a.createdAt ?? "";
    const tb = b.createdAt ?? "";
    return tb > ta || (tb === ta && Number(b.id) > Number(a.id)) ? b : a;
  }, undefined);
}

/** The requester: the thread's author when a customer wrote it, else the customer it is for. */
function author(t: Thread): Person {
  return t.createdBy?.type === "customer" || (t.createdBy && !t.createdBy.type) ? t.createdBy : (t.customer ?? t.createdBy ?? {});
}

const samePerson = (a: Person, b: Person) => (!!a.id && a.id === b.id) || (!!a.email && a.email.toLowerCase() === b.email?.toLowerCase());

/**
 * The event's message from one customer thread.
 * @param known people the conversation names (primaryCustomer, customer), for the author's name when the thread gives none
 */
function withThread(ev: MappedEvent, t: Thread, timeZone: string, known: Person[] = []): MappedEvent {
  const who = author(t);
  const name =
    fullName(who) ??
    [t.customer, ...known]
      .filter((p): p is Person => !!p && samePerson(p, who))
      .map(fullName)
      .find(Boolean);
  return {
    ...ev,
    ticket: {
      ...ev.ticket,
      requester: { email: who.email ?? t.customer?.email ?? undefined, name },
      body: bodyToText(t.body),
      created_at: vendorInstant(t.createdAt, timeZone) ?? ev.ticket.created_at,
    },
    meta: { ...ev.meta, customer_id: who.id ?? t.customer?.id ?? ev.meta.customer_id ?? null, thread_id: t.id, message_id: `thread:${t.id}` },
    pending: undefined,
  };
}

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

async function call(ctx: Pick<PostContext, "cfg" | "fetch">, method: string, path: string, body?: unknown) {
  const base = requireApi(ctx.cfg, "helpscout");
  return vendorCall("helpscout", ctx.fetch, `${base}${path}`, { method, headers: { authorization: `Bearer ${await accessToken(ctx.cfg, ctx.fetch)}` }, body });
}

export const helpscout: VendorAdapter = {
  vendor: "helpscout",
  docs: [
    "https://developer.helpscout.com/webhooks/",
    "https://developer.helpscout.com/mailbox-api/endpoints/conversations/threads/list/",
    "https://developer.helpscout.com/mailbox-api/endpoints/conversations/threads/reply/",
  ],
  verify: (req, cfg) => verifyHelpScout(req.rawBody, req.header("x-helpscout-signature"), cfg.webhookSecret),
  parse(json, req, cfg) {
    const eventType = req.header("x-helpscout-event") ?? "";
    const kind = EVENTS[eventType as keyof typeof EVENTS];
    if (!kind) return { ignored: `event ${eventType || "(no X-HelpScout-Event)"}` };
    const c = parseOrThrow(ConversationSchema, json, "Help Scout conversation");
    const threads = c._embedded?.threads ?? (Array.isArray(c.threads) ? c.threads : []);
    const count = typeof c.threads === "number" ? c.threads : (c.threadCount ?? null);
    const number = c.number !== null && c.number !== undefined ? `/${c.number}` : "";
    const fallback = c.primaryCustomer ?? c.customer ?? {};
    const event: MappedEvent = {
      kind,
      eventType,
      // No thread in the payload: this delivery's position in the conversation until the thread is read.
      eventKey: count !== null ? `convo:${c.id}:${eventType}:threads:${count}` : deliveryKey(`convo:${c.id}:${eventType}`),
      ticket: {
        external_id: c.id,
        source: "helpscout",
        requester: { email: fallback.email ?? undefined, name: fullName(fallback) },
        subject: c.subject ?? "",
        body: "",
        channel: c.type ?? undefined,
        created_at: vendorInstant(c.createdAt, cfg.timeZone),
        helpdesk_url: usableUrl(c._links?.web?.href) ?? `${cfg.webUrl ?? "https://secure.helpscout.net"}/conversation/${c.id}${number}/`,
      },
      meta: { customer_id: fallback.id ?? null },
      pending: ["body", "email"],
    };
    const latest = latestCustomerThread(threads);
    if (!latest) return { event };
    const mapped = withThread(event, latest, cfg.timeZone, [c.primaryCustomer ?? {}, c.customer ?? {}]);
    if (!mapped.ticket.body) return { ignored: "an empty customer thread" };
    return { event: { ...mapped, eventKey: `thread:${latest.id}` } };
  },
  /** Reads the newest customer thread through List Threads when the webhook carried none. */
  async enrich(event, cfg, fetchImpl) {
    if (event.ticket.body) return event;
    const step = "helpscout thread fetch";
    if (!cfg.apiUrl)
      throw new InboundStepError(
        step,
        "Help Scout sent the conversation without its threads, and reading them needs HELPSCOUT_APP_ID and HELPSCOUT_APP_SECRET",
        false,
      );
    let threads: Thread[];
    try {
      const { json } = await call({ cfg, fetch: fetchImpl }, "GET", `/v2/conversations/${encodeURIComponent(event.ticket.external_id)}/threads`);
      threads = parseOrThrow(z.object({ _embedded: z.object({ threads: z.array(Thread) }) }), json, "Help Scout thread list")._embedded.threads;
    } catch (err) {
      throw new InboundStepError(step, err, (err as { status?: number }).status !== 404);
    }
    const latest = latestCustomerThread(threads);
    if (!latest) throw new InboundStepError(step, `conversation ${event.ticket.external_id} has no customer thread`, false);
    return withThread(event, latest, cfg.timeZone);
  },
  async post(ctx) {
    const path = `/v2/conversations/${encodeURIComponent(ctx.ticketExternalId)}`;
    const res =
      ctx.mode === "public"
        ? await call(ctx, "POST", `${path}/reply`, {
            customer: ctx.meta.customer_id ? { id: Number(ctx.meta.customer_id) } : { email: ctx.requesterEmail },
            text: ctx.body,
          })
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
