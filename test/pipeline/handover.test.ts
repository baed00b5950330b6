/**
 * Issue 18's "done when", over HTTP on a clone of the demo store: a legal threat, a chargeback, a
 * self-harm message, a harassing message and an erasure request from customer 17580 are each handed
 * over to the configured owner with no offer and a holding reply in the ticket's language; the
 * erasure records a privacy task with its deadline; the seed scenarios decide as before. Then what
 * must not turn a hand-over back into an offer: a regeneration instruction, an agent's edit, a
 * follow-up; the ledger; and the privacy tasks' API.
 */
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/ai/triage/language";
import { createApiKey } from "../../src/auth/api-keys";
import { offers } from "../../src/db/schema";
import { helpdeskDeliveries } from "../../src/db/schema-helpdesks";
import { privacyTasks } from "../../src/db/schema-privacy";
import { processFollowUp } from "../../src/pipeline/followup";
import { scenario, startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const ticket = (body: string, extra: Record<string, unknown> = {}) => ({
  external_id: `handover-${randomBytes(4).toString("hex")}`,
  source: "api",
  requester: { email: "17580@customers.example" },
  subject: "",
  body,
  ...extra,
});
const post = async (body: unknown) => {
  const res = await t.call("POST", "/v1/tickets", body);
  expect(res.status).toBe(201);
  return res.json();
};
const offerRows = async () => (await t.rt.services.db.select({ n: count() }).from(offers))[0]!.n;

const CASES = [
  {
    what: "a legal threat",
    body: "My order never arrived and nobody answers. I have instructed a solicitor and will be taking you to court unless this is resolved.",
    category: "legal_threat",
    owner: "legal",
    language: "en",
    team: "our legal team",
    priority: "high",
  },
  {
    what: "a chargeback",
    body: "He pedido el reembolso tres veces. Voy a abrir una disputa con mi banco para recuperar el cargo.",
    category: "chargeback_fraud",
    owner: "payments",
    language: "es",
    team: "nuestro equipo de pagos",
    priority: "high",
  },
  {
    what: "a self-harm message",
    body: "I can't do this anymore. Honestly I want to end my life, nothing matters.",
    category: "safety",
    owner: "safety",
    language: "en",
    team: "our safety team",
    priority: "urgent",
  },
  {
    what: "a harassing message",
    body: "Ihr seid ein Haufen inkompetenter Idioten. Die dumme Kuh am Telefon hat gestern einfach aufgelegt.",
    category: "abuse",
    owner: "manager",
    language: "de",
    team: "eine Führungskraft",
    priority: "high",
  },
  {
    what: "an erasure request",
    body: "Bonjour, conformément au RGPD je vous demande d'effacer toutes mes données personnelles et de supprimer mon compte.",
    category: "data_protection",
    owner: "privacy",
    language: "fr",
    team: "notre équipe chargée de la protection des données",
    priority: "high",
    created_at: "2011-12-05T10:00:00Z",
  },
] as const;

const answers: Record<string, any> = {};

/** A follow-up delivery row for a ticket, as the helpdesk intake stores one before processing it. */
async function followUpDelivery(ticketId: string, externalId: string) {
  const [row] = await t.rt.services.db
    .insert(helpdeskDeliveries)
    .values({
      vendor: "zendesk",
      eventKey: `fu-${randomBytes(3).toString("hex")}`,
      eventType: "comment",
      kind: "follow_up",
      ticketExternalId: externalId,
      ticket: {},
      ticketId,
    })
    .returning();
  return row!;
}

describe("hand-over tickets from customer 17580 through POST /v1/tickets", () => {
  for (const c of CASES) {
    it(`hands ${c.what} to ${c.owner}: escalated, no offer, a holding reply in ${c.language}`, async () => {
      const r = await post(ticket(c.body, "created_at" in c ? { created_at: c.created_at } : {}));
      answers[c.category] = r;
      expect(r.customer.customer_id).toBe("17580");
      expect(r.decision).toMatchObject({
        escalate: true,
        offer_discount: false,
        discount_percent: 0,
        free_shipping: false,
        offer_rule: null,
        priority: c.priority,
      });
      expect(r.decision.handover).toMatchObject({ categories: [c.category], owner: c.owner });
      expect(r.decision.handover.evidence[0].evidence.length).toBeGreaterThan(3);
      expect(r.decision.reasons[0].rule).toBe(`handover_${c.category}`);
      // Stored with the ticket's triage.
      expect(r.ticket.triage.handover.findings[0].category).toBe(c.category);
      expect(r.ticket.triage.language).toBe(c.language);

      expect(r.draft).toMatchObject({ drafter: "template", prompt: { name: "handover-holding" }, model: null, language: c.language, status: "pending_review" });
      expect(r.draft.guard).toMatchObject({ ok: true, flagged: false, violations: [] });
      expect(r.draft.body).toContain(c.team);
      expect(detectLanguage(r.draft.body)).toBe(c.language);
      // No order recap, no offer: 17580's orders, products and figures stay out.
      expect(r.draft.body).not.toMatch(/Egg House|Heart|orders?\b|pedido|commande|Bestellung|%|£/i);
      const numbers = r.draft.body.match(/\d+/g) ?? [];
      expect(numbers.every((n: string) => ["112", "999", "911"].includes(n))).toBe(true);
    });
  }

  it("points the self-harm reply to emergency help", () => {
    expect(answers.safety.draft.body).toMatch(/call your local emergency number \(112 in Europe, 999 in the UK/);
  });

  it("records the erasure request as a privacy task due one calendar month after it was sent", async () => {
    const res = await t.call("GET", "/v1/privacy-tasks");
    expect(res.status).toBe(200);
    const { today, items } = await res.json();
    expect(today).toBe("2011-12-10");
    const mine = items.filter((x: { ticket_id: string }) => x.ticket_id === answers.data_protection.ticket.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      right: "erasure",
      requester_email: "17580@customers.example",
      customer_id: "gid://shopify/Customer/17580",
      evidence: "effacer toutes mes données",
      received_at: "2011-12-05T10:00:00.000Z",
      status: "open",
      shopify: null,
      deadline: { due_on: "2012-01-05", regime: "gdpr", rule: "one calendar month (GDPR Art. 12(3))", days_left: 26, overdue: false },
    });
    // The request names the RGPD, the customer and the store are in the UK: all three are candidates, all a month.
    expect(mine[0].deadline.candidates.map((x: { source: string; regime: string }) => `${x.source}:${x.regime}`)).toEqual([
      "request:gdpr",
      "customer_country:uk_gdpr",
      "store_country:uk_gdpr",
    ]);
    // Only the erasure ticket has one.
    expect(items.filter((x: { ticket_id: string }) => x.ticket_id === answers.legal_threat.ticket.id)).toHaveLength(0);
  });
});

describe("the seed scenarios", () => {
  it("decide as before: 15%, 10%, and 15% with free shipping and a manager follow-up, none handed over", async () => {
    const [one, two, three] = [await post(scenario(1)), await post(scenario(2)), await post(scenario(3))];
    expect(one.decision).toMatchObject({ offer_discount: true, discount_percent: 15, free_shipping: false, escalate: false });
    expect(two.decision).toMatchObject({ offer_discount: true, discount_percent: 10, escalate: false });
    expect(three.decision).toMatchObject({ offer_discount: true, discount_percent: 15, free_shipping: true, escalate: true, follow_up_owner: "manager" });
    for (const r of [one, two, three]) {
      expect(r.decision.handover).toBeUndefined();
      expect(r.ticket.triage.handover).toMatchObject({ handover: false, findings: [] });
      expect(r.draft.prompt.name).not.toBe("handover-holding");
    }
  });
});

describe("what cannot turn a hand-over into an offer", () => {
  it("withholds the retention offer the ticket would have earned, and says so", async () => {
    const r = await post(ticket("Your prices are way higher than your competitors and I'm thinking of leaving. I'm also reporting you to trading standards."));
    expect(r.decision).toMatchObject({ offer_discount: false, discount_percent: 0, handover: { categories: ["legal_threat"], owner: "legal" } });
    const withheld = r.decision.reasons.find((x: { rule: string }) => x.rule === "handover_no_offer");
    expect(withheld.facts).toMatchObject({ withheld_discount_percent: 15, withheld_rule: "retention_offer" });
  });

  it("regenerates a holding reply as the same holding reply, whatever the instruction", async () => {
    const first = answers.legal_threat.draft;
    const res = await t.call("POST", `/v1/drafts/${first.id}/regenerate`, { instruction: "Offer them 20% off and free shipping so they drop the lawsuit" });
    expect(res.status).toBe(201);
    const d = await res.json();
    expect(d).toMatchObject({ revision: 2, status: "pending_review", body: first.body, prompt: { name: "handover-holding" }, drafter: "template" });
    expect(d.fallback_reason).toMatch(/instruction was not applied/);
    expect(d.decision).toEqual(answers.legal_threat.decision);
    answers.legal_threat.draft = d;
  });

  it("refuses an agent's edit that adds an offer to a holding reply", async () => {
    const d = answers.chargeback_fraud.draft;
    const res = await t.call("POST", `/v1/drafts/${d.id}/approve`, { body: `${d.body}\n\nComo disculpa, le ofrecemos un 10% de descuento.` });
    expect(res.status).toBe(422);
    const p = await res.json();
    expect(p.invalid_params[0]).toMatchObject({ name: "body", code: "offer_language" });
  });

  it("approves holding replies, edited or not, and the ledger records no offer", async () => {
    const before = await offerRows();
    const legal = answers.legal_threat.draft;
    expect((await t.call("POST", `/v1/drafts/${legal.id}/approve`, {})).status).toBe(200);
    const abuse = answers.abuse.draft;
    const edited = await t.call("POST", `/v1/drafts/${abuse.id}/approve`, {
      body: `${abuse.body}\n\nP.S. Es tut mir leid, dass das Gespräch so verlaufen ist.`,
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ status: "approved", edited: true });
    expect(await offerRows()).toBe(before);
  });

  it("keeps a ticket handed over when the customer follows up asking for something else", async () => {
    const r = await post(ticket("I've reported this charge to my bank as fraud, I never authorised it."));
    expect(r.decision.handover.categories).toEqual(["chargeback_fraud"]);
    const s = t.rt.services;
    const delivery = await followUpDelivery(r.ticket.id, "x");
    // Alone, this message would earn 17580 a 10% welcome-back discount (seed scenario 2).
    const fu = await processFollowUp(s, r.ticket.id, delivery.id, {
      ...ticket("What thread colors would you recommend based on my previous orders?"),
      external_id: r.ticket.external_id,
    });
    expect(fu.created).toBe(true);
    expect(fu.draft.decision).toMatchObject({ offer_discount: false, discount_percent: 0, handover: { categories: ["chargeback_fraud"], owner: "payments" } });
    expect(fu.draft).toMatchObject({ promptName: "handover-holding", revision: 2 });
  });

  it("records a privacy task for an erasure request made in a follow-up, dated from the follow-up", async () => {
    const r = await post(scenario(3));
    const s = t.rt.services;
    const delivery = await followUpDelivery(r.ticket.id, "y");
    const fu = await processFollowUp(s, r.ticket.id, delivery.id, {
      ...ticket("Forget it. Please delete all my personal data from your systems."),
      created_at: "2011-12-08T09:00:00Z",
    });
    expect(fu.draft.decision).toMatchObject({ offer_discount: false, free_shipping: false, handover: { categories: ["data_protection"], owner: "privacy" } });
    const tasks = await s.db.select().from(privacyTasks).where(eq(privacyTasks.ticketId, r.ticket.id));
    expect(tasks.map((x) => [x.right, x.dueOn, x.regime])).toEqual([["erasure", "2012-01-08", "uk_gdpr"]]);
  });
});

describe("privacy tasks through /v1", () => {
  it("records one task per ticket and right, however often the ticket is posted", async () => {
    const body = ticket("Please delete my account and all the data you hold about me.");
    const first = await post(body);
    const again = await t.call("POST", "/v1/tickets", body);
    expect(again.status).toBe(200);
    const tasks = await t.rt.services.db.select().from(privacyTasks).where(eq(privacyTasks.ticketId, first.ticket.id));
    expect(tasks).toHaveLength(1);
  });

  it("lists overdue tasks first, and says they are overdue", async () => {
    const late = await post(
      ticket("I want a copy of all the personal data you hold about me (subject access request).", { created_at: "2011-10-31T09:00:00Z" }),
    );
    const { items } = await (await t.call("GET", "/v1/privacy-tasks")).json();
    expect(items[0]).toMatchObject({ ticket_id: late.ticket.id, right: "access", deadline: { due_on: "2011-11-30", overdue: true, days_left: -10 } });
    const dues = items.map((x: { deadline: { due_on: string } }) => x.deadline.due_on);
    expect(dues).toEqual([...dues].sort());
  });

  it("closes a task with a note, and lists it among the closed ones", async () => {
    const { items } = await (await t.call("GET", "/v1/privacy-tasks")).json();
    const id = items[0].id;
    const res = await t.call("PATCH", `/v1/privacy-tasks/${id}`, { status: "completed", note: "Sent the export by email." });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "completed", note: "Sent the export by email.", closed_by: "api-key", deadline: { overdue: false } });
    const open = await (await t.call("GET", "/v1/privacy-tasks")).json();
    expect(open.items.map((x: { id: string }) => x.id)).not.toContain(id);
    const closed = await (await t.call("GET", "/v1/privacy-tasks?status=closed")).json();
    expect(closed.items.map((x: { id: string }) => x.id)).toContain(id);
  });

  it("answers bad input with a 4xx naming the field", async () => {
    const { items } = await (await t.call("GET", "/v1/privacy-tasks")).json();
    const bad = await t.call("PATCH", `/v1/privacy-tasks/${items[0].id}`, { status: "done" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).invalid_params[0].name).toBe("status");
    expect((await t.call("GET", "/v1/privacy-tasks?status=pending")).status).toBe(400);
    expect((await t.call("GET", "/v1/privacy-tasks/not-a-uuid")).status).toBe(400);
    expect((await t.call("GET", "/v1/privacy-tasks/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("is for admin keys: an agent's or a manager's key gets 403", async () => {
    const s = t.rt.services;
    for (const role of ["agent", "manager"] as const) {
      const { key } = await createApiKey(s.db, { name: `${role} key`, role }, "test", s.clock.now());
      const res = await t.call("GET", "/v1/privacy-tasks", undefined, { authorization: `Bearer ${key}` });
      expect(res.status).toBe(403);
      expect((await res.json()).permission).toBe("privacy.manage");
    }
    const { key } = await createApiKey(s.db, { name: "admin key", role: "admin" }, "test", s.clock.now());
    expect((await t.call("GET", "/v1/privacy-tasks", undefined, { authorization: `Bearer ${key}` })).status).toBe(200);
  });
});
