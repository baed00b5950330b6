import { describe, expect, it } from "vitest";
import { fitTemperature, negativeLogLikelihood, reliability } from "../../../src/ai/triage/calibration";
import { mulberry32, SoftmaxRegression, softmaxInPlace, type TrainingRow } from "../../../src/ai/triage/softmax";

const DIMS = 64;
/** A sparse vector with value 1 on each listed bucket. */
const x = (...buckets: number[]) => ({ indices: Uint32Array.from([...buckets].sort((a, b) => a - b)), values: new Float32Array(buckets.length).fill(1) });

/** Three classes, each marked by its own buckets, plus a shared noise bucket. */
const toy: TrainingRow[] = [
  ...Array.from({ length: 20 }, (_, i) => ({ x: x(1, 2, 40 + (i % 3)), label: 0, weight: 1 })),
  ...Array.from({ length: 20 }, (_, i) => ({ x: x(10, 11, 40 + (i % 3)), label: 1, weight: 1 })),
  ...Array.from({ length: 20 }, (_, i) => ({ x: x(20, 21, 40 + (i % 3)), label: 2, weight: 1 })),
];
const argmax = (z: Float64Array) => z.indexOf(Math.max(...z));

describe("SoftmaxRegression", () => {
  const model = SoftmaxRegression.train(toy, { classes: 3, dims: DIMS, epochs: 20 });

  it("learns a separable problem and gives probabilities that sum to 1", () => {
    for (const r of toy) expect(argmax(model.logits(r.x))).toBe(r.label);
    const p = softmaxInPlace(model.logits(x(1, 2)));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(0.9);
  });

  it("is deterministic for a seed and differs for another seed", () => {
    const again = SoftmaxRegression.train(toy, { classes: 3, dims: DIMS, epochs: 20 });
    const other = SoftmaxRegression.train(toy, { classes: 3, dims: DIMS, epochs: 20, seed: 7 });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(model.toJSON()));
    expect(JSON.stringify(other.toJSON())).not.toBe(JSON.stringify(model.toJSON()));
  });

  it("ignores rows of weight 0 and leans towards heavier rows", () => {
    const conflicting = [
      ...Array.from({ length: 10 }, () => ({ x: x(5), label: 0, weight: 3 })),
      ...Array.from({ length: 10 }, () => ({ x: x(5), label: 1, weight: 1 })),
    ];
    expect(argmax(SoftmaxRegression.train(conflicting, { classes: 2, dims: DIMS }).logits(x(5)))).toBe(0);
    const muted = conflicting.map((r) => ({ ...r, weight: r.label === 0 ? 0 : 1 }));
    expect(argmax(SoftmaxRegression.train(muted, { classes: 2, dims: DIMS }).logits(x(5)))).toBe(1);
  });

  it("keeps only touched buckets and round-trips through its quantised JSON within a small error", () => {
    expect(model.size).toBe(9);
    const copy = SoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const r of toy) {
      const a = softmaxInPlace(model.logits(r.x));
      const b = softmaxInPlace(copy.logits(r.x));
      for (let k = 0; k < 3; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(0.02);
    }
  });

  it("refuses bad rows and bad JSON", () => {
    expect(() => SoftmaxRegression.train([], { classes: 2, dims: DIMS })).toThrow(/no training rows/);
    expect(() => SoftmaxRegression.train([{ x: x(1), label: 3, weight: 1 }], { classes: 2, dims: DIMS })).toThrow(/label 3/);
    expect(() => SoftmaxRegression.train([{ x: x(1), label: 0, weight: -1 }], { classes: 2, dims: DIMS })).toThrow(/negative weight/);
    expect(() => SoftmaxRegression.fromJSON({ ...model.toJSON(), format: "other" } as never)).toThrow(/unsupported/);
    expect(() => SoftmaxRegression.fromJSON({ ...model.toJSON(), dims: 8 })).toThrow(/outside dims/);
  });
});

describe("calibration", () => {
  // Labels drawn from softmax(z / 2): the fitted temperature should come back near 2.
  const random = mulberry32(3);
  const rows = Array.from({ length: 4000 }, () => {
    const logits = Float64Array.from({ length: 4 }, () => (random() - 0.5) * 12);
    const p = softmaxInPlace(logits.map((z) => z / 2));
    let u = random();
    let label = 0;
    while (label < 3 && u > p[label]!) u -= p[label++]!;
    return { logits, label };
  });

  it("recovers the temperature that generated the labels", () => {
    expect(fitTemperature(rows)).toBeGreaterThan(1.8);
    expect(fitTemperature(rows)).toBeLessThan(2.2);
    expect(negativeLogLikelihood(rows, 2)).toBeLessThan(negativeLogLikelihood(rows, 1));
  });

  it("returns 1 for no rows", () => {
    expect(fitTemperature([])).toBe(1);
  });

  it("gives a small ECE to calibrated confidences and a large one to overconfident ones", () => {
    const calibrated = rows.map((r) => {
      const p = softmaxInPlace(r.logits.map((z) => z / 2));
      const best = argmax(p);
      return { confidence: p[best]!, correct: best === r.label };
    });
    expect(reliability(calibrated).ece).toBeLessThan(0.03);
    const overconfident = calibrated.map((c) => ({ ...c, confidence: 0.99 }));
    expect(reliability(overconfident).ece).toBeGreaterThan(0.2);
  });

  it("bins confidences in ten deciles, 1.0 in the top one", () => {
    const { bins } = reliability([
      { confidence: 0.05, correct: false },
      { confidence: 1, correct: true },
      { confidence: 0.95, correct: false },
    ]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ n: 1, accuracy: 0 });
    expect(bins[9]).toMatchObject({ n: 2, accuracy: 0.5 });
    expect(bins[9]!.confidence).toBeCloseTo(0.975, 9);
  });
});
