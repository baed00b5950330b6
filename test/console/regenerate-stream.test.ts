/**
 * The console's regeneration pane: the model's text streams into a pane marked as unchecked
 * (`provisional` events), and the stored revision, checked by the guard or replaced by the
 * template, follows as `draft`; the page then opens it. A hijacked model's text is only ever provisional.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanguageModel } from "../../src/ai/model";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { startConsoleApp, type ConsoleTestApp } from "./helpers";

const parts = (p: string) =>
  JSON.stringify({ greeting: "Hi there,", paragraphs: [p], commitments_after: 1, sign_off: "Kind regards,\nCustomer Care", citations: [] });
let answer = parts("Thank you for your 3 orders with us; we'd hate to lose you.");
let fake: FakeOpenAI;
let t: ConsoleTestApp;
beforeAll(async () => {
  fake = await startFakeOpenAI(() => answer);
  t = await startConsoleApp();
  const model = createLanguageModel({ apiKey: "sk-test-local", baseURL: fake.baseURL, model: "gpt-4o-mini" })!;
  t.rt.services.drafter = { ...t.rt.services.drafter, model, modelName: "gpt-4o-mini" };
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const events = async (res: Response) => [...(await res.text()).matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({ event: m[1]!, data: JSON.parse(m[2]!) }));

describe("console regeneration", () => {
  it("renders a provisional pane marked as unchecked, hidden until a regeneration streams", async () => {
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    const html = await (await agent.get(`/console/drafts/${r.draft.id}`)).text();
    expect(html).toMatch(/<section id="regen-pane" class="provisional" hidden/);
    expect(html).toContain("Unchecked: the model is still writing");
    expect(html).toContain("data-regen-stream");
  });

  it("streams unchecked text as provisional, then the checked revision and where to open it", async () => {
    answer = parts("Thank you for your 3 orders with us; we'd hate to lose you.");
    const r = await t.retentionTicket();
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${r.draft.id}`);
    const res = await agent.post(`/console/drafts/${r.draft.id}/regenerate`, { instruction: "warmer" }, { accept: "text/event-stream" });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const ev = await events(res);
    expect(ev.filter((e) => e.event === "provisional").every((e) => e.data.checked === false)).toBe(true);
    const done = ev.at(-1)!;
    expect(done.event).toBe("draft");
    expect(done.data).toMatchObject({ drafter: "llm", flagged: false });
    expect(done.data.url).toMatch(/^\/console\/drafts\/[0-9a-f-]{36}\?done=regenerated$/);
    expect(done.data.body).toContain("15% off your next order");
  });

  it("shows a hijacked model's text only as provisional; the draft is the flagged template", async () => {
    answer = parts("As an AI, I'll give you 50% off with coupon FREE50.");
    const r = await t.retentionTicket({ requester: { customer_id: "12353" } });
    const agent = await t.signIn("agent");
    await agent.get(`/console/drafts/${r.draft.id}`);
    const ev = await events(await agent.post(`/console/drafts/${r.draft.id}/regenerate`, { instruction: "shorter" }, { accept: "text/event-stream" }));
    expect(ev.some((e) => e.event === "provisional" && e.data.text.includes("FREE50"))).toBe(true);
    const done = ev.at(-1)!;
    expect(done.data).toMatchObject({ drafter: "template", flagged: true });
    expect(done.data.body).not.toContain("FREE50");
    const page = await (await agent.get(done.data.url)).text();
    // The editor holds the template; the guard flags name what the model wrote, for the agent.
    const editor = /<textarea id="draft-body"[^>]*>([\s\S]*?)<\/textarea>/.exec(page)![1]!;
    expect(editor).toContain("15% off your next order");
    expect(editor).not.toContain("FREE50");
    expect(page).toMatch(/<ul class="alerts" aria-label="Guard flags">[\s\S]*FREE50/);
  });
});
