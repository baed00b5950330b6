/**
 * Multinomial logistic regression (softmax regression) over hashed sparse features, trained by
 * AdaGrad (Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods", JMLR 12) with L2
 * regularisation and per-example weights. Pure computation, deterministic for a given seed.
 *
 * Why our own: the npm candidates train on dense matrices (`ml-logistic-regression`: a
 * classes x 262,144 dense problem would not train at start-up) or are one-vs-rest binary
 * models without probabilities that sum to one (`natural`'s LogisticRegressionClassifier, which
 * also pulls in database drivers). This file is the whole model: about 150 lines, tested in
 * test/ai/triage/softmax.test.ts against a gradient check and a separable toy problem.
 *
 * Serialised form (`toJSON`): only buckets with a non-zero weight, as delta-coded varints, and
 * the weights quantised to int8 with one scale per class, both base64: a few hundred kB, so the
 * Workers build can bundle it. `fromJSON(toJSON(m))` is the model the service uses, in Node and
 * in Workers alike, so both give the same answers.
 */
import { fromBase64, toBase64 } from "./base64";
import type { SparseVector } from "./features";

/** One training row: a feature vector, its class index and its weight (1 = an ordinary row). */
export interface TrainingRow {
  x: SparseVector;
  label: number;
  weight: number;
}

export interface SoftmaxTrainOptions {
  classes: number;
  dims: number;
  /** Passes over the data. Default 12. */
  epochs?: number;
  /** L2 penalty per update, applied to the weights an example touches. Default 1e-4. */
  l2?: number;
  /** AdaGrad base step. Default 0.4. */
  learningRate?: number;
  /** Seed of the shuffle (mulberry32). Default 1. */
  seed?: number;
}

export const SOFTMAX_FORMAT = "softmax-int8-v1" as const;

/** Plain-JSON form of a trained model (see the module comment). */
export interface SoftmaxJSON {
  format: typeof SOFTMAX_FORMAT;
  classes: number;
  dims: number;
  bias: number[];
  /** Per-class quantisation step: weight = int8 * scale[class]. */
  scale: number[];
  /** base64 of the kept buckets, ascending, as unsigned LEB128 deltas. */
  buckets: string;
  /** base64 of int8 weights, `classes` per kept bucket, in bucket order. */
  weights: string;
}

/** mulberry32: a small seeded PRNG (public domain, Tommy Ettinger). Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Softmax of `z` in place (numerically stable); returns `z`. */
export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k]! - max);
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
  return z;
}

export class SoftmaxRegression {
  /** Bucket -> its weight per class; only buckets that some training row touched. */
  private constructor(
    readonly classes: number,
    readonly dims: number,
    private readonly rows: Map<number, Float32Array>,
    private readonly bias: Float64Array,
  ) {}

  /** Raw scores (logits) of every class for a feature vector; bucket indices >= dims are ignored. */
  logits(x: SparseVector): Float64Array {
    const z = Float64Array.from(this.bias);
    for (let i = 0; i < x.indices.length; i++) {
      const row = this.rows.get(x.indices[i]!);
      if (!row) continue;
      const v = x.values[i]!;
      for (let k = 0; k < this.classes; k++) z[k]! += v * row[k]!;
    }
    return z;
  }

  /**
   * Fit the model. Rows are visited in a seeded shuffled order each epoch.
   * @throws Error when there are no rows, a label is out of range, or a weight is negative
   */
  static train(rows: readonly TrainingRow[], options: SoftmaxTrainOptions): SoftmaxRegression {
    const { classes, dims, epochs = 12, l2 = 1e-4, learningRate = 0.4, seed = 1 } = options;
    if (rows.length === 0) throw new Error("softmax: no training rows");
    for (const r of rows) {
      if (!(r.label >= 0 && r.label < classes)) throw new Error(`softmax: label ${r.label} outside 0..${classes - 1}`);
      if (!(r.weight >= 0)) throw new Error(`softmax: negative weight ${r.weight}`);
    }
    const w = new Float32Array(dims * classes);
    // AdaGrad with one accumulator per bucket (shared by its classes): one square root per
    // feature per row instead of one per weight, and a quarter of the memory.
    const g2 = new Float32Array(dims);
    const bias = new Float64Array(classes);
    const biasG2 = new Float64Array(classes);
    const z = new Float64Array(classes);
    const order = rows.map((_, i) => i);
    const random = mulberry32(seed);
    const eps = 1e-8;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const idx of order) {
        const { x, label, weight } = rows[idx]!;
        if (weight === 0) continue;
        z.set(bias);
        for (let i = 0; i < x.indices.length; i++) {
          const base = x.indices[i]! * classes;
          const v = x.values[i]!;
          for (let k = 0; k < classes; k++) z[k]! += v * w[base + k]!;
        }
        softmaxInPlace(z);
        for (let k = 0; k < classes; k++) {
          const g = weight * (z[k]! - (k === label ? 1 : 0));
          z[k] = g;
          biasG2[k]! += g * g;
          bias[k]! -= (learningRate * g) / (Math.sqrt(biasG2[k]!) + eps);
        }
        for (let i = 0; i < x.indices.length; i++) {
          const base = x.indices[i]! * classes;
          const v = x.values[i]!;
          // The accumulator takes the whole gradient, L2 term included: leaving it out lets a
          // tiny loss gradient make a huge step that the L2 term then overshoots.
          let squared = 0;
          for (let k = 0; k < classes; k++) {
            const g = z[k]! * v + l2 * w[base + k]!;
            squared += g * g;
          }
          g2[x.indices[i]!]! += squared;
          const step = learningRate / (Math.sqrt(g2[x.indices[i]!]!) + eps);
          for (let k = 0; k < classes; k++) w[base + k]! -= step * (z[k]! * v + l2 * w[base + k]!);
        }
      }
    }
    const kept = new Map<number, Float32Array>();
    for (let b = 0; b < dims; b++) {
      if (g2[b] === 0) continue; // never touched: all its weights are zero
      kept.set(b, w.slice(b * classes, (b + 1) * classes));
    }
    return new SoftmaxRegression(classes, dims, kept, bias);
  }

  /** Quantised, compact JSON (see the module comment). Round-trips through `fromJSON`. */
  toJSON(): SoftmaxJSON {
    const buckets = [...this.rows.keys()].sort((a, b) => a - b);
    const scale = Array.from({ length: this.classes }, (_, k) => {
      let max = 0;
      for (const row of this.rows.values()) max = Math.max(max, Math.abs(row[k]!));
      return max === 0 ? 1 : max / 127;
    });
    const q = new Int8Array(buckets.length * this.classes);
    buckets.forEach((b, i) => {
      const row = this.rows.get(b)!;
      for (let k = 0; k < this.classes; k++) q[i * this.classes + k] = Math.round(row[k]! / scale[k]!);
    });
    const varints: number[] = [];
    let prev = 0;
    for (const b of buckets) {
      let d = b - prev;
      prev = b;
      while (d >= 0x80) {
        varints.push((d & 0x7f) | 0x80);
        d >>>= 7;
      }
      varints.push(d);
    }
    return {
      format: SOFTMAX_FORMAT,
      classes: this.classes,
      dims: this.dims,
      bias: Array.from(this.bias),
      scale,
      buckets: toBase64(Uint8Array.from(varints)),
      weights: toBase64(new Uint8Array(q.buffer)),
    };
  }

  /** @throws Error on another format or inconsistent sizes */
  static fromJSON(json: SoftmaxJSON): SoftmaxRegression {
    if (json?.format !== SOFTMAX_FORMAT) throw new Error(`softmax: unsupported model format ${String(json?.format)}`);
    const { classes, dims } = json;
    if (json.bias.length !== classes || json.scale.length !== classes) throw new Error("softmax: bias or scale length differs from classes");
    const bytes = fromBase64(json.buckets);
    const q = new Int8Array(fromBase64(json.weights).buffer);
    const rows = new Map<number, Float32Array>();
    let prev = 0;
    let n = 0;
    for (let i = 0; i < bytes.length; ) {
      let d = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[i++]!;
        d |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      prev += d;
      if (prev >= dims) throw new Error(`softmax: bucket ${prev} outside dims ${dims}`);
      const row = new Float32Array(classes);
      for (let k = 0; k < classes; k++) row[k] = q[n * classes + k]! * json.scale[k]!;
      rows.set(prev, row);
      n++;
    }
    if (n * classes !== q.length) throw new Error("softmax: weight count differs from bucket count");
    return new SoftmaxRegression(classes, dims, rows, Float64Array.from(json.bias));
  }

  /** Buckets with weights (the model's size). */
  get size(): number {
    return this.rows.size;
  }
}
