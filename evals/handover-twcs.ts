/**
 * `npx tsx evals/handover-twcs.ts [--show N] [--seed S]`: runs the hand-over detector over real
 * customer messages (Customer Support on Twitter, CC BY-NC-SA; ../shared/data/real-support/twcs):
 * the 15,671 unlabelled first messages to AmazonHelp and the 400 labelled tweets. Prints how many
 * fire per category (and per rule). With `--show N` it also prints N random hits per category and
 * N random misses (tweets with a keyword of a category that did not fire) to read and judge
 * precision by hand; the tweets are printed, never written to the repository.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { detectHandover } from "../src/handover/detect";
import { HANDOVER_CATEGORIES, type HandoverCategory } from "../src/handover/types";

const TWCS = path.resolve(import.meta.dirname, "../../shared/data/real-support/twcs");
const args = process.argv.slice(2);
const show = args.includes("--show") ? Number(args[args.indexOf("--show") + 1]) : 0;
let seed = args.includes("--seed") ? Number(args[args.indexOf("--seed") + 1]) : 18;
/** Deterministic shuffle (mulberry32), so a sample can be read again. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sample = <T>(xs: T[], n: number) =>
  [...xs]
    .map((x) => [rand(), x] as const)
    .sort((a, b) => a[0] - b[0])
    .slice(0, n)
    .map((p) => p[1]);

/** Words a reader would check for misses: a message with one that did not fire is a candidate miss. */
const KEYWORDS: Record<HandoverCategory, RegExp> = {
  safety: /\b(kill|suicid|die|dying|fire|explod|burn|hospital|injur|hurt|shoot|stab|threat)/i,
  legal_threat: /\b(sue|suing|lawyer|attorney|solicitor|court|legal|ftc|bbb|trading standards|ombudsman|police|consumer)/i,
  chargeback_fraud: /\b(chargeback|charge back|dispute|fraud|unauthori|stolen|hack|didn'?t (order|authori|make)|recogni[sz]e)/i,
  data_protection: /\b(gdpr|ccpa|personal (data|info)|my data|delete my account|privacy|data protection)/i,
  abuse: /\b(idiot|moron|stupid|fuck|bitch|asshole|shit|retard|dumb|cunt|bastard)/i,
};

function run(name: string, texts: string[]) {
  const fired: Record<string, string[]> = {};
  const byRule: Record<string, number> = {};
  const misses: Record<string, string[]> = {};
  let any = 0;
  for (const text of texts) {
    const d = detectHandover(text);
    if (d.handover) any++;
    const cats = new Set(d.findings.map((f) => f.category));
    for (const f of d.findings) {
      (fired[f.category] ??= []).push(
        `${text.replace(/\s+/g, " ")}\n      evidence: ${f.hits.map((h) => `${h.rule} "${h.evidence}" ${h.confidence}`).join("; ")}`,
      );
      for (const h of f.hits) byRule[h.rule] = (byRule[h.rule] ?? 0) + 1;
    }
    for (const c of HANDOVER_CATEGORIES) if (!cats.has(c) && KEYWORDS[c].test(text)) (misses[c] ??= []).push(text.replace(/\s+/g, " "));
  }
  console.log(`${name}: ${texts.length} messages, ${any} fire (${((100 * any) / texts.length).toFixed(1)}%)`);
  for (const c of HANDOVER_CATEGORIES)
    console.log(`  ${c.padEnd(18)} ${String(fired[c]?.length ?? 0).padStart(5)}   (keyword but not fired: ${misses[c]?.length ?? 0})`);
  console.log(
    `  by rule: ${Object.entries(byRule)
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `${r} ${n}`)
      .join(", ")}`,
  );
  if (show) {
    for (const c of HANDOVER_CATEGORIES) {
      console.log(`\n--- ${name}: ${c}, ${show} random hits`);
      for (const t of sample(fired[c] ?? [], show)) console.log(`  + ${t}`);
      console.log(`--- ${name}: ${c}, ${show} random keyword misses`);
      for (const t of sample(misses[c] ?? [], show)) console.log(`  - ${t}`);
    }
  }
}

const amazon = parse(readFileSync(path.join(TWCS, "amazonhelp-first-queries.csv")), { columns: true }) as { text: string }[];
run(
  "AmazonHelp first messages",
  amazon.map((r) => r.text),
);
const labelled = parse(readFileSync(path.join(TWCS, "labelled-dev.csv")), { columns: true }) as { text: string }[];
run(
  "labelled tweets",
  labelled.map((r) => r.text),
);
