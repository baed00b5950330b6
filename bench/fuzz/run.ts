/**
 * The long fuzz run: the property-based suite of test/fuzz with many more runs per property than
 * CI's 25, each property's seed printed so a failure replays.
 *
 *   npx tsx bench/fuzz/run.ts [runs per property, default 1000] [seed]
 *
 * Needs what the tests need (PostgreSQL on 127.0.0.1:5432, Redis on 6379). Exits non-zero when a
 * property fails; prints the seed, the runs and the wall time.
 */
import { spawnSync } from "node:child_process";

const runs = Number(process.argv[2] ?? 1000);
const seed = process.argv[3] ?? String(Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(runs) || runs < 1) throw new Error("runs per property must be a positive integer");
console.log(`fuzz: ${runs} runs per property, seed ${seed}`);
const started = Date.now();
const r = spawnSync("npx", ["vitest", "run", "test/fuzz", "--testTimeout", String(Math.max(60_000, runs * 2_000))], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: seed },
});
console.log(`fuzz: ${runs} runs per property, seed ${seed}: ${r.status === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npx vitest run test/fuzz`);
process.exit(r.status ?? 1);
