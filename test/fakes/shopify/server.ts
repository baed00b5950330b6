/**
 * A local fake of Shopify's Admin GraphQL API for tests: a real HTTP server on 127.0.0.1 (ephemeral
 * port) that parses every request, validates it against the real 2025-01 Admin schema (a misspelt
 * field, a wrong argument or variable type fails exactly as on Shopify, as a GraphQL error), executes
 * it with graphql-js over fixture data (so every response it serves is also checked against
 * Shopify's types: a null in a non-null field is an error), and charges a leaky cost bucket with
 * `extensions.cost` on each answer. On demand it throttles, fails with HTTP 429/5xx or a dropped
 * connection, and returns discount user errors.
 *
 * Not product code: a test fixture. Shopify's semantics implemented here are the ones the product
 * relies on, each named in a comment with its doc.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { execute, Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type OperationDefinitionNode } from "graphql";
import { requestedCost } from "./cost";
import { adminSchema, ADMIN_SCHEMA_VERSION } from "./schema";

// ---------- fixture data ----------

export interface FakeCustomer {
  id: string; // gid://shopify/Customer/1
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string;
  country: string | null;
  updatedAt: string;
}

export interface FakeLineItem {
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** Decimal string in the shop currency, e.g. "2.55". */
  unitPrice: string;
}

export interface FakeFulfillment {
  id: string;
  status: "SUCCESS" | "OPEN" | "PENDING" | "CANCELLED";
  displayStatus: string | null;
  createdAt: string;
  deliveredAt: string | null;
  tracking: Array<{ company: string | null; number: string | null; url: string | null }>;
}

export interface FakeOrder {
  id: string;
  name: string;
  customerId: string | null;
  processedAt: string;
  updatedAt: string;
  currency: string;
  /** Decimal string; computed from the line items when absent. */
  total?: string;
  financialStatus: string | null;
  fulfillmentStatus: string;
  shippingCountry: string | null;
  lineItems: FakeLineItem[];
  fulfillments: FakeFulfillment[];
  refunds: Array<{ id: string; createdAt: string; note: string | null; amount: string }>;
}

export interface FakeDiscount {
  id: string;
  code: string;
  title: string;
  percentage: number;
  customerIds: string[];
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  minimumSubtotal: string | null;
}

/** A legal policy as `shop.shopPolicies` serves it (https://shopify.dev/docs/api/admin-graphql/2025-01/objects/ShopPolicy). */
export interface FakeShopPolicy {
  id: string;
  /** ShopPolicyType: REFUND_POLICY, SHIPPING_POLICY, PRIVACY_POLICY, TERMS_OF_SERVICE, CONTACT_INFORMATION, ... */
  type: string;
  title: string;
  /** HTML. */
  body: string;
  url: string;
  /** `Date` scalar: "2025-01-15". */
  updatedAt: string;
}

export interface FakeShopData {
  currency: string;
  /** `shop.ianaTimezone` (default "Europe/London"). */
  ianaTimezone?: string;
  /** `shop.shopPolicies` (default none). */
  shopPolicies?: FakeShopPolicy[];
  /** The primary of `shopLocales` (default "en"). */
  primaryLocale?: string;
  customers: FakeCustomer[];
  orders: FakeOrder[];
  discounts: FakeDiscount[];
}

// ---------- fault injection ----------

export type FakeFault =
  | { kind: "throttled" }
  | { kind: "http"; status: number; retryAfter?: string }
  | { kind: "disconnect" }
  | { kind: "userErrors"; errors: Array<{ field: string[] | null; code: string | null; message: string }> };

interface FaultRule {
  operation?: string;
  /** Let this many matching requests through first. */
  skip: number;
  /** Apply to this many matching requests (Infinity: until cleared). */
  times: number;
  fault: FakeFault;
}

export interface FakeRequestLog {
  operation: string | null;
  variables: Record<string, unknown>;
  status: number;
  /** "ok" | "throttled" | "http" | "disconnect" | "invalid" | "unauthorized" */
  outcome: string;
  cost: number;
}

export interface FakeShopifyOptions {
  accessToken: string;
  data: FakeShopData;
  /** Leaky bucket (Shopify standard plan: 1,000 points, 50/s restored). */
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Milliseconds (a virtual clock in tests). Default Date.now. */
  now?: () => number;
}

const money = (amount: string, currencyCode: string) => ({ shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } });

function sumDecimal(items: FakeLineItem[]): string {
  const cents = items.reduce((s, li) => s + Math.round(Number(li.unitPrice) * 100) * li.quantity, 0);
  return (cents / 100).toFixed(2);
}

function b64(s: string) {
  return Buffer.from(s).toString("base64url");
}

/** `first/after/last/before/reverse` over a list; cursors are opaque (base64 of the id). */
function connection<T extends { id?: string }, R>(items: T[], args: Record<string, unknown>, view: (t: T) => R) {
  const list = [...items];
  if (args.reverse) list.reverse();
  const cursorOf = (t: T, i: number) => b64(t.id ?? String(i));
  let start = 0;
  if (typeof args.after === "string") {
    const i = list.findIndex((t, k) => cursorOf(t, k) === args.after);
    if (i < 0) throw new Error("Invalid cursor for current pagination sort.");
    start = i + 1;
  }
  const first = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  if (first === undefined) throw new Error("you must provide one of first or last");
  if (first > 250) throw new Error("The maximum number of records that can be requested is 250");
  const page = list.slice(start, start + first);
  const nodes = page.map(view);
  return {
    nodes,
    edges: page.map((t, k) => ({ cursor: cursorOf(t, start + k), node: nodes[k] })),
    pageInfo: {
      hasNextPage: start + first < list.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursorOf(page[0]!, start) : null,
      endCursor: page.length ? cursorOf(page[page.length - 1]!, start + page.length - 1) : null,
    },
  };
}

/**
 * The subset of Shopify's search syntax the product sends (https://shopify.dev/docs/api/usage/search-syntax):
 * `email:"a@b"` / `email:a@b` and `updated_at:>='ISO'` / `updated_at:>ISO`.
 */
function matches(query: string | undefined, fields: Record<string, string | null>): boolean {
  if (!query) return true;
  const re = /(\w+):(>=|<=|>|<)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query))) {
    const [, key, op, dq, sq, bare] = m;
    const want = (dq?.replace(/\\(.)/g, "$1") ?? sq ?? bare ?? "").toLowerCase();
    const have = (fields[key!] ?? "").toLowerCase();
    if (!op) {
      if (have !== want) return false;
    } else {
      const a = Date.parse(fields[key!] ?? ""),
        b = Date.parse(want);
      const ok = op === ">=" ? a >= b : op === ">" ? a > b : op === "<=" ? a <= b : a < b;
      if (!ok) return false;
    }
  }
  return true;
}

const numericId = (gid: string) => Number(gid.split("/").pop()!.replace(/\D/g, "")) || 0;

export class FakeShopify {
  readonly requests: FakeRequestLog[] = [];
  private server: Server | undefined;
  private faults: FaultRule[] = [];
  private bucket: { available: number; at: number };
  private readonly max: number;
  private readonly restore: number;
  private readonly now: () => number;
  private nextId = 1000;
  origin = "";

  constructor(private readonly opts: FakeShopifyOptions) {
    this.max = opts.bucket?.maximumAvailable ?? 1000;
    this.restore = opts.bucket?.restoreRate ?? 50;
    this.now = opts.now ?? Date.now;
    this.bucket = { available: this.max, at: this.now() };
  }

  get data(): FakeShopData {
    return this.opts.data;
  }

  /** Starts listening on 127.0.0.1 and an ephemeral port; `origin` is then `http://127.0.0.1:<port>`. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ errors: String(err) }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** Injects a fault for the next matching requests (`operation`: the GraphQL operation name). */
  inject(fault: FakeFault, opts: { operation?: string; skip?: number; times?: number } = {}): void {
    this.faults.push({ fault, operation: opts.operation, skip: opts.skip ?? 0, times: opts.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Points available now. */
  available(): number {
    const t = this.now();
    return Math.min(this.max, this.bucket.available + ((t - this.bucket.at) / 1000) * this.restore);
  }

  /** Sets the bucket's level (e.g. 0 to see a client wait). */
  drain(to = 0): void {
    this.bucket = { available: to, at: this.now() };
  }

  private takeFault(operation: string | null): FakeFault | undefined {
    for (const rule of this.faults) {
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.skip > 0) {
        rule.skip--;
        continue;
      }
      if (rule.times <= 0) continue;
      rule.times--;
      return rule.fault;
    }
    return undefined;
  }

  private throttleStatus() {
    return { maximumAvailable: this.max, currentlyAvailable: Math.floor(this.available()), restoreRate: this.restore };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");

    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(req.url ?? "");
    if (req.method !== "POST" || !m) return send(404, { errors: "Not Found" });
    if (m[1] !== ADMIN_SCHEMA_VERSION) return send(404, { errors: `this fake serves only ${ADMIN_SCHEMA_VERSION}` });
    if (req.headers["x-shopify-access-token"] !== this.opts.accessToken) {
      this.requests.push({ operation: null, variables: {}, status: 401, outcome: "unauthorized", cost: 0 });
      return send(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }

    let body: { query?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(raw);
    } catch {
      return send(400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const variables = body.variables ?? {};
    let doc: DocumentNode;
    try {
      doc = parse(body.query ?? "");
    } catch (err) {
      this.requests.push({ operation: null, variables, status: 200, outcome: "invalid", cost: 0 });
      return send(200, { errors: [{ message: (err as GraphQLError).message, extensions: { code: "PARSE_ERROR" } }] });
    }
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = op?.name?.value ?? null;
    const schema = adminSchema();
    const invalid = validate(schema, doc);
    if (invalid.length || !op) {
      this.requests.push({ operation, variables, status: 200, outcome: "invalid", cost: 0 });
      return send(200, { errors: invalid.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) });
    }

    const fault = this.takeFault(operation);
    if (fault?.kind === "disconnect") {
      this.requests.push({ operation, variables, status: 0, outcome: "disconnect", cost: 0 });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "http") {
      this.requests.push({ operation, variables, status: fault.status, outcome: "http", cost: 0 });
      return send(
        fault.status,
        {
          errors:
            fault.status === 429
              ? "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."
              : "Internal Server Error",
        },
        fault.retryAfter ? { "retry-after": fault.retryAfter } : {},
      );
    }

    const fragments = Object.fromEntries(
      doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    const cost = requestedCost(schema, op, fragments, variables);
    // https://shopify.dev/docs/api/usage/rate-limits: a single query may not exceed the bucket's size.
    if (cost > this.max) {
      this.requests.push({ operation, variables, status: 200, outcome: "invalid", cost });
      return send(200, {
        errors: [
          {
            message: `Query cost is ${cost}, which exceeds the single query max cost limit (${this.max}).`,
            extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: this.max },
          },
        ],
      });
    }
    const available = this.available();
    if (fault?.kind === "throttled" || cost > available) {
      this.requests.push({ operation, variables, status: 200, outcome: "throttled", cost });
      return send(200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: this.throttleStatus() } },
      });
    }
    this.bucket = { available: available - cost, at: this.now() };

    const result = await execute({
      schema,
      document: doc,
      variableValues: variables,
      rootValue: op.operation === "mutation" ? this.mutationRoot(fault) : this.queryRoot(),
    });
    this.requests.push({ operation, variables, status: 200, outcome: result.errors?.length ? "errors" : "ok", cost });
    send(200, {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path, locations: e.locations })) } : {}),
      extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: this.throttleStatus() } },
    });
  }

  // ---------- resolvers: plain objects whose methods graphql-js's default resolver calls ----------

  private customerView = (c: FakeCustomer) => ({
    __typename: "Customer",
    id: c.id,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    locale: c.locale,
    updatedAt: c.updatedAt,
    defaultAddress: c.country ? { countryCodeV2: c.country } : null,
    orders: (args: Record<string, unknown>) =>
      connection(
        this.sortOrders(
          this.data.orders.filter((o) => o.customerId === c.id),
          args,
        ),
        args,
        this.orderView,
      ),
  });

  private sortOrders(list: FakeOrder[], args: Record<string, unknown>) {
    const key = (args.sortKey as string | undefined) ?? "ID";
    const by: Record<string, (o: FakeOrder) => number> = {
      ID: (o) => numericId(o.id),
      PROCESSED_AT: (o) => Date.parse(o.processedAt),
      CREATED_AT: (o) => Date.parse(o.processedAt),
      UPDATED_AT: (o) => Date.parse(o.updatedAt),
    };
    const f = by[key];
    if (!f) throw new Error(`fake: sortKey ${key} not implemented`);
    return [...list].sort((a, b) => f(a) - f(b) || numericId(a.id) - numericId(b.id));
  }

  private orderView = (o: FakeOrder) => {
    const customer = o.customerId ? this.data.customers.find((c) => c.id === o.customerId) : undefined;
    return {
      __typename: "Order",
      id: o.id,
      name: o.name,
      processedAt: o.processedAt,
      updatedAt: o.updatedAt,
      cancelledAt: null,
      displayFinancialStatus: o.financialStatus,
      displayFulfillmentStatus: o.fulfillmentStatus,
      currencyCode: o.currency,
      totalPriceSet: money(o.total ?? sumDecimal(o.lineItems), o.currency),
      shippingAddress: o.shippingCountry ? { countryCodeV2: o.shippingCountry } : null,
      customer: customer ? this.customerView(customer) : null,
      lineItems: (args: Record<string, unknown>) =>
        connection(
          o.lineItems.map((li, i) => ({ ...li, id: `gid://shopify/LineItem/${numericId(o.id)}${String(i).padStart(4, "0")}` })),
          args,
          (li) => ({ ...li, originalUnitPriceSet: money(li.unitPrice, o.currency) }),
        ),
      fulfillments: (args: { first?: number }) =>
        o.fulfillments.slice(0, args.first ?? 250).map((f) => ({
          ...f,
          trackingInfo: (a: { first?: number }) => f.tracking.slice(0, a.first ?? 250),
        })),
      refunds: (args: { first?: number }) => o.refunds.slice(0, args.first ?? 250).map((r) => ({ ...r, totalRefundedSet: money(r.amount, o.currency) })),
    };
  };

  private discountView = (d: FakeDiscount) => ({
    id: d.id,
    codeDiscount: {
      __typename: "DiscountCodeBasic",
      title: d.title,
      endsAt: d.endsAt,
      startsAt: d.startsAt,
      usageLimit: d.usageLimit,
      appliesOncePerCustomer: d.appliesOncePerCustomer,
      codes: (args: Record<string, unknown>) => connection([{ id: d.id, code: d.code }], args, (c) => ({ code: c.code })),
      customerSelection: { __typename: "DiscountCustomers", customers: d.customerIds.map((id) => ({ id })) },
    },
  });

  private queryRoot() {
    const data = this.data;
    return {
      shop: {
        ianaTimezone: data.ianaTimezone ?? "Europe/London",
        shopPolicies: (data.shopPolicies ?? []).map((p) => ({ ...p, createdAt: p.updatedAt, translations: [] })),
      },
      // QueryRoot.shopLocales(published): the shop's primary locale, published.
      shopLocales: () => [{ locale: data.primaryLocale ?? "en", primary: true, published: true, name: "English" }],
      customers: (args: Record<string, unknown>) =>
        connection(
          [...data.customers]
            .sort((a, b) => numericId(a.id) - numericId(b.id))
            .filter((c) => matches(args.query as string | undefined, { email: c.email, updated_at: c.updatedAt })),
          args,
          this.customerView,
        ),
      customer: ({ id }: { id: string }) => {
        const c = data.customers.find((x) => x.id === id);
        return c ? this.customerView(c) : null;
      },
      order: ({ id }: { id: string }) => {
        const o = data.orders.find((x) => x.id === id);
        return o ? this.orderView(o) : null;
      },
      orders: (args: Record<string, unknown>) =>
        connection(
          this.sortOrders(
            data.orders.filter((o) => matches(args.query as string | undefined, { updated_at: o.updatedAt })),
            args,
          ),
          args,
          this.orderView,
        ),
      codeDiscountNodeByCode: ({ code }: { code: string }) => {
        const d = data.discounts.find((x) => x.code.toLowerCase() === code.toLowerCase());
        return d ? this.discountView(d) : null;
      },
    };
  }

  private mutationRoot(fault: FakeFault | undefined) {
    return {
      // https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeBasicCreate
      discountCodeBasicCreate: ({ basicCodeDiscount: input }: { basicCodeDiscount: Record<string, any> }) => {
        const userErrors: Array<{ field: string[] | null; code: string | null; message: string }> = [];
        if (fault?.kind === "userErrors") userErrors.push(...fault.errors);
        const code = String(input.code ?? "").trim();
        if (!code) userErrors.push({ field: ["basicCodeDiscount", "code"], code: "BLANK", message: "Code can't be blank" });
        if (code.length > 255) userErrors.push({ field: ["basicCodeDiscount", "code"], code: "TOO_LONG", message: "Code is too long" });
        if (this.data.discounts.some((d) => d.code.toLowerCase() === code.toLowerCase()))
          userErrors.push({ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." });
        if (!input.title) userErrors.push({ field: ["basicCodeDiscount", "title"], code: "BLANK", message: "Title can't be blank" });
        const pct = input.customerGets?.value?.percentage;
        if (typeof pct === "number" && (pct <= 0 || pct > 1))
          userErrors.push({
            field: ["basicCodeDiscount", "customerGets", "value", "percentage"],
            code: "VALUE_OUTSIDE_RANGE",
            message: "Value must be between 0.0 and 1.0",
          });
        if (!input.customerGets?.items)
          userErrors.push({ field: ["basicCodeDiscount", "customerGets", "items"], code: "BLANK", message: "Items can't be blank" });
        if (input.startsAt && input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt))
          userErrors.push({ field: ["basicCodeDiscount", "endsAt"], code: "INVALID", message: "Ends at needs to be after starts_at" });
        const customers: string[] = input.customerSelection?.customers?.add ?? [];
        for (const id of customers)
          if (!this.data.customers.some((c) => c.id === id))
            userErrors.push({
              field: ["basicCodeDiscount", "customerSelection", "customers", "add"],
              code: "INVALID",
              message: `Customer ${id} does not exist`,
            });
        if (userErrors.length) return { codeDiscountNode: null, userErrors };
        const d: FakeDiscount = {
          id: `gid://shopify/DiscountCodeNode/${this.nextId++}`,
          code,
          title: input.title,
          percentage: pct,
          customerIds: customers,
          startsAt: input.startsAt ?? new Date(this.now()).toISOString(),
          endsAt: input.endsAt ?? null,
          usageLimit: input.usageLimit ?? null,
          appliesOncePerCustomer: !!input.appliesOncePerCustomer,
          minimumSubtotal: input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal ?? null,
        };
        this.data.discounts.push(d);
        return { codeDiscountNode: this.discountView(d), userErrors: [] };
      },
    };
  }
}

/** Starts a fake shop. */
export async function startFakeShopify(opts: FakeShopifyOptions): Promise<FakeShopify> {
  return new FakeShopify(opts).start();
}
