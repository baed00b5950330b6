/**
 * `createApp(services, mounts)`: the one Hono app, built from explicit dependencies. An entry point
 * (src/main.ts, src/worker.ts, tests) builds the ports (`Services`) and the routers that depend on
 * what it configured (helpdesk and Shopify webhooks, the helpdesk admin routes, the console's
 * options), and calls it.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { matchedRoutes, routePath } from "hono/route";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { requireAnyApiKey, requireApiPermission } from "./auth/api-key-middleware";
import { mcpRoutes } from "./mcp/http";
import { createConsole } from "./console/app";
import type { ConsoleOptions } from "./console/env";
import type { AppEnv } from "./http/env";
import { regenerateDraft } from "./pipeline/regenerate";
import { problem, ProblemError } from "./http/problem";
import { docsPage } from "./http/docs";
import { httpExceptionProblem, jsonResponse, openApiRouter, registerSecuritySchemes } from "./http/openapi";
import { inServerSpan } from "./log/tracing";
import { customerRoutes } from "./routes/customers";
import { draftRoutes } from "./routes/drafts";
import { ticketRoutes } from "./routes/tickets";
import { scoringRoutes } from "./routes/scoring";
import { ledgerRoutes } from "./routes/ledger";
import { metricsRoutes } from "./routes/metrics";
import { privacyTaskRoutes } from "./routes/privacy-tasks";
import { triageRoutes } from "./routes/triage";
import type { Services } from "./services";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Routers and options that depend on what the entry point configured. */
export interface Mounts {
  /** Signed by their senders (Shopify's HMAC, a helpdesk's signature), not by our API key: outside /v1, in this order. */
  webhooks?: Array<{ path: string; routes: Hono<AppEnv> }>;
  /** More /v1 routers, behind the API key (the helpdesk admin: jobs and posts). */
  v1?: Array<Hono<AppEnv>>;
  /** The console's options: the policy store, the diff script, cookie settings. */
  console?: ConsoleOptions;
  /** Middleware run first, after the request id is set (Node: the log lines' request context). */
  middleware?: Array<MiddlewareHandler<AppEnv>>;
}

/** The document's `info`: what `GET /openapi.json` says the API is. */
export const OPENAPI_INFO = {
  title: "support-copilot API",
  version: "1",
  description:
    "Retention-aware support copilot: tickets in, policy-bound personalised drafts out. `/v1` routes take `Authorization: Bearer <API key>`; webhooks are verified by their senders' signatures. Errors are RFC 9457 problem details (`application/problem+json`) naming each invalid field.",
};

const StoreSchema = z
  .object({ kind: z.enum(["demo", "postgres", "shopify"]), asOf: z.string().nullable() })
  .openapi({ description: "Which store the data comes from, and its clock." });

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["operations"],
  summary: "Liveness and database reachability (no authentication)",
  responses: {
    200: jsonResponse(z.object({ status: z.literal("ok"), db: z.string(), store: StoreSchema }), "The server and its database answer"),
    503: jsonResponse(z.object({ status: z.literal("degraded"), db: z.string(), store: StoreSchema }), "The database does not answer"),
  },
});

export function createApp(services: Services, mounts: Mounts = {}) {
  const app = new OpenAPIHono<AppEnv>();
  registerSecuritySchemes(app);
  app.use(requestId());
  for (const m of mounts.middleware ?? []) app.use(m);
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  // One span, one latency observation and one access line per request. The route is the matched
  // pattern (`/v1/drafts/:id`), so ids never become metric labels; the path is logged without its
  // query string, and the logger redacts emails and secrets (src/log/redact.ts).
  app.use(async (c, next) => {
    const t0 = performance.now();
    const headers: Record<string, string> = {};
    const traceparent = c.req.header("traceparent");
    if (traceparent) headers.traceparent = traceparent;
    const tracestate = c.req.header("tracestate");
    if (tracestate) headers.tracestate = tracestate;
    await inServerSpan(
      c.req.method,
      async (span) => {
        await next();
        const route = c.error === undefined && c.res.status === 404 && !matched(c) ? "(unmatched)" : routePath(c);
        const status = c.res.status;
        const seconds = (performance.now() - t0) / 1000;
        span.updateName(`${c.req.method} ${route}`);
        span.setAttributes({ "http.route": route, "http.response.status_code": status, "copilot.request_id": c.get("requestId") });
        services.metrics.httpRequest({ method: c.req.method, route, status, seconds });
        services.log.info("request", {
          requestId: c.get("requestId"),
          method: c.req.method,
          route,
          path: c.req.path,
          status,
          ms: Math.round(seconds * 10000) / 10,
          actor: c.get("actor"),
        });
      },
      { "url.path": c.req.path },
      headers,
    );
  });
  const tooLarge = (c: Context<AppEnv>) => problem(c, 413, "Payload Too Large", `the body exceeds ${MAX_BODY_BYTES} bytes`);
  const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use(async (c, next) => {
    // hono's bodyLimit looks at `c.req.raw.body` first, which makes @hono/node-server build a full
    // web Request and body stream for every request: a fifth of a webhook's CPU (bench/webhooks).
    // A declared Content-Length decides alone, as it does in bodyLimit itself (Node's HTTP parser
    // never delivers more bytes than it declares); chunked bodies are counted by bodyLimit.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) return parseInt(declared, 10) > MAX_BODY_BYTES ? tooLarge(c) : next();
    return streamedLimit(c, next);
  });

  app.openapi(healthRoute, async (c) => {
    try {
      await services.db.execute(sql`select 1`);
    } catch (err) {
      return c.json({ status: "degraded" as const, db: `error: ${(err as Error).message}`, store: services.store }, 503);
    }
    return c.json({ status: "ok" as const, db: "ok", store: services.store }, 200);
  });

  // Prometheus scrapes with `Authorization: Bearer <METRICS_KEY>` (or the API key when none is set).
  const metrics = metricsRoutes(services);
  if (metrics) app.route("/", metrics);

  const v1 = openApiRouter();
  // The configured API_KEY or a key an admin created in the console (stored hashed).
  v1.use(requireAnyApiKey);
  v1.route("/tickets", ticketRoutes);
  v1.route("/drafts", draftRoutes);
  v1.route("/customers", customerRoutes);
  v1.route("/triage", triageRoutes);
  // Every role may draft and review; the ledger is for managers (and admins), as in the console.
  v1.use("/ledger", requireApiPermission("ledger.read"));
  v1.use("/ledger/*", requireApiPermission("ledger.read"));
  v1.route("/ledger", ledgerRoutes);
  // Data-protection requests are for admins (src/privacy).
  v1.use("/privacy-tasks", requireApiPermission("privacy.manage"));
  v1.use("/privacy-tasks/*", requireApiPermission("privacy.manage"));
  v1.route("/privacy-tasks", privacyTaskRoutes);
  v1.route("/", scoringRoutes);
  // Before app.route("/v1", v1): Hono copies a sub-app's routes when it is mounted.
  for (const r of mounts.v1 ?? []) v1.route("/", r);
  for (const w of mounts.webhooks ?? []) app.route(w.path, w.routes);
  app.route("/v1", v1);
  // The MCP server (src/mcp): the same API keys and roles as /v1.
  app.use("/mcp", requireAnyApiKey);
  app.route("/mcp", mcpRoutes);

  // The OpenAPI 3.1 document of every route above, generated from the zod schemas that validate
  // them (open: it describes the API, it grants nothing), and a reference UI over it.
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get("/openapi.json", (c) => {
    document ??= app.getOpenAPI31Document({ openapi: "3.1.0", info: OPENAPI_INFO, tags: OPENAPI_TAGS });
    return c.json(document);
  });
  app.get("/docs", docsPage({ specUrl: "/openapi.json", title: OPENAPI_INFO.title }));
  // The agent console and the manager's ledger (cookie sessions, CSRF-protected forms).
  app.get("/", (c) => c.redirect("/console", 302));
  app.route(
    "/console",
    createConsole({
      ...mounts.console,
      regenerateDraft,
      // A reply the helpdesk refused is queued again; without a helpdesk there is nothing to resend.
      retrySend: async (s, draftId) => {
        if (!s.helpdesk) throw new ProblemError(409, "Conflict", "No helpdesk is configured on this server.");
        await s.helpdesk.retryPost(draftId);
      },
    }),
  );

  app.notFound((c) => problem(c, 404, "Not Found", `no route for ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problem(c, err.status, err.title, err.detail, err.extra);
    if (err instanceof HTTPException && err.status < 500) {
      const p = httpExceptionProblem(err);
      return problem(c, p.status, p.title, p.detail);
    }
    services.log.error("unhandled error", { requestId: c.get("requestId"), path: c.req.path, error: (err as Error).stack ?? String(err) });
    return problem(c, 500, "Internal Server Error", "the request failed; it has been logged with its request id");
  });
  return app;
}

/** Whether the router matched a handler of ours (not only middleware) for this request. */
function matched(c: Context<AppEnv>): boolean {
  return matchedRoutes(c).some((r) => r.method !== "ALL");
}

export type App = ReturnType<typeof createApp>;

const OPENAPI_TAGS = [
  { name: "tickets", description: "Tickets in: triage, the policy's decision and a draft reply." },
  { name: "drafts", description: "Review: list, approve (and send), reject, regenerate." },
  { name: "customers", description: "Customer profiles (RFM, P(alive), churn risk, CLV, archetype) and orders." },
  { name: "triage", description: "The classifier's reading of a text." },
  { name: "scoring", description: "The scoring run in force, archetypes and RFM segments." },
  { name: "ledger", description: "The hash-chained offer ledger (manager or admin keys)." },
  { name: "privacy", description: "Data-protection requests and their deadlines (admin keys)." },
  { name: "helpdesk operations", description: "The job queue, its dead letter, and replies posted back to the helpdesk." },
  { name: "webhooks", description: "Helpdesk and Shopify webhooks, verified by their senders' signatures." },
  { name: "operations", description: "Health." },
];
