import type { Vendor, VendorConfig } from "../config/helpdesks";
import type { Verdict } from "./signatures";

export type { Vendor, VendorConfig };

/** The product's ticket (src/pipeline/schemas.ts TicketInput) as mapped from a webhook; the email may still need fetching. */
export interface MappedTicket {
  external_id: string;
  source: Vendor;
  requester: { email?: string; name?: string };
  subject: string;
  body: string;
  channel?: string;
  created_at?: string;
  helpdesk_url?: string;
}

/** One customer message from a helpdesk, ready to store as a delivery. */
export interface MappedEvent {
  /** created: the ticket's first message; follow_up: a later customer message on the same ticket. */
  kind: "created" | "follow_up";
  /** The vendor's event type as sent, e.g. "zen:event-type:ticket.created", "convo.customer.reply.created". */
  eventType: string;
  /**
   * The dedupe key of the delivery: the vendor's event or message id, never the text. When the
   * webhook carries no id (Freshdesk replies, Help Scout conversations sent without their
   * threads), a key of this delivery alone, and the message id the inbound job reads through the
   * vendor API (`meta.message_id`) de-duplicates instead.
   */
  eventKey: string;
  ticket: MappedTicket;
  /**
   * Vendor ids needed later: { requester_id } (Zendesk), { customer_id } (Help Scout), ...;
   * `message_id`: the vendor's id of the customer message, when known.
   */
  meta: Record<string, string | number | null>;
  /** What the inbound job still reads through the vendor API: the requester's email, the message text. */
  pending?: ("email" | "body")[];
}

export type ParseOutcome = { event: MappedEvent } | { ignored: string };

/** A payload that is JSON but not the vendor's shape: answered 400 with the issues. */
export class PayloadError extends Error {
  constructor(
    message: string,
    readonly issues: { name: string; reason: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * A step of the inbound job failed: the message names the step ("zendesk requester look-up: ...").
 * `retry: false` for what trying again cannot fix (a missing credential, a message that is gone).
 */
export class InboundStepError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
    readonly retry = true,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** A vendor API answered with an error status (or could not be reached: status 0). */
export class VendorApiError extends Error {
  constructor(
    readonly vendor: Vendor,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface InboundRequest {
  rawBody: string;
  header(name: string): string | undefined;
  /** Wall-clock now, ms since the epoch (not the store clock). */
  nowMs: number;
}

/** What posting a reply needs. */
export interface PostContext {
  cfg: VendorConfig;
  fetch: typeof fetch;
  /** The helpdesk's ticket / conversation id. */
  ticketExternalId: string;
  /** Reply text (plain; vendors that want HTML get it escaped with line breaks). */
  body: string;
  mode: "public" | "internal";
  requesterEmail: string | null;
  meta: Record<string, string | number | null>;
}

export interface VendorAdapter {
  vendor: Vendor;
  /** Where the inbound format and the outbound endpoints are documented. */
  docs: string[];
  verify(req: InboundRequest, cfg: VendorConfig, toleranceSeconds: number): Verdict;
  /** Front's handshake: the value to echo, when the request is one. */
  challenge?(req: InboundRequest): string | undefined;
  /** @throws PayloadError for a malformed payload */
  parse(json: unknown, req: InboundRequest, cfg: VendorConfig): ParseOutcome;
  /**
   * Completes the event through the vendor API where the webhook lacked something (Zendesk: the
   * requester's email; Help Scout: the thread; Freshdesk: the reply's conversation id). Runs in the
   * inbound job on every delivery; returns the event unchanged when nothing is missing.
   * @param answered `meta.message_id`s of the ticket's messages answered already
   * @throws InboundStepError naming the step that failed
   */
  enrich?(event: MappedEvent, cfg: VendorConfig, fetchImpl: typeof fetch, answered: ReadonlySet<string>): Promise<MappedEvent>;
  /** Posts the reply or note. @returns the helpdesk's id of what was written @throws VendorApiError */
  post(ctx: PostContext): Promise<{ id: string }>;
  /** Adds tags to the helpdesk ticket. @throws VendorApiError */
  tag?(ctx: PostContext, tags: string[]): Promise<void>;
}

/**
 * One JSON call to a vendor API with a 15 s timeout.
 * @returns the parsed JSON body (null for an empty one) and the response headers
 * @throws VendorApiError with the status (0 when unreachable) and the start of the response body
 */
export async function vendorCall(
  vendor: Vendor,
  fetchImpl: typeof fetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown },
): Promise<{ json: unknown; headers: Headers; status: number }> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: init.method,
      headers: { accept: "application/json", ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new VendorApiError(vendor, 0, `${vendor} API unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok)
    throw new VendorApiError(vendor, res.status, `${vendor} API ${init.method} ${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 300)}`);
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
  }
  return { json, headers: res.headers, status: res.status };
}

/** Runs a zod schema, turning its issues into a PayloadError naming each bad field. */
export function parseOrThrow<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  json: unknown,
  what: string,
): T {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ name: i.path.map(String).join(".") || "body", reason: i.message }));
  throw new PayloadError(`not a ${what} payload: ${issues.map((i) => `${i.name}: ${i.reason}`).join("; ")}`, issues);
}

/**
 * A delivery key for a webhook that carries no id of its message: unique per delivery, so the
 * message id the inbound job reads through the vendor API de-duplicates (never the text).
 */
export function deliveryKey(prefix: string): string {
  return `${prefix}:delivery:${crypto.randomUUID()}`;
}

/** An http(s) URL, or undefined for anything else (Help Scout's documented "..." placeholder links). */
export function usableUrl(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(href) ? href : /^[\w-]+(\.[\w-]+)+(\/|$)/.test(href) ? `https://${href}` : href;
  try {
    const u = new URL(withScheme);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export const basicAuth = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

/** Plain text to minimal HTML (escaped, paragraphs and line breaks kept). */
export function textToHtml(text: string): string {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return esc
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, "<br>")}</p>`)
    .join("");
}

/**
 * The vendor's API base URL.
 * @param purpose what the call is for, named in the error ("post back", "read the conversation's threads")
 * @throws VendorApiError (status 0) when the API credentials are not configured
 */
export function requireApi(cfg: VendorConfig, vendor: Vendor, purpose = "post back"): string {
  if (!cfg.apiUrl) throw new VendorApiError(vendor, 0, `${vendor} API credentials are not configured; cannot ${purpose}`);
  return cfg.apiUrl;
}
