/**
 * Drafts that answer from knowledge, through the real route on the demo store (customer 14911, 201
 * orders, last order #581433 fulfilled) with the template drafter: the five tickets of issue 15 in
 * examples/knowledge-*.json each get the answer the store's articles and the order give, the draft
 * stores what it cites, GET /v1/drafts/:id returns the citations, and the console shows them as
 * links beside the draft.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useConsoleApp } from "../console/helpers";

const t = useConsoleApp();

interface Posted {
  draft: {
    id: string;
    body: string;
    drafter: string;
    guard: { ok: boolean; violations: unknown[] };
    citations: Array<{ id: string; title: string; section: string[]; url: string | null }>;
  };
}

async function post(example: string): Promise<Posted> {
  const ticket = { ...JSON.parse(readFileSync(`examples/knowledge-${example}.json`, "utf8")), external_id: `k-${example}-${randomBytes(4).toString("hex")}` };
  const res = await t.call("POST", "/v1/tickets", ticket);
  expect(res.status).toBe(201);
  const out = (await res.json()) as Posted;
  expect(out.draft.drafter).toBe("template");
  expect(out.draft.guard.violations).toEqual([]);
  return out;
}

describe("drafts answer from knowledge (customer 14911, demo store)", () => {
  it("shipping to Norway: the rate and delivery time from the shipping article, cited, no order talk", async () => {
    const { draft } = await post("shipping-norway");
    expect(draft.body).toMatch(/^Hi there,\n\nThank you for asking about delivery to Norway\./);
    expect(draft.body).toContain("£40.00 per order");
    expect(draft.body).toContain("5 to 8 working days");
    expect(draft.body).not.toMatch(/201 orders|#581433/);
    expect(draft.citations[0]).toEqual({
      id: "en/shipping-rates#norway-and-switzerland",
      title: "Shipping destinations, rates and delivery times",
      section: ["Norway and Switzerland"],
      url: "https://giftware.example/help/shipping-rates#norway-and-switzerland",
    });
  });

  it("late delivery: #581433's status, then when a parcel counts as late and that we trace it, cited", async () => {
    const { draft } = await post("late-delivery");
    expect(draft.body).toMatch(/^Hi there,\n\nI'm sorry your order hasn't arrived yet\./);
    expect(draft.body).toContain("Your order #581433 from 2011-12-08 is marked as fulfilled");
    expect(draft.body).toContain("We open an investigation with the carrier the same day.");
    expect(draft.citations.map((c) => c.id)).toEqual(["en/delivery-tracking#my-parcel-is-late"]);
  });

  it("address change: #581433 is fulfilled, so it cannot change, and the carrier's options instead", async () => {
    const { draft } = await post("address-change");
    expect(draft.body).toContain("Thank you for asking about changing the delivery address on your order.");
    expect(draft.body).toContain("Your order #581433 from 2011-12-08 has already been dispatched");
    expect(draft.body).toContain("we can no longer change its address");
    expect(draft.body).toMatch(/- Royal Mail[^\n]*\n- DPD[^\n]*\n- DHL Express/);
    expect(draft.citations.map((c) => c.id)).toEqual(["en/address-changes#after-your-order-has-been-dispatched"]);
  });

  it("sign-in: the account article's passage on being logged out at checkout", async () => {
    const { draft } = await post("sign-in");
    expect(draft.body).toContain("I'm sorry the site keeps signing you out");
    expect(draft.body).toContain("allow cookies for our site");
    expect(draft.body).not.toMatch(/201 orders|#581433|delay/);
    expect(draft.citations.map((c) => c.id)).toEqual(["en/account-sign-in#logged-out-at-checkout-or-signed-out-again-and-again"]);
  });

  it("damaged item: how to report it and which photos and details to send", async () => {
    const { draft } = await post("damaged-item");
    expect(draft.body).toContain("I'm sorry your item arrived damaged");
    expect(draft.body).toContain("Tell us within 7 days of delivery");
    expect(draft.body).toMatch(/Please send us:\n- your order number;\n- a photo of each damaged item/);
    expect(draft.citations.map((c) => c.id)).toEqual(
      expect.arrayContaining(["en/damaged-faulty-items#reporting-a-damaged-item", "en/damaged-faulty-items#what-photos-and-details-to-send"]),
    );
  });

  it("thanks: a short acknowledgement with no order talk", async () => {
    const { draft } = await post("thanks");
    expect(draft.body).toBe("Hi there,\n\nThank you for letting us know, and I'm so glad that's sorted.\n\nKind regards,\nCustomer Care");
    expect(draft.citations).toEqual([]);
  });

  it("GET /v1/drafts/:id returns the stored citations, and the console lists them as links beside the draft", async () => {
    const { draft } = await post("shipping-norway");
    const got = (await (await t.call("GET", `/v1/drafts/${draft.id}`)).json()) as Posted["draft"];
    expect(got.citations).toEqual(draft.citations);
    const agent = await t.signIn("agent");
    const html = await (await agent.get(`/console/drafts/${draft.id}`)).text();
    const sources = html.slice(html.indexOf('id="sources-h"'));
    expect(sources).toContain(
      '<li data-passage="en/shipping-rates#norway-and-switzerland"><a href="https://giftware.example/help/shipping-rates#norway-and-switzerland"',
    );
    expect(sources).toContain("Shipping destinations, rates and delivery times › Norway and Switzerland");
  });

  it("a draft that cites nothing says so in the console", async () => {
    const { draft } = await post("thanks");
    const agent = await t.signIn("agent");
    const html = await (await agent.get(`/console/drafts/${draft.id}`)).text();
    expect(html).toContain("The draft cites no help article or policy.");
  });
});
