/**
 * The manager's ledger and policy settings on the real app: redemption from stored orders,
 * filters, totals, CSV, the hash chains (tamper detection), corrections, and versioned policy
 * changes whose budgets turn further offers into escalations.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, offers, orders } from "../../src/db/schema";
import { ledgerCorrections, policyVersions } from "../../src/db/schema-console";
import { loadPolicyConfig } from "../../src/node/policy-file";
import { approveDraft } from "../../src/pipeline/approve";
import { csvField } from "../../src/ledger/csv";
import { percentInText, queryLedger } from "../../src/ledger/query";
import { startConsoleApp, USERS, type ConsoleTestApp } from "./helpers";

let t: ConsoleTestApp;
let offerId: number;
let offerAt: Date;
beforeAll(async () => {
  t = await startConsoleApp();
  const r = await t.retentionTicket();
  const s = t.rt.services;
  await approveDraft(s.db, r.draft.id, USERS.agent, s.clock.now());
  const [o] = await s.db.select().from(offers).where(eq(offers.draftId, r.draft.id));
  offerId = o!.id;
  offerAt = o!.createdAt;
});
afterAll(async () => {
  await t?.close();
});

const addOrder = async (id: string, daysAfter: number, totalMinor: number) =>
  t.rt.services.db.insert(orders).values({
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    customerId: "gid://shopify/Customer/17580",
    processedAt: new Date(offerAt.getTime() + daysAfter * 86_400_000),
    currency: "GBP",
    totalMinor,
    source: "test",
  });

describe("redemption", () => {
  it("counts an order within the code's 30 days as redeemed with its revenue, and ignores a later one", async () => {
    let [row] = await queryLedger(t.rt.services.db, {}, 30);
    expect(row).toMatchObject({ id: offerId, redeemed: false, revenue_after_minor: 0, offered_percent: 15, sent_percent: 15, approved_by: USERS.agent });
    await addOrder("t-redeem-1", 10, 5_000);
    await addOrder("t-late-1", 40, 9_999);
    [row] = await queryLedger(t.rt.services.db, {}, 30);
    expect(row).toMatchObject({ redeemed: true, orders_after: 1, revenue_after_minor: 5_000 });
    expect(row!.redeemed_at).toBe(new Date(offerAt.getTime() + 10 * 86_400_000).toISOString());
    const manager = await t.signIn("manager");
    const html = await (await manager.get("/console/ledger")).text();
    expect(html).toContain('<dd id="total-redeemed">1 (100%)</dd>');
    expect(html).toContain("£50.00");
    expect(html).toContain("Offers and redemptions per week");
  });
});

describe("filters and export", () => {
  it("filters by rule, band, agent and period, and refuses a bad date with a message", async () => {
    const m = await t.signIn("manager");
    const band = (await queryLedger(t.rt.services.db, {}, 30))[0]!.churn_band;
    expect(await (await m.get(`/console/ledger?rule=retention_offer&band=${band}`)).text()).toContain('<dd id="total-offers">1</dd>');
    expect(await (await m.get("/console/ledger?rule=service_recovery")).text()).toContain('<dd id="total-offers">0</dd>');
    expect(await (await m.get(`/console/ledger?agent=${encodeURIComponent(USERS.manager)}`)).text()).toContain('<dd id="total-offers">0</dd>');
    expect(await (await m.get("/console/ledger?from=2012-01-01")).text()).toContain('<dd id="total-offers">0</dd>');
    const bad = await (await m.get("/console/ledger?from=2011-13-45&band=%3Cscript%3E")).text();
    expect(bad).toContain("Filters ignored");
    expect(bad).not.toContain("<script>");
  });

  it("exports exactly the filtered entries as CSV, and audits the export", async () => {
    const m = await t.signIn("manager");
    const res = await m.get("/console/ledger.csv?rule=retention_offer");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="offer-ledger-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]!.split(",")[0]).toBe(String(offerId));
    const none = (await (await m.get("/console/ledger.csv?rule=service_recovery")).text()).trim().split("\r\n");
    expect(none).toHaveLength(1);
    expect((await m.get("/console/ledger.csv?band=purple")).status).toBe(400);
    const events = await t.rt.services.db.select().from(auditEvents).where(eq(auditEvents.action, "ledger.exported"));
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it("quotes CSV fields and neutralises spreadsheet formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(null)).toBe("");
  });

  it("reads the percentage a reply promised", () => {
    expect(percentInText("We'd like to offer you 15% off, or 10 % on shipping")).toBe(15);
    expect(percentInText("no numbers here")).toBeNull();
  });
});

describe("the hash chains", () => {
  it("records a correction as a new chained entry, shown in the ledger, without touching the entry", async () => {
    const m = await t.signIn("manager");
    await m.get("/console/ledger");
    const before = (await t.rt.services.db.select().from(offers).where(eq(offers.id, offerId)))[0];
    const res = await m.post("/console/ledger/corrections", {
      offer_id: String(offerId),
      sent_percent: "10",
      discount_code: "SAVE10-XYZ",
      reason: "agent changed the % by phone",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`recorded for entry #${offerId}`);
    const after = (await t.rt.services.db.select().from(offers).where(eq(offers.id, offerId)))[0];
    expect(after).toEqual(before);
    const [row] = await queryLedger(t.rt.services.db, {}, 30);
    expect(row).toMatchObject({ sent_percent: 10, discount_code: "SAVE10-XYZ" });
    expect(row!.corrections[0]).toMatchObject({ actor: USERS.manager, reason: "agent changed the % by phone" });
    expect((await m.post("/console/ledger/corrections", { offer_id: "999999", note: "x", reason: "typo" })).status).toBe(404);
    expect((await m.post("/console/ledger/corrections", { offer_id: String(offerId), reason: "nothing stated" })).status).toBe(400);
  });

  it("verifies both chains, and names the entry whose content was changed behind its back", async () => {
    const m = await t.signIn("manager");
    expect(await (await m.get("/console/ledger/verify")).json()).toMatchObject({
      ok: true,
      offers: { ok: true, entries: 1 },
      corrections: { ok: true, entries: 1 },
    });
    const db = t.rt.services.db;
    await db.execute(sql`update offers set discount_percent = 5 where id = ${offerId}`);
    const broken = await (await m.get("/console/ledger/verify")).json();
    expect(broken).toMatchObject({ ok: false, offers: { ok: false, brokenAt: offerId, reason: "content does not match its hash" } });
    await db.execute(sql`update offers set discount_percent = 15 where id = ${offerId}`);
    await db.execute(sql`update ledger_corrections set reason = 'rewritten' where offer_id = ${offerId}`);
    const [c] = await db.select().from(ledgerCorrections);
    expect(await (await m.get("/console/ledger/verify")).json()).toMatchObject({
      ok: false,
      offers: { ok: true },
      corrections: { ok: false, brokenAt: c!.id },
    });
  });
});

describe("policy settings", () => {
  const formOf = (html: string) => {
    const out: Record<string, string> = {};
    for (const m of html.matchAll(/<input id="[^"]+" name="([^"]+)" type="(number|checkbox|text)"([^>]*)\/?>/g)) {
      const [, name, type, rest] = m;
      if (type === "checkbox") {
        if (/checked/.test(rest!)) out[name!] = "on";
      } else out[name!] = /value="([^"]*)"/.exec(rest!)?.[1] ?? "";
    }
    return out;
  };

  it("saves a validated change as a new version with who and why, and audits each changed field", async () => {
    const m = await t.signIn("manager");
    const form = formOf(await (await m.get("/console/policy")).text());
    expect(form["tier.0.discount_percent"]).toBe("15");
    const res = await m.post("/console/policy", { ...form, "tier.0.discount_percent": "12", reason: "margin review" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const version = /Saved as version ([\w.-]+);/.exec(html)![1]!;
    expect(version).toMatch(/^\d{4}-\d\d-\d\d\.m1$/);
    expect(t.store.get().retention.tiers[0]!.discount_percent).toBe(12);
    const [row] = await t.rt.services.db.select().from(policyVersions).where(eq(policyVersions.version, version));
    expect(row).toMatchObject({ changedBy: USERS.manager, reason: "margin review", previousVersion: loadPolicyConfig("config/policy.json").version });
    const [ev] = await t.rt.services.db.select().from(auditEvents).where(eq(auditEvents.entityId, version));
    expect(ev!.changes).toMatchObject({ fields: { "retention.tiers.0.discount_percent": { from: 15, to: 12 } } });
    const r = (await t.retentionTicket({ requester: { email: "12347@customers.example" } })) as unknown as { decision: { policy_version: string } };
    expect(r.decision.policy_version).toBe(version);
  });

  it("refuses an invalid change naming the field, keeps what was typed, and changes nothing", async () => {
    const m = await t.signIn("manager");
    const form = formOf(await (await m.get("/console/policy")).text());
    const before = t.store.get().version;
    const res = await m.post("/console/policy", { ...form, "churn_bands.medium": "0.9", max_discount_percent: "150", reason: "oops" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("churn_bands.medium");
    expect(html).toContain("max_discount_percent");
    expect(html).toContain('value="150"');
    expect(t.store.get().version).toBe(before);
    expect((await m.post("/console/policy", { ...form, reason: "no change" })).status).toBe(409);
    expect((await m.post("/console/policy", { ...form, "vip.min_orders": "6", reason: "" })).status).toBe(400);
  });

  it("turns further offers into escalations once a customer's 90-day budget is reached", async () => {
    const m = await t.signIn("manager");
    const form = formOf(await (await m.get("/console/policy")).text());
    // Customer 17580 already has one offer (approved above); the default budget is 1 per 90 days.
    expect(form["budgets.max_offers_per_customer_90d"]).toBe("1");
    const r = (await t.retentionTicket()) as unknown as {
      decision: { offer_discount: boolean; escalate: boolean; reasons: Array<{ rule: string }>; policy_version: string };
    };
    expect(r.decision.offer_discount).toBe(false);
    expect(r.decision.escalate).toBe(true);
    expect(r.decision.reasons.map((x) => x.rule)).toContain("budget_customer_90d");
    expect(r.decision.policy_version).toBe(t.store.get().version);
    // Raising the budget through the page lets the next ticket offer again.
    await m.post("/console/policy", { ...form, "budgets.max_offers_per_customer_90d": "2", reason: "loyalty push" });
    const again = (await t.retentionTicket()) as unknown as { decision: { offer_discount: boolean; policy_version: string } };
    expect(again.decision.offer_discount).toBe(true);
    expect(again.decision.policy_version).toBe(t.store.get().version);
  });
});
