/** POST /v1/triage: the offline classifier's reading with its confidence, runner-up and `unclear`. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TriageSchema } from "../../src/ai/triage/types";
import { startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const triage = async (text: string) => {
  const res = await t.call("POST", "/v1/triage", { text });
  expect(res.status).toBe(200);
  return TriageSchema.parse(await res.json());
};

describe("POST /v1/triage", () => {
  it("shows the family with its confidence, the runner-up and unclear false for a clear ticket", async () => {
    const r = await triage("Where is my order 48213? Tracking hasn't moved for a week.");
    expect(r).toMatchObject({ family: "order_status", unclear: false, classifier: "offline-lr-v2" });
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.runner_up).toMatchObject({ family: expect.not.stringMatching(/^order_status$/) });
    expect(r.runner_up!.confidence).toBeLessThan(r.confidence);
  });

  it.each(["asdkjh qwpeoiru zxmcnv", "qqq www eee rrr", "lorem ipsum dolor sit amet"])("returns unclear for gibberish: %s", async (text) => {
    expect(await triage(text)).toMatchObject({ unclear: true, family: "other", intent: "unclear" });
  });

  it.each(["What a lovely sunny day, the football was great last night!", "haha my cat just knocked the plant over again 😂"])(
    "returns unclear for off-topic chatter: %s",
    async (text) => {
      expect(await triage(text)).toMatchObject({ unclear: true, family: "other" });
    },
  );

  it("shows the retention evidence it found", async () => {
    const r = await triage("I'm switching to another shop, your prices are way too expensive now.");
    expect(r.family).toBe("retention_risk");
    expect(r.retention.evidence.length).toBeGreaterThan(0);
    expect(r.retention.probability).toBeGreaterThan(0.5);
  });

  it("refuses an empty text with a problem naming the field", async () => {
    const res = await t.call("POST", "/v1/triage", { text: "   " });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await res.json())).toContain("text");
  });
});
