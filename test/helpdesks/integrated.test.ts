import { randomBytes } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { parseEnv } from "../../src/config/env";
import { drafts } from "../../src/db/schema";
import { bootstrap, nodeMounts } from "../../src/node/bootstrap";
import { cloneDemoDatabase } from "../helpers/db";
import { TEST_REDIS_URL } from "../helpers/env";
import { silentLogger, TEST_API_KEY } from "../helpers/app";
import { startFakeHelpdesk } from "../fakes/helpdesks/server";
import { ZENDESK_TEST_SECRET, zendeskHeaders, zendeskTicketCreated } from "../fakes/helpdesks/payloads";
import { waitFor } from "./helpers";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

it("integrated: webhook -> draft -> approve over HTTP -> one comment on the fake Zendesk", async () => {
  const db = await cloneDemoDatabase();
  cleanup.push(() => db.drop());
  const fake = await startFakeHelpdesk();
  cleanup.push(() => fake.close());
  fake.users.set("1", { email: "17580@customers.example", name: "Ann" });
  const env = parseEnv({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    API_KEY: TEST_API_KEY,
    DEMO_IMPORT: "off",
    ZENDESK_WEBHOOK_SECRET: ZENDESK_TEST_SECRET,
    ZENDESK_EMAIL: "a@b.c",
    ZENDESK_API_TOKEN: "t",
    ZENDESK_API_URL: fake.url,
  });
  const rt = await bootstrap(env, { log: silentLogger, keyPrefix: `test:${randomBytes(4).toString("hex")}:` });
  cleanup.push(() => rt.close());
  const app = createApp(rt.services, nodeMounts(rt));
  const raw = JSON.stringify(zendeskTicketCreated("123", "1", "Your prices seem high compared to competitors."));
  expect((await app.request("/webhooks/zendesk", { method: "POST", headers: zendeskHeaders(raw), body: raw })).status).toBe(202);
  const d = await waitFor(async () => (await rt.services.db.select().from(drafts))[0], "draft");
  const auth = { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" };
  expect((await app.request(`/v1/drafts/${d.id}/approve`, { method: "POST", headers: auth, body: "{}" })).status).toBe(200);
  await waitFor(async () => fake.writes().some((r) => r.path === "/api/v2/tickets/123.json"), "comment");
  expect(fake.writes().filter((r) => r.path === "/api/v2/tickets/123.json")).toHaveLength(1);
  expect((await app.request("/v1/jobs?state=failed", { headers: auth })).status).toBe(200);
});
