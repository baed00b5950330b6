import { sha256Base64Url } from "../lib/hash";
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
  /** The dedupe key: the vendor's event or message id, or a body hash when it sends none. */
  eventKey: string;
  ticket: MappedTicket;
  /** Vendor ids needed later: { requester_id } (Zendesk), { customer_id } (Help Scout), ... */
  meta: Record<string, string | number | null>;
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
  /** Fills what the event lacks (Zendesk: the requester's email) through the vendor API. */
  enrich?(event: MappedEvent, cfg: VendorConfig, fetchImpl: typeof fetch): Promise<MappedEvent>;
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
  if (!res.ok) throw new VendorApiError(vendor, res.status, `${vendor} API ${init.method} ${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 300)}`);
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
export function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, json: unknown, what: string): T {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ name: i.path.map(String).join(".") || "body", reason: i.message }));
  throw new PayloadError(`not a ${what} payload: ${issues.map((i) => `${i.name}: ${i.reason}`).join("; ")}`, issues);
}

/** A stable dedupe key from parts (vendors that send no event id). */
export function hashKey(...parts: (string | number | null | undefined)[]): string {
  return sha256Base64Url(parts.map((p) => String(p ?? "")).join("\u0000")).slice(0, 32);
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

export function requireApi(cfg: VendorConfig, vendor: Vendor): string {
  if (!cfg.apiUrl) throw new VendorApiError(vendor, 0, `${vendor} API credentials are not configured; cannot post back`);
  return cfg.apiUrl;
}
