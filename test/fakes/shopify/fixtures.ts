/**
 * Fixture shops for the fake: a small synthetic one, and one built from the demo store's real
 * records (the UCI online-retail invoices) so that the seed scenarios run through "Shopify" on the
 * same history they have on the demo store.
 */
import { randomBytes } from "node:crypto";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../src/db/types";
import { customers, orderLineItems, orders } from "../../../src/db/schema";
import type { FakeCustomer, FakeOrder, FakeShopData } from "./server";

/** A clock that only moves when told: the fake's bucket restores on it and the client sleeps on it. */
export function virtualClock(start = Date.UTC(2026, 10, 21)) {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    /** A `sleep` for the client: advances the clock instead of waiting, and records the wait. */
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

/** A unique fake shop domain per test, so clients of several fakes never share a route. */
export const fakeShopDomain = () => `fake-${randomBytes(4).toString("hex")}.myshopify.com`;

const iso = (d: Date) => d.toISOString();

/**
 * A synthetic shop: `customerCount` customers with `ordersPerCustomer` orders each (GBP), ids in
 * creation order; the first customer's newest order is fulfilled with Royal Mail tracking and
 * delivered, the second's is in transit with DHL tracking.
 */
export function syntheticShop(customerCount = 3, ordersPerCustomer = 4): FakeShopData {
  const cs: FakeCustomer[] = [];
  const os: FakeOrder[] = [];
  let orderNo = 1001;
  for (let i = 1; i <= customerCount; i++) {
    const id = `gid://shopify/Customer/${700 + i}`;
    cs.push({ id, email: `buyer${i}@example.org`, firstName: `Buyer${i}`, lastName: "Test", locale: "en", country: "GB", updatedAt: "2026-10-01T00:00:00Z" });
    for (let k = 0; k < ordersPerCustomer; k++) {
      const n = orderNo++;
      const at = new Date(Date.UTC(2026, 0, 1 + 30 * k + i));
      os.push({
        id: `gid://shopify/Order/${n}`,
        name: `#${n}`,
        customerId: id,
        processedAt: iso(at),
        updatedAt: iso(new Date(at.getTime() + 3600_000)),
        currency: "GBP",
        financialStatus: "PAID",
        fulfillmentStatus: "FULFILLED",
        shippingCountry: "GB",
        lineItems: [
          { title: "Linen Thread", variantTitle: "Indigo", sku: "LT-IND", quantity: 2, unitPrice: "4.50" },
          { title: "Embroidery Hoop", variantTitle: "20 cm", sku: null, quantity: 1, unitPrice: "12.99" },
        ],
        fulfillments: [],
        refunds: [],
      });
    }
  }
  const newest = (cid: string) => os.filter((o) => o.customerId === cid).at(-1)!;
  newest(cs[0]!.id).fulfillments.push({
    id: "gid://shopify/Fulfillment/9001",
    status: "SUCCESS",
    displayStatus: "DELIVERED",
    createdAt: "2026-04-03T10:00:00Z",
    deliveredAt: "2026-04-05T12:30:00Z",
    tracking: [{ company: "Royal Mail", number: "RM123456785GB", url: "https://www.royalmail.com/track-your-item#/tracking-results/RM123456785GB" }],
  });
  if (cs[1]) {
    const o = newest(cs[1].id);
    o.fulfillmentStatus = "FULFILLED";
    o.fulfillments.push({
      id: "gid://shopify/Fulfillment/9002",
      status: "SUCCESS",
      displayStatus: "IN_TRANSIT",
      createdAt: "2026-04-04T09:00:00Z",
      deliveredAt: null,
      tracking: [{ company: "DHL Express", number: "JD014600003828437815", url: "https://www.dhl.com/en/express/tracking.html?AWB=JD014600003828437815" }],
    });
    o.refunds.push({ id: "gid://shopify/Refund/5001", createdAt: "2026-04-06T08:00:00Z", note: "damaged hoop", amount: "12.99" });
    o.financialStatus = "PARTIALLY_REFUNDED";
  }
  return { currency: "GBP", customers: cs, orders: os, discounts: [] };
}

/**
 * The demo store's customers (by legacy id) with all their orders, as a fake shop. Amounts are the
 * stored minor units written back as decimals; each order is FULFILLED and PAID; the newest order of
 * the first customer gets a delivered Royal Mail fulfillment with tracking.
 */
export async function shopFromDemo(db: Db, legacyIds: string[]): Promise<FakeShopData> {
  const gids = legacyIds.map((id) => `gid://shopify/Customer/${id}`);
  const cs = await db.select().from(customers).where(inArray(customers.id, gids));
  const os = await db.select().from(orders).where(inArray(orders.customerId, gids)).orderBy(asc(orders.processedAt));
  const fake: FakeShopData = { currency: "GBP", customers: [], orders: [], discounts: [] };
  // The demo stores country names; Shopify's MailingAddress.countryCodeV2 is a CountryCode enum (the
  // fake refuses anything else, as graphql-js serialisation does).
  const code: Record<string, string> = { "United Kingdom": "GB", France: "FR", Germany: "DE", Spain: "ES", Portugal: "PT" };
  for (const c of cs)
    fake.customers.push({
      id: c.id,
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      locale: "en",
      country: code[c.country ?? ""] ?? null,
      updatedAt: iso(c.updatedAt),
    });
  for (const o of os) {
    const items = await db.select().from(orderLineItems).where(eq(orderLineItems.orderId, o.id)).orderBy(asc(orderLineItems.position));
    fake.orders.push({
      id: o.id,
      name: o.name,
      customerId: o.customerId,
      processedAt: iso(o.processedAt),
      updatedAt: iso(o.processedAt),
      currency: o.currency,
      total: (o.totalMinor / 100).toFixed(2),
      financialStatus: "PAID",
      fulfillmentStatus: "FULFILLED",
      shippingCountry: null,
      lineItems: items.map((li) => ({
        title: li.title,
        variantTitle: li.variantTitle,
        sku: li.sku,
        quantity: li.quantity,
        unitPrice: (li.unitPriceMinor / 100).toFixed(2),
      })),
      fulfillments: [],
      refunds: [],
    });
  }
  const first = fake.orders.filter((o) => o.customerId === gids[0]).at(-1);
  first?.fulfillments.push({
    id: "gid://shopify/Fulfillment/77001",
    status: "SUCCESS",
    displayStatus: "DELIVERED",
    createdAt: iso(new Date(Date.parse(first.processedAt) + 86_400_000)),
    deliveredAt: iso(new Date(Date.parse(first.processedAt) + 3 * 86_400_000)),
    tracking: [{ company: "Royal Mail", number: "RM987654321GB", url: "https://www.royalmail.com/track-your-item#/tracking-results/RM987654321GB" }],
  });
  return fake;
}

/**
 * Legal policies of a fake shop, as merchants write them in Shopify admin (Settings > Policies):
 * HTML with headings, paragraphs and lists. Their figures differ from the demo knowledge's, so a
 * search that finds them found the shop's policy, not the help articles.
 */
export function fakeShopPolicies(shop = "fake-shop.myshopify.com") {
  const url = (handle: string) => `https://${shop}/policies/${handle}`;
  return [
    {
      id: "gid://shopify/ShopPolicy/101",
      type: "REFUND_POLICY",
      title: "Refund policy",
      url: url("refund-policy"),
      updatedAt: "2025-02-03",
      body:
        "<p>We have a 45-day return policy, which means you have 45 days after receiving your item to request a return.</p>" +
        "<h2>Damages and issues</h2><p>Please inspect your order upon reception and contact us immediately if the item is defective, damaged or if you receive the wrong item, so that we can evaluate the issue and make it right.</p>" +
        "<h2>Exceptions / non-returnable items</h2><p>Certain types of items cannot be returned, like perishable goods, custom products and <strong>gift cards</strong>.</p>" +
        "<h2>Refunds</h2><p>We will notify you once we've received and inspected your return. If approved, you'll be automatically refunded on your original payment method within 10 business days.</p>",
    },
    {
      id: "gid://shopify/ShopPolicy/102",
      type: "SHIPPING_POLICY",
      title: "Shipping policy",
      url: url("shipping-policy"),
      updatedAt: "2025-02-03",
      body:
        "<h2>Processing time</h2><p>Orders are processed within 2 business days.</p>" +
        "<h2>Shipping to Iceland and the Faroe Islands</h2><p>Parcels to Iceland and the Faroe Islands cost £55 and take 6 to 9 business days.</p>" +
        '<ul><li>Tracked with <a href="https://www.dhl.com">DHL</a></li><li>Duties paid by the recipient</li></ul>',
    },
    {
      id: "gid://shopify/ShopPolicy/103",
      type: "PRIVACY_POLICY",
      title: "Privacy policy",
      url: url("privacy-policy"),
      updatedAt: "2025-01-20",
      body: "<h2>Your rights</h2><p>You may ask us to erase your personal information by writing to privacy@fake-shop.example.</p>",
    },
    {
      id: "gid://shopify/ShopPolicy/104",
      type: "TERMS_OF_SERVICE",
      title: "Terms of service",
      url: url("terms-of-service"),
      updatedAt: "2025-01-20",
      body: "",
    },
  ];
}
