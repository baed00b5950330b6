/**
 * The console's customer search box (every page's header) and the customer page: the same search,
 * insights and journey functions as /v1/customers and the MCP tools.
 */
import { describe, expect, it } from "vitest";
import { useConsoleApp } from "./helpers";

const t = useConsoleApp();

describe("customer search in the console", () => {
  it("has a search box in the header of every page, for agents", async () => {
    const html = await (await (await t.signIn("agent")).get("/console/queue")).text();
    expect(html).toMatch(/<form method="get" action="\/console\/customers" role="search"[^>]*>/);
    expect(html).toMatch(/<label for="customer-search"[^>]*>\s*Find a customer\s*<\/label>/);
  });

  it("lists matches by email, id or order number and opens the customer's panel and journey", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    const found = await (await agent.get("/console/customers?query=17580%40CUSTOMERS.example")).text();
    expect(found).toContain('href="/console/customers/17580"');
    expect(found).toContain("email");
    const none = await (await agent.get("/console/customers?query=nobody-here")).text();
    expect(none).toContain("No customer matches “nobody-here”.");

    const page = await agent.get("/console/customers/17580");
    expect(page.status).toBe(200);
    const html = await page.text();
    // The panel's alerts come from the same insights as GET /v1/customers/:id/insights.
    const insights = (await (await t.call("GET", "/v1/customers/17580/insights")).json()) as { insights: Array<{ message: string }> };
    for (const i of insights.insights) expect(html).toContain(i.message);
    expect(html).toContain("Long inactivity: 252 days since the last order.");
    expect(html).toMatch(/Journey/);
    expect(html).toMatch(/Order #\d+ · £[\d,.]+ · \d+ items/);
    expect(html).toContain("Ticket from api");
    expect(html).toContain(`href="/console/drafts/${r.draft.id}"`);
  });

  it("404s an unknown customer and sends a signed-out visitor to sign in", async () => {
    const agent = await t.signIn("agent");
    expect((await agent.get("/console/customers/99999999")).status).toBe(404);
    const anon = await t.client().get("/console/customers?query=17580");
    expect([302, 303]).toContain(anon.status);
  });
});
