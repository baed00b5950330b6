/**
 * What the use cases need of Shopify, as types only: customer and order look-ups (Shopify first,
 * the stored copy when it is down) and discount codes on approval. Built by the entry point from a
 * client (src/shopify/index.ts `createShopifyPort`); absent on the demo store.
 */
import type { CustomerRow, OrderFacts } from "../customers/types";

/** A look-up's answer and where it came from; `stale` when Shopify was unreachable and the stored copy was used. */
export interface Lookup<T> {
  value: T;
  stale: boolean;
  source: "cache" | "shopify" | "database";
}

/** Look-ups through Shopify's Admin API, cached and written through to the database. */
export interface ShopifyLookups {
  findCustomerByEmail(email: string): Promise<Lookup<CustomerRow | undefined>>;
  /** @param id a Shopify GID or a numeric customer id */
  findCustomerById(id: string): Promise<Lookup<CustomerRow | undefined>>;
  /** The last `n` orders, newest first. */
  lastOrders(customerGid: string, n?: number): Promise<Lookup<OrderFacts[]>>;
}

/** A discount code to create for an approved draft (src/shopify/discounts.ts). */
export interface DiscountRequest {
  draftId: string;
  customerGid: string;
  /** Whole percent off the order, 1-100 (the decision's `discount_percent`). */
  percent: number;
  /** When the code stops working (UTC). */
  expiresAt: Date;
  /** Minimum order subtotal in minor units of `currency`; 0 for none. */
  minimumSubtotalMinor: number;
  currency: string;
  /** Start of validity (default now). */
  startsAt?: Date;
}

export interface CreatedDiscount {
  code: string;
  /** `gid://shopify/DiscountCodeNode/...` */
  shopifyId: string;
  percent: number;
  expiresAt: Date;
  /** false when an earlier attempt for this draft had already made it. */
  created: boolean;
}

export interface DiscountUserError {
  field: string[] | null;
  code: string | null;
  message: string;
}

/** Shopify did not create the code (user errors, or Shopify unreachable). Nothing promises it. */
export class DiscountCreationError extends Error {
  constructor(
    message: string,
    readonly userErrors: DiscountUserError[] = [],
  ) {
    super(message);
  }
}

export interface ShopifyPort {
  lookups: ShopifyLookups;
  /**
   * Creates the draft's single-use code, idempotently per draft.
   * @throws DiscountCreationError when Shopify refuses or cannot be reached
   */
  createDiscountCode(req: DiscountRequest, now: Date): Promise<CreatedDiscount>;
}
