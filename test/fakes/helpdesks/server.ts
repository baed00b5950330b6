/**
 * A local fake of the five helpdesk REST APIs, on a real HTTP port, that records every request and
 * answers the way each vendor documents (ids in the body, Help Scout's in `Resource-ID`). Set
 * `failing` to make it answer 503 (a failing vendor API); `failNext` fails only that many requests.
 * Read APIs the inbound job uses: Zendesk Show User (`users`), Help Scout List Threads
 * (`helpscoutThreads`, else the documented example thread), Freshdesk List All Conversations of a
 * Ticket (`freshdeskConversations`).
 */
import { createServer, type Server } from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeHelpdesk {
  url: string;
  requests: RecordedRequest[];
  /** Requests other than auth and user look-ups: what the copilot wrote. */
  writes(): RecordedRequest[];
  failing: boolean;
  failNext: number;
  /** Zendesk users by id, for the requester email look-up. */
  users: Map<string, { email: string; name: string }>;
  /** Help Scout threads by conversation id (v2 thread objects, newest first as the API sorts them). */
  helpscoutThreads: Map<string, unknown[]>;
  /** Freshdesk conversations by ticket id (oldest first, as the API lists them). */
  freshdeskConversations: Map<string, unknown[]>;
  close(): Promise<void>;
}

/**
 * The customer thread of Help Scout's List Threads response example
 * (https://developer.helpscout.com/mailbox-api/endpoints/conversations/threads/list/), abridged.
 */
export const HELPSCOUT_DOC_THREAD = {
  id: 1234,
  type: "customer",
  status: "active",
  state: "published",
  body: "this is what i have to say: I love your service.",
  source: { type: "email", via: "customer" },
  customer: { id: 29418, first: "Vernon", last: "Bear", photoUrl: "http://whatever-path-to-url/image.jpg", email: "vbear@mywork.com" },
  createdBy: { id: 29418, type: "customer", first: "Vernon", last: "Bear", photoUrl: "http://whatever-path-to-url/image.jpg", email: "vbear@mywork.com" },
  createdAt: "2015-06-05T20:18:33Z",
};

let seq = 1000;

export async function startFakeHelpdesk(): Promise<FakeHelpdesk> {
  const fake = {
    url: "",
    requests: [] as RecordedRequest[],
    failing: false,
    failNext: 0,
    users: new Map<string, { email: string; name: string }>(),
    helpscoutThreads: new Map<string, unknown[]>(),
    freshdeskConversations: new Map<string, unknown[]>(),
    writes() {
      return this.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/oauth2/token"));
    },
  } as FakeHelpdesk & { server?: Server };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const ch of req) chunks.push(ch as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    fake.requests.push({ method, path, headers: req.headers, body });
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(json === undefined ? "" : JSON.stringify(json));
    };
    if (fake.failing || fake.failNext > 0) {
      if (fake.failNext > 0) fake.failNext--;
      return send(503, { error: "service unavailable" });
    }
    const id = ++seq;
    let m: RegExpMatchArray | null;
    // Zendesk
    if ((m = path!.match(/^\/api\/v2\/users\/(\d+)\.json$/))) {
      const u = fake.users.get(m[1]!);
      return u ? send(200, { user: { id: Number(m[1]), ...u } }) : send(404, { error: "RecordNotFound" });
    }
    if (/^\/api\/v2\/tickets\/\d+\.json$/.test(path!) && method === "PUT")
      return send(200, { ticket: { id: 1 }, audit: { id: id, events: [{ id: id + 1, type: "Comment" }] } });
    if (/^\/api\/v2\/tickets\/\d+\/tags\.json$/.test(path!)) return send(200, { tags: (body as { tags: string[] }).tags });
    // Help Scout
    if (path === "/v2/oauth2/token") return send(200, { access_token: "hs-token", token_type: "bearer", expires_in: 7200 });
    if ((m = path!.match(/^\/v2\/conversations\/(\d+)\/threads$/)) && method === "GET") {
      const threads = fake.helpscoutThreads.get(m[1] ?? "") ?? [HELPSCOUT_DOC_THREAD];
      return send(200, { _embedded: { threads }, page: { size: 50, totalElements: threads.length, totalPages: 1, number: 1 } });
    }
    if (/^\/v2\/conversations\/\d+\/(reply|notes)$/.test(path!)) return send(201, undefined, { "resource-id": String(id) });
    if (/^\/v2\/conversations\/\d+$/.test(path!) && method === "GET") return send(200, { id: 1, tags: [{ id: 1, tag: "vip" }] });
    if (/^\/v2\/conversations\/\d+\/tags$/.test(path!)) return send(204, undefined);
    // Front
    if (/^\/conversations\/[^/]+\/(drafts|comments)$/.test(path!)) return send(201, { id: `${path!.endsWith("drafts") ? "msg" : "com"}_${id}` });
    // Gorgias
    if (/^\/api\/tickets\/\d+\/messages$/.test(path!)) return send(201, { id });
    if (/^\/api\/tickets\/\d+\/tags$/.test(path!)) return send(201, {});
    // Freshdesk
    if ((m = path!.match(/^\/api\/v2\/tickets\/(\d+)\/conversations$/)) && method === "GET")
      return send(200, fake.freshdeskConversations.get(m[1] ?? "") ?? []);
    if (/^\/api\/v2\/tickets\/\d+\/(reply|notes)$/.test(path!)) return send(201, { id });
    if (/^\/api\/v2\/tickets\/\d+$/.test(path!)) return send(200, { id: 1, tags: method === "GET" ? ["existing"] : (body as { tags: string[] }).tags });
    return send(404, { error: `fake has no route ${method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address() as { port: number };
  fake.url = `http://127.0.0.1:${addr.port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
