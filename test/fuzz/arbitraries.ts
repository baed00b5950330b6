/**
 * Generators and settings of the property-based suite (fast-check). Every run prints its seed;
 * `FUZZ_SEED=<seed> npx vitest run test/fuzz` replays it, `FUZZ_RUNS=<n>` sets the runs per
 * property (default 25, for CI; bench/fuzz runs many more).
 */
import fc from "fast-check";

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 25);
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** fast-check's parameters for every property: a failure's message repeats the seed and the shrunk path. */
export const params = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true } satisfies fc.Parameters<unknown>;

/** Prints how to replay this run (vitest shows it with the suite's output). */
export function announce(suite: string): void {
  console.log(
    `[fuzz] ${suite}: ${FUZZ_RUNS} runs per property, seed ${FUZZ_SEED} (replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} npx vitest run test/fuzz)`,
  );
}

/** Characters that have broken the service before, and their neighbours. */
const SPECIALS = [
  "\u0000",
  "\udfff",
  "\ud800",
  "\ud83d",
  "\ude00",
  "\ud83d\ude00",
  "\u202e",
  "\ufeff",
  "\uffff",
  "\u0085",
  "\u2028",
  "\u001b",
  "\r\n",
  "\t",
  "'",
  '"',
  "\\",
  "%00",
  "%",
  "<script>",
  "../",
  "€",
  "ß",
  "İ",
];

/** Strings mixing plain text, any code unit (lone surrogates included) and known trouble. */
export const nastyString = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 6 }) },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

/** Date-times in and far out of range, malformed and odd. */
export const oddDate = fc.oneof(
  fc.constantFrom(
    "0000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "2100-12-31T23:59:59Z",
    "2101-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "2011-02-30T00:00:00Z",
    "2011-12-01T10:00:00+25:00",
    "2011-12-01",
    "yesterday",
    "",
  ),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Numbers JSON can carry that break naive code: huge, tiny, negative, fractional. */
export const oddNumber = fc.oneof(
  fc.constantFrom(1e300, -1e300, 1e-300, -1, 0, 2 ** 53 + 1, 1.5, 9_999_999_999_999),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value, including deep nesting. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 3000 }).map((n) => JSON.parse("[".repeat(n) + "]".repeat(n)) as unknown) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 4 }) },
);

/** A value of the wrong kind for any field, or a nasty string. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  oddNumber,
  fc.constant(null),
  fc.boolean(),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), nastyString, { maxKeys: 2 }),
  fc.string({ minLength: 1000, maxLength: 3000 }),
);

/** Either the valid value or a mutation of it (or the field left out). */
export function maybe<T>(valid: fc.Arbitrary<T>, ...alt: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: fc.oneof(wrongValue, ...alt) }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** A path segment as a client could send it: percent-encoded nasty text, ids of other shapes. */
export const pathSegment = fc.oneof(
  nastyString.filter((s) => s.length > 0).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "x"))),
  fc.constantFrom(
    "%00",
    "a%00b",
    "17580%00",
    "%ff%fe",
    "%",
    "..%2f..",
    "00000000-0000-0000-0000-000000000000",
    "6a1f4d0e-1c2b-4f9a-9d7e-0b1c2d3e4f50",
    "17580",
    "gid%3A%2F%2Fshopify%2FCustomer%2F17580",
    "arch_0123abcd",
    "x".repeat(500),
  ),
  fc.uuid(),
);

/** A query-string value, percent-encoded (lone surrogates as raw %ED%xx bytes too). */
export const queryValue = fc.oneof(
  nastyString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "x"))),
  fc.constantFrom("%00", "%ED%BF%BF", "-1", "0", "1e300", "101", "NaN", "pending_review", "open", "failed", "2011-01-01", "0000-01-01", ""),
  oddNumber.map(String),
);
