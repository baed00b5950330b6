/**
 * Hand-over tickets in the console: first in the queue with their category, the draft page's
 * category, owner and evidence beside the decision (a banner for safety), approval that writes no
 * ledger entry, and the admins' privacy tasks page.
 */
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offers } from "../../src/db/schema";
import { startConsoleApp, type ConsoleTestApp } from "./helpers";

let t: ConsoleTestApp;
type Posted = { ticket: { id: string }; draft: { id: string; body: string } };
const posted: Record<string, Posted> = {};

beforeAll(async () => {
  t = await startConsoleApp();
  // An ordinary retention ticket first, then hand-overs: the queue must still lead with the hand-overs.
  posted.retention = await t.retentionTicket();
  posted.legal = await t.retentionTicket({ body: "Sort this out or I'm taking you to the small claims court." });
  posted.safety = await t.retentionTicket({ body: "I can't do this anymore. Honestly I want to end my life." });
  posted.erasure = await t.retentionTicket({ body: "Please erase all my personal data from your systems.", created_at: "2011-10-31T09:00:00Z" });
});
afterAll(async () => {
  await t?.close();
});

describe("the queue", () => {
  it("lists hand-over tickets first, safety at the top, each with its category and owner", async () => {
    const agent = await t.signIn("agent");
    for (const sort of ["urgent", "newest"]) {
      const html = await (await agent.get(`/console/queue?sort=${sort}`)).text();
      const at = (k: string) => html.indexOf(`/console/drafts/${posted[k]!.draft.id}`);
      expect(at("safety")).toBeGreaterThan(-1);
      expect(at("safety")).toBeLessThan(at("legal"));
      expect(at("legal")).toBeLessThan(at("retention"));
      expect(at("erasure")).toBeLessThan(at("retention"));
    }
    const html = await (await agent.get("/console/queue")).text();
    const row = (k: string) => html.slice(html.indexOf(`/console/drafts/${posted[k]!.draft.id}`)).slice(0, 600);
    expect(row("safety")).toContain("hand-over: safety → safety");
    expect(row("legal")).toContain("hand-over: legal threat → legal");
    expect(row("erasure")).toContain("hand-over: data protection → privacy");
  });

  it("filters to hand-over tickets", async () => {
    const agent = await t.signIn("agent");
    const html = await (await agent.get("/console/queue?offer=handover")).text();
    expect(html).toContain(posted.legal!.draft.id);
    expect(html).not.toContain(posted.retention!.draft.id);
  });
});

describe("a hand-over ticket's page", () => {
  it("shows a safety banner, the owner and the customer's words for a safety ticket", async () => {
    const agent = await t.signIn("agent");
    const html = await (await agent.get(`/console/drafts/${posted.safety!.draft.id}`)).text();
    expect(html).toContain('id="safety-banner"');
    expect(html).toContain("Safety concern.");
    expect(html).toContain("Hand-over: a person owns this ticket");
    expect(html).toMatch(/Owner: <strong>safety<\/strong>/);
    expect(html).toContain("“end my life”");
  });

  it("shows the category, owner and evidence without a banner for a legal threat", async () => {
    const agent = await t.signIn("agent");
    const html = await (await agent.get(`/console/drafts/${posted.legal!.draft.id}`)).text();
    expect(html).not.toContain('id="safety-banner"');
    expect(html).toMatch(/<strong>Legal threat<\/strong> → legal/);
    expect(html).toContain("small claims court");
  });

  it("lists an erasure request's privacy task with its deadline", async () => {
    const agent = await t.signIn("agent");
    const html = await (await agent.get(`/console/drafts/${posted.erasure!.draft.id}`)).text();
    expect(html).toMatch(/erasure: due <strong>2011-11-30<\/strong> \(UK GDPR\) · open/);
  });

  it("approves the holding reply and records no offer in the ledger", async () => {
    const before = (await t.rt.services.db.select({ n: count() }).from(offers))[0]!.n;
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${posted.legal!.draft.id}`);
    const res = await agent.post(`/console/drafts/${posted.legal!.draft.id}/approve`, { action: "approve", body: posted.legal!.draft.body });
    expect(res.status).toBe(303);
    const html = await (await agent.get(`/console/drafts/${posted.legal!.draft.id}`)).text();
    expect(html).toContain("No retention offer: nothing written to the ledger.");
    expect((await t.rt.services.db.select({ n: count() }).from(offers))[0]!.n).toBe(before);
  });
});

describe("the privacy tasks page", () => {
  it("is for admins", async () => {
    for (const role of ["agent", "manager"] as const) {
      const c = await t.signIn(role);
      expect((await c.get("/console/privacy")).status).toBe(403);
      expect(await (await c.get("/console/queue")).text()).not.toContain('href="/console/privacy"');
    }
  });

  it("lists open tasks by deadline, overdue first, with who asked, the right and the rule", async () => {
    await t.retentionTicket({ body: "Do not sell or share my personal information." });
    const admin = await t.signIn("admin");
    const html = await (await admin.get("/console/privacy")).text();
    expect(html).toContain('href="/console/privacy"');
    expect(html).toContain("Today is 2011-12-10");
    const overdue = html.indexOf("2011-11-30");
    expect(overdue).toBeGreaterThan(-1);
    expect(html.slice(overdue, overdue + 400)).toContain("overdue");
    expect(html.slice(overdue, overdue + 800)).toContain("overdue by 10 days");
    expect(html).toContain("UK GDPR: one calendar month (UK GDPR Art. 12(3))");
    expect(html).toContain("17580@customers.example");
    // The do-not-sell request came later and is due later: it follows.
    expect(html.indexOf("do not sell or share")).toBeGreaterThan(overdue);
  });

  it("closes a task with a note; it leaves the open list and shows among the closed", async () => {
    const admin = await t.signIn("admin");
    const page = await (await admin.get("/console/privacy")).text();
    const id = /id="task-([0-9a-f-]{36})"/.exec(page)![1]!;
    const res = await admin.post(`/console/privacy/${id}`, { status: "completed", note: "Erased in Shopify and the helpdesk." });
    expect(res.status).toBe(303);
    expect(await (await admin.get("/console/privacy")).text()).not.toContain(`task-${id}`);
    const closed = await (await admin.get("/console/privacy?status=closed")).text();
    expect(closed).toContain(`task-${id}`);
    expect(closed).toContain("Erased in Shopify and the helpdesk.");
    expect(closed).toContain("completed by admin@shop.example");
  });

  it("answers a bad status with the form and a message", async () => {
    const admin = await t.signIn("admin");
    const page = await (await admin.get("/console/privacy")).text();
    const id = /id="task-([0-9a-f-]{36})"/.exec(page)![1]!;
    const res = await admin.post(`/console/privacy/${id}`, { status: "done" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose a status");
  });
});
