/**
 * Sign-in, sign-out and the password change a one-time password requires.
 * - GET  /console/login            the form (a double-submit CSRF cookie is set here)
 * - POST /console/login            email + password; rate-limited; always a new session (no fixation)
 * - POST /console/logout           ends the session
 * - GET/POST /console/password     change one's own password (forced after a one-time password)
 */
import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { safeText } from "../http/input";
import { checkSignIn, DEFAULT_SIGN_IN_LIMITS, recordSignIn } from "../auth/rate-limit";
import { createSession, revokeSession } from "../auth/sessions";
import { randomToken, safeEqual } from "../lib/hash";
import { authenticate, changePassword, PasswordSchema } from "../auth/users";
import { verifyPassword } from "../auth/password";
import { audit } from "../audit/audit";
import type { ConsoleEnv } from "./env";
import { Csrf, Layout, Notice } from "./layout";
import { clearSessionCookie, cookieNames, crossSite, requireUser, setSessionCookie } from "./security";

export const authRoutes = new Hono<ConsoleEnv>();

const SafeNext = z
  .string()
  .regex(/^\/console\/[A-Za-z0-9/_.-]*$/)
  .refine((s) => !s.includes("//") && !s.includes(".."))
  .catch("/console/queue");

function clientIp(c: Context<ConsoleEnv>): string {
  if (c.var.opts.clientIp) return c.var.opts.clientIp(c.req.raw, c.env);
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}

function LoginPage(props: { csrf: string; next: string; error?: string; email?: string }) {
  return (
    <Layout title="Sign in">
      <div class="login">
        <h1>Sign in</h1>
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        <form method="post" action="/console/login">
          <Csrf token={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required maxlength={254} value={props.email ?? ""} autofocus />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={256} />
          <p class="actions">
            <button type="submit" class="primary">
              Sign in
            </button>
          </p>
        </form>
      </div>
    </Layout>
  );
}

function loginForm(c: Context<ConsoleEnv>, status: 200 | 400 | 401 | 403 | 429, error?: string, email?: string) {
  const secure = c.var.opts.secureCookies;
  const token = randomToken(32);
  setCookie(c, cookieNames(secure).login, token, { httpOnly: true, secure, sameSite: "Strict", path: "/", maxAge: 3600 });
  const next = SafeNext.parse(c.req.query("next") ?? (status === 200 ? undefined : "/console/queue"));
  return c.html(<LoginPage csrf={token} next={next} error={error} email={email} />, status);
}

// The form is shown even to a browser that has a session: signing in again replaces it.
authRoutes.get("/login", (c) => loginForm(c, 200));

const LoginForm = z.object({
  email: safeText().trim().min(1).max(254),
  password: safeText().min(1).max(256),
  next: z.string().max(300).optional(),
  _csrf: z.string().max(100),
});

authRoutes.post("/login", async (c) => {
  const s = c.var.services;
  const opts = c.var.opts;
  const parsed = LoginForm.safeParse(await c.req.parseBody());
  const cookie = getCookie(c, cookieNames(opts.secureCookies).login) ?? "";
  if (!parsed.success) return loginForm(c, 400, "Enter your email and password.");
  const f = parsed.data;
  if (crossSite(c) || !cookie || !safeEqual(cookie, f._csrf)) return loginForm(c, 403, "The sign-in form expired. Please try again.");
  const now = opts.now();
  const ip = clientIp(c);
  const limit = await checkSignIn(s.db, f.email, ip, now, opts.signInLimits ?? DEFAULT_SIGN_IN_LIMITS);
  if (!limit.allowed) {
    c.header("Retry-After", String(limit.retryAfterSeconds));
    return loginForm(c, 429, `Too many failed attempts. Try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minutes.`);
  }
  const user = await authenticate(s.db, f.email, f.password, { scrypt: opts.scrypt });
  await recordSignIn(s.db, f.email, ip, !!user, now);
  if (!user) return loginForm(c, 401, "The email or password is wrong.", f.email);
  // Session fixation: whatever session the browser brought ends; the new one has a new token.
  const old = getCookie(c, cookieNames(opts.secureCookies).session);
  if (old) await revokeSession(s.db, old, now);
  const { token } = await createSession(s.db, user.id, now);
  setSessionCookie(c, token);
  await audit(s.db, user.email, "user.signed_in", "user", user.id, null);
  return c.redirect(user.mustChangePassword ? "/console/password" : SafeNext.parse(f.next), 303);
});

authRoutes.post("/logout", requireUser(), async (c) => {
  const token = getCookie(c, cookieNames(c.var.opts.secureCookies).session);
  if (token) await revokeSession(c.var.services.db, token, c.var.opts.now());
  clearSessionCookie(c);
  await audit(c.var.services.db, c.var.user!.email, "user.signed_out", "user", c.var.user!.id, null);
  return c.redirect("/console/login", 303);
});

function PasswordPage(props: { c: Context<ConsoleEnv>; error?: string }) {
  const { user, csrf } = props.c.var;
  return (
    <Layout title="Change password" user={user} csrf={csrf}>
      <div class="login">
        <h1>Change your password</h1>
        {user!.mustChangePassword ? <Notice kind="info">You signed in with a one-time password. Choose your own to continue.</Notice> : null}
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        <form method="post" action="/console/password">
          <Csrf token={csrf} />
          <label for="current">Current password</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required maxlength={256} />
          <label for="new-password">New password (at least 12 characters)</label>
          <input id="new-password" name="password" type="password" autocomplete="new-password" required minlength={12} maxlength={256} />
          <label for="confirm">Repeat the new password</label>
          <input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength={12} maxlength={256} />
          <p class="actions">
            <button type="submit" class="primary">
              Change password
            </button>
          </p>
        </form>
      </div>
    </Layout>
  );
}

authRoutes.get("/password", requireUser(), (c) => c.html(<PasswordPage c={c} />));

authRoutes.post("/password", requireUser(), async (c) => {
  const form = await c.req.parseBody();
  const current = typeof form.current === "string" ? form.current : "";
  const next = PasswordSchema.safeParse(form.password);
  const user = c.var.user!;
  if (!next.success) return c.html(<PasswordPage c={c} error={`New password: ${next.error.issues[0]?.message ?? "invalid"}.`} />, 400);
  if (form.confirm !== next.data) return c.html(<PasswordPage c={c} error="The two new passwords differ." />, 400);
  if (current.length > 256 || !(await verifyPassword(current, user.passwordHash)))
    return c.html(<PasswordPage c={c} error="The current password is wrong." />, 400);
  if (current === next.data) return c.html(<PasswordPage c={c} error="Choose a password different from the current one." />, 400);
  await changePassword(c.var.services.db, user.id, next.data, user.email, c.var.session!.id, { scrypt: c.var.opts.scrypt });
  return c.redirect("/console/queue", 303);
});
