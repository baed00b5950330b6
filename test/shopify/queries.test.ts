/** Every document the product sends is valid for the real Admin API 2025-01 schema. */
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { ALL_DOCUMENTS } from "../../src/shopify/queries";
import { adminSchema } from "../fakes/shopify/schema";

describe("Admin GraphQL documents", () => {
  for (const [name, doc] of Object.entries(ALL_DOCUMENTS)) {
    it(`${name} validates against the 2025-01 schema`, () => {
      const errors = validate(adminSchema(), parse(doc)).map((e) => e.message);
      expect(errors).toEqual([]);
    });
  }

  it("would catch a misspelt field", () => {
    const bad = ALL_DOCUMENTS.OrdersPage!.replace("displayFulfillmentStatus", "displayFulfilmentStatus");
    expect(
      validate(adminSchema(), parse(bad))
        .map((e) => e.message)
        .join(),
    ).toMatch(/Cannot query field "displayFulfilmentStatus" on type "Order"/);
  });
});

describe("configuration", () => {
  it("names the variables SHOPIFY_SHOP needs and defaults the version to 2025-01", async () => {
    const { parseShopifyEnv, ShopifyConfigError } = await import("../../src/config/shopify");
    expect(parseShopifyEnv({})).toBeNull();
    expect(() => parseShopifyEnv({ SHOPIFY_SHOP: "acme.myshopify.com" })).toThrow(ShopifyConfigError);
    expect(() => parseShopifyEnv({ SHOPIFY_SHOP: "acme.myshopify.com" })).toThrow(/SHOPIFY_API_SECRET: SHOPIFY_API_SECRET is required/);
    expect(() => parseShopifyEnv({ SHOPIFY_SHOP: "acme.example.com", SHOPIFY_ADMIN_ACCESS_TOKEN: "x", SHOPIFY_API_SECRET: "y" })).toThrow(
      /SHOPIFY_SHOP must be/,
    );
    expect(parseShopifyEnv({ SHOPIFY_SHOP: "Acme.myshopify.com", SHOPIFY_ADMIN_ACCESS_TOKEN: "shpat_x", SHOPIFY_API_SECRET: "s" })).toEqual({
      shop: "acme.myshopify.com",
      accessToken: "shpat_x",
      apiSecret: "s",
      apiVersion: "2025-01",
      adminApiOrigin: undefined,
      cacheTtlSeconds: 60,
    });
  });
});
