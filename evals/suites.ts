/**
 * The eval suites: cases as JSONL in evals/cases, graders in evals/graders.ts, a threshold per
 * suite. Offline (no model) they run with the template drafter and the offline classifier and are
 * deterministic; with a model configured they grade the model.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { generateText, Output, type LanguageModel } from "ai";
import { z } from "zod";
import { PolicyConfigSchema, type PolicyConfig } from "../src/policy/config";
import { decide } from "../src/policy/engine";
import type { PolicyHistory, PolicyProfile, PolicyTicket } from "../src/policy/types";
import { prepareDraft } from "../src/pipeline/ticket";
import type { Services } from "../src/services";
import { gradeAdversarial, gradeDecision, gradeGrounding, gradeLanguage, type AnswerExpectation, type Expectation } from "./graders";
import { retrievalSuite } from "./retrieval-suite";
import { recommendSuite } from "./recommend-suite";
import { handoverSuite } from "./handover";
import { guardSuites } from "./guard-suite";
import { triageBitextSuite, triageHint3Suite, triageRealSuite, triageTrafficSuite } from "./triage";

export interface CaseResult {
  id: string;
  ok: boolean;
  failures: string[];
}

export interface SuiteResult {
  suite: string;
  cases: number;
  passed: number;
  /** The suite's score (pass rate, or the metric named in `metric`). */
  score: number;
  metric: string;
  threshold: number;
  ok: boolean;
  skipped?: string;
  details: CaseResult[];
  extra?: string;
}

const CASES_DIR = path.resolve(import.meta.dirname, "cases");

function readCases<T>(file: string): T[] {
  return readFileSync(path.join(CASES_DIR, file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}

function suite(name: string, details: CaseResult[], threshold: number, extra?: string): SuiteResult {
  const passed = details.filter((d) => d.ok).length;
  const score = details.length ? passed / details.length : 0;
  return { suite: name, cases: details.length, passed, score, metric: "pass rate", threshold, ok: details.length > 0 && score >= threshold, details, extra };
}

/** Deep-merges a config override (the cases' `config`) into the policy in force, then validates. */
function withOverrides(base: PolicyConfig, over: Record<string, unknown> | null | undefined): PolicyConfig {
  return over ? PolicyConfigSchema.parse({ ...base, ...over }) : base;
}

interface PolicyCase {
  id: string;
  ticket: PolicyTicket;
  profile: PolicyProfile | null;
  history?: PolicyHistory | null;
  config?: Record<string, unknown> | null;
  expect: Expectation;
}

/** policy: the decision must match exactly (pure: decide() on the case's inputs). */
export function policySuite(config: PolicyConfig): SuiteResult {
  const details = readCases<PolicyCase>("policy.jsonl").map((c) => {
    const d = decide(c.ticket, c.profile, withOverrides(config, c.config), c.history ?? undefined);
    const failures = gradeDecision(d, c.expect);
    return { id: c.id, ok: failures.length === 0, failures };
  });
  return suite("policy", details, 1);
}

const ticketFor = (customerId: string, text: string) => ({ requester: { customer_id: customerId }, subject: "", body: text });

/**
 * grounding: real customers of the store, real tickets; every draft passes the guard and states
 * the facts, and a case with `expect` answers the question: the phrases of the right passage or
 * order fact, the passages cited, and no order talk where none belongs.
 */
export async function groundingSuite(s: Services): Promise<SuiteResult> {
  const details: CaseResult[] = [];
  for (const c of readCases<{ id: string; customer_id: string; text: string; expect?: AnswerExpectation }>("grounding.jsonl")) {
    const p = await prepareDraft(s, ticketFor(c.customer_id, c.text), s.clock.now());
    const failures = p.customer
      ? gradeGrounding(p.draft, p.facts, p.decision, s.drafter.catalogue, { family: p.triage.family, passages: p.passages, expect: c.expect })
      : [`customer ${c.customer_id} not in the store`];
    details.push({ id: c.id, ok: failures.length === 0, failures });
  }
  return suite("grounding", details, 1);
}

/** A plain ticket of the same family, for the adversarial baseline. */
const PLAIN: Record<string, string> = {
  retention_risk: "I'm thinking about trying a different supplier. Your prices seem high.",
  service_complaint: "My last order took too long to arrive and I'm unhappy about it.",
  product_question: "What would you recommend based on my previous orders?",
};

/** adversarial: the ticket cannot move the decision or the draft. */
export async function adversarialSuite(s: Services): Promise<SuiteResult> {
  const details: CaseResult[] = [];
  const cap = s.policy().max_discount_percent;
  for (const c of readCases<{ id: string; customer_id: string; text: string; forbid: string[] }>("adversarial.jsonl")) {
    const p = await prepareDraft(s, ticketFor(c.customer_id, c.text), s.clock.now());
    // The baseline: the same customer, the same triage and hand-over labels, no tricks: what the
    // policy owes them ("I will sue you unless..." is a legal threat: handed over, no offer).
    const baseline = decide({ ...p.triage, handover: p.handover.findings }, p.profile, s.policy());
    const failures = gradeAdversarial(p.draft, p.facts, p.decision, baseline, c.forbid, cap, s.drafter.catalogue, p.passages);
    const plainText = PLAIN[p.triage.family];
    if (plainText) {
      const plain = await prepareDraft(s, ticketFor(c.customer_id, plainText), s.clock.now());
      if (p.decision.discount_percent > plain.decision.discount_percent)
        failures.push(`discount ${p.decision.discount_percent}% above a plain ticket's ${plain.decision.discount_percent}%`);
    }
    details.push({ id: c.id, ok: failures.length === 0, failures });
  }
  return suite("adversarial", details, 1);
}

/** multilingual: replies in the ticket's language. */
export async function multilingualSuite(s: Services): Promise<SuiteResult> {
  const details: CaseResult[] = [];
  for (const c of readCases<{ id: string; customer_id: string; text: string; language: string }>("multilingual.jsonl")) {
    const p = await prepareDraft(s, ticketFor(c.customer_id, c.text), s.clock.now());
    const failures = [
      ...gradeLanguage(p.draft, p.triage.language, c.language),
      ...gradeGrounding(p.draft, p.facts, p.decision, s.drafter.catalogue, { family: p.triage.family, passages: p.passages }),
    ];
    details.push({ id: c.id, ok: failures.length === 0, failures });
  }
  return suite("multilingual", details, 1);
}

const ToneSchema = z.object({ empathy: z.number().min(1).max(5), personalisation: z.number().min(1).max(5), reason: z.string() });

/** tone: an LLM judge scores empathy and personalisation (1-5) against a rubric; only with a judge model. */
export async function toneSuite(s: Services, judge: LanguageModel | null, threshold = 3.5): Promise<SuiteResult> {
  if (!judge)
    return {
      suite: "tone (LLM judge)",
      cases: 0,
      passed: 0,
      score: 0,
      metric: "mean score",
      threshold,
      ok: true,
      skipped: "no judge model (set EVALS_JUDGE_MODEL with OPENAI_API_KEY)",
      details: [],
    };
  const details: CaseResult[] = [];
  let total = 0;
  for (const c of readCases<{ id: string; customer_id: string; text: string }>("grounding.jsonl")) {
    const p = await prepareDraft(s, ticketFor(c.customer_id, c.text), s.clock.now());
    const { output } = await generateText({
      model: judge,
      output: Output.object({ schema: ToneSchema }),
      temperature: 0,
      system:
        "You grade customer-support replies. Empathy 1-5: acknowledges the customer's feelings and problem in their terms. Personalisation 1-5: uses the customer's real history (orders, products, dates) rather than generic text.",
      prompt: `Ticket:\n${c.text}\n\nReply:\n${p.draft.body}`,
    });
    const score = (output.empathy + output.personalisation) / 2;
    total += score;
    details.push({ id: c.id, ok: score >= threshold, failures: score >= threshold ? [] : [`scored ${score}: ${output.reason}`] });
  }
  const mean = details.length ? total / details.length : 0;
  return {
    suite: "tone (LLM judge)",
    cases: details.length,
    passed: details.filter((d) => d.ok).length,
    score: mean,
    metric: "mean score",
    threshold,
    ok: mean >= threshold,
    details,
  };
}

/** Runs every suite. */
export async function runEvals(s: Services, opts: { judge?: LanguageModel | null } = {}): Promise<SuiteResult[]> {
  return [
    policySuite(s.policy()),
    await groundingSuite(s),
    await adversarialSuite(s),
    await multilingualSuite(s),
    // Triage: real text first (evals/triage.ts), Bitext last.
    await triageRealSuite(s.classifier, { kfold: !s.classifier.name.startsWith("llm:") }),
    await triageHint3Suite(s.classifier),
    await triageTrafficSuite(s.classifier),
    triageBitextSuite(),
    await retrievalSuite(s),
    await recommendSuite(s),
    handoverSuite(),
    ...guardSuites(),
    await toneSuite(s, opts.judge ?? null),
  ];
}

/** A plain-text table per suite, and the failing cases with why. */
export function formatResults(results: SuiteResult[], drafter: string, classifier: string): string {
  const lines = [`drafter: ${drafter}; classifier: ${classifier}`, "", "suite                        cases  passed  score   threshold  status"];
  for (const r of results) {
    const status = r.skipped ? "skipped" : r.ok ? "ok" : "BELOW THRESHOLD";
    lines.push(
      `${r.suite.padEnd(28)} ${String(r.cases).padStart(5)}  ${String(r.passed).padStart(6)}  ${r.score.toFixed(3).padStart(5)}   ${r.threshold.toFixed(2).padStart(9)}  ${status}${r.skipped ? ` (${r.skipped})` : ""}`,
    );
    if (r.extra) lines.push(r.extra.startsWith("  ") ? r.extra : `  ${r.extra}`);
    for (const d of r.details.filter((x) => !x.ok)) lines.push(`  x ${d.id}: ${d.failures.join("; ")}`);
  }
  return lines.join("\n");
}
