/**
 * Property: for every webhook (Zendesk, Help Scout, Front, Gorgias, Freshdesk, Shopify), a validly
 * signed payload with generated mutations (any field replaced by a wrong type, control characters,
 * lone surrogates, odd dates and numbers, deep nesting) or wholly generated JSON never produces a
 * 5xx, and a delivery (a Shopify event) is stored exactly for each accepted webhook. Seeds are
 * printed; see arbitraries.ts to replay, bench/fuzz for the long run.
 */
import { createHmac, randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import fc from "fast-check";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helpdeskDeliveries } from "../../src/db/schema-helpdesks";
import { shopifyWebhookEvents } from "../../src/db/schema-shopify";
import type { AppEnv } from "../../src/http/env";
import { shopifyWebhookRoutes } from "../../src/routes/webhooks/shopify";
import { ShopifyStore } from "../../src/shopify/store";
import {
  FRESHDESK_SECRET,
  freshdeskTemplate,
  frontHeaders,
  frontInbound,
  GORGIAS_SECRET,
  gorgiasTemplate,
  helpscoutConversation,
  helpscoutHeaders,
  sharedHeaders,
  zendeskCommentAdded,
  zendeskHeaders,
  zendeskTicketCreated,
} from "../fakes/helpdesks/payloads";
import { syntheticShop } from "../fakes/shopify/fixtures";
import type { FakeShopify } from "../fakes/shopify/server";
import { startHelpdeskApp, type HelpdeskTestApp } from "../helpdesks/helpers";
import { FAKE_SECRET, fakeShopAndClient } from "../shopify/helpers";
import { announce, anyJson, nastyString, oddDate, oddNumber, params, wrongValue } from "./arbitraries";

let t: HelpdeskTestApp;
let shopApp: Hono<AppEnv>;
let shop: string;
let fake: FakeShopify;
const deferred: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  announce("webhooks");
  t = await startHelpdeskApp({ queue: "db", worker: false });
  const s = await fakeShopAndClient(syntheticShop());
  fake = s.fake;
  shop = s.config.shop;
  const deps = {
    client: s.client,
    store: new ShopifyStore({ db: t.rt.services.db, cache: t.rt.services.cache, client: s.client, ttlSeconds: 60 }),
    defer: (task: () => Promise<unknown>) => deferred.push(task),
  };
  shopApp = new Hono<AppEnv>();
  shopApp.use(async (c, next) => {
    c.set("services", t.rt.services);
    await next();
  });
  shopApp.route("/webhooks/shopify", shopifyWebhookRoutes(deps));
});
afterAll(async () => {
  await fake?.stop();
  await t?.close();
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path in a JSON value (objects' keys and arrays' indexes), the root excluded. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v && typeof v === "object") {
    for (const [k, item] of Object.entries(v)) {
      const p = [...at, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(item, p, out);
    }
  }
  return out;
}

/** Replaces the value at the `pick`-th path (modulo their count) with `value`. */
function mutate(doc: Json, mutations: { pick: number; value: unknown }[]): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  for (const m of mutations) {
    const all = paths(copy);
    if (!all.length) break;
    const p = all[m.pick % all.length]!;
    let parent = copy as Record<string | number, unknown>;
    for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    parent[p.at(-1)!] = m.value;
  }
  return copy;
}

const mutationValue = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: wrongValue },
  { weight: 1, arbitrary: oddDate },
  { weight: 1, arbitrary: oddNumber },
  { weight: 1, arbitrary: anyJson },
);
const mutations = fc.array(fc.record({ pick: fc.nat(), value: mutationValue }), { minLength: 0, maxLength: 4 });
const text = fc.oneof(fc.constant("Where is my order? It is late."), nastyString);

/** A vendor's payload (its own builders), the headers that sign it, and the route. */
interface Delivery {
  vendor: string;
  raw: string;
  headers: Record<string, string>;
}

const id = () => 100_000 + Math.floor(Math.random() * 1e9);
const vendorBase: Record<string, (body: string) => { doc: Json; sign: (raw: string) => Record<string, string> }> = {
  zendesk: (body) => ({
    doc: (Math.random() < 0.5
      ? zendeskTicketCreated(String(id()), "9001", body, `01J${randomBytes(6).toString("hex")}`)
      : zendeskCommentAdded(String(id()), "9001", String(id()), body)) as Json,
    sign: (raw) => zendeskHeaders(raw),
  }),
  helpscout: (body) => ({
    doc: helpscoutConversation(id(), "17580@customers.example", [{ id: id(), body, createdAt: "2024-04-17T17:18:10Z" }]) as Json,
    sign: (raw) => helpscoutHeaders(raw, "convo.created"),
  }),
  front: (body) => ({
    doc: frontInbound(`cnv_${randomBytes(4).toString("hex")}`, `msg_${randomBytes(4).toString("hex")}`, "17580@customers.example", body) as Json,
    sign: (raw) => frontHeaders(raw),
  }),
  gorgias: (body) => ({ doc: gorgiasTemplate(id(), id(), "17580@customers.example", body) as Json, sign: () => sharedHeaders(GORGIAS_SECRET) }),
  freshdesk: (body) => ({ doc: freshdeskTemplate(id(), "17580@customers.example", body) as Json, sign: () => sharedHeaders(FRESHDESK_SECRET) }),
};

const deliveryArb = (vendor: string): fc.Arbitrary<Delivery> =>
  fc.tuple(text, mutations, fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyJson })).map(([body, ms, whole]) => {
    const base = vendorBase[vendor]!(body);
    const doc = whole === null ? mutate(base.doc, ms) : whole;
    const raw = JSON.stringify(doc) ?? "null";
    return { vendor, raw, headers: base.sign(raw) };
  });

const deliveriesStored = async () => (await t.rt.services.db.select({ n: count() }).from(helpdeskDeliveries))[0]!.n;

describe("fuzz: webhooks", () => {
  for (const vendor of Object.keys(vendorBase)) {
    it(`POST /webhooks/${vendor}: never 5xx; a delivery is stored exactly for each accepted webhook`, async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(deliveryArb(vendor), async (d) => {
          const before = await deliveriesStored();
          const res = await t.post(d.vendor, d.raw, d.headers);
          const body = await res.text();
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          if (res.status >= 500) throw new Error(`${vendor} answered ${res.status}: ${body.slice(0, 300)}`);
          if (res.status >= 400) expect(res.headers.get("content-type")).toContain("application/problem+json");
          expect(await deliveriesStored(), `${vendor} ${res.status} ${body.slice(0, 200)}`).toBe(before + (res.status === 202 ? 1 : 0));
        }),
        params,
      );
      console.log(`[fuzz] ${vendor} statuses: ${JSON.stringify(Object.fromEntries(seen))}`);
      // Not vacuous: the generated webhooks are both accepted and refused.
      if (params.numRuns >= 20) expect([seen.get(202) ?? 0, seen.get(400) ?? 0].every((n) => n > 0)).toBe(true);
    });
  }

  it("POST /webhooks/shopify: never 5xx; an event is stored exactly for each new accepted webhook, and its processing never throws", async () => {
    const topics = [
      "orders/create",
      "orders/updated",
      "refunds/create",
      "customers/update",
      "customers/data_request",
      "customers/redact",
      "shop/redact",
      "app/uninstalled",
    ];
    const base = (topic: string, note: string): Json => ({
      id: id(),
      admin_graphql_api_id: `gid://shopify/Order/${id()}`,
      email: "17580@customers.example",
      note,
      customer: { id: id(), email: "17580@customers.example", first_name: note },
      orders_to_redact: [id()],
      data_request: { id: id() },
      topic,
    });
    const arb = fc.tuple(fc.constantFrom(...topics), text, mutations, fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyJson }));
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(arb, async ([topic, note, ms, whole]) => {
        const doc = whole === null ? mutate(base(topic, note), ms) : whole;
        const raw = JSON.stringify(doc) ?? "null";
        const before = (await t.rt.services.db.select({ n: count() }).from(shopifyWebhookEvents))[0]!.n;
        const res = await shopApp.request("/webhooks/shopify", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-shopify-topic": topic,
            "x-shopify-shop-domain": shop,
            "x-shopify-api-version": "2025-01",
            "x-shopify-webhook-id": `fuzz-${randomBytes(8).toString("hex")}`,
            "x-shopify-hmac-sha256": createHmac("sha256", FAKE_SECRET).update(raw, "utf8").digest("base64"),
          },
          body: raw,
        });
        const body = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`shopify answered ${res.status}: ${body.slice(0, 300)}`);
        const after = (await t.rt.services.db.select({ n: count() }).from(shopifyWebhookEvents))[0]!.n;
        const accepted = res.status === 200 && !(JSON.parse(body) as { duplicate?: boolean }).duplicate;
        expect(after).toBe(before + (accepted ? 1 : 0));
        // The work after the response: a failure is recorded on the event, never thrown.
        while (deferred.length) await deferred.shift()!();
      }),
      params,
    );
    console.log(`[fuzz] shopify statuses: ${JSON.stringify(Object.fromEntries(seen))}`);
  });
});
