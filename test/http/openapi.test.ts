/**
 * The OpenAPI document (GET /openapi.json) and the reference page (GET /docs), on an app with every
 * router mounted (the /v1 routes, the helpdesk admin routes, the helpdesk and Shopify webhooks):
 * the document is valid OpenAPI 3.1, every route the app mounts is in it, every declared route
 * answers real requests as declared (status, content type, body schema), and errors keep their
 * problem+json shape.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { nodeMounts } from "../../src/node/bootstrap";
import { shopifyWebhookRoutes } from "../../src/routes/webhooks/shopify";
import type { ShopifyDeps } from "../../src/shopify/events";
import { ShopifyStore } from "../../src/shopify/store";
import { scenario, TEST_API_KEY } from "../helpers/app";
import { declaredRoutes, findDeclaredRoute, responseMismatches } from "../helpers/openapi";
import { startHelpdeskApp, type HelpdeskTestApp } from "../helpdesks/helpers";
import { GORGIAS_SECRET, gorgiasTemplate, sharedHeaders, zendeskHeaders } from "../fakes/helpdesks/payloads";
import { syntheticShop } from "../fakes/shopify/fixtures";
import type { FakeShopify } from "../fakes/shopify/server";
import { FAKE_SECRET, fakeShopAndClient } from "../shopify/helpers";

type App = ReturnType<typeof createApp>;
type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security?: Record<string, string[]>[]; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>
  >;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; name?: string }>; schemas: Record<string, unknown> };
};

let hd: HelpdeskTestApp;
let fake: FakeShopify;
let shop: string;
let app: App;
let doc: Doc;
const deferred: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  hd = await startHelpdeskApp({ queue: "db", worker: false });
  await hd.rt.dbHandle.migrate();
  const s = await fakeShopAndClient(syntheticShop());
  fake = s.fake;
  shop = s.config.shop;
  const deps: ShopifyDeps = {
    client: s.client,
    store: new ShopifyStore({ db: hd.rt.services.db, cache: hd.rt.services.cache, client: s.client, ttlSeconds: 60 }),
    defer: (task) => deferred.push(task),
  };
  // As src/main.ts mounts them when Shopify and the helpdesks are configured.
  app = createApp(hd.rt.services, {
    ...nodeMounts(hd.rt),
    webhooks: [
      { path: "/webhooks/shopify", routes: shopifyWebhookRoutes(deps) },
      { path: "/webhooks", routes: hd.helpdesks.webhookRoutes },
    ],
    v1: [hd.helpdesks.adminRoutes],
  });
  const res = await app.request("/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
}, 180_000);

afterAll(async () => {
  for (const task of deferred.splice(0)) await task().catch(() => {});
  await fake?.stop();
  await hd?.close();
});

const METHODS = ["get", "post", "put", "patch", "delete"];
/**
 * Paths that are not this REST API: the console (HTML, sessions), the redirect to it, the document
 * and its page, the MCP server (JSON-RPC, described by its own `tools/list`), and Prometheus' /metrics
 * (text exposition format, an operator endpoint).
 */
const NOT_API = (path: string) =>
  path === "/" ||
  path === "/console" ||
  path.startsWith("/console/") ||
  path === "/openapi.json" ||
  path === "/docs" ||
  path === "/mcp" ||
  path.startsWith("/mcp/") ||
  path === "/metrics";

describe("GET /openapi.json", () => {
  it("is open (no API key) and is valid OpenAPI 3.1 by @seriousme/openapi-schema-validator", async () => {
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(structuredClone(doc) as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has every route the app mounts, with its method (walking the Hono app's routes)", () => {
    const mounted = app.routes
      .filter((r) => METHODS.includes(r.method.toLowerCase()) && !NOT_API(r.path))
      .map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:([^/]+)/g, "{$1}")}`);
    const unique = [...new Set(mounted)];
    // The product's routes are all there (a guard against walking an empty app).
    expect(unique).toEqual(
      expect.arrayContaining([
        "POST /v1/tickets",
        "GET /v1/drafts/{id}",
        "POST /webhooks/{vendor}",
        "POST /webhooks/shopify",
        "GET /v1/jobs",
        "PATCH /v1/privacy-tasks/{id}",
      ]),
    );
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const missing = unique.filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
  });

  it("declares the bearer API key on every /v1 route, a signature on every webhook, and Problem for every API error", () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.shopifyHmac).toMatchObject({ type: "apiKey", name: "X-Shopify-Hmac-Sha256" });
    expect(schemes.zendeskSignature).toMatchObject({ name: "X-Zendesk-Webhook-Signature" });
    expect(schemes.helpScoutSignature).toMatchObject({ name: "X-HelpScout-Signature" });
    expect(schemes.frontSignature).toMatchObject({ name: "X-Front-Signature" });
    expect(schemes.webhookSharedSecret).toMatchObject({ name: "X-Copilot-Webhook-Secret" });
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const names = (op.security ?? []).flatMap((s) => Object.keys(s));
        if (path.startsWith("/v1/")) expect(names, `${method} ${path}`).toEqual(["apiKey"]);
        if (path.startsWith("/webhooks/")) expect(names.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const name of names) expect(schemes[name], `${method} ${path} uses ${name}`).toBeDefined();
        for (const [status, r] of Object.entries(op.responses)) {
          // /healthz's 503 is its own JSON (`status: "degraded"`), as monitors read it.
          if (Number(status) < 400 || path === "/healthz") continue;
          expect(r.content?.["application/problem+json"]?.schema.$ref, `${method} ${path} ${status}`).toBe("#/components/schemas/Problem");
        }
      }
    }
  });
});

describe("real answers match their declarations", () => {
  const seen = new Set<string>();
  const mismatches: string[] = [];
  /** Calls the app and records what does not match the route's declaration. */
  async function call(method: string, path: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string>; auth?: boolean } = {}) {
    const headers: Record<string, string> = { ...(opts.auth === false ? {} : { authorization: `Bearer ${TEST_API_KEY}` }), ...opts.headers };
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await app.request(path, { method, headers, body });
    const route = findDeclaredRoute(app, method, path);
    if (route) seen.add(`${route.method} ${route.path}`);
    mismatches.push(...(await responseMismatches(app, method, path, res)));
    return res;
  }
  const json = async <T = Record<string, unknown>>(res: Response) => (await res.clone().json()) as T;

  it("for every declared route, on success and on error", async () => {
    expect((await call("GET", "/healthz", { auth: false })).status).toBe(200);

    // Tickets and drafts.
    const first = await call("POST", "/v1/tickets", { body: scenario(1) });
    expect(first.status).toBe(201);
    const created = await json<{ ticket: { id: string }; draft: { id: string } }>(first);
    const repeatBody = { ...scenario(3) };
    expect((await call("POST", "/v1/tickets", { body: repeatBody })).status).toBe(201);
    const repeat = await call("POST", "/v1/tickets", { body: repeatBody });
    expect(repeat.status).toBe(200);
    const second = await json<{ draft: { id: string } }>(repeat);
    expect((await call("POST", "/v1/tickets", { body: { ...scenario(2), requester: {} } })).status).toBe(400);
    expect((await call("GET", `/v1/tickets/${created.ticket.id}`)).status).toBe(200);
    expect((await call("GET", `/v1/tickets/${randomUUID()}`)).status).toBe(404);
    expect((await call("GET", "/v1/drafts?status=pending_review&limit=2")).status).toBe(200);
    expect((await call("GET", "/v1/drafts?limit=0")).status).toBe(400);
    expect((await call("GET", `/v1/drafts/${created.draft.id}`)).status).toBe(200);
    expect((await call("GET", "/v1/drafts/not-a-uuid")).status).toBe(400);
    const regen = await call("POST", `/v1/drafts/${created.draft.id}/regenerate`, { body: { instruction: "Keep it shorter." } });
    expect(regen.status).toBe(201);
    const revision = await json<{ id: string }>(regen);
    expect((await call("POST", `/v1/drafts/${revision.id}/approve`, { body: {} })).status).toBe(200);
    expect((await call("POST", `/v1/drafts/${revision.id}/approve`, { body: {} })).status).toBe(409);
    expect((await call("POST", `/v1/drafts/${second.draft.id}/reject`, { body: { reason: "Wrong tone" } })).status).toBe(200);
    expect((await call("POST", `/v1/drafts/${second.draft.id}/reject`, { body: {} })).status).toBe(400);

    // Customers, triage, scoring.
    expect((await call("GET", "/v1/customers/17580")).status).toBe(200);
    expect((await call("GET", "/v1/customers/17580/profile")).status).toBe(200);
    expect((await call("GET", "/v1/customers/999999999/profile")).status).toBe(404);
    const found = await call("GET", "/v1/customers?query=17580&limit=2");
    expect(found.status).toBe(200);
    expect((await json<{ items: { id: string }[] }>(found)).items[0]?.id).toBe("17580");
    expect((await call("GET", "/v1/customers?query=")).status).toBe(400);
    expect((await call("GET", "/v1/customers/17580/insights")).status).toBe(200);
    expect((await call("GET", "/v1/customers/17580/journey?limit=5&kinds=order,ticket")).status).toBe(200);
    expect((await call("GET", "/v1/customers/17580/journey?kinds=nope")).status).toBe(400);
    expect((await call("POST", "/v1/triage", { body: { text: "Where is my order? It has not moved for a week." } })).status).toBe(200);
    expect([200, 404]).toContain((await call("GET", "/v1/scoring/runs/latest")).status);
    const archetypes = await json<{ items: { id: string }[] }>(await call("GET", "/v1/archetypes"));
    const archetypeId = archetypes.items[0]?.id ?? "arch_00000000";
    expect([200, 404]).toContain((await call("GET", `/v1/archetypes/${archetypeId}`)).status);
    expect((await call("GET", "/v1/segments")).status).toBe(200);

    // Ledger and privacy tasks (the configured key acts as admin).
    expect((await call("GET", "/v1/ledger?limit=5")).status).toBe(200);
    expect((await call("GET", "/v1/ledger/verify")).status).toBe(200);
    expect((await call("GET", "/v1/privacy-tasks?status=all")).status).toBe(200);
    expect((await call("GET", `/v1/privacy-tasks/${randomUUID()}`)).status).toBe(404);
    expect((await call("PATCH", `/v1/privacy-tasks/${randomUUID()}`, { body: { status: "completed" } })).status).toBe(404);

    // Helpdesk operations.
    expect((await call("GET", "/v1/jobs?state=failed")).status).toBe(200);
    expect((await call("POST", "/v1/jobs/no-such-job/retry")).status).toBe(404);
    expect((await call("GET", "/v1/helpdesk-posts")).status).toBe(200);
    expect((await call("GET", `/v1/helpdesk-posts/${randomUUID()}`)).status).toBe(404);
    expect((await call("POST", `/v1/helpdesk-posts/${randomUUID()}/retry`)).status).toBe(404);

    // Webhooks: verified, then stored.
    const gorgias = JSON.stringify(gorgiasTemplate(4242, 4243, "17580@customers.example", "Where is my parcel? It has been two weeks."));
    expect((await call("POST", "/webhooks/gorgias", { raw: gorgias, headers: sharedHeaders(GORGIAS_SECRET), auth: false })).status).toBe(202);
    expect((await call("POST", "/webhooks/gorgias", { raw: gorgias, headers: sharedHeaders(GORGIAS_SECRET), auth: false })).status).toBe(200);
    expect((await call("POST", "/webhooks/gorgias", { raw: "{", headers: sharedHeaders(GORGIAS_SECRET), auth: false })).status).toBe(400);
    expect(
      (await call("POST", "/webhooks/zendesk", { raw: "{}", headers: { ...zendeskHeaders("{}"), "x-zendesk-webhook-signature": "bad" }, auth: false })).status,
    ).toBe(401);
    expect((await call("POST", "/webhooks/nope", { raw: "{}", headers: { "content-type": "application/json" }, auth: false })).status).toBe(404);
    const order = JSON.stringify({ id: 1, admin_graphql_api_id: "gid://shopify/Customer/1", email: "new@customers.example" });
    const shopifyHeaders = (body: string, hmac?: string) => ({
      "content-type": "application/json",
      "x-shopify-topic": "customers/update",
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": "2025-01",
      "x-shopify-webhook-id": `wh-openapi-${randomUUID()}`,
      "x-shopify-hmac-sha256": hmac ?? createHmac("sha256", FAKE_SECRET).update(body, "utf8").digest("base64"),
    });
    expect((await call("POST", "/webhooks/shopify", { raw: order, headers: shopifyHeaders(order), auth: false })).status).toBe(200);
    expect((await call("POST", "/webhooks/shopify", { raw: order, headers: shopifyHeaders(order, "bm90IGl0"), auth: false })).status).toBe(401);

    // Without a key, every /v1 route answers 401 as declared.
    expect((await call("GET", "/v1/drafts", { auth: false })).status).toBe(401);

    expect(mismatches).toEqual([]);
    const declared = declaredRoutes(app).map((r) => `${r.method} ${r.path}`);
    expect(declared.filter((r) => !seen.has(r))).toEqual([]);
  });

  it("keeps the API's problem+json errors: 415 for another content type, 400 for malformed JSON, 400 naming a bad path parameter", async () => {
    const text = await call("POST", "/v1/triage", { raw: "hello", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    expect(text.headers.get("content-type")).toContain("application/problem+json");
    const malformed = await call("POST", "/v1/triage", { raw: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toMatchObject({ title: "Malformed JSON" });
    const badId = await call("GET", "/v1/tickets/42");
    expect(badId.status).toBe(400);
    expect(await json(badId)).toMatchObject({ title: "Invalid request", invalid_params: [{ name: "id", reason: "not a ticket id (UUID)" }] });
    const badField = await call("POST", "/v1/tickets", { body: { ...scenario(1), requester: { email: "not-an-email" } } });
    expect(badField.status).toBe(400);
    expect((await json<{ invalid_params: { name: string }[] }>(badField)).invalid_params.map((p) => p.name)).toContain("requester.email");
    expect(mismatches).toEqual([]);
  });
});

describe("GET /docs", () => {
  it("serves the reference over /openapi.json with its own CSP: the inline script by hash, the bundle's origin, nothing else", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("/openapi.json");
    const csp = res.headers.get("content-security-policy") ?? "";
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
    expect(inline.length).toBeGreaterThan(0);
    for (const code of inline) expect(csp).toContain(`'sha256-${createHash("sha256").update(code, "utf8").digest("base64")}'`);
    const src = /<script[^>]*\bsrc="([^"]+)"/.exec(html)?.[1] ?? "";
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
    expect(scriptSrc).toContain(new URL(src).origin);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
