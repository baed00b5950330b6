/**
 * Shopify configuration, parsed once from the environment by zod (the `SHOPIFY_*` variables).
 * Unset `SHOPIFY_SHOP`: no Shopify, the service runs on the stored (demo) store.
 */
import { z } from "zod";

/**
 * The Admin API version the service asks for by default: 2025-01.
 *
 * Why this one: it is the version whose schema the project ships
 * (`../shared/data/shopify/admin_schema_2025-01.json.gz`) and against which the test fake validates
 * every query and mutation in src/shopify/queries.ts, so it is the only version for which we *know*
 * our documents are valid. The installed `@shopify/shopify-api` v15 supports it (`ApiVersion.January25`).
 * Shopify keeps a stable version for at least 12 months and answers requests for a retired one with
 * the oldest supported version ("fall forward", https://shopify.dev/docs/api/usage/versioning); the
 * fields used here (`Customer.email`, `Order.displayFinancialStatus`, ...) exist in the later versions
 * as well, some deprecated. A merchant who wants a newer version sets `SHOPIFY_API_VERSION` after
 * validating the documents against that version's schema (test/shopify/queries.test.ts shows how).
 */
export const DEFAULT_SHOPIFY_API_VERSION = "2025-01";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/**
 * The `SHOPIFY_*` fields, as a plain shape so that src/config/env.ts can spread them into the one
 * environment schema (`...ShopifyEnvShape`); `shopifyConfigFromEnv` then checks the combination.
 */
export const ShopifyEnvShape = {
  /** The shop's permanent domain, `acme.myshopify.com`. */
  SHOPIFY_SHOP: optional.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i, "SHOPIFY_SHOP must be the shop's myshopify.com domain, e.g. acme.myshopify.com")
      .optional(),
  ),
  /** Admin API access token of the custom app (`shpat_...`). */
  SHOPIFY_ADMIN_ACCESS_TOKEN: optional,
  /** The app's API secret key: signs webhooks (X-Shopify-Hmac-Sha256). */
  SHOPIFY_API_SECRET: optional,
  SHOPIFY_API_VERSION: optional.pipe(
    z
      .string()
      .regex(/^(\d{4}-(01|04|07|10)|unstable)$/, "SHOPIFY_API_VERSION must look like 2025-01")
      .optional(),
  ),
  /**
   * Sends the Admin API requests for SHOPIFY_SHOP to this origin instead of `https://<shop>`
   * (a local fake Admin API in tests and demos, or an egress proxy). Unset in production.
   */
  SHOPIFY_ADMIN_API_ORIGIN: optional.pipe(z.string().url("SHOPIFY_ADMIN_API_ORIGIN must be a URL such as http://127.0.0.1:4000").optional()),
  /** Time to live of cached Shopify look-ups (customer by email, last orders), seconds. */
  SHOPIFY_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
};

export const ShopifyEnvSchema = z.object(ShopifyEnvShape);

export type ShopifyEnv = z.infer<typeof ShopifyEnvSchema>;

/** The validated configuration of one shop. */
export interface ShopifyConfig {
  shop: string;
  accessToken: string;
  apiSecret: string;
  apiVersion: string;
  /** See `SHOPIFY_ADMIN_API_ORIGIN`. */
  adminApiOrigin?: string;
  cacheTtlSeconds: number;
}

export class ShopifyConfigError extends Error {}

/**
 * Parses the `SHOPIFY_*` variables.
 * @returns the configuration, or `null` when `SHOPIFY_SHOP` is unset (Shopify not configured)
 * @throws ShopifyConfigError naming every bad variable, e.g. `SHOPIFY_API_SECRET: SHOPIFY_API_SECRET is required when SHOPIFY_SHOP is set`
 */
export function parseShopifyEnv(source: Record<string, string | undefined>): ShopifyConfig | null {
  const parsed = ShopifyEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ShopifyConfigError(`Invalid Shopify configuration:\n${lines.join("\n")}`);
  }
  return shopifyConfigFromEnv(parsed.data);
}

/**
 * The configuration from already-parsed `SHOPIFY_*` fields (e.g. the service's `Env`).
 * @returns null when `SHOPIFY_SHOP` is unset
 * @throws ShopifyConfigError naming each variable that `SHOPIFY_SHOP` requires and that is unset
 */
export function shopifyConfigFromEnv(v: ShopifyEnv): ShopifyConfig | null {
  if (!v.SHOPIFY_SHOP) return null;
  const missing = (["SHOPIFY_ADMIN_ACCESS_TOKEN", "SHOPIFY_API_SECRET"] as const).filter((k) => !v[k]);
  if (missing.length) {
    throw new ShopifyConfigError(`Invalid Shopify configuration:\n${missing.map((k) => `  ${k}: ${k} is required when SHOPIFY_SHOP is set`).join("\n")}`);
  }
  return {
    shop: v.SHOPIFY_SHOP.toLowerCase(),
    accessToken: v.SHOPIFY_ADMIN_ACCESS_TOKEN!,
    apiSecret: v.SHOPIFY_API_SECRET!,
    apiVersion: v.SHOPIFY_API_VERSION ?? DEFAULT_SHOPIFY_API_VERSION,
    adminApiOrigin: v.SHOPIFY_ADMIN_API_ORIGIN,
    cacheTtlSeconds: v.SHOPIFY_CACHE_TTL_SECONDS,
  };
}
