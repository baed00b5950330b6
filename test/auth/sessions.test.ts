/**
 * Sign-in, sessions, CSRF, the rate limit, roles and API keys on the real app (PostgreSQL clone).
 */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createApiKey } from "../../src/auth/api-keys";
import { requireAnyApiKey } from "../../src/auth/api-key-middleware";
import { DEFAULT_SIGN_IN_LIMITS } from "../../src/auth/rate-limit";
import { resolveSession, SESSION_IDLE_MS } from "../../src/auth/sessions";
import { createUser, ensureFirstAdmin } from "../../src/auth/users";
import { auditEvents } from "../../src/db/schema";
import { apiKeys, loginAttempts, sessions, users } from "../../src/db/schema-console";
import type { AppEnv } from "../../src/http/env";
import { TEST_API_KEY } from "../helpers/app";
import { PASSWORD, useConsoleApp, USERS } from "../console/helpers";

const t = useConsoleApp();

const SESSION = "__Host-sc_session";

describe("sign-in", () => {
  it("sets an HTTP-only, Secure, SameSite=Lax session cookie and stores only the token's hash", async () => {
    const c = t.client();
    await c.get("/console/login");
    const res = await c.post("/console/login", { email: USERS.agent, password: PASSWORD });
    expect(res.status).toBe(303);
    const line = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION}=`))!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/Secure/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Path=\//);
    const token = c.cookies.get(SESSION)!;
    const stored = await t.rt.services.db.select().from(sessions);
    expect(stored.some((s) => s.id === token)).toBe(false);
    expect(await resolveSession(t.rt.services.db, token, new Date())).not.toBeNull();
  });

  it("refuses a wrong password with one message for unknown emails and wrong passwords", async () => {
    const a = t.client();
    await a.get("/console/login");
    const wrong = await a.post("/console/login", { email: USERS.manager, password: "not the password" });
    const b = t.client();
    await b.get("/console/login");
    const unknown = await b.post("/console/login", { email: "ghost@shop.example", password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain("The email or password is wrong.");
    expect(await unknown.text()).toContain("The email or password is wrong.");
    expect(a.cookies.has(SESSION)).toBe(false);
  });

  it("gives a new session at sign-in and ends the one the browser brought (session fixation)", async () => {
    const attacker = await t.signIn("agent");
    const planted = attacker.cookies.get(SESSION)!;
    // The attacker's session id planted in the victim's browser before the victim signs in...
    const victim = t.client();
    victim.cookies.set(SESSION, planted);
    const res = await victim.signIn(USERS.manager, PASSWORD);
    expect(res.status).toBe(303);
    const fresh = victim.cookies.get(SESSION)!;
    expect(fresh).not.toBe(planted);
    // ...is worthless afterwards.
    expect(await resolveSession(t.rt.services.db, planted, new Date())).toBeNull();
    expect((await attacker.get("/console/queue")).status).toBe(303);
    expect((await victim.get("/console/ledger")).status).toBe(200); // the victim is the manager, in their own session
  });

  it("limits failed sign-ins per email: the limit holds even for the right password", async () => {
    await createUser(t.rt.services.db, { email: "target@shop.example", name: "Target", role: "agent", password: PASSWORD }, "test");
    const c = t.client();
    for (let i = 0; i < DEFAULT_SIGN_IN_LIMITS.maxPerEmail; i++) {
      await c.get("/console/login");
      expect((await c.post("/console/login", { email: "target@shop.example", password: `wrong-${i}` })).status).toBe(401);
    }
    await c.get("/console/login");
    const blocked = await c.post("/console/login", { email: "Target@Shop.example", password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    const rows = await t.rt.services.db.select().from(loginAttempts);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key))).toBe(true); // no email in the clear
  });

  it("ends a session idle longer than the idle limit", async () => {
    const c = await t.signIn("agent");
    const token = c.cookies.get(SESSION)!;
    const later = new Date(Date.now() + SESSION_IDLE_MS + 1000);
    expect(await resolveSession(t.rt.services.db, token, later)).toBeNull();
  });

  it("signs out: the session no longer works", async () => {
    const c = await t.signIn("agent");
    const token = c.cookies.get(SESSION)!;
    expect((await c.post("/console/logout", {})).status).toBe(303);
    const again = t.client();
    again.cookies.set(SESSION, token);
    expect((await again.get("/console/queue")).status).toBe(303);
  });
});

describe("CSRF", () => {
  it("refuses a form post without the session's token", async () => {
    const r = await t.retentionTicket();
    const c = await t.signIn("agent");
    const res = await c.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve", _csrf: "" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("CSRF");
  });

  it("refuses another session's token", async () => {
    const r = await t.retentionTicket();
    const other = await t.signIn("manager");
    const c = await t.signIn("agent");
    const res = await c.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve", _csrf: other.csrf });
    expect(res.status).toBe(403);
  });

  it("refuses a cross-site post even with the right token", async () => {
    const r = await t.retentionTicket();
    const c = await t.signIn("agent");
    const res = await c.post(
      `/console/drafts/${r.draft.id}/approve`,
      { action: "approve" },
      { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
    const ok = await c.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve" }, { "sec-fetch-site": "same-origin" });
    expect(ok.status).toBe(303);
  });

  it("refuses a sign-in post whose token does not match its cookie", async () => {
    const c = t.client();
    await c.get("/console/login");
    const res = await c.post("/console/login", { email: USERS.agent, password: PASSWORD, _csrf: "forged-token-value" });
    expect(res.status).toBe(403);
    expect(c.cookies.has(SESSION)).toBe(false);
  });
});

describe("roles on pages", () => {
  it("refuses the ledger and policy to an agent, users and keys to a manager", async () => {
    const agent = await t.signIn("agent");
    expect((await agent.get("/console/ledger")).status).toBe(403);
    expect((await agent.get("/console/ledger.csv")).status).toBe(403);
    expect((await agent.get("/console/policy")).status).toBe(403);
    const manager = await t.signIn("manager");
    expect((await manager.get("/console/ledger")).status).toBe(200);
    expect((await manager.get("/console/admin/users")).status).toBe(403);
    expect((await manager.get("/console/admin/keys")).status).toBe(403);
  });
});

describe("admin: users and API keys", () => {
  it("adds a user with a one-time password shown once, who must change it at first sign-in", async () => {
    const admin = await t.signIn("admin");
    await admin.get("/console/admin/users");
    const res = await admin.post("/console/admin/users", { email: "new.agent@shop.example", name: "New Agent", role: "agent" });
    expect(res.status).toBe(201);
    const otp = /<p class="secret" id="secret">([^<]+)<\/p>/.exec(await res.text())![1]!;
    expect(await (await admin.get("/console/admin/users")).text()).not.toContain(otp);
    const [row] = await t.rt.services.db.select().from(users).where(eq(users.email, "new.agent@shop.example"));
    expect(row!.passwordHash).not.toContain(otp);
    const c = t.client();
    const signIn = await c.signIn("new.agent@shop.example", otp);
    expect(signIn.headers.get("location")).toBe("/console/password");
    expect((await c.get("/console/queue")).headers.get("location")).toBe("/console/password");
    await c.get("/console/password");
    const changed = await c.post("/console/password", { current: otp, password: "a brand new passphrase", confirm: "a brand new passphrase" });
    expect(changed.status).toBe(303);
    expect((await c.get("/console/queue")).status).toBe(200);
    const events = await t.rt.services.db.select().from(auditEvents).where(eq(auditEvents.entityId, row!.id));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["user.created", "user.password_changed"]));
    expect(JSON.stringify(events)).not.toContain(otp);
  });

  it("creates an API key shown once and stored hashed; /v1 accepts it until it is revoked", async () => {
    const admin = await t.signIn("admin");
    await admin.get("/console/admin/keys");
    const res = await admin.post("/console/admin/keys", { name: "zapier", role: "agent" });
    expect(res.status).toBe(201);
    const key = /<p class="secret" id="secret">(sck_[A-Za-z0-9_-]{43})<\/p>/.exec(await res.text())![1];
    const [row] = await t.rt.services.db.select().from(apiKeys).where(eq(apiKeys.name, "zapier"));
    expect(row!.keyHash).not.toBe(key);
    expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/);

    // The proposed /v1 middleware: the configured key or a stored one.
    const v1 = new Hono<AppEnv>();
    v1.use(async (c, next) => {
      c.set("services", t.rt.services);
      await next();
    });
    v1.use(requireAnyApiKey);
    v1.get("/whoami", (c) => c.json({ actor: c.var.actor }));
    const call = (k: string) => v1.request("/whoami", { headers: { authorization: `Bearer ${k}` } });
    expect(await (await call(key!)).json()).toEqual({ actor: `api-key:${row!.prefix}` });
    expect(await (await call(TEST_API_KEY)).json()).toEqual({ actor: "api-key" });
    expect((await call(`sck_${"A".repeat(43)}`)).status).toBe(401);

    await admin.get("/console/admin/keys");
    expect((await admin.post(`/console/admin/keys/${row!.id}/revoke`, {})).status).toBe(200);
    expect((await call(key!)).status).toBe(401);
    const events = await t.rt.services.db.select().from(auditEvents).where(eq(auditEvents.entityId, row!.id));
    expect(events.map((e) => e.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("creates the first admin of an empty user table once, with a one-time password", async () => {
    const db = t.rt.services.db;
    expect(await ensureFirstAdmin(db)).toBeNull(); // users exist
    await db.delete(users);
    const first = await ensureFirstAdmin(db, { scrypt: { N: 2 ** 12, r: 8, p: 1 } });
    expect(first?.email).toBe("admin@localhost.localdomain");
    expect(first?.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const [row] = await db.select().from(users);
    expect(row).toMatchObject({ role: "admin", mustChangePassword: true });
    expect(await ensureFirstAdmin(db)).toBeNull();
  });
});

it("creates no key through the API path without a hashed row (sanity of createApiKey)", async () => {
  const { key, row } = await createApiKey(t.rt.services.db, { name: "direct", role: "manager" }, "test", new Date());
  expect(key.startsWith(row.prefix)).toBe(true);
});

it("lets an agent's API key draft and review but not read the ledger; a manager's key and the configured key may", async () => {
  const db = t.rt.services.db;
  const agentKey = (await createApiKey(db, { name: "agent integration", role: "agent" }, "test", new Date())).key;
  const managerKey = (await createApiKey(db, { name: "finance report", role: "manager" }, "test", new Date())).key;
  const get = (path: string, key: string) => t.app.request(path, { headers: { authorization: `Bearer ${key}` } });
  for (const path of ["/v1/ledger", "/v1/ledger/verify"]) {
    const refused = await get(path, agentKey);
    expect(refused.status, path).toBe(403);
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/);
    expect(await refused.json()).toMatchObject({ status: 403, permission: "ledger.read" });
    expect((await get(path, managerKey)).status, path).toBe(200);
    expect((await get(path, TEST_API_KEY)).status, path).toBe(200);
  }
  expect((await get("/v1/drafts?limit=1", agentKey)).status).toBe(200);
  expect((await get("/v1/segments", agentKey)).status).toBe(200);
});
