import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { HelpdeskEnvSchema, helpdeskConfigFromEnv, type HelpdeskConfig } from "../../src/config/helpdesks";
import { startHelpdesks, type HelpdeskRuntime } from "../../src/node/helpdesks";
import { requireAnyApiKey } from "../../src/auth/api-key-middleware";
import { BullMqTicketQueue } from "../../src/queue/bullmq";
import { DbTicketQueue } from "../../src/queue/db";
import type { TicketQueue } from "../../src/queue/types";
import type { AppEnv } from "../../src/http/env";
import { startTestApp, type TestApp } from "../helpers/app";
import { TEST_REDIS_URL } from "../helpers/env";
import { startFakeHelpdesk, type FakeHelpdesk } from "../fakes/helpdesks/server";
import { FRESHDESK_SECRET, FRONT_SECRET, GORGIAS_SECRET, HELPSCOUT_SECRET, ZENDESK_TEST_SECRET } from "../fakes/helpdesks/payloads";

/** The variables that enable every vendor with every API pointed at the fake (3 quick tries per job). */
export function testHelpdeskEnv(fakeUrl: string): Record<string, string> {
  return {
    HELPDESK_JOB_ATTEMPTS: "3",
    HELPDESK_JOB_BACKOFF_MS: "20",
    ZENDESK_WEBHOOK_SECRET: ZENDESK_TEST_SECRET,
    ZENDESK_SUBDOMAIN: "shop",
    ZENDESK_EMAIL: "agent@shop.example",
    ZENDESK_API_TOKEN: "zd-token",
    ZENDESK_API_URL: fakeUrl,
    HELPSCOUT_WEBHOOK_SECRET: HELPSCOUT_SECRET,
    HELPSCOUT_APP_ID: "hs-app",
    HELPSCOUT_APP_SECRET: "hs-secret",
    HELPSCOUT_API_URL: fakeUrl,
    FRONT_WEBHOOK_SECRET: FRONT_SECRET,
    FRONT_API_TOKEN: "front-token",
    FRONT_API_URL: fakeUrl,
    GORGIAS_WEBHOOK_SECRET: GORGIAS_SECRET,
    GORGIAS_DOMAIN: "shop",
    GORGIAS_EMAIL: "agent@shop.example",
    GORGIAS_API_KEY: "gorgias-key",
    GORGIAS_API_URL: fakeUrl,
    FRESHDESK_WEBHOOK_SECRET: FRESHDESK_SECRET,
    FRESHDESK_DOMAIN: "shop",
    FRESHDESK_API_KEY: "fd-key",
    FRESHDESK_API_URL: fakeUrl,
  };
}

/** Every vendor enabled, every API pointed at the fake. */
export function testHelpdeskConfig(fakeUrl: string, env: Record<string, string> = {}): HelpdeskConfig {
  return helpdeskConfigFromEnv(HelpdeskEnvSchema.parse({ ...testHelpdeskEnv(fakeUrl), ...env }));
}

export interface HelpdeskTestApp extends TestApp {
  fake: FakeHelpdesk;
  helpdesks: HelpdeskRuntime;
  queue: TicketQueue;
  post(vendor: string, raw: string, headers: Record<string, string>): Promise<Response>;
}

/**
 * The real app on a clone of the demo store, with the helpdesk routes mounted as the integration
 * diff mounts them, a fake helpdesk API, and the chosen queue (BullMQ on the real Redis under a
 * unique prefix, or the database queue).
 */
export async function startHelpdeskApp(
  opts: { queue: "db" | "bullmq"; env?: Record<string, string>; worker?: boolean } = { queue: "db" },
): Promise<HelpdeskTestApp> {
  const t = await startTestApp();
  const fake = await startFakeHelpdesk();
  const config = testHelpdeskConfig(fake.url, opts.env);
  const queue: TicketQueue =
    opts.queue === "bullmq"
      ? new BullMqTicketQueue({ url: TEST_REDIS_URL, prefix: `test-bull-${randomBytes(4).toString("hex")}`, retry: config.retry, lockDurationMs: 1000 })
      : new DbTicketQueue(t.rt.services.db, { retry: config.retry, pollMs: 20, leaseMs: 1000 });
  const helpdesks = startHelpdesks(t.rt.services, config, { queue, reconcileMs: 0, worker: opts.worker });
  t.app.route("/webhooks", helpdesks.webhookRoutes);
  const v1 = new Hono<AppEnv>();
  v1.use(requireAnyApiKey);
  v1.route("/", helpdesks.adminRoutes);
  t.app.route("/v1", v1);
  return {
    ...t,
    fake,
    helpdesks,
    queue,
    post: async (vendor, raw, headers) => t.app.request(`/webhooks/${vendor}`, { method: "POST", headers, body: raw }),
    close: async () => {
      await helpdesks.close();
      await queue.close();
      await fake.close();
      await t.close();
    },
  };
}

/** Polls `fn` until it returns a truthy value (bounded; not a timing assertion). */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, what = "condition", timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
