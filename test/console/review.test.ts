/**
 * The agent console over HTTP on the real app (demo store clone in PostgreSQL, Redis): the queue,
 * one ticket with its decision and customer 360 panel, approve / approve with edits / reject /
 * regenerate, and escaping of what customers write.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, drafts, offers } from "../../src/db/schema";
import { useConsoleApp, USERS } from "./helpers";

const t = useConsoleApp();

describe("the queue", () => {
  it("sends a visitor without a session to the sign-in page, keeping only the path", async () => {
    const res = await t.client().get("/console/queue?band=high");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/login?next=%2Fconsole%2Fqueue");
  });

  it("lists the seed's retention ticket as pending with its 15% offer and its churn band", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    const html = await (await agent.get("/console/queue")).text();
    expect(html).toContain(`/console/drafts/${r.draft.id}`);
    const row = html.slice(html.indexOf(`/console/drafts/${r.draft.id}`));
    expect(row.slice(0, 1500)).toContain("15% off");
    expect(row.slice(0, 1500)).toContain(`class="badge ${r.decision.churn_band}">${r.decision.churn_band}<`);
  });

  it("puts the most urgent draft first and filters by offer", async () => {
    const urgent = await t.retentionTicket();
    const calm = await t.retentionTicket({ requester: { email: "nobody.new@example.org" }, body: "Where can I find my invoice?" });
    const agent = await t.signIn("agent");
    const html = await (await agent.get("/console/queue?sort=urgent")).text();
    expect(html.indexOf(urgent.draft.id)).toBeGreaterThan(-1);
    expect(html.indexOf(urgent.draft.id)).toBeLessThan(html.indexOf(calm.draft.id));
    const none = await (await agent.get("/console/queue?offer=none")).text();
    expect(none).toContain(calm.draft.id);
    expect(none).not.toContain(urgent.draft.id);
  });

  it("ignores an invalid filter with a message instead of failing", async () => {
    const agent = await t.signIn("agent");
    const res = await agent.get("/console/queue?band=%3Cscript%3E&page=-3");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Some filters were ignored");
    expect(html).not.toContain("<script>");
  });
});

describe("one ticket", () => {
  it("shows the message, the decision's reasons in plain words, and the customer 360 panel", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    const res = await agent.get(`/console/drafts/${r.draft.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("I&#39;m thinking about trying a different supplier.");
    expect(html).toMatch(
      /15% offered: [^<]*(churn risk 0\.\d\d|days since the last order &gt;= 180)[^<]* and a (price-objection ticket|ticket from a customer considering leaving)\./,
    );
    expect(html).toContain("Customer #17580");
    expect(html).toContain("£215.72"); // lifetime value
    expect(html).toContain("Long inactivity: 252 days since the last order.");
    expect(html).toContain("Purchase timeline");
    expect(html).toMatch(/3 orders from \d{4}-\d\d-\d\d to 2011-04-01/);
    expect(html).toContain("Egg House Painted Wood");
    expect(html).toMatch(/Archetype<\/dt><dd>[^<–]+</);
    // Recommended products, each with the purchase it relates to.
    expect(html).toContain("Recommended for them");
    expect((html.match(/often bought with the [^<]+ they ordered \(\d+ customers bought both\)/g) ?? []).length).toBe(5);
  });

  it("renders a ticket body containing <script> as text", async () => {
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> "quoted" & more`;
    const r = await t.retentionTicket({ body: `Your prices are too high. ${evil}`, subject: "<b>bold</b>" });
    const agent = await t.signIn("agent");
    const html = await (await agent.get(`/console/drafts/${r.draft.id}`)).text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>bold</b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt;");
    const queue = await (await agent.get("/console/queue")).text();
    expect(queue).not.toContain("<b>bold</b>");
    expect(queue).toContain("&lt;b&gt;bold&lt;/b&gt;");
  });

  it("answers 404 for an unknown or malformed draft id", async () => {
    const agent = await t.signIn("agent");
    expect((await agent.get("/console/drafts/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await agent.get("/console/drafts/not-a-uuid")).status).toBe(404);
  });
});

describe("review actions", () => {
  it("approves with edits: the draft is approved as edited, the ledger has the offer, the audit log the diff", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${r.draft.id}`);
    const edited = `${r.draft.body}\n\nWarm regards from the team.`;
    const res = await agent.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve_edited", body: edited });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/drafts/${r.draft.id}?done=approved`);
    const db = t.rt.services.db;
    const [row] = await db.select().from(drafts).where(eq(drafts.id, r.draft.id));
    expect(row).toMatchObject({ status: "approved", edited: true, reviewedBy: USERS.agent });
    expect(row!.body).toContain("Warm regards from the team.");
    const [offer] = await db.select().from(offers).where(eq(offers.draftId, r.draft.id));
    expect(offer).toMatchObject({ discountPercent: 15, approvedBy: USERS.agent, edited: true, rule: "retention_offer" });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityId, r.draft.id));
    expect(events.find((e) => e.action === "draft.approved")?.actor).toBe(USERS.agent);
    const page = await (await agent.get(`/console/drafts/${r.draft.id}?done=approved`)).text();
    expect(page).toContain("Status: <strong>approved</strong>");
    expect(page).toContain(`Ledger entry #${offer!.id}: 15%`);
    expect(page).toContain("<ins>");
  });

  it("sends an approval made in the console through the helpdesk connector, as the API does", async () => {
    const dispatched: string[] = [];
    const s = t.rt.services;
    const before = s.helpdesk;
    s.helpdesk = {
      dispatchDraft: async (id: string) => {
        dispatched.push(id);
        return true;
      },
      retryPost: async () => undefined,
    };
    try {
      const r = await t.retentionTicket();
      const agent = await t.signIn("agent");
      await agent.get(`/console/drafts/${r.draft.id}`);
      const res = await agent.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve" });
      expect(res.status).toBe(303);
      expect(dispatched).toEqual([r.draft.id]);
    } finally {
      s.helpdesk = before;
    }
  });

  it("refuses an edit that changes the decided offer, keeps the agent's text on the page, and writes no ledger entry", async () => {
    const r = await t.retentionTicket({ requester: { customer_id: "12354" } }); // 17580's offer budget is spent by now
    expect(r.decision.discount_percent).toBe(15);
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${r.draft.id}`);
    const edited = r.draft.body.replace("15%", "25%");
    expect(edited).not.toBe(r.draft.body);
    const res = await agent.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve_edited", body: edited });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("changes what the policy decided");
    expect(html).toMatch(/the rendered sentence .*15% off your next order.* was changed or removed/);
    expect(html).toContain("25%"); // the edited text is still in the form
    const [row] = await t.rt.services.db.select().from(drafts).where(eq(drafts.id, r.draft.id));
    expect(row!.status).toBe("pending_review");
    expect(await t.rt.services.db.select().from(offers).where(eq(offers.draftId, r.draft.id))).toHaveLength(0);
  });

  it("refuses 'approve with edits' without edits, and a second approval with 409", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${r.draft.id}`);
    const same = await agent.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve_edited", body: r.draft.body });
    expect(same.status).toBe(400);
    expect(await same.text()).toContain("There are no edits");
    expect((await agent.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve" })).status).toBe(303);
    const again = await agent.post(`/console/drafts/${r.draft.id}/approve`, { action: "approve" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("not pending_review");
  });

  it("rejects only with a reason", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${r.draft.id}`);
    expect((await agent.post(`/console/drafts/${r.draft.id}/reject`, { reason: "   " })).status).toBe(400);
    const ok = await agent.post(`/console/drafts/${r.draft.id}/reject`, { reason: "Customer already got a code by phone" });
    expect(ok.status).toBe(303);
    const [row] = await t.rt.services.db.select().from(drafts).where(eq(drafts.id, r.draft.id));
    expect(row).toMatchObject({ status: "rejected", rejectReason: "Customer already got a code by phone", reviewedBy: USERS.agent });
    expect(await t.rt.services.db.select().from(offers).where(eq(offers.draftId, r.draft.id))).toHaveLength(0);
  });

  it("regenerates with an instruction into a new pending revision and supersedes the old one", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${r.draft.id}`);
    const res = await agent.post(`/console/drafts/${r.draft.id}/regenerate`, { instruction: "shorter, please" });
    expect(res.status).toBe(303);
    const next = /\/console\/drafts\/([0-9a-f-]{36})\?done=regenerated/.exec(res.headers.get("location") ?? "")?.[1];
    expect(next).toBeTruthy();
    expect(next).not.toBe(r.draft.id);
    const [old] = await t.rt.services.db.select().from(drafts).where(eq(drafts.id, r.draft.id));
    expect(old!.status).toBe("superseded");
    const page = await (await agent.get(`/console/drafts/${r.draft.id}`)).text();
    expect(page).toContain(`/console/drafts/${next}`);
  });
});
