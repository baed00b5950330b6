/**
 * The Admin GraphQL client through the library's real request code, against the local fake over
 * HTTP: the documents are valid for the 2025-01 schema, throttling is waited out, failures are typed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ShopifyGraphqlError, ShopifyUnavailableError } from "../../src/shopify/client";
import { CUSTOMER_BY_ID, CUSTOMER_LAST_ORDERS } from "../../src/shopify/queries";
import { syntheticShop } from "../fakes/shopify/fixtures";
import type { FakeShopify } from "../fakes/shopify/server";
import { fakeShopAndClient } from "./helpers";

let fake: FakeShopify | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("requests through @shopify/shopify-api", () => {
  it("reaches the fake over HTTP with the access token and reads the cost extension", async () => {
    const s = await fakeShopAndClient(syntheticShop());
    fake = s.fake;
    const r = await s.client.request<{ customer: { id: string; email: string } }>(CUSTOMER_BY_ID, { id: "gid://shopify/Customer/701" });
    expect(r.data.customer).toMatchObject({ id: "gid://shopify/Customer/701", email: "buyer1@example.org" });
    expect(r.cost?.throttleStatus.maximumAvailable).toBe(1000);
    expect(s.fake.requests.map((q) => q.operation)).toEqual(["CustomerById"]);
    expect(s.client.bucket.snapshot()?.currentlyAvailable).toBe(1000 - r.cost!.requestedQueryCost);
  });

  it("fails a misspelt field as Shopify would, with the schema's message", async () => {
    const s = await fakeShopAndClient(syntheticShop());
    fake = s.fake;
    const bad = CUSTOMER_BY_ID.replace("firstName", "firstNmae");
    await expect(s.client.request(bad, { id: "gid://shopify/Customer/701" })).rejects.toThrow(/Cannot query field "firstNmae" on type "Customer"/);
    await expect(s.client.request(bad, { id: "gid://shopify/Customer/701" })).rejects.toBeInstanceOf(ShopifyGraphqlError);
  });

  it("waits out a THROTTLED answer for the time the bucket needs, then succeeds", async () => {
    const s = await fakeShopAndClient(syntheticShop(), { bucket: { maximumAvailable: 1000, restoreRate: 50 } });
    fake = s.fake;
    s.fake.drain(0);
    const r = await s.client.request<{ customer: { orders: { nodes: unknown[] } } }>(CUSTOMER_LAST_ORDERS, { id: "gid://shopify/Customer/701", first: 5 });
    expect(r.data.customer.orders.nodes).toHaveLength(4);
    const outcomes = s.fake.requests.map((q) => q.outcome);
    expect(outcomes).toEqual(["throttled", "ok"]);
    const cost = s.fake.requests[0]!.cost;
    // (requested - available 0) / 50 points per second, plus jitter (random 0.5 * 250 ms)
    expect(s.clock.slept[0]).toBe(Math.ceil((cost / 50) * 1000) + 125);
  });

  it("never sends a request the bucket cannot hold once it knows the bucket", async () => {
    const s = await fakeShopAndClient(syntheticShop(6, 4), { bucket: { maximumAvailable: 1000, restoreRate: 50 } });
    fake = s.fake;
    for (let i = 0; i < 12; i++) await s.client.request(CUSTOMER_LAST_ORDERS, { id: `gid://shopify/Customer/${701 + (i % 6)}`, first: 4 });
    expect(s.fake.requests.filter((q) => q.outcome === "throttled")).toHaveLength(0);
    expect(s.fake.requests.filter((q) => q.outcome === "ok")).toHaveLength(12);
    expect(s.clock.slept.length).toBeGreaterThan(0); // it did have to wait for restoration
  });

  it("backs off on HTTP 429 by Retry-After, with jitter", async () => {
    const s = await fakeShopAndClient(syntheticShop());
    fake = s.fake;
    s.fake.inject({ kind: "http", status: 429, retryAfter: "2.0" }, { times: 2 });
    const r = await s.client.request<{ customer: { id: string } }>(CUSTOMER_BY_ID, { id: "gid://shopify/Customer/702" });
    expect(r.data.customer.id).toBe("gid://shopify/Customer/702");
    expect(s.fake.requests.map((q) => q.status)).toEqual([429, 429, 200]);
    expect(s.clock.slept).toEqual([2125, 2125]);
  });

  it("retries a 5xx and a dropped connection, and reports Shopify unavailable when it persists", async () => {
    const s = await fakeShopAndClient(syntheticShop());
    fake = s.fake;
    s.fake.inject({ kind: "http", status: 503 });
    s.fake.inject({ kind: "disconnect" });
    const ok = await s.client.request<{ customer: { id: string } }>(CUSTOMER_BY_ID, { id: "gid://shopify/Customer/701" });
    expect(ok.data.customer.id).toBe("gid://shopify/Customer/701");
    await s.client.request(CUSTOMER_LAST_ORDERS, { id: "gid://shopify/Customer/701", first: 5 }); // a costly query, now known
    s.clock.advance(60_000); // bucket full again
    s.fake.inject({ kind: "http", status: 500 }, { times: Infinity });
    s.clock.slept.length = 0;
    await expect(s.client.request(CUSTOMER_LAST_ORDERS, { id: "gid://shopify/Customer/701", first: 5 })).rejects.toBeInstanceOf(ShopifyUnavailableError);
    // Only the back-off between the 3 attempts (500, 1000 ms + up to 50% jitter, random 0.5 here):
    // failed requests cost no bucket points.
    expect(s.clock.slept).toEqual([625, 1250]);
  });

  it("refuses a wrong access token without retrying", async () => {
    const s = await fakeShopAndClient(syntheticShop(), {});
    fake = s.fake;
    const { createNodeShopifyClient } = await import("../../src/shopify/node");
    const wrong = createNodeShopifyClient({ ...s.config, accessToken: "shpat_wrong" }, { sleep: s.clock.sleep, now: s.clock.now });
    await expect(wrong.request(CUSTOMER_BY_ID, { id: "gid://shopify/Customer/701" })).rejects.toThrow(/401/);
    expect(s.fake.requests.filter((q) => q.outcome === "unauthorized")).toHaveLength(1);
  });
});
