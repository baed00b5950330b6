/**
 * Privacy tasks on a Shopify shop (the fake shop serving the demo store's customer 17580): an
 * erasure task names Shopify's `customers/redact` flow and an access task `customers/data_request`,
 * and when Shopify later sends those webhooks for the same customer, the tasks show it; the
 * redaction clears the requester's email and words from the task, which stays as the record.
 */
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FAKE_SECRET, useShopifyApp } from "./helpers";

const shop = useShopifyApp(["17580"]);

const ticket = (body: string) => ({
  external_id: `privacy-${randomBytes(4).toString("hex")}`,
  source: "api",
  requester: { email: "17580@customers.example" },
  subject: "",
  body,
});

async function webhook(topic: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const res = await shop.app.request("/webhooks/shopify", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop.rt.shopifyDeps!.client.shop,
      "x-shopify-api-version": "2025-01",
      "x-shopify-webhook-id": `pt-${randomBytes(4).toString("hex")}`,
      "x-shopify-hmac-sha256": createHmac("sha256", FAKE_SECRET).update(body).digest("base64"),
    },
    body,
  });
  expect(res.status).toBe(200);
}

type Task = {
  id: string;
  right: string;
  ticket_id: string;
  requester_email: string | null;
  evidence: string | null;
  shopify: { flow: string; webhook_id: string | null; received_at: string | null } | null;
};
const tasksOf = async (ticketId: string): Promise<Task[]> =>
  ((await (await shop.call("GET", "/v1/privacy-tasks?status=all")).json()).items as Task[]).filter((x) => x.ticket_id === ticketId);

/** Polls until `check` holds (the webhook's work runs after its response). */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (check(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("timed out waiting for the webhook's work");
}

describe("privacy tasks on a Shopify shop", () => {
  const ids: Record<string, string> = {};

  it("names customers/data_request for an access request and customers/redact for an erasure request", async () => {
    for (const [right, text] of [
      ["access", "Under the GDPR I want a copy of all the personal data you hold about me."],
      ["erasure", "Please erase all my personal data from your systems."],
    ] as const) {
      const res = await shop.call("POST", "/v1/tickets", ticket(text));
      expect(res.status).toBe(201);
      const r = await res.json();
      expect(r.decision.handover.categories).toEqual(["data_protection"]);
      ids[right] = r.ticket.id;
      const [task] = await tasksOf(r.ticket.id);
      expect(task).toMatchObject({
        right,
        shopify: { flow: right === "access" ? "customers/data_request" : "customers/redact", webhook_id: null, received_at: null },
      });
    }
  });

  it("shows Shopify's customers/data_request on the access task, not on the erasure task", async () => {
    await webhook("customers/data_request", {
      shop_domain: shop.rt.shopifyDeps!.client.shop,
      customer: { id: 17580, email: "17580@customers.example" },
      data_request: { id: 4242 },
    });
    const [access] = await eventually(
      () => tasksOf(ids.access!),
      (ts) => !!ts[0]?.shopify?.received_at,
    );
    expect(access!.shopify!.webhook_id).toMatch(/^pt-/);
    const [erasure] = await tasksOf(ids.erasure!);
    expect(erasure!.shopify!.received_at).toBeNull();
  });

  it("shows Shopify's customers/redact on the erasure task and clears who asked and their words from the customer's tasks", async () => {
    await webhook("customers/redact", {
      shop_domain: shop.rt.shopifyDeps!.client.shop,
      customer: { id: 17580, email: "17580@customers.example" },
      orders_to_redact: [],
    });
    const [erasure] = await eventually(
      () => tasksOf(ids.erasure!),
      (ts) => !!ts[0]?.shopify?.received_at,
    );
    expect(erasure).toMatchObject({ right: "erasure", requester_email: null, evidence: null });
    const [access] = await tasksOf(ids.access!);
    expect(access).toMatchObject({ requester_email: null, evidence: null, shopify: { flow: "customers/data_request" } });
  });
});
