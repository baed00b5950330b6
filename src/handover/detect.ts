/**
 * The hand-over detector: finds, in a ticket's text, evidence that a person must take it over
 * (legal threat, chargeback or fraud, safety, abuse, data-protection request). Tuned for recall:
 * a wrong hand-over costs a person's glance; a missed one can cost a lawsuit, a chargeback fee, a
 * statutory deadline or a life.
 *
 * How: the text is normalised (NFKC, lower case, accents folded, repeated letters squashed, typos
 * of long words tolerated, "f*ck" and "sh1t" read) and tokenised with offsets; rules (rules/*.ts,
 * patterns over tokens, in en/es/fr/de/pt, all applied to every ticket since customers mix
 * languages) match spans; each match is vetoed by its rule's other readings (idioms, targets:
 * "kill for a discount", "shoot you a photo"), and lowered when negated ("I'm not going to sue"),
 * retracted ("just kidding") or quoted. A category fires when its hits combine (noisy-or) to 0.5
 * or more. Every hit quotes the customer's own words with their offsets. Pure: no I/O.
 */
import { isNegated, isQuoted, isRetracted } from "./context";
import { tokenize, type Token } from "./normalize";
import { compilePattern, findAll, type Pattern, type Span } from "./pattern";
import { ALL_SETS, RULES, type Rule } from "./rules";
import { HANDOVER_CATEGORIES, type HandoverCategory, type HandoverDetection, type HandoverFinding, type HandoverHit, type HitModifier } from "./types";

/** Stored with decisions; bump when rules change what fires. */
export const HANDOVER_DETECTOR_VERSION = "handover-rules-2";

/** A category fires at this combined confidence. */
export const FIRE_THRESHOLD = 0.5;

const MODIFIER_FACTOR: Record<HitModifier, number> = { negated: 0.3, retracted: 0.3, quoted: 0.5 };

interface CompiledRule {
  rule: Rule;
  patterns: Pattern[];
  unless: Pattern[];
}

function compileRule(rule: Rule): CompiledRule {
  const compile = (p: string) => {
    try {
      return compilePattern(p, ALL_SETS, { typos: rule.typos, masked: rule.masked });
    } catch (e) {
      throw new Error(`handover rule ${rule.id}: ${(e as Error).message}`);
    }
  };
  return { rule, patterns: rule.patterns.map(compile), unless: (rule.unless ?? []).map(compile) };
}

const COMPILED: readonly CompiledRule[] = RULES.map(compileRule);

const overlaps = (a: Span, b: Span) => a.first <= b.last && b.first <= a.last;

function ruleHits(c: CompiledRule, tokens: readonly Token[], text: string): HandoverHit[] {
  const vetoes = c.unless.flatMap((p) => findAll(p, tokens));
  const spans: Span[] = [];
  for (const p of c.patterns) {
    for (const s of findAll(p, tokens)) {
      if (vetoes.some((v) => overlaps(v, s))) continue;
      if (spans.some((o) => overlaps(o, s))) continue;
      spans.push(s);
    }
  }
  return spans.map((s) => {
    const modifiers: HitModifier[] = [];
    if (c.rule.negatable !== false && isNegated(tokens, s.first, s.last)) modifiers.push("negated");
    if (isRetracted(tokens, s.last)) modifiers.push("retracted");
    if (isQuoted(tokens, s.first, s.last)) modifiers.push("quoted");
    const confidence = modifiers.reduce((acc, m) => acc * MODIFIER_FACTOR[m], c.rule.confidence);
    const start = tokens[s.first]?.start ?? 0;
    const end = tokens[s.last]?.end ?? start;
    return {
      category: c.rule.category,
      kind: c.rule.kind,
      rule: c.rule.id,
      start,
      end,
      evidence: text.slice(start, end),
      confidence: Math.round(confidence * 1000) / 1000,
      modifiers,
    };
  });
}

/**
 * Finds hand-over evidence in a ticket.
 * @param text the ticket's subject and body as the customer wrote them (any language, any length)
 * @returns the fired categories (safety first) with their hits, plus suppressed hits; never throws
 */
export function detectHandover(text: string): HandoverDetection {
  const tokens = tokenize(text);
  const all = COMPILED.flatMap((c) => ruleHits(c, tokens, text));
  const findings: HandoverFinding[] = [];
  const suppressed: HandoverHit[] = [];
  for (const category of HANDOVER_CATEGORIES) {
    const hits = dedupe(all.filter((h) => h.category === category));
    if (!hits.length) continue;
    // Independent cues (distinct rules, not negated, retracted or quoted) add up (noisy-or); a
    // rule's repeated matches are one cue, and a weakened mention counts alone.
    const best = new Map<string, number>();
    for (const h of hits) if (h.modifiers.length === 0) best.set(h.rule, Math.max(best.get(h.rule) ?? 0, h.confidence));
    const combined = best.size ? 1 - [...best.values()].reduce((acc, c) => acc * (1 - c), 1) : Math.max(...hits.map((h) => h.confidence));
    if (combined >= FIRE_THRESHOLD) {
      findings.push({
        category,
        confidence: Math.round(combined * 1000) / 1000,
        hits: hits.filter((h) => h.modifiers.length === 0 || h.confidence >= FIRE_THRESHOLD / 2),
      });
    } else {
      suppressed.push(...hits);
    }
  }
  return { handover: findings.length > 0, findings, suppressed, detector: HANDOVER_DETECTOR_VERSION };
}

/** Overlapping hits of one category count once (the strongest), so one phrase is one cue. */
function dedupe(hits: HandoverHit[]): HandoverHit[] {
  const sorted = [...hits].sort((a, b) => b.confidence - a.confidence || a.start - b.start);
  const kept: HandoverHit[] = [];
  for (const h of sorted) if (!kept.some((k) => k.start < h.end && h.start < k.end)) kept.push(h);
  return kept;
}

/** The categories that fired, in severity order. */
export function handoverCategories(d: HandoverDetection): HandoverCategory[] {
  return d.findings.map((f) => f.category);
}
