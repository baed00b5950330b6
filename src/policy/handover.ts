/**
 * Hand-over in the policy: a ticket the detector (src/handover) puts in a hand-over category goes
 * to the owner configured for that category, escalated, with priority high (safety: urgent), no
 * discount and no free shipping, and a reason naming the category and the customer's own words.
 * Managers can change the owners and the holding-reply wording (`handover` in the policy file);
 * they cannot switch a category off: the schema refuses it, naming the field. This mirrors
 * Gorgias's built-in hand-over triggers, which cannot be disabled.
 */
import { z } from "zod";
import { HOLDING_LANGUAGES } from "../handover/holding";
import { HANDOVER_CATEGORIES, type HandoverCategory, type HandoverFinding } from "../handover/types";
import type { Decision, DecisionReason, HandoverDecision, PolicyTicket } from "./types";

/** Owner values that would mean "nobody": refused, since a category cannot be switched off. */
const NOBODY = new Set(["none", "off", "disabled", "disable", "nobody", "no_one", "noone", "null", "false", "skip", "ignore"]);
/** Keys that would switch categories off: refused with a message saying so. */
const SWITCHES = ["enabled", "disabled", "enable", "disable", "categories", "off", "exclude", "excluded", "skip", "ignore"];
const OFF_MESSAGE = "hand-over categories cannot be switched off; name an owner for the category instead (e.g. legal, payments, safety, privacy, manager)";

const Owner = z
  .string({ error: OFF_MESSAGE })
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, "an owner id: lower-case letters, digits, '_' or '-', e.g. \"legal\"")
  .refine((o) => !NOBODY.has(o), OFF_MESSAGE);

const Wording = z.string().trim().min(20, "holding-reply wording must be a sentence or more (an empty reply would switch the hand-over off)").max(1500);

const owners = Object.fromEntries(HANDOVER_CATEGORIES.map((c) => [c, Owner.optional()])) as Record<HandoverCategory, z.ZodOptional<typeof Owner>>;
const wording = Object.fromEntries(
  HANDOVER_CATEGORIES.map((c) => [
    c,
    z
      .object(Object.fromEntries(HOLDING_LANGUAGES.map((l) => [l, Wording.optional()])))
      .strict()
      .optional(),
  ]),
);

/**
 * The `handover` block of the policy: `owners` (category -> owner id; a category left out goes to
 * `default_owner`), `default_owner` (default "manager") and `wording` (category -> language ->
 * holding-reply body, `{team}` replaced by the owner's team) and `privacy.store_country` (the
 * store's country, for privacy deadlines). Every category is always on.
 */
export const HandoverPolicySchema = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (raw && typeof raw === "object") {
      for (const k of SWITCHES) if (k in raw) ctx.addIssue({ code: "custom", path: [k], message: OFF_MESSAGE });
      const o = (raw as { owners?: unknown }).owners;
      if (o && typeof o === "object") {
        for (const [k, v] of Object.entries(o))
          if (v === null || v === false || v === "") ctx.addIssue({ code: "custom", path: ["owners", k], message: OFF_MESSAGE });
      }
    }
  })
  .pipe(
    z
      .object({
        $comment: z.string().optional(),
        owners: z.object(owners).strict().prefault({}),
        default_owner: Owner.default("manager"),
        wording: z.object(wording).strict().prefault({}),
        /**
         * For the statutory deadline of a data-protection request (src/privacy/deadline.ts): the
         * store's country (ISO 3166-1 alpha-2), whose law applies to every customer; null when unknown.
         */
        privacy: z
          .object({
            store_country: z
              .string()
              .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code in capitals, e.g. "GB"')
              .nullable()
              .default(null),
          })
          .strict()
          .prefault({}),
      })
      .strict(),
  );

export type HandoverPolicy = z.infer<typeof HandoverPolicySchema>;

/** The owner of a category under a policy: its configured owner, else `default_owner` ("manager"). */
export function ownerFor(category: HandoverCategory, policy: HandoverPolicy | undefined): string {
  return policy?.owners[category] ?? policy?.default_owner ?? "manager";
}

const CATEGORY_WORDS: Record<HandoverCategory, string> = {
  safety: "a safety concern",
  legal_threat: "a legal threat",
  chargeback_fraud: "a chargeback or fraud report",
  data_protection: "a data-protection request",
  abuse: "abuse aimed at our staff",
};

const quote = (s: string) => `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"`;

/**
 * Overrides a decision for a hand-over ticket; returns the decision unchanged when the ticket has
 * no hand-over findings. Pure.
 * @param decision what the retention rules decided
 * @param ticket the ticket with `handover` (the detector's findings), if any
 * @param policy the policy's `handover` block (owners); defaults apply when absent
 * @returns no discount, no free shipping, escalated to the owner of the most severe category,
 *   priority urgent (safety) or high, a reason per category quoting its evidence, and `handover`
 */
export function applyHandover(decision: Decision, ticket: PolicyTicket, policy: HandoverPolicy | undefined): Decision {
  const findings = [...(ticket.handover ?? [])].filter((f) => HANDOVER_CATEGORIES.includes(f.category));
  if (!findings.length) return decision;
  findings.sort((a, b) => HANDOVER_CATEGORIES.indexOf(a.category) - HANDOVER_CATEGORIES.indexOf(b.category));
  const primary = findings[0] as HandoverFinding;
  const owner = ownerFor(primary.category, policy);
  const reasons: DecisionReason[] = findings.map((f) => {
    const top = f.hits[0];
    const to = ownerFor(f.category, policy);
    return {
      rule: `handover_${f.category}`,
      text: `Handed over to ${to}: ${CATEGORY_WORDS[f.category]}${top ? ` (${quote(top.evidence)})` : ""}. No offer, no free shipping.`,
      facts: {
        category: f.category,
        owner: to,
        confidence: f.confidence,
        evidence: top?.evidence ?? null,
        kind: top?.kind ?? null,
        detector_rule: top?.rule ?? null,
      },
    };
  });
  if (decision.offer_discount || decision.free_shipping) {
    const was = [decision.offer_discount ? `${decision.discount_percent}%` : null, decision.free_shipping ? "free shipping" : null]
      .filter(Boolean)
      .join(" and ");
    reasons.push({
      rule: "handover_no_offer",
      text: `No offer: a hand-over ticket gets none (the retention rules would have offered ${was}).`,
      facts: { withheld_discount_percent: decision.discount_percent, withheld_free_shipping: decision.free_shipping, withheld_rule: decision.offer_rule },
    });
  }
  const urgent = findings.some((f) => f.category === "safety");
  const handover: HandoverDecision = {
    categories: findings.map((f) => f.category),
    owner,
    owners: Object.fromEntries(findings.map((f) => [f.category, ownerFor(f.category, policy)])),
    evidence: findings.flatMap((f) =>
      f.hits.map((h) => ({ category: h.category, kind: h.kind, rule: h.rule, start: h.start, end: h.end, evidence: h.evidence, confidence: h.confidence })),
    ),
  };
  return {
    ...decision,
    offer_discount: false,
    discount_percent: 0,
    free_shipping: false,
    escalate: true,
    follow_up: owner === "manager",
    follow_up_owner: owner === "manager" ? "manager" : null,
    priority: urgent ? "urgent" : "high",
    // Hand-over tickets sort first in the review queue: safety at the top.
    priority_score: urgent ? 100 : Math.max(decision.priority_score, 90),
    reasons,
    offer_rule: null,
    handover,
  };
}
