/**
 * `createConsole(options)`: the agent console and the manager's ledger as a Hono sub-app, mounted on
 * the one app at `/console` (`app.route("/console", createConsole(...))`). Server-rendered with
 * hono/jsx plus one small client script and the jsdiff browser build, all served from here: no
 * extra service, no CDN. Routes:
 *
 * | route | who | what |
 * |---|---|---|
 * | `GET /console` | anyone | to the queue (or sign-in) |
 * | `GET/POST /console/login`, `POST /console/logout`, `GET/POST /console/password` | – | sign-in (rate-limited), sign-out, own password |
 * | `GET /console/queue` | agent | pending drafts, most urgent first, filters |
 * | `GET /console/customers?query=`, `GET /console/customers/:id` | agent | customer search (the header's box), a customer's panel and journey |
 * | `GET /console/drafts/:id`, `POST .../approve`, `.../reject`, `.../regenerate`, `.../retry` | agent | one ticket |
 * | `GET /console/ledger`, `GET /console/ledger.csv`, `GET /console/ledger/verify`, `POST /console/ledger/corrections` | manager | the offer ledger |
 * | `GET/POST /console/policy` | manager | versioned policy settings |
 * | `GET/POST /console/admin/users[/:id]`, `GET/POST /console/admin/keys[/:id/revoke]` | admin | people and API keys |
 * | `GET /console/privacy`, `POST /console/privacy/:id` | admin | privacy tasks (data-protection requests and their deadlines) |
 * | `GET /console/assets/*` | anyone | stylesheet and scripts |
 */
import { Hono } from "hono";
import { ProblemError } from "../http/problem";
import type { AppEnv } from "../http/env";
import { adminRoutes } from "./admin-page";
import { CONSOLE_CSS, CONSOLE_JS } from "./assets";
import { authRoutes } from "./auth-routes";
import { customerPageRoutes } from "./customers-page";
import { draftPageRoutes } from "./draft-page";
import type { ConsoleEnv, ConsoleOptions } from "./env";
import { ErrorPage } from "./layout";
import { ledgerPageRoutes } from "./ledger-page";
import { policyPageRoutes } from "./policy-page";
import { privacyPageRoutes } from "./privacy-page";
import { queueRoutes } from "./queue";
import { loadSession, securityHeaders } from "./security";

export type { ConsoleOptions } from "./env";

const asset = (body: () => string, type: string) => (c: { body: (b: string, s: 200, h: Record<string, string>) => Response }) =>
  c.body(body(), 200, { "Content-Type": type, "Cache-Control": "public, max-age=3600" });

/**
 * Builds the console sub-app.
 * @param options see ConsoleOptions: the policy store, cookie security, sign-in limits, hooks for
 *   regeneration and re-sending
 */
export function createConsole(options: ConsoleOptions = {}) {
  const app = new Hono<ConsoleEnv>();
  const opts = { secureCookies: true, now: () => new Date(), ...options };
  app.use(async (c, next) => {
    c.set("opts", opts);
    await next();
  });
  app.use(securityHeaders);
  app.get(
    "/assets/console.css",
    asset(() => CONSOLE_CSS, "text/css; charset=utf-8"),
  );
  app.get(
    "/assets/console.js",
    asset(() => CONSOLE_JS, "text/javascript; charset=utf-8"),
  );
  app.get(
    "/assets/diff.js",
    asset(() => opts.diffScript?.() ?? "", "text/javascript; charset=utf-8"),
  );
  app.use(loadSession);
  app.get("/", (c) => c.redirect(c.var.user ? "/console/queue" : "/console/login", 303));
  app.route("/", authRoutes);
  app.route("/", queueRoutes);
  app.route("/", draftPageRoutes);
  app.route("/", customerPageRoutes);
  app.route("/", ledgerPageRoutes);
  app.route("/", policyPageRoutes);
  app.route("/", adminRoutes);
  app.route("/", privacyPageRoutes);
  app.notFound((c) => c.html(<ErrorPage status={404} title="Not found" detail="There is no such page." />, 404));
  app.onError((err, c) => {
    if (err instanceof ProblemError && err.status < 500) {
      return c.html(<ErrorPage status={err.status} title={err.title} detail={err.detail ?? err.title} />, err.status);
    }
    c.var.services.log.error("console error", { requestId: c.var.requestId, path: c.req.path, error: (err as Error).stack ?? String(err) });
    return c.html(
      <ErrorPage status={500} title="Something went wrong" detail={`The request failed; it has been logged with its request id ${c.var.requestId}.`} />,
      500,
    );
  });
  return app as unknown as Hono<AppEnv>;
}
