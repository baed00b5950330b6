/**
 * Product recommendations on the real demo store (PostgreSQL clone, fitted by the template's
 * scoring run): what the job stored, what recommendationsFor serves, the customer endpoint, the
 * console's 360 panel, and scenario 2's draft.
 */
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productName } from "../../src/ai/draft/facts";
import { productCatalogue, productNeighbours } from "../../src/db/schema-recommend";
import { recommendationsFor } from "../../src/customers/recommendations";
import { rowsOf } from "../../src/db/rows";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
});
afterAll(async () => {
  await t?.close();
});

const GID = (id: string) => `gid://shopify/Customer/${id}`;
const asOf = new Date("2011-12-10T00:00:00Z");

/** The customer's product ids, read straight from the line items. */
async function boughtBy(id: string): Promise<Set<string>> {
  const rows = rowsOf<{ id: string }>(
    await t.rt.services.db.execute(
      sql`select distinct coalesce(li.sku, li.title) as id from order_line_items li join orders o on o.id = li.order_id where o.customer_id = ${GID(id)}`,
    ),
  );
  return new Set(rows.map((r) => r.id));
}

describe("the stored neighbours and catalogue", () => {
  it("hold each product's neighbours ranked best first, with support at or above the minimum, and no postage", async () => {
    const db = t.rt.services.db;
    const [n] = await db.select({ n: count() }).from(productNeighbours);
    expect(n!.n).toBeGreaterThan(10_000);
    const bad = rowsOf<{ n: number }>(
      await db.execute(sql`
        select count(*)::int as n from product_neighbours a join product_neighbours b
          on a.product_id = b.product_id and b.rank = a.rank + 1
        where b.score > a.score or a.support < 5`),
    );
    expect(bad[0]!.n).toBe(0);
    const post = await db.select().from(productCatalogue).where(sql`${productCatalogue.productId} in ('POST', 'DOT', 'M', 'S')`);
    expect(post).toEqual([]);
    const run = await (await t.call("GET", "/v1/scoring/runs/latest")).json();
    expect(run.figures.recommendations).toMatchObject({ measure: "cosine", minSupport: 5, unit: "customer", customerWeight: "inverse-log" });
  });
});

describe("recommendationsFor", () => {
  it("gives catalogue products sold in the last 90 days that the customer has not bought, each related to one they did", async () => {
    for (const id of ["17580", "14911"]) {
      const recs = await recommendationsFor(t.rt.services.db, GID(id), { now: asOf, limit: 5 });
      expect(recs).toHaveLength(5);
      const mine = await boughtBy(id);
      const ids = recs.map((r) => r.product_id);
      expect(new Set(ids).size).toBe(5);
      for (const r of recs) {
        expect(mine.has(r.product_id)).toBe(false);
        expect(mine.has(r.because.product_id)).toBe(true);
        expect(r.support).toBeGreaterThanOrEqual(5);
        const [c] = await t.rt.services.db.select().from(productCatalogue).where(sql`${productCatalogue.productId} = ${r.product_id}`);
        expect(c!.lastSoldAt.getTime()).toBeGreaterThanOrEqual(asOf.getTime() - 90 * 86_400_000);
        expect(r.title).toBe(c!.title);
      }
      expect(recs.map((r) => r.score)).toEqual([...recs.map((r) => r.score)].sort((a, b) => b - a));
    }
  });

  it("gives nothing to a customer with no orders, and nothing when the catalogue window holds no sale", async () => {
    expect(await recommendationsFor(t.rt.services.db, GID("999999999"), { now: asOf })).toEqual([]);
    // A year after the store's last sale nothing is in stock.
    expect(await recommendationsFor(t.rt.services.db, GID("17580"), { now: new Date("2012-12-10T00:00:00Z") })).toEqual([]);
  });
});

describe("serving them", () => {
  it("GET /v1/customers/:id includes the recommendations with what each relates to", async () => {
    const r = await (await t.call("GET", "/v1/customers/17580")).json();
    expect(r.recommendations).toHaveLength(5);
    expect(r.recommendations[0]).toEqual({
      product_id: expect.any(String),
      title: expect.any(String),
      score: expect.any(Number),
      because: { product_id: expect.any(String), title: expect.any(String) },
      support: expect.any(Number),
    });
  });

  it("scenario 2 names two or three recommended products with why, keeps its 10%, and passes the guard", async () => {
    const recs = await recommendationsFor(t.rt.services.db, GID("17580"), { now: asOf, limit: 3 });
    const r = await (await t.call("POST", "/v1/tickets", scenario(2))).json();
    expect(r.ticket.triage.intent).toBe("product_recommendation");
    expect(r.decision).toMatchObject({ offer_discount: true, discount_percent: 10, escalate: false });
    expect(r.draft.body).toContain("10%");
    expect(r.draft.body).toContain("Based on your previous orders, I'd suggest");
    for (const x of recs) expect(r.draft.body).toContain(`the ${productName(x.title)}, often bought with the ${productName(x.because.title)} you ordered`);
    expect(r.draft.guard).toMatchObject({ ok: true, violations: [] });
  });

  it("the same question from customer 14911 (201 orders) names their own recommendations", async () => {
    const recs = await recommendationsFor(t.rt.services.db, GID("14911"), { now: asOf, limit: 3 });
    const r = await (await t.call("POST", "/v1/tickets", scenario(2, { external_id: "rec-14911", requester: { customer_id: "14911" } }))).json();
    for (const x of recs) expect(r.draft.body).toContain(productName(x.title));
    expect(r.draft.guard.ok).toBe(true);
  });

  it("a ticket that does not ask what to buy gets no recommendation, a stock question included", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(3))).json();
    expect(r.draft.body).not.toMatch(/often bought with/);
    const stock = await (
      await t.call("POST", "/v1/tickets", scenario(2, { external_id: "rec-stock", body: "Is the regency cakestand back in stock?" }))
    ).json();
    expect(stock.ticket.triage).toMatchObject({ family: "product_question", intent: "product_info" });
    expect(stock.draft.body).not.toMatch(/often bought with/);
  });
});
