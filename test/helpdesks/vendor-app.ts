/**
 * The service as it runs (bootstrap, then `createApp(rt.services, nodeMounts(rt))`) with every
 * helpdesk enabled and pointed at the fake vendor APIs, for the vendors' own webhook payloads in
 * ../shared/data/vendor-payloads/ (each with its source and fidelity in that folder's README).
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { createApp } from "../../src/app";
import { parseEnv } from "../../src/config/env";
import { auditEvents, drafts, tickets } from "../../src/db/schema";
import { helpdeskDeliveries } from "../../src/db/schema-helpdesks";
import { bootstrap, nodeMounts, type NodeRuntime } from "../../src/node/bootstrap";
import { cloneDemoDatabase } from "../helpers/db";
import { TEST_REDIS_URL } from "../helpers/env";
import { silentLogger, TEST_API_KEY } from "../helpers/app";
import { startFakeHelpdesk, type FakeHelpdesk } from "../fakes/helpdesks/server";
import { FRONT_RULE_SECRET } from "../fakes/helpdesks/payloads";
import { testHelpdeskEnv, waitFor } from "./helpers";

export const PAYLOAD_DIR = path.resolve("../shared/data/vendor-payloads");

/** Every payload file, and the test file that posts it to the real route. */
export const PAYLOAD_CASES: Record<string, "helpdesks/vendor-payloads" | "shopify/webhooks"> = Object.fromEntries([
  ...[
    "zendesk-ticket-created.doc.json",
    "zendesk-comment-added.public-completed.json",
    "zendesk-comment-added.real-private.json",
    "zendesk-trigger-template.created.known-customer.json",
    "helpscout-convo-created.known-customer.json",
    "helpscout-convo-created.known-customer.links.json",
    "helpscout-convo-customer-reply.known-customer.json",
    "helpscout-convo-customer-reply.known-customer.links.json",
    "helpscout-convo.legacy-webhook-object.json",
    "helpscout-convo.v2-doc+thread.json",
    "helpscout-convo.v2-doc+thread.links.json",
    "helpscout-convo.v2-doc-verbatim.json",
    "helpscout-test-event.json",
    "front-app-sync-challenge.json",
    "front-app-inbound_received.known-customer.json",
    "front-app-inbound_received.known-customer.followup-html.json",
    "front-app-inbound_received.real.json",
    "front-rule-inbound.zulip-fixture.json",
    "gorgias-ticket-created.known-customer.json",
    "gorgias-ticket-message-created.agent.json",
    "gorgias-ticket-message-created.customer.json",
    "freshdesk-ticket_created.known-customer.json",
    "freshdesk-customer_reply.known-customer.json",
    "freshdesk-customer_reply.any-update.json",
    "freshdesk-ticket_created.zulip-values.json",
  ].map((f) => [f, "helpdesks/vendor-payloads" as const]),
  ...[
    "shopify-orders-create.json",
    "shopify-orders-updated.json",
    "shopify-refunds-create.json",
    "shopify-customers-update.json",
    "shopify-app-uninstalled.json",
    "shopify-customers-data_request.json",
    "shopify-customers-redact.json",
    "shopify-shop-redact.json",
  ].map((f) => [f, "shopify/webhooks" as const]),
]);

/** The payload files in the folder (README aside). */
export const payloadFiles = () => readdirSync(PAYLOAD_DIR).filter((f) => f.endsWith(".json"));

/** A payload file's exact bytes, as the vendor sends them (signatures are over these). */
export function payload(file: string): string {
  if (!PAYLOAD_CASES[file]) throw new Error(`${file} is not a listed payload case`);
  return readFileSync(path.join(PAYLOAD_DIR, file), "utf8");
}

export const KNOWN = { email: "17580@customers.example", customerId: "gid://shopify/Customer/17580" };

export interface VendorApp {
  rt: NodeRuntime;
  app: ReturnType<typeof createApp>;
  fake: FakeHelpdesk;
  post(vendor: string, raw: string, headers: Record<string, string>): Promise<Response>;
  /** A /v1 call with the API key. */
  api(method: string, path: string): Promise<Response>;
  ticket(source: string, externalId: string): Promise<typeof tickets.$inferSelect | undefined>;
  /** A ticket once it has `n` draft revisions (oldest first). */
  draftsOnce(source: string, externalId: string, n: number): Promise<(typeof drafts.$inferSelect)[]>;
  deliveries(vendor: string, externalId: string): Promise<(typeof helpdeskDeliveries.$inferSelect)[]>;
  /** A delivery once it is no longer `received`. */
  settled(id: string): Promise<typeof helpdeskDeliveries.$inferSelect>;
  auditOf(draftId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the app on a fresh clone of the demo store, every vendor enabled; `env` overrides variables. */
export async function startVendorApp(env: Record<string, string> = {}): Promise<VendorApp> {
  const db = await cloneDemoDatabase();
  const fake = await startFakeHelpdesk();
  const parsed = parseEnv({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    API_KEY: TEST_API_KEY,
    DEMO_IMPORT: "off",
    ...testHelpdeskEnv(fake.url),
    FRONT_RULE_WEBHOOK_SECRET: FRONT_RULE_SECRET,
    ...env,
  });
  const rt = await bootstrap(parsed, { log: silentLogger, keyPrefix: `test:${randomBytes(4).toString("hex")}:` });
  const app = createApp(rt.services, nodeMounts(rt));
  const sdb = rt.services.db;
  const ticket = async (source: string, externalId: string) =>
    (
      await sdb
        .select()
        .from(tickets)
        .where(and(eq(tickets.source, source), eq(tickets.externalId, externalId)))
    )[0];
  return {
    rt,
    app,
    fake,
    post: async (vendor, raw, headers) => app.request(`/webhooks/${vendor}`, { method: "POST", headers, body: raw }),
    api: async (method, p) => app.request(p, { method, headers: { authorization: `Bearer ${TEST_API_KEY}` } }),
    ticket,
    draftsOnce: (source, externalId, n) =>
      waitFor(async () => {
        const tk = await ticket(source, externalId);
        const ds = tk ? await sdb.select().from(drafts).where(eq(drafts.ticketId, tk.id)).orderBy(asc(drafts.revision)) : [];
        return ds.length >= n ? ds : undefined;
      }, `${n} draft(s) of ${source} ${externalId}`),
    deliveries: (vendor, externalId) =>
      sdb
        .select()
        .from(helpdeskDeliveries)
        .where(and(eq(helpdeskDeliveries.vendor, vendor), eq(helpdeskDeliveries.ticketExternalId, externalId)))
        .orderBy(asc(helpdeskDeliveries.receivedAt)),
    settled: (id) =>
      waitFor(async () => {
        const [d] = await sdb.select().from(helpdeskDeliveries).where(eq(helpdeskDeliveries.id, id));
        return d && d.status !== "received" ? d : undefined;
      }, `delivery ${id} settled`),
    auditOf: async (draftId) =>
      (
        await sdb
          .select({ action: auditEvents.action })
          .from(auditEvents)
          .where(and(eq(auditEvents.entityType, "draft"), eq(auditEvents.entityId, draftId)))
      ).map((r) => r.action),
    close: async () => {
      await rt.close();
      await fake.close();
      await db.drop();
    },
  };
}
