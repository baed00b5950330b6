/**
 * The API's JSON shapes of stored rows (snake_case, ISO 8601 times), and the keyset cursor of the
 * draft list. Use cases return rows and domain objects; only the HTTP layer shapes them.
 */
import type { DraftGuardRecord } from "../ai/draft";
import type { Citation } from "../ai/draft/grounding";
import type { DraftUsage } from "../ai/usage";
import type { DraftInputRecord, DraftKey, DraftRow, DraftStatus, TicketRow } from "../drafts/repo";
import type { Decision } from "../policy/types";
import { z } from "zod";
import type { CustomerSearchHit } from "../customers/search";
import { validationProblem } from "../http/problem";
import { boundedInstant, encodeKeysetCursor, keysetCursor, safeId } from "../http/input";
import type { DraftSchema, TicketSchema } from "./schemas";

/**
 * The customer message a draft answers: the ticket's first message, or the follow-up that
 * produced this revision (stored with the draft as `input.ticket_text`); null for drafts stored
 * before the drafts kept it.
 */
export function answeredMessage(d: Pick<DraftRow, "input">): string | null {
  const input = d.input as DraftInputRecord | null;
  return typeof input?.ticket_text === "string" ? input.ticket_text : null;
}

/**
 * A draft's usage: the reply prompt's tokens and cost (`input_tokens`, `output_tokens`, `cost_usd`,
 * as before), and the whole draft's: `model_calls`, `total` (triage, reply and repair calls summed),
 * `calls` (each call's prompt, model, tokens, estimated cost), `triage_skipped` and `prompt_budget`.
 */
function usageJson(d: DraftRow): z.infer<typeof DraftSchema>["usage"] {
  const u = d.usage as DraftUsage | null;
  return {
    input_tokens: d.inputTokens,
    output_tokens: d.outputTokens,
    cost_usd: d.costUsd,
    model_calls: u?.model_calls ?? 0,
    total: { input_tokens: u?.input_tokens ?? 0, output_tokens: u?.output_tokens ?? 0, cost_usd: u?.cost_usd ?? null },
    calls: u?.calls ?? [],
    triage_skipped: u?.triage_skipped ?? null,
    prompt_budget: u?.prompt_budget ?? null,
    speculative: u?.speculative ?? null,
  };
}

/** The API's draft shape (`Draft` in the OpenAPI document). */
export function draftJson(d: DraftRow): z.infer<typeof DraftSchema> {
  return {
    id: d.id,
    ticket_id: d.ticketId,
    revision: d.revision,
    status: d.status as DraftStatus,
    /** The customer message this revision answers (see `answeredMessage`). */
    answered_message: answeredMessage(d),
    body: d.body,
    model_body: d.modelBody,
    language: d.language,
    drafter: d.drafter,
    fallback_reason: d.fallbackReason,
    prompt: { name: d.promptName, version: d.promptVersion },
    model: d.model,
    usage: usageJson(d),
    redraft_due: d.redraftDue,
    guard: d.guard as DraftGuardRecord | null,
    /** The knowledge passages the draft states: id, article title, section path and link ([] for none or an older draft). */
    citations: (d.citations as Citation[] | null) ?? [],
    instruction: d.instruction,
    decision: d.decision as Decision,
    created_at: d.createdAt.toISOString(),
    reviewed_at: d.reviewedAt?.toISOString() ?? null,
    reviewed_by: d.reviewedBy,
    edited: d.edited,
    reject_reason: d.rejectReason,
  };
}

/** The API's ticket shape (`Ticket` in the OpenAPI document). */
export function ticketJson(t: TicketRow): z.infer<typeof TicketSchema> {
  return {
    id: t.id,
    source: t.source,
    external_id: t.externalId,
    requester: { email: t.requesterEmail, customer_id: t.requesterCustomerId },
    customer_id: t.customerId,
    subject: t.subject,
    body: t.body,
    channel: t.channel,
    helpdesk_url: t.helpdeskUrl,
    triage: t.triage as Record<string, unknown> | null,
    status: t.status,
    /** Why the pipeline failed, for a `failed` ticket (the latest try); null otherwise. */
    error: t.error,
    created_at: t.createdAt.toISOString(),
    received_at: t.receivedAt.toISOString(),
  };
}

/**
 * The keyset cursor of `GET /v1/drafts`: the last row's (created_at, id), base64url JSON, read back
 * with `decodeCursor`.
 */
export function encodeCursor(key: DraftKey): string {
  return encodeKeysetCursor(key);
}

/**
 * Reads a cursor of `GET /v1/drafts` (`keysetCursor()`, src/http/input.ts: base64url JSON of a
 * time in 1970-2100 and a UUID).
 * @throws ProblemError 400 naming `cursor` for anything this API did not issue
 */
export function decodeCursor(cursor: string): DraftKey {
  const parsed = keysetCursor().safeParse(cursor);
  if (!parsed.success) throw validationProblem(parsed.error, "cursor");
  return parsed.data;
}

/** The API's customer search hit: ids in both forms, contact, how it matched, and the scoring snapshot. */
export function customerHitJson(h: CustomerSearchHit) {
  return {
    id: h.customerGid.replace("gid://shopify/Customer/", ""),
    gid: h.customerGid,
    email: h.email,
    name: [h.firstName, h.lastName].filter(Boolean).join(" ") || null,
    country: h.country,
    matched: h.matched,
    order_name: h.orderName,
    rfm_segment: h.rfmSegment,
    churn_risk_score: h.churnRiskScore,
  };
}

/** The search cursor's key, as `decodeKey` checks it. */
export const SearchKeySchema = z.object({ rank: z.number().int().min(0).max(10), customerGid: safeId(300) }).strict();
/** The journey cursor's key, as `decodeKey` checks it. */
export const JourneyKeySchema = z.object({ at: boundedInstant(), kind: safeId(20), id: safeId(300) }).strict();
