/**
 * The policy page's triage trust settings: a manager sees and edits `min_triage_confidence` and
 * `min_retention_probability`, the schema refuses values outside 0..1 naming the field, and a saved
 * threshold changes the next decision (no money on a reading the policy no longer trusts).
 */
import { describe, expect, it } from "vitest";
import { useConsoleApp } from "./helpers";

const t = useConsoleApp();

/** The form's fields as a browser would post them back (inputs by name, checked boxes as "on"). */
const formOf = (html: string) => {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input id="[^"]+" name="([^"]+)" type="(number|checkbox|text)"([^>]*)\/?>/g)) {
    const [, name = "", type, rest = ""] = m;
    if (type === "checkbox") {
      if (/checked/.test(rest)) out[name] = "on";
    } else out[name] = /value="([^"]*)"/.exec(rest)?.[1] ?? "";
  }
  return out;
};

type Decision = {
  decision: { offer_discount: boolean; discount_percent: number; reasons: Array<{ rule: string; text: string; facts: Record<string, unknown> }> };
};

describe("policy page: triage trust", () => {
  it("shows both thresholds with their values from the policy in force", async () => {
    const m = await t.signIn("manager");
    const html = await (await m.get("/console/policy")).text();
    expect(html).toContain("Money on a triage reading");
    const form = formOf(html);
    expect(form.min_triage_confidence).toBe(String(t.store.get().min_triage_confidence));
    expect(form.min_retention_probability).toBe(String(t.store.get().min_retention_probability));
  });

  it("refuses a threshold outside 0..1, naming the field, and keeps the policy", async () => {
    const m = await t.signIn("manager");
    const form = formOf(await (await m.get("/console/policy")).text());
    const before = t.store.get().version;
    const res = await m.post("/console/policy", { ...form, min_triage_confidence: "1.5", min_retention_probability: "-0.1", reason: "typo" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("min_triage_confidence");
    expect(html).toContain("min_retention_probability");
    expect(html).toContain('value="1.5"');
    expect(t.store.get().version).toBe(before);
  });

  it("a threshold raised above a ticket's confidence stops its offer; lowering it back restores it", async () => {
    const m = await t.signIn("manager");
    // A retention ticket the classifier reads with some doubt (a retention phrase, a question).
    const body = "hmm prices went up again... is it still worth it?";
    const first = (await t.retentionTicket({ body })) as unknown as Decision;
    expect(first.decision.offer_discount).toBe(true);
    const offer = first.decision.reasons.find((r) => r.rule === "retention_offer");
    const confidence = Number(offer?.facts.triage_confidence);
    expect(confidence).toBeGreaterThanOrEqual(t.store.get().min_triage_confidence);
    expect(confidence, "this test needs a reading below 0.99").toBeLessThan(0.99);
    const above = Math.min(1, Math.round((confidence + 0.01) * 100) / 100);

    const form = formOf(await (await m.get("/console/policy")).text());
    const saved = await m.post("/console/policy", { ...form, min_triage_confidence: String(above), reason: "trust triage only when surer" });
    expect(saved.status).toBe(200);
    expect(t.store.get().min_triage_confidence).toBe(above);
    const second = (await t.retentionTicket({ body })) as unknown as Decision;
    expect(second.decision.offer_discount).toBe(false);
    const unclear = second.decision.reasons.find((r) => r.rule === "triage_unclear");
    expect(unclear?.facts).toMatchObject({ min_triage_confidence: above, confidence });
    expect(unclear?.text).toContain(`triage unclear (confidence ${confidence.toFixed(2)})`);

    const again = formOf(await (await m.get("/console/policy")).text());
    expect(again.min_triage_confidence).toBe(String(above));
    await m.post("/console/policy", { ...again, min_triage_confidence: "0.5", reason: "back to the default" });
    const third = (await t.retentionTicket({ body })) as unknown as Decision;
    expect(third.decision.offer_discount).toBe(true);
  });
});
