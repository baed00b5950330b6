/**
 * Scoring benchmark: synthetic customers from a known BG/NBD + Gamma-Gamma process, then time the
 * summary, the fits, per-customer scoring and the full scoreStore, and compare recovered parameters
 * with the true ones. Prints figures; not a test.
 *
 *   npx tsx bench/scoring/run.ts [N...]        (default: 10000 100000 1000000)
 *   SCORE_STORE=0 npx tsx bench/scoring/run.ts 1000000   (skip the end-to-end scoreStore pass)
 *
 * Sizes run in ascending order, so maxRSS printed after each size is that size's peak (it is a
 * process-wide maximum). Times are whole days (a discrete grid), so collapsing identical
 * (x, t_x, T) rows shrinks the fitting data a lot.
 */
import {
  clv, collapse, expectedAverageOrderValue, expectedPurchases, fitBgNbd, fitGammaGamma, pAlive, probNoPurchase,
  scoreStore, summarize, type StoreOrder,
} from "../../src/scoring";

// alpha in days: mean rate r/alpha = 1 purchase per 120 days. r = 0.5 rather than CDNOW's 0.25 keeps
// the gamma tail of purchase rates light enough that few customers buy twice in one day: the day grid
// merges such purchases into one occasion, which the continuous-time model cannot know about (with
// r = 0.25, alpha = 30 that lost 1.4% of repeats and biased alpha by +4%; see README).
const TRUE_BG = { r: 0.5, alpha: 60, a: 0.8, b: 2.5 };
const TRUE_GG = { p: 6, q: 4, gamma: 1500 }; // gamma in minor units
const SEED = 20240501;
const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const HORIZON_DAYS = 730; // births spread over the first year, observed until day 730

/** xoshiro128** seeded through splitmix32: a small, fast, well-tested 32-bit PRNG. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  return () => {
    const result = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = (d << 11) | (d >>> 21);
    return (result + 0.5) / 4294967296; // (0, 1)
  };
}

function sampler(rand: () => number) {
  const normal = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  // Marsaglia & Tsang (2000); shape < 1 boosted by U^(1/shape).
  const gamma = (shape: number, rate: number): number => {
    if (shape < 1) return gamma(shape + 1, rate) * Math.pow(rand(), 1 / shape);
    const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do { x = normal(); v = 1 + c * x; } while (v <= 0);
      v = v * v * v;
      const u = rand();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
    }
  };
  const beta = (a: number, b: number) => { const x = gamma(a, 1); return x / (x + gamma(b, 1)); };
  return { gamma, beta };
}

interface Generated {
  orders: StoreOrder[];
  asOf: Date;
  /** The same customers' exact continuous-time (x, t_x, T) in days: a control for grid effects. */
  exact: Array<{ x: number; t_x: number; T: number }>;
}

function generate(n: number): Generated {
  const rand = prng(SEED ^ n);
  const { gamma, beta } = sampler(rand);
  const orders: StoreOrder[] = [];
  const exact: Generated["exact"] = [];
  for (let i = 0; i < n; i++) {
    const id = `c${i}`;
    const lambda = gamma(TRUE_BG.r, TRUE_BG.alpha);
    const p = beta(TRUE_BG.a, TRUE_BG.b);
    const nu = gamma(TRUE_GG.q, TRUE_GG.gamma);
    const birth = Math.floor(rand() * 365);
    const observed = HORIZON_DAYS - birth;
    const spend = () => Math.max(1, Math.round(gamma(TRUE_GG.p, nu)));
    orders.push({ customerId: id, at: new Date(START + birth * DAY), amount: spend() });
    // Repeat purchases: exponential gaps while alive; drop out after each repeat with probability p.
    // Times are rounded to the nearest whole day (not floored) so the grid does not bias t_x.
    let t = 0, x = 0, last = 0;
    for (;;) {
      t += -Math.log(rand()) / lambda;
      if (t > observed) break;
      x++;
      last = t;
      orders.push({ customerId: id, at: new Date(START + (birth + Math.round(t)) * DAY), amount: spend() });
      if (rand() < p) break;
    }
    exact.push({ x, t_x: last, T: observed });
  }
  return { orders, asOf: new Date(START + HORIZON_DAYS * DAY), exact };
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const rel = (got: number, want: number) => `${got.toPrecision(5)} (true ${want}, ${(((got - want) / want) * 100).toFixed(2)}%)`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

const sizes = (process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [10_000, 100_000, 1_000_000]).sort((x, y) => x - y);
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const n of sizes) {
  console.log(`\n=== N = ${n.toLocaleString("en")} customers ===`);
  let t0 = performance.now();
  const { orders, asOf, exact } = generate(n);
  console.log(`generate            ${ms(t0)}  (${orders.length.toLocaleString("en")} orders)`);

  const tAll = performance.now();
  t0 = performance.now();
  const summary = summarize(orders, asOf, "days");
  console.log(`summarize           ${ms(t0)}`);
  t0 = performance.now();
  const rows = collapse(summary.customers);
  const bg = fitBgNbd(rows);
  console.log(`collapse + BG/NBD   ${ms(t0)}  (${rows.length.toLocaleString("en")} distinct rows, ${bg.iterations} iterations, converged ${bg.converged})`);
  t0 = performance.now();
  const gg = fitGammaGamma(summary.customers.map((c) => ({ x: c.monetaryDays, monetary: c.monetary })));
  console.log(`Gamma-Gamma fit     ${ms(t0)}  (${gg.used.toLocaleString("en")} repeat buyers, converged ${gg.converged})`);
  t0 = performance.now();
  const cache = new Map<string, number[]>();
  let sumClv = 0;
  for (const c of summary.customers) {
    const key = `${c.x}|${c.t_x}|${c.T}`;
    let m = cache.get(key);
    if (!m) {
      m = [
        pAlive(bg.params, c.x, c.t_x, c.T), probNoPurchase(bg.params, 90, c.x, c.t_x, c.T), probNoPurchase(bg.params, 30, c.x, c.t_x, c.T),
        expectedPurchases(bg.params, 90, c.x, c.t_x, c.T), clv(bg.params, 1, c.x, c.t_x, c.T, { months: 12, monthlyDiscountRate: 0.01, monthLength: 30 }),
      ];
      cache.set(key, m);
    }
    sumClv += expectedAverageOrderValue(gg.params, c.monetaryDays, c.monetary) * m[4];
  }
  console.log(`score customers     ${ms(t0)}  (mean 12-month CLV ${(sumClv / summary.customers.length).toFixed(0)} minor units)`);
  console.log(`model path total    ${ms(tAll)}  (summary + fits + scoring)`);
  console.log(`BG/NBD  r ${rel(bg.params.r, TRUE_BG.r)}  alpha ${rel(bg.params.alpha, TRUE_BG.alpha)}  a ${rel(bg.params.a, TRUE_BG.a)}  b ${rel(bg.params.b, TRUE_BG.b)}`);
  const control = fitBgNbd(collapse(exact)).params;
  console.log(`control (exact times, no grid): r ${rel(control.r, TRUE_BG.r)}  alpha ${rel(control.alpha, TRUE_BG.alpha)}  a ${rel(control.a, TRUE_BG.a)}  b ${rel(control.b, TRUE_BG.b)}`);
  console.log(`GG      p ${rel(gg.params.p, TRUE_GG.p)}  q ${rel(gg.params.q, TRUE_GG.q)}  gamma ${rel(gg.params.gamma, TRUE_GG.gamma)}`);
  console.log(`maxRSS so far       ${mib(process.resourceUsage().maxRSS)}  (heapUsed now ${mib(process.memoryUsage().heapUsed / 1024)})`);

  if (process.env.SCORE_STORE !== "0") {
    t0 = performance.now();
    const run = scoreStore(orders, undefined, asOf, {});
    console.log(`scoreStore (all)    ${ms(t0)}  (status ${run.status}, ${run.counts.scored.toLocaleString("en")} scored, backtest AUC ${run.backtest?.status === "ok" ? run.backtest.auc?.toFixed(3) : "-"}, ${run.archetypeStats.length} archetypes)`);
    console.log(`maxRSS so far       ${mib(process.resourceUsage().maxRSS)}`);
  }
}
