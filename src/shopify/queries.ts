/**
 * Every Admin GraphQL document the service sends, in one place so that a test can validate each
 * against the shipped 2025-01 schema (test/shopify/queries.test.ts) and the fake executes them.
 * Reference: https://shopify.dev/docs/api/admin-graphql/2025-01 (QueryRoot.customers, QueryRoot.order,
 * Customer.orders, Mutation.discountCodeBasicCreate, QueryRoot.codeDiscountNodeByCode).
 *
 * Costs: a connection costs about `first` times its node's cost, and one query may request at most
 * 1,000 points, so the nested page sizes below are kept small (25 orders x 20 line items for sync).
 */

const MONEY = `shopMoney { amount currencyCode }`;

/** A customer as stored locally. `email` is deprecated from 2025-04 on but present. */
export const CUSTOMER_FIELDS = `
  id
  email
  firstName
  lastName
  locale
  updatedAt
  defaultAddress { countryCodeV2 }
`;

/** An order with everything the ticket path and scoring use. */
export const ORDER_FIELDS = `
  id
  name
  processedAt
  updatedAt
  cancelledAt
  displayFinancialStatus
  displayFulfillmentStatus
  currencyCode
  totalPriceSet { ${MONEY} }
  shippingAddress { countryCodeV2 }
  customer { ${CUSTOMER_FIELDS} }
  lineItems(first: 20) {
    pageInfo { hasNextPage endCursor }
    nodes {
      title
      variantTitle
      sku
      quantity
      originalUnitPriceSet { ${MONEY} }
    }
  }
  fulfillments(first: 10) {
    id
    status
    displayStatus
    createdAt
    deliveredAt
    trackingInfo(first: 5) { company number url }
  }
  refunds(first: 10) {
    id
    createdAt
    note
    totalRefundedSet { ${MONEY} }
  }
`;

export const CUSTOMER_BY_EMAIL = `#graphql
  query CustomerByEmail($query: String!) {
    customers(first: 1, query: $query) {
      nodes { ${CUSTOMER_FIELDS} }
    }
  }`;

export const CUSTOMER_BY_ID = `#graphql
  query CustomerById($id: ID!) {
    customer(id: $id) { ${CUSTOMER_FIELDS} }
  }`;

export const CUSTOMER_LAST_ORDERS = `#graphql
  query CustomerLastOrders($id: ID!, $first: Int!) {
    customer(id: $id) {
      id
      orders(first: $first, sortKey: PROCESSED_AT, reverse: true) {
        nodes { ${ORDER_FIELDS} }
      }
    }
  }`;

export const ORDER_BY_ID = `#graphql
  query OrderById($id: ID!) {
    order(id: $id) { ${ORDER_FIELDS} }
  }`;

/** Sync: all orders (or those matching `query`, e.g. `updated_at:>='2026-11-01T00:00:00Z'`), oldest id first. */
export const ORDERS_PAGE = `#graphql
  query OrdersPage($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: ID) {
      pageInfo { hasNextPage endCursor }
      nodes { ${ORDER_FIELDS} }
    }
  }`;

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            title
            endsAt
            usageLimit
            codes(first: 1) { nodes { code } }
          }
        }
      }
      userErrors { field code message }
    }
  }`;

export const DISCOUNT_BY_CODE = `#graphql
  query DiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount {
        ... on DiscountCodeBasic {
          title
          endsAt
          usageLimit
          customerSelection {
            ... on DiscountCustomers { customers { id } }
          }
        }
      }
    }
  }`;

/** Every document, by operation name (for schema validation in tests). */
/** The rest of an order's line items, when it has more than ORDER_FIELDS' first 20. */
export const ORDER_LINE_ITEMS = `#graphql
  query OrderLineItems($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { title variantTitle sku quantity originalUnitPriceSet { ${MONEY} } }
      }
    }
  }
`;

export const SHOP_TIME_ZONE = `#graphql
  query ShopTimeZone {
    shop { ianaTimezone }
  }
`;

/**
 * The shop's legal policies (refund, shipping, privacy, terms, contact) for the knowledge base, and
 * its primary locale for their language. https://shopify.dev/docs/api/admin-graphql/2025-01/objects/ShopPolicy
 */
export const SHOP_POLICIES = `#graphql
  query ShopPolicies {
    shop {
      shopPolicies { id type title body url updatedAt }
    }
    shopLocales(published: true) { locale primary }
  }
`;

export interface ShopPoliciesData {
  shop: { shopPolicies: Array<{ id: string; type: string; title: string; body: string; url: string; updatedAt: string }> };
  shopLocales: Array<{ locale: string; primary: boolean }>;
}

export const ALL_DOCUMENTS: Record<string, string> = {
  ShopTimeZone: SHOP_TIME_ZONE,
  ShopPolicies: SHOP_POLICIES,
  OrderLineItems: ORDER_LINE_ITEMS,
  CustomerByEmail: CUSTOMER_BY_EMAIL,
  CustomerById: CUSTOMER_BY_ID,
  CustomerLastOrders: CUSTOMER_LAST_ORDERS,
  OrderById: ORDER_BY_ID,
  OrdersPage: ORDERS_PAGE,
  DiscountCodeBasicCreate: DISCOUNT_CODE_BASIC_CREATE,
  DiscountByCode: DISCOUNT_BY_CODE,
};

// --- Response shapes (what the documents above select) ---

export interface MoneyBagNode {
  shopMoney: { amount: string; currencyCode: string };
}

export interface CustomerNode {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string;
  updatedAt: string;
  defaultAddress: { countryCodeV2: string | null } | null;
}

export interface OrderNode {
  id: string;
  name: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  currencyCode: string;
  totalPriceSet: MoneyBagNode;
  shippingAddress: { countryCodeV2: string | null } | null;
  customer: CustomerNode | null;
  lineItems: {
    pageInfo?: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{ title: string; variantTitle: string | null; sku: string | null; quantity: number; originalUnitPriceSet: MoneyBagNode }>;
  };
  fulfillments: Array<{
    id: string;
    status: string;
    displayStatus: string | null;
    createdAt: string;
    deliveredAt: string | null;
    trackingInfo: Array<{ company: string | null; number: string | null; url: string | null }>;
  }>;
  refunds: Array<{ id: string; createdAt: string | null; note: string | null; totalRefundedSet: MoneyBagNode }>;
}
