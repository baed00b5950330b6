/**
 * The ticket pipeline end to end over HTTP, on a clone of the real demo store in the machine's
 * PostgreSQL, with profiles cached in its Redis.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, offers, tickets } from "../../src/db/schema";
import { TEMPLATE_DRAFTER } from "../../src/ai/draft/template";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("the seed's three scenarios for customer 17580", () => {
  it("offers 15% and no escalation to a customer thinking of a cheaper supplier, naming their real history", async () => {
    const res = await t.call("POST", "/v1/tickets", scenario(1));
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.customer).toMatchObject({ customer_id: "17580", total_orders: 3, lifetime_value: 215.72, days_since_last_purchase: 252 });
    expect(r.decision).toMatchObject({ offer_discount: true, discount_percent: 15, free_shipping: false, escalate: false });
    expect(r.decision.reasons.map((x: { rule: string }) => x.rule)).toContain("retention_offer");
    expect(r.draft.status).toBe("pending_review");
    expect(r.draft.body).toContain("3 orders");
    expect(r.draft.body).toContain("2011-04-01");
    expect(r.draft.body).toContain("6 Egg House Painted Wood");
    expect(r.draft.body).toContain("15%");
    expect(r.draft.body).not.toMatch(/\b(?!15)\d+%/);
    expect(r.draft.prompt).toEqual({ name: "template", version: TEMPLATE_DRAFTER.version });
    expect(r.draft.guard.ok).toBe(true);
  });

  it("welcomes the lapsed customer back with 10% when they ask for recommendations", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(2))).json();
    expect(r.ticket.triage.intent).toBe("product_recommendation");
    expect(r.decision).toMatchObject({ offer_discount: true, discount_percent: 10, escalate: false });
    expect(r.draft.body).toContain("10%");
    expect(r.draft.body).toMatch(/Egg House Painted Wood|Valentine Decoupage Heart Box/);
  });

  it("answers a shipping complaint with 15-20%, free shipping and a manager follow-up", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(3))).json();
    expect(r.ticket.triage.family).toBe("service_complaint");
    expect(r.decision.discount_percent).toBeGreaterThanOrEqual(15);
    expect(r.decision.discount_percent).toBeLessThanOrEqual(20);
    expect(r.decision).toMatchObject({ offer_discount: true, free_shipping: true, escalate: true, follow_up: true, follow_up_owner: "manager" });
    expect(r.draft.body).toMatch(/apologise/i);
    expect(r.draft.body).toMatch(/free shipping/i);
    expect(r.draft.body).toMatch(/manager/i);
  });
});

describe("requesters", () => {
  it("resolves a customer by email case-insensitively", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(1, { requester: { email: "17580@Customers.EXAMPLE" } }))).json();
    expect(r.customer.customer_id).toBe("17580");
  });

  it("regenerates for the same person and the same message", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(3, { requester: { email: "ana.silva@example.org", name: "Ana Silva" } }))).json();
    expect(r.draft.body).toMatch(/^Hi Ana,/);
    const again = await t.call("POST", `/v1/drafts/${r.draft.id}/regenerate`, { instruction: "shorter" });
    expect(again.status).toBe(201);
    const d = await again.json();
    expect(d).toMatchObject({ revision: 2, status: "pending_review", instruction: "shorter" });
    expect(d.body).toMatch(/^Hi Ana,/);
    expect(d.body).toMatch(/apologise/);
  });

  it("treats an unknown requester as a new customer: no profile, no retention discount", async () => {
    const res = await t.call("POST", "/v1/tickets", scenario(1, { requester: { email: "someone.new@example.org", name: "Ada Lovelace" } }));
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.customer).toBeNull();
    expect(r.decision.offer_discount).toBe(false);
    expect(r.decision.reasons.map((x: { rule: string }) => x.rule)).toContain("new_customer");
    expect(r.draft.body).toMatch(/^Hi Ada,/);
    expect(r.draft.body).not.toMatch(/%/);
  });
});

describe("a failing pipeline", () => {
  it("keeps the ticket, marks it failed with the latest error, and drafts it when posted again", async () => {
    const s = t.rt.services;
    const classifier = s.classifier;
    const input = scenario(2, { external_id: "failing-ticket-1" });
    try {
      for (const message of ["triage down (first)", "triage down (second)"]) {
        s.classifier = { ...classifier, classify: async () => Promise.reject(new Error(message)) } as typeof classifier;
        expect((await t.call("POST", "/v1/tickets", input)).status).toBe(500);
        const [row] = await s.db.select().from(tickets).where(eq(tickets.externalId, "failing-ticket-1"));
        expect(row).toMatchObject({ status: "failed", error: message });
        expect((await (await t.call("GET", `/v1/tickets/${row!.id}`)).json()).ticket).toMatchObject({ status: "failed", error: message });
      }
    } finally {
      s.classifier = classifier;
    }
    const ok = await t.call("POST", "/v1/tickets", input);
    expect(ok.status).toBe(201);
    expect((await ok.json()).ticket).toMatchObject({ status: "drafted", error: null });
    expect(await s.db.select().from(tickets).where(eq(tickets.externalId, "failing-ticket-1"))).toHaveLength(1);
  });
});

// Idempotency and bad input: test/shared/ticket-routes.ts, run on Node by ticket-routes.test.ts and on the Worker.

describe("review", () => {
  it("approves once with an edit, records who and what changed, and writes the offer to a verified ledger", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
    const edited = `${r.draft.body}\n\nP.S. Thank you again.`;
    // Sent without the code sentence: no Shopify here, so approval created no code to fill it with.
    const sent = edited.replace(" Your personal code is {{discount_code}}: enter it at checkout.", "");
    expect(sent).not.toBe(edited);
    const res = await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, { body: edited, reviewer: "agent@shop.example" });
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d).toMatchObject({ status: "approved", edited: true, reviewed_by: "agent@shop.example", body: sent, model_body: r.draft.body });
    const again = await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, {});
    expect(again.status).toBe(409);
    const events = await t.rt.services.db.select().from(auditEvents).where(eq(auditEvents.entityId, r.draft.id));
    // The pipeline's write: draft, ticket and audit event together (one statement, drafts/repo.writeFirstDraft).
    expect(r.ticket).toMatchObject({ status: "drafted", customer_id: "gid://shopify/Customer/17580" });
    const created = events.find((e) => e.action === "draft.created")!;
    expect(created).toMatchObject({ actor: "pipeline", entityType: "draft" });
    expect(created.changes).toMatchObject({ ticket_id: r.ticket.id, drafter: "template", decision: { discount_percent: 15, escalate: false } });
    const approved = events.find((e) => e.action === "draft.approved")!;
    expect(approved.actor).toBe("agent@shop.example");
    expect(approved.changes).toMatchObject({ status: { from: "pending_review", to: "approved" }, body: { from: r.draft.body, to: sent } });
    const [offer] = await t.rt.services.db.select().from(offers).where(eq(offers.draftId, r.draft.id));
    expect(offer).toMatchObject({
      discountPercent: 15,
      rule: "retention_offer",
      approvedBy: "agent@shop.example",
      edited: true,
      customerId: "gid://shopify/Customer/17580",
    });
    const verify = await (await t.call("GET", "/v1/ledger/verify")).json();
    expect(verify.ok).toBe(true);
    expect(verify.entries).toBeGreaterThanOrEqual(1);
  });

  it("refuses an edited reply that changes or drops the decided offer (422 naming the body), and approves one that keeps it", async () => {
    const customer = { requester: { customer_id: "12353" } }; // lapsed, 2+ orders: 15%, no free shipping
    const r = await (await t.call("POST", "/v1/tickets", scenario(1, customer))).json();
    expect(r.decision).toMatchObject({ offer_discount: true, discount_percent: 15, free_shipping: false });
    const cases: Array<[string, string]> = [
      [r.draft.body.replace("15%", "20%"), "commitment_changed"],
      [r.draft.body.replace(/[^\n]*15%[^\n]*/, "We value you as a customer."), "commitment_changed"],
      [`${r.draft.body}\n\nShipping is free on your next order as well.`, "offer_language"],
      [`${r.draft.body}\n\nUse the code SAVE20NOW at checkout.`, "code_like_token"],
      [`${r.draft.body}\n\nA manager will follow up with you personally.`, "escalation_language"],
      [`${r.draft.body}\n\nAnd another ２０％ off with coupon WELCOMEBACK.`, "offer_language"],
    ];
    for (const [body, code] of cases) {
      const res = await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, { body });
      expect(res.status, code).toBe(422);
      const p = await res.json();
      expect(p.invalid_params.map((i: { name: string; code: string }) => [i.name, i.code])).toContainEqual(["body", code]);
    }
    expect((await (await t.call("GET", `/v1/drafts/${r.draft.id}`)).json()).status).toBe("pending_review");
    expect(await t.rt.services.db.select().from(offers).where(eq(offers.draftId, r.draft.id))).toHaveLength(0);
    // Facts the agent adds are theirs to add; the offer stands as decided.
    const ok = await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, { body: `${r.draft.body}\n\nP.S. Your order from 2011-03-02 is on its way.` });
    expect(ok.status).toBe(200);
  });

  it("withholds a second offer to the same customer within 90 days", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
    expect(r.decision).toMatchObject({ offer_discount: false, escalate: true });
    expect(r.decision.reasons.map((x: { rule: string }) => x.rule)).toContain("budget_customer_90d");
    expect(r.draft.body).not.toMatch(/%/);
  });

  it("refuses to approve a second offer drafted before the first was approved (the 90-day budget)", async () => {
    const customer = { requester: { customer_id: "12386" } }; // lapsed, 2+ orders, no refunds
    const a = await (await t.call("POST", "/v1/tickets", scenario(1, customer))).json();
    const b = await (await t.call("POST", "/v1/tickets", scenario(1, customer))).json();
    expect([a.decision.offer_discount, b.decision.offer_discount]).toEqual([true, true]);
    expect((await t.call("POST", `/v1/drafts/${a.draft.id}/approve`, {})).status).toBe(200);
    const second = await t.call("POST", `/v1/drafts/${b.draft.id}/approve`, {});
    expect(second.status).toBe(409);
    expect((await second.json()).budget).toMatch(/offer budget is spent/);
    expect((await (await t.call("GET", `/v1/drafts/${b.draft.id}`)).json()).status).toBe("pending_review");
    const ledger = await t.rt.services.db.select().from(offers).where(eq(offers.draftId, b.draft.id));
    expect(ledger).toHaveLength(0);
  });

  it("detects a tampered ledger entry", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(3, { requester: { customer_id: "12347" } }))).json();
    expect(r.decision.free_shipping).toBe(true);
    await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, {});
    const [offer] = await t.rt.services.db.select().from(offers).where(eq(offers.draftId, r.draft.id));
    await t.rt.services.db.update(offers).set({ discountPercent: 50 }).where(eq(offers.id, offer!.id));
    const verify = await (await t.call("GET", "/v1/ledger/verify")).json();
    expect(verify).toMatchObject({ ok: false, brokenAt: offer!.id });
    await t.rt.services.db.update(offers).set({ discountPercent: offer!.discountPercent }).where(eq(offers.id, offer!.id));
  });

  it("detects that the newest ledger entries were deleted", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(3, { requester: { customer_id: "12414" } }))).json();
    expect((await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, {})).status).toBe(200);
    expect((await (await t.call("GET", "/v1/ledger/verify")).json()).ok).toBe(true);
    const [newest] = await t.rt.services.db.select().from(offers).where(eq(offers.draftId, r.draft.id));
    await t.rt.services.db.delete(offers).where(eq(offers.id, newest!.id));
    const verify = await (await t.call("GET", "/v1/ledger/verify")).json();
    expect(verify).toMatchObject({ ok: false, brokenAt: newest!.id });
    expect(verify.reason).toMatch(/newest entries were deleted/);
  });

  it("rejects once, requires a reason, and lists drafts by status newest first", async () => {
    const r = await (await t.call("POST", "/v1/tickets", scenario(2))).json();
    const noReason = await t.call("POST", `/v1/drafts/${r.draft.id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).invalid_params[0].name).toBe("reason");
    const res = await t.call("POST", `/v1/drafts/${r.draft.id}/reject`, { reason: "customer already called" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "rejected", reject_reason: "customer already called" });
    expect((await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, {})).status).toBe(409);

    const rejected = await (await t.call("GET", "/v1/drafts?status=rejected")).json();
    expect(rejected.items.map((d: { id: string }) => d.id)).toContain(r.draft.id);
    const page1 = await (await t.call("GET", "/v1/drafts?status=pending_review&limit=2")).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.items.every((d: { status: string }) => d.status === "pending_review")).toBe(true);
    expect(Date.parse(page1.items[0].created_at)).toBeGreaterThanOrEqual(Date.parse(page1.items[1].created_at));
    const page2 = await (await t.call("GET", `/v1/drafts?status=pending_review&limit=2&cursor=${page1.next_cursor}`)).json();
    expect(page2.items.map((d: { id: string }) => d.id)).not.toContain(page1.items[0].id);
    expect((await t.call("GET", "/v1/drafts?status=bogus")).status).toBe(400);
  });
});

describe("profiles", () => {
  it("serves the profile by legacy id and by GID, cached, with the fitted model named", async () => {
    const a = await (await t.call("GET", "/v1/customers/17580/profile")).json();
    const b = await (await t.call("GET", `/v1/customers/${encodeURIComponent("gid://shopify/Customer/17580")}/profile`)).json();
    expect(a).toEqual(b);
    expect(a.churn_model).toMatch(/^bgnbd-gg-v1 \(run \d+\)$/);
    expect(a.rfm_segment).toBeTruthy();
    expect(a.archetype_id).toMatch(/^arch_[0-9a-f]{8}$/);
    const cached = await t.rt.services.cache.get(`profile:${a.scoring_run_id}:gid://shopify/Customer/17580`);
    expect({ ...(cached as object), scores_source: "internal" }).toEqual(a);
    expect((await t.call("GET", "/v1/customers/99999999/profile")).status).toBe(404);
  });
});
