/**
 * The real app (startTestApp: a fresh clone of the demo store in PostgreSQL, Redis) with the
 * console as the app mounts it (src/node/bootstrap.ts nodeMounts), three users (agent, manager, admin), and a
 * small cookie-keeping client that behaves like a browser's form posts.
 */
import { afterAll, beforeAll } from "vitest";
import { createConsole, type ConsoleOptions } from "../../src/console/app";
import { createUser } from "../../src/auth/users";
import { regenerateDraft } from "../../src/pipeline/regenerate";
import type { PolicyStore } from "../../src/settings/policy-versions";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

export const PASSWORD = "correct horse battery staple";
export const USERS = {
  agent: "agent@shop.example",
  manager: "manager@shop.example",
  admin: "admin@shop.example",
} as const;

export interface ConsoleTestApp extends TestApp {
  store: PolicyStore;
  /** A new browser-like client (its own cookies). */
  client(): Client;
  /** Signs a new client in as one of the fixture users. */
  signIn(role: keyof typeof USERS): Promise<Client>;
  /** Posts the seed's retention ticket for customer 17580 and returns the pipeline's answer. */
  retentionTicket(
    overrides?: Record<string, unknown>,
  ): Promise<{ ticket: { id: string }; draft: { id: string; body: string; status: string }; decision: { discount_percent: number; churn_band: string } }>;
}

/** @param options console options, used while the app does not mount the console itself */
export async function startConsoleApp(options: Partial<ConsoleOptions> = {}): Promise<ConsoleTestApp> {
  const t = await startTestApp();
  const s = t.rt.services;
  // The app mounts the console with the runtime's policy store (src/node/bootstrap.ts nodeMounts);
  // a test that needs other console options mounts its own here.
  const store = t.rt.policyStore;
  const integrated = t.app.routes.some((r) => r.path.startsWith("/console"));
  if (!integrated) t.app.route("/console", createConsole({ policyStore: store, regenerateDraft, ...options }));
  for (const [role, email] of Object.entries(USERS)) {
    await createUser(s.db, { email, name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`, role: role as keyof typeof USERS, password: PASSWORD }, "test");
  }
  const client = () => new Client((path, init) => t.app.request(path, init));
  return {
    ...t,
    store,
    client,
    async signIn(role) {
      const c = client();
      const res = await c.signIn(USERS[role], PASSWORD);
      if (res.status !== 303) throw new Error(`sign-in as ${role} failed: ${res.status} ${await res.text()}`);
      return c;
    },
    async retentionTicket(overrides = {}) {
      const res = await t.call("POST", "/v1/tickets", scenario(1, overrides));
      if (res.status !== 201) throw new Error(`ticket: ${res.status} ${await res.text()}`);
      return res.json();
    },
  };
}

type Fetch = (path: string, init: RequestInit) => Response | Promise<Response>;

/** A cookie jar and form poster over `app.request`, like a browser on the same origin. */
export class Client {
  readonly cookies = new Map<string, string>();
  /** The last page's CSRF token (from its first `_csrf` field). */
  csrf = "";

  constructor(private readonly fetch: Fetch) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return { host: "localhost", ...(cookie ? { cookie } : {}), ...extra };
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (!value || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.fetch(path, { method: "GET", headers: this.headers(headers) });
    this.keep(res);
    if ((res.headers.get("content-type") ?? "").includes("text/html")) {
      const html = await res.clone().text();
      const m = /name="_csrf" value="([^"]+)"/.exec(html);
      if (m?.[1]) this.csrf = m[1];
    }
    return res;
  }

  /** Posts a form; adds the current CSRF token unless `_csrf` is given. */
  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form });
    const res = await this.fetch(path, {
      method: "POST",
      headers: this.headers({ "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...headers }),
      body: body.toString(),
    });
    this.keep(res);
    if ((res.headers.get("content-type") ?? "").includes("text/html")) {
      const m = /name="_csrf" value="([^"]+)"/.exec(await res.clone().text());
      if (m?.[1]) this.csrf = m[1];
    }
    return res;
  }

  async signIn(email: string, password: string): Promise<Response> {
    await this.get("/console/login");
    const res = await this.post("/console/login", { email, password });
    if (res.status === 303) await this.get("/console/queue");
    return res;
  }
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start the console test app (120 s allowed) and close
 * it. Call at the top level of a test file.
 * @returns the app: its members may be used inside tests, once `beforeAll` has run
 */
export function useConsoleApp(options: Partial<ConsoleOptions> = {}): ConsoleTestApp {
  let app: ConsoleTestApp | undefined;
  beforeAll(async () => {
    app = await startConsoleApp(options);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });
  return new Proxy({} as ConsoleTestApp, {
    get(_, key) {
      if (!app) throw new Error("useConsoleApp: the app starts in beforeAll");
      const value = app[key as keyof ConsoleTestApp];
      return typeof value === "function" ? value.bind(app) : value;
    },
  });
}
