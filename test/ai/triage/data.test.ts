import { describe, expect, it } from "vitest";
import { loadBitext, splitHoldout, stableHash } from "../../../src/ai/triage/data";
import { FAMILY_OF_INTENT } from "../../../src/ai/triage/families";
import { RETENTION_EXAMPLES } from "../../../src/ai/triage/retention-examples";
import { INTENTS, RETENTION_INTENTS, type LabelledText } from "../../../src/ai/triage/types";

describe("loadBitext", () => {
  it("parses quoted fields with commas", () => {
    const rows = loadBitext('instruction,category,intent\n"I don\'t want it, cancel order 12",ORDER,cancel_order\nwhere is my refund,REFUND,track_refund\n');
    expect(rows).toEqual([
      { text: "I don't want it, cancel order 12", intent: "cancel_order" },
      { text: "where is my refund", intent: "track_refund" },
    ]);
  });

  it("rejects an unknown intent, naming the row", () => {
    expect(() => loadBitext("instruction,category,intent\nhello,X,say_hello\n")).toThrow(/row 2: unknown intent "say_hello"/);
  });

  it("rejects a file without the expected columns", () => {
    expect(() => loadBitext("text,label\nhello,track_order\n")).toThrow(/expected columns/);
  });
});

describe("splitHoldout", () => {
  const rows: LabelledText[] = Array.from({ length: 200 }, (_, i) => ({
    text: `ticket number ${i} about things`,
    intent: i % 2 === 0 ? "track_order" : "get_refund",
  }));

  it("is deterministic and depends only on the text", () => {
    const a = splitHoldout(rows);
    const b = splitHoldout([...rows].reverse());
    expect(new Set(a.holdout.map((r) => r.text))).toEqual(new Set(b.holdout.map((r) => r.text)));
  });

  it("holds out the requested fraction of every intent", () => {
    const { train, holdout } = splitHoldout(rows, 0.2);
    expect(train.length + holdout.length).toBe(200);
    expect(holdout.filter((r) => r.intent === "track_order")).toHaveLength(20);
    expect(holdout.filter((r) => r.intent === "get_refund")).toHaveLength(20);
  });

  it("rejects fractions outside (0, 1)", () => {
    expect(() => splitHoldout(rows, 0)).toThrow(/fraction/);
    expect(() => splitHoldout(rows, 1)).toThrow(/fraction/);
  });

  it("hashes with FNV-1a", () => {
    expect(stableHash("")).toBe(0x811c9dc5);
    expect(stableHash("a")).toBe(0xe40c292c);
  });
});

describe("retention examples and families", () => {
  it("has at least 40 examples per retention intent and 40 complaints", () => {
    for (const intent of [...RETENTION_INTENTS, "complaint"]) {
      expect(RETENTION_EXAMPLES.filter((r) => r.intent === intent).length).toBeGreaterThanOrEqual(40);
    }
  });

  it("labels every example with a known intent and has no duplicate texts", () => {
    for (const r of RETENTION_EXAMPLES) expect(INTENTS).toContain(r.intent);
    expect(new Set(RETENTION_EXAMPLES.map((r) => r.text)).size).toBe(RETENTION_EXAMPLES.length);
  });

  it("maps the retention, complaint and order intents to the families the policy expects", () => {
    expect(FAMILY_OF_INTENT.price_objection).toBe("retention_risk");
    expect(FAMILY_OF_INTENT.considering_leaving).toBe("retention_risk");
    expect(FAMILY_OF_INTENT.complaint).toBe("service_complaint");
    expect(FAMILY_OF_INTENT.product_recommendation).toBe("product_question");
    expect(FAMILY_OF_INTENT.delivery_period).toBe("order_status");
    expect(FAMILY_OF_INTENT.check_cancellation_fee).toBe("cancellation");
    expect(FAMILY_OF_INTENT.get_invoice).toBe("account_billing");
    expect(FAMILY_OF_INTENT.review).toBe("other");
  });
});
