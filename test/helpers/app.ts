import { randomBytes } from "node:crypto";
import type { LanguageModel } from "ai";
import { createApp } from "../../src/app";
import { parseEnv } from "../../src/config/env";
import { bootstrap, nodeMounts, type NodeRuntime } from "../../src/node/bootstrap";
import type { Logger } from "../../src/log/logger";
import { cloneDemoDatabase } from "./db";
import { TEST_REDIS_URL } from "./env";
import { assertDeclaredResponse } from "./openapi";

export const TEST_API_KEY = "test-key-0123456789abcdef";

export const silentLogger: Logger & { errors: string[] } = {
  errors: [],
  info: () => {},
  warn: () => {},
  error(msg, fields) {
    this.errors.push(`${msg} ${JSON.stringify(fields ?? {})}`);
  },
};

export interface TestApp {
  app: ReturnType<typeof createApp>;
  rt: NodeRuntime;
  /** Calls the app with the API key and a JSON body; the answer must match the route's OpenAPI declaration (test/helpers/openapi.ts). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh clone of the demo database (real PostgreSQL) and, by default, the real
 * Redis under a key prefix of its own.
 */
export async function startTestApp(opts: { model?: LanguageModel; modelName?: string; redis?: boolean; timeoutMs?: number } = {}): Promise<TestApp> {
  const db = await cloneDemoDatabase();
  const env = parseEnv({
    DATABASE_URL: db.url,
    REDIS_URL: opts.redis === false ? undefined : TEST_REDIS_URL,
    API_KEY: TEST_API_KEY,
    DEMO_IMPORT: "off",
    LLM_TIMEOUT_MS: String(opts.timeoutMs ?? 5000),
  });
  const rt = await bootstrap(env, { log: silentLogger, keyPrefix: `test:${randomBytes(4).toString("hex")}:` });
  if (opts.model) rt.services.drafter = { ...rt.services.drafter, model: opts.model, modelName: opts.modelName ?? "gpt-4o-mini" };
  const app = createApp(rt.services, nodeMounts(rt));
  return {
    app,
    rt,
    call: async (method, path, body, headers = {}) => {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      await assertDeclaredResponse(app, method, path, res);
      return res;
    },
    close: async () => {
      await rt.close();
      await db.drop();
    },
  };
}

export const scenario = (n: 1 | 2 | 3, overrides: Record<string, unknown> = {}) => {
  const bodies = {
    1: "I'm thinking about trying a different supplier. Your prices seem high compared to competitors.",
    2: "What thread colors would you recommend based on my previous orders?",
    3: "My last order took forever to ship. This is getting frustrating.",
  };
  return {
    external_id: `scenario-${n}-${randomBytes(4).toString("hex")}`,
    source: "api",
    requester: { email: "17580@customers.example" },
    subject: "",
    body: bodies[n],
    ...overrides,
  };
};
