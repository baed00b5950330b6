/**
 * The seed's three scenarios (examples/, customer 17580) with no model configured: the template
 * drafter writes the conversation and the same renderer states each commitment exactly once.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
});
afterAll(async () => {
  await t?.close();
});

const count = (body: string, s: string) => body.toLowerCase().split(s.toLowerCase()).length - 1;

describe("the seed's scenarios with the template drafter", () => {
  it("state 15%, 10% and 15% + free shipping + the manager follow-up exactly once each", async () => {
    const bodies: string[] = [];
    for (const file of ["scenario-1-considering-leaving.json", "scenario-2-recommendation.json", "scenario-3-shipping-complaint.json"]) {
      const ticket = { ...JSON.parse(readFileSync(`examples/${file}`, "utf8")), external_id: `seed-${randomBytes(4).toString("hex")}` };
      const r = await (await t.call("POST", "/v1/tickets", ticket)).json();
      expect(r.draft.drafter).toBe("template");
      expect(r.draft.guard).toMatchObject({ ok: true, flagged: false });
      bodies.push(r.draft.body);
    }
    const [one, two, three] = bodies as [string, string, string];
    expect([count(one, "%"), count(one, "15% off your next order")]).toEqual([1, 1]);
    expect([count(two, "%"), count(two, "10% off your next order")]).toEqual([1, 1]);
    expect([count(three, "%"), count(three, "15% off your next order"), count(three, "free shipping"), count(three, "manager")]).toEqual([1, 1, 1, 1]);
  });
});
