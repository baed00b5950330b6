/**
 * `createApp(services, mounts)`: the one Hono app, built from explicit dependencies. An entry point
 * (src/main.ts, src/worker.ts, tests) builds the ports (`Services`) and the routers that depend on
 * what it configured (helpdesk and Shopify webhooks, the helpdesk admin routes, the console's
 * options), and calls it.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { sql } from "drizzle-orm";
import { requireAnyApiKey, requireApiPermission } from "./auth/api-key-middleware";
import { mcpRoutes } from "./mcp/http";
import { createConsole } from "./console/app";
import type { ConsoleOptions } from "./console/env";
import type { AppEnv } from "./http/env";
import { regenerateDraft } from "./pipeline/regenerate";
import { problem, ProblemError } from "./http/problem";
import { customerRoutes } from "./routes/customers";
import { draftRoutes } from "./routes/drafts";
import { ticketRoutes } from "./routes/tickets";
import { scoringRoutes } from "./routes/scoring";
import { ledgerRoutes } from "./routes/ledger";
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
}

export function createApp(services: Services, mounts: Mounts = {}) {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
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

  app.get("/healthz", async (c) => {
    let db = "ok";
    try {
      await services.db.execute(sql`select 1`);
    } catch (err) {
      db = `error: ${(err as Error).message}`;
    }
    return c.json({ status: db === "ok" ? "ok" : "degraded", db, store: services.store }, db === "ok" ? 200 : 503);
  });

  const v1 = new Hono<AppEnv>();
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
    services.log.error("unhandled error", { requestId: c.get("requestId"), path: c.req.path, error: (err as Error).stack ?? String(err) });
    return problem(c, 500, "Internal Server Error", "the request failed; it has been logged with its request id");
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
