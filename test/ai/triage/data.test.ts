import { describe, expect, it } from "vitest";
import { loadBitext, splitHoldout, stableHash } from "../../../src/ai/triage/data";
import { buildCorpus } from "../../../src/ai/triage/corpus";
import { FAMILY_OF_INTENT, familyOf, intentsOf } from "../../../src/ai/triage/families";
import { OWN_EXAMPLES } from "../../../src/ai/triage/examples";
import { HINT3_DATASETS, HINT3_MAP, mapHint3, parseHint3 } from "../../../src/ai/triage/hint3";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readHint3, readWrittenExamples } from "../../../src/ai/triage/node-loader";
import { INTENT_FAMILIES, INTENTS, RETENTION_INTENTS, type LabelledText } from "../../../src/ai/triage/types";

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

describe("our examples and families", () => {
  it("has at least 40 examples per retention intent and 40 complaints", () => {
    for (const intent of [...RETENTION_INTENTS, "complaint"]) {
      expect(OWN_EXAMPLES.filter((r) => r.intent === intent).length).toBeGreaterThanOrEqual(40);
    }
  });

  it("covers every family, in all five languages", () => {
    for (const family of INTENT_FAMILIES) expect(OWN_EXAMPLES.filter((r) => familyOf(r.intent) === family).length).toBeGreaterThanOrEqual(20);
    for (const marker of [/¿|ñ|está/, /ç|è|ê|vous/, /ß|ü|ich /, /ã|õ|você|não/]) expect(OWN_EXAMPLES.some((r) => marker.test(r.text))).toBe(true);
  });

  it("labels every example with a trainable intent and has no duplicate texts", () => {
    for (const r of OWN_EXAMPLES) {
      expect(INTENTS).toContain(r.intent);
      expect(r.intent).not.toBe("unclear");
    }
    expect(new Set(OWN_EXAMPLES.map((r) => r.text)).size).toBe(OWN_EXAMPLES.length);
  });

  it("maps the retention, complaint and order intents to the families the policy expects", () => {
    expect(FAMILY_OF_INTENT.price_objection).toBe("retention_risk");
    expect(FAMILY_OF_INTENT.considering_leaving).toBe("retention_risk");
    expect(FAMILY_OF_INTENT.complaint).toBe("service_complaint");
    expect(FAMILY_OF_INTENT.product_recommendation).toBe("product_question");
    expect(FAMILY_OF_INTENT.product_info).toBe("product_question");
    expect(FAMILY_OF_INTENT.delivery_period).toBe("order_status");
    expect(FAMILY_OF_INTENT.check_cancellation_fee).toBe("cancellation");
    expect(FAMILY_OF_INTENT.get_invoice).toBe("account_billing");
    expect(FAMILY_OF_INTENT.chatter).toBe("other");
    expect(FAMILY_OF_INTENT.unclear).toBe("other");
    expect(intentsOf("retention_risk")).toEqual(["price_objection", "considering_leaving"]);
  });
});

describe("written examples", () => {
  it("reads every file with a sentiment on each row, no duplicates and none of the eight families missing", () => {
    const rows = readWrittenExamples();
    expect(rows.length).toBeGreaterThanOrEqual(3000);
    for (const r of rows) {
      expect(["negative", "neutral", "positive"]).toContain(r.sentiment);
      expect(typeof r.retention).toBe("boolean");
    }
    for (const family of INTENT_FAMILIES) expect(rows.filter((r) => familyOf(r.intent) === family).length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((r) => r.text.toLowerCase())).size).toBe(rows.length);
  });

  it("names the file and line of a malformed row", () => {
    const dir = mkdtempSync(join(tmpdir(), "written-"));
    try {
      const good = '{"text": "where is my parcel", "family": "order_status", "intent": "track_order", "retention": false, "sentiment": "neutral"}';
      writeFileSync(join(dir, "a.jsonl"), `${good}\n`);
      expect(readWrittenExamples(dir)).toEqual([{ text: "where is my parcel", intent: "track_order", retention: false, sentiment: "neutral" }]);
      writeFileSync(join(dir, "b.jsonl"), `${good.replace("where", "when")}\n${good.replace('"track_order"', '"get_refund"')}\n`);
      expect(() => readWrittenExamples(dir)).toThrow(/b\.jsonl:2: intent "get_refund" is not an intent of family "order_status"/);
      writeFileSync(join(dir, "b.jsonl"), good.replace('"neutral"', '"angry"'));
      expect(() => readWrittenExamples(dir)).toThrow(/b\.jsonl:1: sentiment must be one of/);
      writeFileSync(join(dir, "b.jsonl"), "{not json");
      expect(() => readWrittenExamples(dir)).toThrow(/b\.jsonl:1 is not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("HINT3 mapping", () => {
  it("maps every label of the train and test files except out-of-scope, to an intent of the stated family", () => {
    for (const dataset of HINT3_DATASETS) {
      const labels = new Set([...readHint3(dataset, "train"), ...readHint3(dataset, "test")].map((r) => r.label));
      labels.delete("NO_NODES_DETECTED");
      expect([...labels].filter((l) => !HINT3_MAP[dataset][l])).toEqual([]);
      for (const [label, m] of Object.entries(HINT3_MAP[dataset])) {
        expect(familyOf(m.intent), `${dataset} ${label}`).toBe(m.family);
        expect(m.why.length).toBeGreaterThan(10);
      }
    }
  });

  it("drops out-of-scope rows and refuses an unmapped label, naming it", () => {
    const rows = parseHint3("sentence,label\r\nwhere is my order,ORDER_STATUS\r\nhello,NO_NODES_DETECTED\r\n");
    expect(mapHint3("curekart", rows)).toEqual([{ text: "where is my order", intent: "track_order" }]);
    expect(() => mapHint3("curekart", [{ text: "x", label: "NEW_LABEL" }])).toThrow(/NEW_LABEL has no mapping/);
  });
});

describe("buildCorpus", () => {
  it("weights Bitext below real text, keeps the first label of a duplicate, and balances families halfway", () => {
    const own: LabelledText[] = [{ text: "Where is my parcel", intent: "track_order" }];
    const bitext: LabelledText[] = [
      { text: "where is my parcel", intent: "delivery_period" },
      ...Array.from({ length: 9 }, (_, i): LabelledText => ({ text: `track order ${i}`, intent: "track_order" })),
      { text: "cancel it", intent: "cancel_order" },
    ];
    const rows = buildCorpus({ own, bitext });
    expect(rows).toHaveLength(11);
    expect(rows[0]).toMatchObject({ source: "own", intent: "track_order" });
    const w = (text: string) => rows.find((r) => r.text === text)!.weight;
    expect(w("Where is my parcel") / w("track order 0")).toBeCloseTo(1.5 / 0.15, 6);
    // order_status carries 1.5 + 9 x 0.15 = 2.85, cancellation 0.15: the smaller family's rows count more.
    expect(w("cancel it")).toBeGreaterThan(w("track order 0"));
  });
});
