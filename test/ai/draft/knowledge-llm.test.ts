/**
 * A model drafting with knowledge, through the real `@ai-sdk/openai` client against the local
 * OpenAI-compatible server on the demo store: the retrieved passages reach the prompt fenced with
 * their ids, the model cites them in its structured output, the guard accepts a fee, time or
 * country only from a cited passage and asks a reply that states a policy to cite one, and the
 * draft stores what it cited.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanguageModel } from "../../../src/ai/model";
import { promptText, startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from "../../fakes/openai-server";
import { startTestApp, type TestApp } from "../../helpers/app";

const NORWAY = "en/shipping-rates#norway-and-switzerland";
const parts = (paragraphs: string[], citations: string[]) =>
  JSON.stringify({ greeting: "Hi there,", paragraphs, commitments_after: paragraphs.length, sign_off: "Kind regards,\nCustomer Care", citations });
const ANSWER = [
  "Yes, we do ship to Norway: it goes with DHL Express for £40.00 per order, delivered in 5 to 8 working days, including 1 to 2 days for customs clearance.",
  "Just reply if you'd like anything else.",
];

let fake: FakeOpenAI;
let t: TestApp;
let script: Array<(req: RecordedRequest) => string> = [];

beforeAll(async () => {
  fake = await startFakeOpenAI((req) => {
    const next = script.shift();
    if (!next) throw new Error("the fake model was called more often than the test expected");
    return next(req);
  });
  t = await startTestApp({ model: createLanguageModel({ apiKey: "sk-test-local", baseURL: fake.baseURL, model: "gpt-4o-mini" })!, timeoutMs: 5000 });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const ticket = (example: string) => ({
  ...JSON.parse(readFileSync(`examples/knowledge-${example}.json`, "utf8")),
  external_id: `kl-${randomBytes(4).toString("hex")}`,
});

describe("a model answering from knowledge", () => {
  it("sees the passages fenced with ids, cites one, and the draft stores the citation", async () => {
    script = [() => parts(ANSWER, [NORWAY])];
    const r = await (await t.call("POST", "/v1/tickets", ticket("shipping-norway"))).json();
    expect(r.draft).toMatchObject({ drafter: "llm", fallback_reason: null });
    expect(r.draft.guard).toMatchObject({ ok: true, repaired: false, violations: [] });
    expect(r.draft.body).toContain("£40.00 per order");
    expect(r.draft.citations).toEqual([
      {
        id: NORWAY,
        title: "Shipping destinations, rates and delivery times",
        section: ["Norway and Switzerland"],
        url: `https://giftware.example/help/shipping-rates#norway-and-switzerland`,
      },
    ]);
    const prompt = promptText(fake.requests.at(-1)!);
    expect(prompt).toContain(`<passage id="${NORWAY}" article="Shipping destinations, rates and delivery times">`);
    expect(prompt).toContain("We ship to Norway and Switzerland with DHL Express: £40.00 per order");
    const stored = await (await t.call("GET", `/v1/drafts/${r.draft.id}`)).json();
    expect(stored.citations).toEqual(r.draft.citations);
  });

  it("may not state the fee, time or country without citing the passage: the repair cites it", async () => {
    script = [() => parts(ANSWER, []), () => parts(ANSWER, [NORWAY])];
    const r = await (await t.call("POST", "/v1/tickets", ticket("shipping-norway"))).json();
    expect(r.draft).toMatchObject({ drafter: "llm", guard: { ok: true, repaired: true } });
    const codes = (r.draft.guard.violations as Array<{ code: string }>).map((v) => v.code);
    expect(codes).toEqual(expect.arrayContaining(["ungrounded_amount", "ungrounded_country", "deadline"]));
    expect(r.draft.citations.map((c: { id: string }) => c.id)).toEqual([NORWAY]);
  });

  it("may not state a policy without citing the passage that says it, nor cite a passage not retrieved", async () => {
    const policy = ["Once an order has been dispatched we can no longer change its address, but the carrier can deliver it somewhere else."];
    script = [() => parts(policy, []), () => parts(policy, ["en/privacy#your-rights"])];
    const r = await (await t.call("POST", "/v1/tickets", ticket("address-change"))).json();
    expect(r.draft).toMatchObject({ drafter: "template", fallback_reason: "the model's draft broke the guard twice" });
    const violations = r.draft.guard.violations as Array<{ code: string; detail: string }>;
    expect(violations.map((v) => v.code)).toEqual(expect.arrayContaining(["uncited_policy", "unknown_passage"]));
    expect(violations.find((v) => v.code === "uncited_policy")!.detail).toContain("we can no longer change");
    // The flagged template answers from the same passages, and cites them.
    expect(r.draft.body).toContain("#581433");
    expect(r.draft.citations.map((c: { id: string }) => c.id)).toEqual(["en/address-changes#after-your-order-has-been-dispatched"]);
  });
});
