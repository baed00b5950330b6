/**
 * Outbound: approved replies posted back to the originating helpdesk. Every approved draft of a
 * ticket that came through a helpdesk webhook gets one `helpdesk_posts` row (the outbox) and one
 * `post` job; the job posts through the vendor adapter, stores the helpdesk's returned id, and on
 * failure records the error, moves the draft to `approved_unsent` and throws so the queue retries
 * with back-off. After the last try the job sits in the dead letter (`GET /v1/jobs?state=failed`)
 * and the post stays `failed` with its error until `POST /v1/helpdesk-posts/:draftId/retry`.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { drafts, tickets } from "../db/schema";
import { helpdeskDeliveries, helpdeskPosts } from "../db/schema-helpdesks";
import type { Db } from "../db/types";
import { audit } from "../audit/audit";
import { ProblemError } from "../http/problem";
import type { Decision } from "../policy/types";
import type { TicketQueue } from "../queue/types";
import type { Logger } from "../log/logger";
import type { Metrics } from "../log/metrics";
import type { HelpdeskConfig, Vendor } from "../config/helpdesks";
import { ADAPTERS } from "./vendors";
import type { PostContext } from "./types";
import { one } from "../lib/one";

export const postJobId = (draftId: string) => `post-${draftId}`;

/** Tags that record the decision: copilot:offer-15, copilot:free-shipping, copilot:escalate, copilot:churn-high. */
export function decisionTags(d: Decision): string[] {
  const tags: string[] = [];
  if (d.offer_discount && d.discount_percent > 0) tags.push(`copilot:offer-${d.discount_percent}`);
  if (d.free_shipping) tags.push("copilot:free-shipping");
  if (d.escalate) tags.push("copilot:escalate");
  if (d.churn_band && d.churn_band !== "unknown") tags.push(`copilot:churn-${d.churn_band}`);
  return tags;
}

/**
 * Posts one reply to a helpdesk ticket through its REST API.
 * @param vendor the ticket's source
 * @param ticket `{ externalId, requesterEmail }` of the stored ticket
 * @param draft `{ body }` of the approved draft (plain text)
 * @param config the helpdesk configuration (reply mode, credentials)
 * @param opts.meta vendor ids from the webhook (Help Scout customer id, ...); opts.fetch for tests
 * @returns the helpdesk's id of the comment / thread / message / draft it created
 * @throws VendorApiError (status, message) when the vendor refuses or cannot be reached
 */
export async function postReply(
  vendor: Vendor,
  ticket: { externalId: string; requesterEmail: string | null },
  draft: { body: string },
  config: HelpdeskConfig,
  opts: { meta?: Record<string, string | number | null>; fetch?: typeof fetch } = {},
): Promise<{ id: string }> {
  const cfg = config.vendors[vendor];
  if (!cfg) throw new Error(`${vendor} is not configured`);
  return ADAPTERS[vendor].post(postContext(vendor, ticket, draft, config, opts));
}

function postContext(
  vendor: Vendor,
  ticket: { externalId: string; requesterEmail: string | null },
  draft: { body: string },
  config: HelpdeskConfig,
  opts: { meta?: Record<string, string | number | null>; fetch?: typeof fetch },
): PostContext {
  return {
    cfg: config.vendors[vendor]!,
    fetch: opts.fetch ?? fetch,
    ticketExternalId: ticket.externalId,
    body: draft.body,
    mode: config.replyMode,
    requesterEmail: ticket.requesterEmail,
    meta: opts.meta ?? {},
  };
}

export interface OutboundDeps {
  db: Db;
  queue: TicketQueue;
  config: HelpdeskConfig;
  fetch?: typeof fetch;
  log?: Logger;
  /** Counts posts by vendor and outcome (`helpdeskPost`). */
  metrics?: Metrics;
}

/**
 * Records the outbox row for an approved draft of a helpdesk ticket and enqueues its post job.
 * Idempotent (one row per draft). @returns false when the draft is not an approved helpdesk draft
 */
export async function dispatchDraft(deps: OutboundDeps, draftId: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ draftId: drafts.id, status: drafts.status, ticketId: tickets.id, source: tickets.source })
    .from(drafts)
    .innerJoin(tickets, eq(tickets.id, drafts.ticketId))
    .where(eq(drafts.id, draftId));
  if (row?.status !== "approved" || !deps.config.vendors[row.source as Vendor]) return false;
  const [came] = await deps.db.select({ id: helpdeskDeliveries.id }).from(helpdeskDeliveries).where(eq(helpdeskDeliveries.ticketId, row.ticketId)).limit(1);
  if (!came) return false;
  await deps.db
    .insert(helpdeskPosts)
    .values({ draftId, ticketId: row.ticketId, vendor: row.source, mode: deps.config.replyMode, status: "queued" })
    .onConflictDoNothing({ target: helpdeskPosts.draftId });
  const [post] = await deps.db.select({ status: helpdeskPosts.status }).from(helpdeskPosts).where(eq(helpdeskPosts.draftId, draftId));
  if (post?.status === "queued") await deps.queue.enqueue(postJobId(draftId), { kind: "post", draftId });
  return true;
}

/**
 * The safety net behind `dispatchDraft`: finds approved drafts of webhook tickets with no post yet
 * (approved while no hook ran) and posts still `queued` (enqueue failed), and dispatches them.
 * @returns how many drafts were dispatched
 */
export async function dispatchPending(deps: OutboundDeps, limit = 100): Promise<number> {
  const vendors = Object.keys(deps.config.vendors);
  if (!vendors.length) return 0;
  const rows = await deps.db
    .select({ id: drafts.id })
    .from(drafts)
    .innerJoin(tickets, eq(tickets.id, drafts.ticketId))
    .where(
      and(
        eq(drafts.status, "approved"),
        inArray(tickets.source, vendors),
        sql`exists (select 1 from helpdesk_deliveries w where w.ticket_id = ${tickets.id})`,
        sql`not exists (select 1 from helpdesk_posts p where p.draft_id = ${drafts.id} and p.status <> 'queued')`,
      ),
    )
    .limit(limit);
  for (const r of rows) await dispatchDraft(deps, r.id);
  return rows.length;
}

/**
 * Runs a post job: posts the draft once; on success stores the helpdesk id (and tags when
 * HELPDESK_TAGGING=on); on failure records the error, marks the draft `approved_unsent`, and throws.
 */
export async function runPostJob(deps: OutboundDeps, draftId: string): Promise<void> {
  const [post] = await deps.db.select().from(helpdeskPosts).where(eq(helpdeskPosts.draftId, draftId));
  if (!post || post.status === "sent") return;
  const [draft] = await deps.db.select().from(drafts).where(eq(drafts.id, draftId));
  const [ticket] = await deps.db.select().from(tickets).where(eq(tickets.id, post.ticketId));
  if (!draft || !ticket) return;
  const vendor = post.vendor as Vendor;
  const deliveries = await deps.db
    .select({ meta: helpdeskDeliveries.meta })
    .from(helpdeskDeliveries)
    .where(and(eq(helpdeskDeliveries.vendor, vendor), eq(helpdeskDeliveries.ticketExternalId, ticket.externalId)))
    .orderBy(desc(helpdeskDeliveries.receivedAt))
    .limit(5);
  const meta = Object.assign({}, ...deliveries.reverse().map((d) => d.meta as Record<string, string | number | null>));
  const ctx = postContext(vendor, { externalId: ticket.externalId, requesterEmail: ticket.requesterEmail }, { body: draft.body }, deps.config, {
    meta,
    fetch: deps.fetch,
  });

  let id: string;
  try {
    id = (await ADAPTERS[vendor].post(ctx)).id;
    deps.metrics?.helpdeskPost(vendor, "posted");
  } catch (err) {
    deps.metrics?.helpdeskPost(vendor, "failed");
    const message = String((err as Error)?.message ?? err).slice(0, 2000);
    await deps.db.transaction(async (tx) => {
      await tx
        .update(helpdeskPosts)
        .set({ status: "failed", attempts: sql`${helpdeskPosts.attempts} + 1`, error: message, updatedAt: sql`now()` })
        .where(eq(helpdeskPosts.draftId, draftId));
      const moved = await tx
        .update(drafts)
        .set({ status: "approved_unsent" })
        .where(and(eq(drafts.id, draftId), eq(drafts.status, "approved")))
        .returning({ id: drafts.id });
      await audit(tx, "helpdesk", "draft.post_failed", "draft", draftId, {
        vendor,
        error: message,
        ...(moved.length ? { status: { from: "approved", to: "approved_unsent" } } : {}),
      });
    });
    throw err;
  }
  await deps.db.transaction(async (tx) => {
    await tx
      .update(helpdeskPosts)
      .set({ status: "sent", externalId: id, attempts: sql`${helpdeskPosts.attempts} + 1`, error: null, sentAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(helpdeskPosts.draftId, draftId));
    const moved = await tx
      .update(drafts)
      .set({ status: "approved" })
      .where(and(eq(drafts.id, draftId), eq(drafts.status, "approved_unsent")))
      .returning({ id: drafts.id });
    await audit(tx, "helpdesk", "draft.posted", "draft", draftId, {
      vendor,
      mode: post.mode,
      external_id: id,
      ...(moved.length ? { status: { from: "approved_unsent", to: "approved" } } : {}),
    });
  });

  const adapter = ADAPTERS[vendor];
  if (deps.config.tagging && adapter.tag) {
    const tags = decisionTags(draft.decision as Decision);
    if (tags.length) {
      try {
        await adapter.tag(ctx, tags);
        await deps.db.update(helpdeskPosts).set({ tags, tagError: null }).where(eq(helpdeskPosts.draftId, draftId));
      } catch (err) {
        // The reply is out; a tag failure must not re-post it. Recorded for the post's viewer.
        await deps.db
          .update(helpdeskPosts)
          .set({ tags, tagError: String((err as Error)?.message ?? err).slice(0, 1000) })
          .where(eq(helpdeskPosts.draftId, draftId));
      }
    }
  }
}

/**
 * Queues a failed (or never queued) post again: the dead-lettered job when it is there, otherwise a
 * fresh job with a new id.
 * @throws ProblemError 404 (no post for this draft), 409 (the reply was posted already)
 */
export async function retryPost(deps: OutboundDeps, draftId: string) {
  const [p] = await deps.db.select().from(helpdeskPosts).where(eq(helpdeskPosts.draftId, draftId));
  if (!p) throw new ProblemError(404, "Not Found", `post for draft ${draftId} not found`);
  if (p.status === "sent") throw new ProblemError(409, "Conflict", `the reply of draft ${draftId} was posted already`, { external_id: p.externalId });
  const updated = one(
    await deps.db
      .update(helpdeskPosts)
      .set({ status: "queued", retries: sql`${helpdeskPosts.retries} + 1`, updatedAt: sql`now()` })
      .where(eq(helpdeskPosts.draftId, draftId))
      .returning(),
    "post",
  );
  if (!(await deps.queue.retry(postJobId(draftId)))) await deps.queue.enqueue(`${postJobId(draftId)}-r${updated.retries}`, { kind: "post", draftId });
  return updated;
}
