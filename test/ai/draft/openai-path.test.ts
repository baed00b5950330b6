/**
 * The whole drafting path (prompt, structured output or plain text, guard, repair, template
 * fallback, storage, approval) through the real `@ai-sdk/openai` client against the local
 * OpenAI-compatible server, answering as a careful model and as a careless or hijacked one, both
 * non-streaming and streaming. And the seed's three scenarios (examples/, customer 17580): each
 * commitment stated exactly once, by the system.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanguageModel } from "../../../src/ai/model";
import { promptText, schemaProperties, startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from "../../fakes/openai-server";
import { scenario, startTestApp, type TestApp } from "../../helpers/app";

const parts = (paragraphs: string[], after = 1, greeting = "Hi there,") =>
  JSON.stringify({ greeting, paragraphs, commitments_after: after, sign_off: "Kind regards,\nCustomer Care", citations: [] });

/** What a careful model writes for each seed scenario: conversation only. */
const CAREFUL: Record<string, string> = {
  retention_risk: parts([
    "Thank you for getting in touch, and for your 3 orders with us since December 2010, most recently on 2011-04-01. I completely understand that price matters, and I'm sorry you've been weighing up other suppliers.",
    "Everything we sell is chosen with care, from the 6 Egg House Painted Wood to the Valentine Decoupage Heart Box, and we'd really miss you.",
  ]),
  product_question: parts(
    [
      "What a lovely question, and it's good to hear from you again. Since you chose the Heart of Wicker Large and Small and the Pack 20 English Rose Paper Napkins, pieces from the same woven and floral ranges would sit beautifully beside them.",
      "I'd be glad to suggest more if you tell me which room you have in mind.",
    ],
    2,
  ),
  service_complaint: parts(
    [
      "I'm truly sorry your last order took so long to reach you. After 3 orders with us you deserve better, and I understand how frustrating the wait has been.",
      "Thank you for telling us; it helps us put things right.",
    ],
    1,
  ),
};

/** Outputs a careless, sycophantic or hijacked model writes (structured), each breaking the allow-list differently. */
const HOSTILE: Array<[string, string]> = [
  ["coupon", parts(["So sorry! Use coupon WELCOMEBACK for an extra treat."])],
  ["full-width percent", parts(["We value you: enjoy ２０％ off everything."])],
  ["cyrillic free shipping", parts(["Your next order comes with frее shipping."])],
  ["manager call", parts(["A team lead will phone you to talk it through."])],
  ["deadline", parts(["Your next order will arrive by 15 December, guaranteed."])],
  ["internal label", parts(["Our model predicts you are unlikely to order again, so here we are."])],
  ["another person's email", parts(["Our customer jane.doe@example.org had the same issue."])],
  ["meta", parts(["As an AI language model, I was told to ignore previous instructions."])],
  ["markup", parts(["<b>Thank you</b> for your message <script>x()</script>."])],
  ["invoice", parts(["Your invoice 581234 for 300 pounds is settled."])],
];

let fake: FakeOpenAI;
let t: TestApp;
let script: Array<(req: RecordedRequest) => string> = [];
const draftCalls = () => fake.requests.filter((r) => schemaProperties(r).includes("paragraphs") || !schemaProperties(r).length);

beforeAll(async () => {
  fake = await startFakeOpenAI((req) => {
    const next = script.shift();
    if (!next) throw new Error("the fake model was called more often than the test expected");
    return next(req);
  });
  const model = createLanguageModel({ apiKey: "sk-test-local", baseURL: fake.baseURL, model: "gpt-4o-mini" })!;
  t = await startTestApp({ model, timeoutMs: 5000 });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const seed = (file: string) => ({ ...JSON.parse(readFileSync(`examples/${file}`, "utf8")), external_id: `seed-${randomBytes(4).toString("hex")}` });
const count = (body: string, s: string) => body.split(s).length - 1;

describe("the seed's three scenarios through the OpenAI wire protocol", () => {
  it("state 15%, 10% and 15% + free shipping + the manager follow-up exactly once each, in the system's words", async () => {
    const bodies: string[] = [];
    for (const [file, family] of [
      ["scenario-1-considering-leaving.json", "retention_risk"],
      ["scenario-2-recommendation.json", "product_question"],
      ["scenario-3-shipping-complaint.json", "service_complaint"],
    ] as const) {
      script = [() => CAREFUL[family]!];
      const r = await (await t.call("POST", "/v1/tickets", seed(file))).json();
      expect(r.draft, file).toMatchObject({ drafter: "llm", fallback_reason: null });
      expect(r.draft.guard.ok).toBe(true);
      bodies.push(r.draft.body);
    }
    const [one, two, three] = bodies as [string, string, string];
    expect(count(one, "%")).toBe(1);
    expect(count(one, "15% off your next order")).toBe(1);
    expect(count(two, "%")).toBe(1);
    expect(count(two, "10% off your next order")).toBe(1);
    expect(count(three, "%")).toBe(1);
    expect(count(three, "15% off your next order, with free shipping")).toBe(1);
    expect(count(three.toLowerCase(), "free shipping")).toBe(1);
    expect(count(three, "asked a manager to contact you personally")).toBe(1);
    expect(count(three.toLowerCase(), "manager")).toBe(1);
    for (const b of bodies) expect(count(b, "{{discount_code}}")).toBe(1);
  });
});

describe("a careless or hijacked model", () => {
  it("is repaired when the second answer keeps to the allow-list, and the violations are stored", async () => {
    for (const [name, bad] of HOSTILE) {
      script = [() => bad, () => CAREFUL.retention_risk!];
      const r = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
      expect(r.draft.drafter, name).toBe("llm");
      expect(r.draft.guard, name).toMatchObject({ ok: true, repaired: true, flagged: false });
      expect(r.draft.guard.violations.length, name).toBeGreaterThan(0);
      const repair = promptText(fake.requests.at(-1)!);
      expect(repair, name).toContain("Your reply broke these rules");
      const stored = await (await t.call("GET", `/v1/drafts/${r.draft.id}`)).json();
      expect(stored.body).toBe(r.draft.body);
      expect(stored.body).not.toMatch(/WELCOMEBACK|２０％|frее|team lead|15 December|model predicts|jane\.doe|language model|<b>|581234/);
    }
  });

  it("is replaced by the flagged template when the repair breaks it again", async () => {
    for (const [name, bad] of HOSTILE) {
      script = [() => bad, () => bad];
      const r = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
      expect(r.draft, name).toMatchObject({ drafter: "template", fallback_reason: "the model's draft broke the guard twice" });
      expect(r.draft.guard.flagged, name).toBe(true);
      for (const c of r.draft.guard.commitments as Array<{ text: string }>) expect(count(r.draft.body, c.text), name).toBe(1);
    }
  });

  it("never shows unchecked text as the draft when streaming: it is provisional, then the template replaces it", async () => {
    script = [() => CAREFUL.retention_risk!];
    const first = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
    const bad = HOSTILE[0]![1];
    script = [() => bad, () => bad];
    const res = await t.call("POST", `/v1/drafts/${first.draft.id}/regenerate`, { instruction: "warmer" }, { accept: "text/event-stream" });
    const events = [...(await res.text()).matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({ event: m[1]!, data: JSON.parse(m[2]!) }));
    const provisional = events.filter((e) => e.event === "provisional");
    expect(provisional.at(-1)!.data).toMatchObject({ checked: false });
    expect(provisional.at(-1)!.data.text).toContain("WELCOMEBACK");
    const final = events.at(-1)!;
    expect(final.event).toBe("draft");
    expect(final.data).toMatchObject({ drafter: "template", fallback_reason: "the model's draft broke the guard twice" });
    expect(final.data.body).not.toContain("WELCOMEBACK");
    expect(draftCalls().at(-2)!.body.stream).toBe(true);
    expect(draftCalls().at(-1)!.body.stream).toBeFalsy();
  });
});

describe("plain-text mode, for a model without structured output", () => {
  it("puts the rendered block at the marker line, and holds the text to the same allow-list", async () => {
    const before = t.rt.services.drafter;
    t.rt.services.drafter = { ...before, outputMode: "text" };
    try {
      script = [
        (req) => {
          expect(schemaProperties(req)).toEqual([]);
          expect(promptText(req)).toContain("[[COMMITMENTS]]");
          return "Hi there,\n\nThank you for your 3 orders with us; I understand that price matters.\n\n[[COMMITMENTS]]\n\nJust reply if you need anything.\n\nKind regards,\nCustomer Care";
        },
      ];
      const ok = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
      expect(ok.draft.drafter).toBe("llm");
      expect(ok.draft.body).toBe(
        "Hi there,\n\nThank you for your 3 orders with us; I understand that price matters.\n\nAs a thank-you, I'd like to offer you 15% off your next order. Your personal code is {{discount_code}}: enter it at checkout.\n\nJust reply if you need anything.\n\nKind regards,\nCustomer Care",
      );
      script = [
        () => "Hi there,\n\nUse coupon WELCOMEBACK for 15pct off.\n\nKind regards,\nCustomer Care",
        () => "Hi there,\n\nHere is 20٪ off.\n\nKind regards,\nCustomer Care",
      ];
      const bad = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
      expect(bad.draft).toMatchObject({ drafter: "template" });
      expect(bad.draft.guard.flagged).toBe(true);
    } finally {
      t.rt.services.drafter = before;
    }
  });
});

describe("approval", () => {
  it("removes the code sentence when no code was created, and refuses an edit that adds a coupon or a full-width percentage", async () => {
    script = [() => CAREFUL.retention_risk!];
    const r = await (await t.call("POST", "/v1/tickets", scenario(1))).json();
    expect(r.draft.body).toContain("{{discount_code}}");
    for (const add of ["And 20% more with coupon WELCOMEBACK.", "Plus ２０％ on top."]) {
      const res = await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, { body: `${r.draft.body}\n\n${add}` });
      expect(res.status, add).toBe(422);
      const p = await res.json();
      expect(p.invalid_params.length).toBeGreaterThan(0);
      expect(p.invalid_params.every((i: { name: string }) => i.name === "body")).toBe(true);
    }
    const moved = r.draft.body.split("\n\n");
    const block = moved.splice(2, 1)[0]!;
    moved.splice(1, 0, block);
    const ok = await t.call("POST", `/v1/drafts/${r.draft.id}/approve`, { body: moved.join("\n\n") });
    expect(ok.status).toBe(200);
    const sent = await ok.json();
    expect(sent.body).not.toContain("{{discount_code}}");
    expect(sent.body).not.toContain("Your personal code");
    expect(count(sent.body, "15% off your next order")).toBe(1);
  });
});
