/**
 * The ticket pipeline: store -> resolve the customer -> profile and last orders -> triage and
 * hand-over detection -> policy decision -> draft (the holding reply for a hand-over) -> store the
 * draft for review (and a data-protection request's privacy tasks). The ticket is stored first and is never lost: a
 * failure later marks it `failed` with the error, and the same (source, external_id) posted again
 * runs the pipeline again on the content first posted. A ticket that already has a draft returns
 * its first result and creates nothing. Concurrent duplicates cost no model call: the run that
 * stored (or re-claimed) the ticket holds a claim on it (src/drafts/claims.ts) and the others wait
 * for its draft; the unique index (ticket, revision) still guards the write.
 */
import { and, eq, inArray } from "drizzle-orm";
import { buildDraftFacts, type DraftFacts } from "../ai/draft/facts";
import type { Passage } from "../ai/draft/grounding";
import { withRecommendations } from "./recommendations";
import { draftAnswerKey, draftContentKey, draftReply, rebindDraft, type DraftInput, type DraftResult } from "../ai/draft";
import { sumUsage, type DraftUsage, type ModelCallUsage, type SpeculativeOutcome } from "../ai/usage";
import type { Triage } from "../ai/triage/types";
import { findCustomerByEmail, findCustomerById, lastOrders, type CustomerRow, type OrderFacts } from "../customers/repo";
import { tickets } from "../db/schema";
import { draftColumns, firstDraftOf, getTicket, getTicketByExternalId, type DraftRow, type TicketRow } from "../drafts/repo";
import { writeDraftRevision } from "../drafts/revisions";
import { CLAIM_LEASE_MS, claimTicket, claimWait, leaseEnd, releaseTicket } from "../drafts/claims";
import { ProblemError } from "../http/problem";
import { offerHistory } from "../ledger/history";
import { decide } from "../policy/engine";
import { placeholders, prepared } from "../db/prepared";
import type { Decision } from "../policy/types";
import type { HandoverDetection } from "../handover/types";
import type { CustomerProfile } from "../profile/types";
import type { Services } from "../services";
import { passagesFor } from "./knowledge";
import { guardOutcome } from "../log/metrics";
import { inSpan } from "../log/tracing";
import { detectTicketHandover, holdingDraftFor, recordPrivacyRequests } from "./handover";
import type { TicketInput } from "./schemas";

/** A ticket's outcome: the stored ticket and its first draft, with the profile and decision the draft used. */
export interface PipelineResult {
  /** false: an earlier post of the same (source, external id) had drafted it; this is its first result. */
  created: boolean;
  ticket: TicketRow;
  customer: CustomerProfile | null;
  decision: Decision;
  draft: DraftRow;
}

async function resolveCustomer(s: Services, t: Pick<TicketInput, "requester">): Promise<CustomerRow | undefined> {
  if (s.shopify) {
    // Shopify first; its stored copy when Shopify is down (the ticket is never lost).
    const byId = t.requester.customer_id ? (await s.shopify.lookups.findCustomerById(t.requester.customer_id)).value : undefined;
    if (byId) return byId;
    return t.requester.email ? (await s.shopify.lookups.findCustomerByEmail(t.requester.email)).value : undefined;
  }
  if (t.requester.customer_id) {
    const byId = await findCustomerById(s.db, t.requester.customer_id);
    if (byId) return byId;
  }
  return t.requester.email ? findCustomerByEmail(s.db, t.requester.email) : undefined;
}

function result(created: boolean, ticket: TicketRow, draft: DraftRow): PipelineResult {
  return { created, ticket, customer: (draft.profile as CustomerProfile | null) ?? null, decision: draft.decision as Decision, draft };
}

export interface PreparedDraft {
  customer: CustomerRow | undefined;
  profile: CustomerProfile | null;
  orders: OrderFacts[];
  triage: Triage;
  /** The hand-over detector's findings (with a follow-up's carried ones), stored with the triage. */
  handover: HandoverDetection;
  decision: Decision;
  facts: DraftFacts;
  /** The knowledge passages retrieved for the message and given to the drafter (none for a hand-over). */
  passages: Passage[];
  draft: DraftResult;
  /** Every model call the ticket made (triage, reply, repair), with tokens and estimated cost. */
  usage: DraftUsage;
}

/**
 * A draft's place in the model gate's queue, 0..100, higher first: the policy's priority score
 * (churn risk, value, urgency), and at least 80 for an escalation. A hand-over makes no model call
 * for its draft (the holding reply); its triage call goes first (100).
 */
export function modelPriority(decision: Pick<Decision, "escalate" | "priority_score" | "handover">): number {
  if (decision.handover) return 100;
  return Math.min(100, Math.max(0, decision.escalate ? Math.max(80, decision.priority_score) : decision.priority_score));
}

/** What the policy decided for a ticket, with what it decided on (steps 2-5 of the pipeline). */
export type TicketDecision = Omit<PreparedDraft, "facts" | "passages" | "draft" | "usage">;

/**
 * Steps 2-5 without writing anything and without drafting: resolve the customer, load profile and
 * orders, triage and detect hand-over, read the offer history, decide. The pipeline drafts from
 * what this returns; `preview_decision` (src/pipeline/customers.ts) shows it and stores nothing.
 * With Shopify, the look-ups write through to the stored copy of the customer's orders, as on
 * every ticket; no ticket, draft, ledger entry or audit event is written.
 * @param earlier the hand-over detection stored with the ticket, for a follow-up (src/pipeline/handover.ts)
 * @param opts.onOfflineDecision told, when the model is about to triage, what the policy decides on the
 *   offline reading (where a speculative draft starts: prepareDraft)
 * @param opts.since when the ticket began waiting, epoch ms (default now): the model gate ages the
 *   triage call's priority from then
 */
export async function decideTicket(
  s: Services,
  input: Pick<TicketInput, "requester" | "subject" | "body">,
  now: Date,
  earlier?: HandoverDetection | null,
  opts: { onOfflineDecision?: (offline: TicketDecision) => void; since?: number } = {},
): Promise<TicketDecision> {
  const { onOfflineDecision, since } = opts;
  // One span per stage (src/log/tracing.ts: no-ops unless tracing is on); attributes carry no ticket text or personal data.
  const { customer, orders, profile } = await inSpan("pipeline.customer", async (span) => {
    const customer = await resolveCustomer(s, input);
    const looked = customer && s.shopify ? await s.shopify.lookups.lastOrders(customer.id, 5) : null;
    const orders = looked ? looked.value : customer ? await lastOrders(s.db, customer.id, 5) : [];
    // Orders just written through from Shopify change the history: drop the cached profile first.
    if (looked?.source === "shopify") await s.profiles.invalidate(customer!.id).catch(() => {});
    let profile = customer ? await s.scores.forCustomer(customer) : null;
    if (profile && looked?.stale) profile = { ...profile, stale: true };
    span.setAttributes({ "copilot.customer.found": !!customer, "copilot.orders": orders.length, "copilot.profile.stale": !!profile?.stale });
    return { customer, orders, profile };
  });
  const text = input.subject ? `${input.subject}\n\n${input.body}` : input.body;
  const history = await offerHistory(s.db, customer?.id ?? null, now);
  const { triage, handover } = await inSpan("pipeline.triage", async (span) => {
    const handover = detectTicketHandover(text, earlier);
    // A hand-over gets the holding reply whatever the family: the model's reading would change nothing.
    // Otherwise the model triage call waits in the gate by the priority the policy gives the offline
    // reading (churn risk, value, urgency, an escalation), as the reply call then does by the final one.
    let offlineDecision: { triage: Triage; decision: Decision } | undefined;
    const decideOffline = (offline: Triage) => {
      if (offlineDecision?.triage !== offline)
        offlineDecision = { triage: offline, decision: decide({ ...offline, handover: handover.findings }, profile, s.policy(), history) };
      return offlineDecision.decision;
    };
    const triage: Triage = await s.classifier.classify(
      text,
      handover.handover
        ? { skipModel: "hand-over: the holding reply needs no model reading" }
        : {
            priority: (offline) => modelPriority(decideOffline(offline)),
            since,
            onModelTriage: onOfflineDecision
              ? (offline) => onOfflineDecision({ customer, profile, orders, triage: offline, handover, decision: decideOffline(offline) })
              : undefined,
          },
    );
    span.setAttributes({
      "copilot.triage.family": triage.family,
      "copilot.triage.unclear": triage.unclear,
      "copilot.triage.classifier": triage.classifier,
      "copilot.triage.model_skipped": !!triage.model_skipped,
      "copilot.handover": handover.findings.length > 0,
    });
    return { triage, handover };
  });
  const decision = await inSpan("pipeline.decide", async (span) => {
    const decision = decide({ ...triage, handover: handover.findings }, profile, s.policy(), history);
    span.setAttributes({
      "copilot.decision.rules": decision.reasons.map((r) => r.rule),
      "copilot.decision.discount_percent": decision.discount_percent,
      "copilot.decision.escalate": decision.escalate,
    });
    return decision;
  });
  return { customer, profile, orders, triage, handover, decision };
}

/** The drafting step's outcome for one reading of a ticket. */
interface Drafted {
  facts: DraftFacts;
  passages: Passage[];
  draft: DraftResult;
  /** The family and intent it was drafted for. */
  reading: Pick<Triage, "family" | "intent">;
  /** `draftContentKey` of what the draft was written from (null for a hand-over's holding reply). */
  key: string | null;
  /** `draftAnswerKey` of it: what the model's own part was written from (null for a hand-over). */
  answerKey: string | null;
}

/** What one reading gives the drafter: the facts (with recommendations), the passages retrieved, and the drafter's input. */
interface DraftMaterials {
  facts: DraftFacts;
  passages: Passage[];
  draftInput: DraftInput;
}

/** What one reading gives the drafter: the facts (with recommendations) and the passages retrieved. */
async function draftInputFor(
  s: Services,
  input: Pick<TicketInput, "requester" | "subject" | "body">,
  decided: TicketDecision,
  now: Date,
  since?: number,
): Promise<DraftMaterials> {
  const { profile, orders, triage, decision } = decided;
  const facts = buildDraftFacts(profile, orders, decision, triage.language, s.timeZone);
  if (!facts.first_name && input.requester.name) facts.first_name = input.requester.name.split(/\s+/)[0] ?? null;
  // A hand-over gets the holding reply, which answers from no knowledge: nothing is retrieved for it.
  if (!decision.handover) await withRecommendations(s, facts, decided.customer?.id ?? null, triage, now);
  const passages = decision.handover ? [] : await passagesFor(s, input.subject ? `${input.subject}\n\n${input.body}` : input.body, triage.language);
  const draftInput: DraftInput = {
    facts,
    decision,
    family: triage.family,
    intent: triage.intent,
    ticketText: input.body,
    passages,
    requesterEmail: input.requester.email,
    priority: modelPriority(decision),
    since,
  };
  return { facts, passages, draftInput };
}

/** The key of what a reading's draft is written from (null for a hand-over: the holding reply). */
const contentKeyOf = (decided: TicketDecision, m: DraftMaterials) => (decided.decision.handover ? null : draftContentKey(m.draftInput));
/** The key of what the model's own part of a reading's draft is written from (null for a hand-over). */
const answerKeyOf = (decided: TicketDecision, m: DraftMaterials) => (decided.decision.handover ? null : draftAnswerKey(m.draftInput));

/** Step 6 for one reading, from its materials: the draft (the holding reply for a hand-over: no model call). */
async function draftFrom(s: Services, input: Pick<TicketInput, "requester">, decided: TicketDecision, m: DraftMaterials): Promise<Drafted> {
  const reading = { family: decided.triage.family, intent: decided.triage.intent };
  const draft = decided.decision.handover ? holdingDraftFor(s, decided.decision, m.facts, input.requester.email) : await draftReply(m.draftInput, s.drafter);
  return {
    facts: m.facts,
    passages: m.passages,
    reading,
    draft,
    key: contentKeyOf(decided, m),
    answerKey: answerKeyOf(decided, m),
  };
}

/**
 * Steps 2-6 without writing anything: `decideTicket`, then draft (a hand-over decision gets the
 * holding reply: no model call). The pipeline stores what this returns; the eval suite grades it.
 * Counts the triage, the decision and the guard's violations (a preview that only decides does not).
 *
 * A high-priority ticket (`DrafterDeps.speculateAbove`) is drafted speculatively: while the model
 * triages, the reply is drafted from the offline reading and the policy's decision on it. When the
 * model's reading decides the same reply content (`draftContentKey`: facts, offer, commitments,
 * passages, language; the family's prompt guidance may differ) that draft is kept, and the ticket
 * waits for one model call instead of two in a row. When the model's reading gives the same
 * answer (facts, passages, language: `draftAnswerKey`; the family's guidance may differ, as for a
 * kept draft) but another offer, escalation or a tone the draft's covers, the model's part is kept
 * around the final decision's commitment block if the guard passes it there (`rebindDraft`:
 * `rebound`). Otherwise the draft is discarded (its
 * calls are counted, marked `discarded`) and the reply is drafted from the model's reading, as
 * for any ticket. The decision stored, and the block the draft carries, are always the ones made
 * on the model's reading.
 * @param earlier the hand-over detection stored with the ticket, for a follow-up (src/pipeline/handover.ts)
 */
export async function prepareDraft(
  s: Services,
  input: Pick<TicketInput, "requester" | "subject" | "body">,
  now: Date,
  earlier?: HandoverDetection | null,
): Promise<PreparedDraft> {
  const speculateAbove = s.drafter.model ? (s.drafter.speculateAbove ?? Infinity) : Infinity;
  const speculative: { draft?: Promise<Drafted | null> } = {};
  // The model gate ages a call's priority from when the ticket began waiting: a ticket that waited
  // for its triage call does not start again from nothing for its reply call.
  const since = Date.now();
  const decided = await decideTicket(s, input, now, earlier, {
    since,
    onOfflineDecision: (offline) => {
      if (offline.decision.handover || modelPriority(offline.decision) < speculateAbove) return;
      // A speculative draft that fails is only a lost head start: the reply is drafted after the triage.
      speculative.draft = draftInputFor(s, input, offline, now, since)
        .then((m) => draftFrom(s, input, offline, m))
        .catch(() => null);
    },
  });
  const { triage, decision } = decided;
  s.metrics.triage({ family: triage.family, unclear: triage.unclear, classifier: triage.classifier });
  s.metrics.decision(decision.reasons.map((r) => r.rule));
  const { facts, passages, draft, outcome, discarded } = await inSpan("pipeline.draft", async (span) => {
    let outcome: SpeculativeOutcome | undefined;
    let discarded: ModelCallUsage[] = [];
    let drafted: Drafted | undefined;
    const early = await speculative.draft;
    const materials = await draftInputFor(s, input, decided, now, since);
    if (early) {
      // The template's answer follows the family, so a template draft is kept only for the same reading.
      const sameAnswer = early.draft.drafter === "llm" || (early.reading.family === triage.family && early.reading.intent === triage.intent);
      const key = contentKeyOf(decided, materials);
      // The model's part answers from the same facts and knowledge and only the decision differs: its
      // prose around the final decision's block, if the guard still passes it. As for a kept draft,
      // the family's prompt guidance may differ; the model read the ticket itself either way.
      const kept = early.key !== null && early.key === key && sameAnswer;
      const rebound =
        !kept && early.answerKey !== null && early.answerKey === answerKeyOf(decided, materials)
          ? rebindDraft(early.draft, materials.draftInput, s.drafter)
          : null;
      if (kept) {
        outcome = "kept";
        drafted = early;
      } else if (rebound) {
        outcome = "rebound";
        drafted = {
          ...early,
          facts: materials.facts,
          passages: materials.passages,
          draft: rebound,
          key,
          reading: { family: triage.family, intent: triage.intent },
        };
      } else {
        outcome = "discarded";
        discarded = early.draft.calls.map((c) => ({ ...c, discarded: true }));
      }
    }
    drafted ??= await draftFrom(s, input, decided, materials);
    const { draft } = drafted;
    span.setAttributes({
      "copilot.draft.drafter": draft.drafter,
      "copilot.draft.prompt": draft.promptName,
      "copilot.draft.guard": guardOutcome(draft),
      "copilot.draft.violations": draft.guard.violations.length,
      "copilot.draft.passages": drafted.passages.length,
      "copilot.draft.model_calls": draft.calls.length,
      "copilot.draft.redraft_due": draft.redraft,
      ...(outcome ? { "copilot.draft.speculative": outcome } : {}),
    });
    return { ...drafted, outcome, discarded };
  });
  if (outcome) s.metrics.speculativeDraft(outcome);
  for (const v of draft.guard.violations) s.metrics.guardViolation(v.kind);
  const usage = sumUsage([...(triage.model_call ? [triage.model_call] : []), ...discarded, ...draft.calls], {
    triage_skipped: triage.model_skipped,
    prompt_budget: draft.promptBudget,
    speculative: outcome,
  });
  return { ...decided, facts, passages, draft, usage };
}

const TICKET_KEYS = [
  "source",
  "externalId",
  "requesterEmail",
  "requesterCustomerId",
  "requesterName",
  "subject",
  "body",
  "channel",
  "helpdeskUrl",
  "createdAt",
] as const;
/** Stores a received ticket once per (source, external id); prepared, as it runs on every ticket. */
const ticketInsert = prepared((db) =>
  db
    .insert(tickets)
    // Stored claimed: the run that stores a ticket drafts it (src/drafts/claims.ts).
    .values({ ...placeholders(TICKET_KEYS), status: "received", claimedUntil: leaseEnd } as unknown as typeof tickets.$inferInsert)
    .onConflictDoNothing({ target: [tickets.source, tickets.externalId] })
    .returning()
    .prepare("ticket_insert"),
);

/** The ticket as it was first posted, in the pipeline's input shape (what a retry drafts from). */
function storedInput(t: TicketRow): Pick<TicketInput, "requester" | "subject" | "body"> {
  return {
    requester: { email: t.requesterEmail ?? undefined, customer_id: t.requesterCustomerId ?? undefined, name: t.requesterName ?? undefined },
    subject: t.subject,
    body: t.body,
  };
}

/**
 * Runs the pipeline for one validated ticket. The ticket is stored first (once per source and
 * external id), then claimed (src/drafts/claims.ts): one run at a time triages and drafts it, from
 * the content it was first posted with, and concurrent duplicates wait for that run's result
 * instead of calling the model themselves. A duplicate that finds the run failed (the ticket
 * `failed`, its claim ended) runs it again.
 * @returns `created: true` with the new draft, or `created: false` with the first result of an
 *   earlier or concurrent identical post
 * @throws whatever a dependency throws after the ticket is stored (the ticket is then `failed`)
 */
export async function processTicket(s: Services, input: TicketInput): Promise<PipelineResult> {
  return inSpan(
    "pipeline.ticket",
    async (span) => {
      const r = await storeAndDraft(s, input);
      span.setAttributes({ "copilot.ticket.created": r.created, "copilot.ticket.id": r.ticket.id, "copilot.draft.id": r.draft.id });
      return r;
    },
    { "copilot.ticket.source": input.source },
  );
}

async function storeAndDraft(s: Services, input: TicketInput): Promise<PipelineResult> {
  const now = s.clock.now();
  const inserted = await ticketInsert(s.db).execute({
    source: input.source,
    externalId: input.external_id,
    requesterEmail: input.requester.email ?? null,
    requesterCustomerId: input.requester.customer_id ?? null,
    requesterName: input.requester.name ?? null,
    subject: input.subject,
    body: input.body,
    channel: input.channel ?? null,
    helpdeskUrl: input.helpdesk_url ?? null,
    createdAt: input.created_at ? new Date(input.created_at) : now,
  });
  if (inserted[0]) {
    s.metrics.ticketReceived(input.source);
    return runClaimed(s, inserted[0], now);
  }
  const ticketId = (await getTicketByExternalId(s.db, input.source, input.external_id))!.id;
  const giveUp = Date.now() + CLAIM_LEASE_MS + 10_000;
  for (let attempt = 0; Date.now() < giveUp; attempt++) {
    const existing = await firstDraftOf(s.db, ticketId);
    if (existing) return result(false, (await getTicket(s.db, ticketId))!, existing);
    const claimed = await claimTicket(s.db, ticketId);
    if (claimed) return runClaimed(s, claimed, now);
    // Another run holds the ticket: wait for its draft (or for its claim to end or lapse).
    await claimWait(attempt);
  }
  throw new ProblemError(503, "Service Unavailable", `ticket ${input.source}/${input.external_id} is still being drafted; try again`);
}

/** The pipeline on a ticket this run has claimed; the claim ends with the draft or the failure. */
async function runClaimed(s: Services, ticket: TicketRow, now: Date): Promise<PipelineResult> {
  const input = storedInput(ticket);
  try {
    const { customer, profile, triage, handover, decision, facts, draft: d, usage } = await prepareDraft(s, input, now);
    const text = input.subject ? `${input.subject}\n\n${input.body}` : input.body;
    await recordPrivacyRequests(s, {
      ticketId: ticket.id,
      customer,
      requesterEmail: input.requester.email ?? null,
      receivedAt: ticket.createdAt,
      text,
      handover,
    });
    const written = await inSpan("pipeline.store", () =>
      writeDraftRevision(s.db, {
        ticketId: ticket.id,
        draft: draftColumns(d, decision, profile, { ticket_text: input.body, first_name: facts.first_name }, usage),
        replaces: { kind: "none" },
        first: true,
        ticket: { customerId: customer?.id ?? null, triage: { ...triage, handover } },
        event: {
          actor: "pipeline",
          action: "draft.created",
          changes: { ticket_id: ticket.id, drafter: d.drafter, decision: { discount_percent: decision.discount_percent, escalate: decision.escalate } },
        },
      }),
    );
    // Writing the draft ended the claim; a run that lost the write ends its own.
    if (written.written) {
      s.metrics.draftCreated({ drafter: d.drafter, guard: guardOutcome(d) });
      return result(true, written.ticket!, written.draft);
    }
    await releaseTicket(s.db, ticket.id).catch(() => {});
    // A run whose lease had lapsed drafted first: answer with its result.
    return result(false, (await getTicket(s.db, ticket.id))!, (await firstDraftOf(s.db, ticket.id))!);
  } catch (err) {
    await s.db
      .update(tickets)
      .set({ status: "failed", error: String((err as Error).message ?? err).slice(0, 2000), claimedUntil: null })
      // A ticket that failed before keeps the latest error; a drafted one (a duplicate won) is left alone.
      .where(and(eq(tickets.id, ticket.id), inArray(tickets.status, ["received", "failed"])))
      .catch(() => {});
    await releaseTicket(s.db, ticket.id).catch(() => {});
    throw err;
  }
}
