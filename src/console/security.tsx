/**
 * Console security middleware: response headers (CSP without inline script or style, no framing,
 * no referrer, no caching), the session cookie, the CSRF check on every form post, and role gates.
 *
 * CSRF: every form carries the session's synchronizer token (`_csrf`), compared in constant time;
 * cross-site posts are also refused by `Sec-Fetch-Site`/`Origin`. The sign-in form, which has no
 * session yet, uses a double-submit token (a random cookie echoed in the form). Cookies are
 * HTTP-only, `SameSite=Lax`, and `Secure` with the `__Host-` prefix by default.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { can, type Permission } from "../auth/roles";
import { resolveSession } from "../auth/sessions";
import { safeEqual } from "../lib/hash";
import type { ConsoleEnv } from "./env";
import { ErrorPage } from "./layout";

export function cookieNames(secure: boolean) {
  return secure ? { session: "__Host-sc_session", login: "__Host-sc_login" } : { session: "sc_session", login: "sc_login" };
}

export function setSessionCookie(c: Context<ConsoleEnv>, token: string) {
  const secure = c.var.opts.secureCookies;
  setCookie(c, cookieNames(secure).session, token, { httpOnly: true, secure, sameSite: "Lax", path: "/", maxAge: 12 * 3600 });
}

export function clearSessionCookie(c: Context<ConsoleEnv>) {
  const secure = c.var.opts.secureCookies;
  deleteCookie(c, cookieNames(secure).session, { path: "/", secure, httpOnly: true, sameSite: "Lax" });
}

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Security headers on every console response. */
export const securityHeaders: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  await next();
  c.res.headers.set("Content-Security-Policy", CSP);
  c.res.headers.set("X-Frame-Options", "DENY");
  c.res.headers.set("X-Content-Type-Options", "nosniff");
  // same-origin: no referrer (so no path or query) leaves the site, while same-origin form posts
  // keep a real Origin header (with no-referrer, browsers send `Origin: null`).
  c.res.headers.set("Referrer-Policy", "same-origin");
  if (!c.req.path.includes("/assets/")) c.res.headers.set("Cache-Control", "no-store");
};

/** Loads the session named by the cookie (or none) into `c.var.user` / `c.var.session`. */
export const loadSession: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  const token = getCookie(c, cookieNames(c.var.opts.secureCookies).session);
  const found = token ? await resolveSession(c.var.services.db, token, c.var.opts.now()) : null;
  c.set("user", found?.user ?? null);
  c.set("session", found?.session ?? null);
  c.set("csrf", found?.session.csrfToken ?? "");
  if (found) c.set("actor", found.user.email);
  await next();
};

/** A same-origin check for state-changing requests: refuses cross-site fetch metadata or a foreign Origin. */
export function crossSite(c: Context): boolean {
  // Fetch metadata first (every current browser sends it); Origin for older clients.
  const site = c.req.header("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = c.req.header("origin");
  if (origin && origin !== "null") {
    try {
      return new URL(origin).host !== (c.req.header("host") ?? new URL(c.req.url).host);
    } catch {
      return true;
    }
  }
  return origin === "null";
}

/**
 * Requires a signed-in user (and `permission` when given). A GET without a session is sent to the
 * sign-in page; a POST gets 401. A user with a one-time password is sent to change it. Without the
 * permission: 403 page. Every POST must carry the session's CSRF token.
 */
export function requireUser(permission?: Permission): MiddlewareHandler<ConsoleEnv> {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    const user = c.var.user;
    if (!user) {
      if (c.req.method === "GET") {
        const next = c.req.path.startsWith("/console/") ? c.req.path : "/console/queue";
        return c.redirect(`/console/login?next=${encodeURIComponent(next)}`, 303);
      }
      return c.html(<ErrorPage status={401} title="Signed out" detail="Your session has ended. Sign in again." />, 401);
    }
    if (user.mustChangePassword && c.req.path !== "/console/password" && c.req.path !== "/console/logout") {
      return c.redirect("/console/password", 303);
    }
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      const token = typeof form._csrf === "string" ? form._csrf : "";
      if (crossSite(c) || !token || !safeEqual(token, c.var.session!.csrfToken)) {
        return c.html(
          <ErrorPage status={403} title="Form expired" detail="This form could not be verified (CSRF check). Reload the page and try again." user={user} />,
          403,
        );
      }
    }
    if (permission && !can(user.role, permission)) {
      return c.html(<ErrorPage status={403} title="Not allowed" detail={`Your role (${user.role}) cannot open this page.`} user={user} />, 403);
    }
    await next();
  });
}
