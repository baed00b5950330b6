/**
 * One ticket in the console: the customer's message, the draft in an editor with the diff against
 * the drafter's text, the decision and its reasons in plain words, guard flags, the actions
 * (approve as drafted, approve with edits, reject with a reason, regenerate with an instruction;
 * each with a keyboard shortcut), what was sent and any failure, and the customer 360 panel.
 * - GET  /console/drafts/:id
 * - POST /console/drafts/:id/approve     `action=approve|approve_edited`, `body`
 * - POST /console/drafts/:id/reject      `reason`
 * - POST /console/drafts/:id/regenerate  `instruction`
 * - POST /console/drafts/:id/retry       re-send an approved_unsent draft
 */
import { diffWords } from "diff";
import { Hono, type Context } from "hono";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { formIssue, safeText } from "../http/input";
import type { GuardResult } from "../ai/draft/guard";
import type { Citation } from "../ai/draft/grounding";
import { rowsOf } from "../db/rows";
import { drafts, offers } from "../db/schema";
import { getDraft, getTicket, type DraftInputRecord, type DraftRow, type TicketRow } from "../drafts/repo";
import { rejectDraft } from "../pipeline/reject";
import { approveAndSend } from "../pipeline/approve";
import { ProblemError } from "../http/problem";
import type { Decision } from "../policy/types";
import type { CustomerProfile } from "../profile/types";
import type { Services } from "../services";
import { Customer360Panel, loadCustomer360 } from "./customer360";
import { HandoverPanel, loadHandoverTasks, SafetyBanner } from "./handover-panel";
import type { ConsoleEnv } from "./env";
import { Csrf, dateTime, ErrorPage, Layout, Notice } from "./layout";
import { offerText } from "./queue";
import { requireUser } from "./security";
import { regenerationStream } from "../routes/regeneration-sse";

const DraftId = z.string().uuid();
const Done = z.enum(["approved", "rejected", "regenerated", "retried"]).optional().catch(undefined);
const DONE_TEXT: Record<NonNullable<z.infer<typeof Done>>, string> = {
  approved: "Approved.",
  rejected: "Rejected.",
  regenerated: "A new version was drafted with your instruction.",
  retried: "Sending was retried.",
};

/** What happened after approval: the ledger entry and, when those connectors ran, the helpdesk post and the Shopify code. */
export interface Delivery {
  offer: { id: number; percent: number; freeShipping: boolean; code: string | null; hash: string } | null;
  helpdesk: { vendor: string; status: string; error: string | null; sentAt: string | null; attempts: number } | null;
  shopify: { code: string; status: string; error: string | null; expiresAt: string | null } | null;
}

async function tableExists(s: Services, name: string): Promise<boolean> {
  const [r] = rowsOf<{ ok: boolean }>(await s.db.execute(sql`select to_regclass(${`public.${name}`}) is not null as ok`));
  return !!r?.ok;
}

/** Reads the delivery records of a draft; connector tables that do not exist read as "not configured". */
export async function loadDelivery(s: Services, draftId: string): Promise<Delivery> {
  const [offer] = await s.db.select().from(offers).where(eq(offers.draftId, draftId));
  let helpdesk: Delivery["helpdesk"] = null;
  let shopify: Delivery["shopify"] = null;
  if (await tableExists(s, "helpdesk_posts")) {
    const [r] = rowsOf<Record<string, unknown>>(
      await s.db.execute(sql`select vendor, status, error, sent_at, attempts from helpdesk_posts where draft_id = ${draftId}`),
    );
    if (r)
      helpdesk = {
        vendor: String(r.vendor),
        status: String(r.status),
        error: (r.error as string | null) ?? null,
        sentAt: r.sent_at ? new Date(r.sent_at as string).toISOString() : null,
        attempts: Number(r.attempts ?? 0),
      };
  }
  if (await tableExists(s, "shopify_discount_codes")) {
    const [r] = rowsOf<Record<string, unknown>>(
      await s.db.execute(sql`select code, status, error, expires_at from shopify_discount_codes where draft_id = ${draftId}`),
    );
    if (r)
      shopify = {
        code: String(r.code),
        status: String(r.status),
        error: (r.error as string | null) ?? null,
        expiresAt: r.expires_at ? new Date(r.expires_at as string).toISOString() : null,
      };
  }
  return {
    offer: offer ? { id: offer.id, percent: offer.discountPercent, freeShipping: offer.freeShipping, code: offer.discountCode, hash: offer.hash } : null,
    helpdesk,
    shopify,
  };
}

function DiffView(props: { from: string; to: string }) {
  return <>{diffWords(props.from, props.to).map((p) => (p.added ? <ins>{p.value}</ins> : p.removed ? <del>{p.value}</del> : <span>{p.value}</span>))}</>;
}

interface PageData {
  draft: DraftRow;
  ticket: TicketRow;
  latestId: string | null;
}

async function loadPage(s: Services, id: string): Promise<PageData | null> {
  const draft = await getDraft(s.db, id);
  if (!draft) return null;
  const ticket = (await getTicket(s.db, draft.ticketId))!;
  const [latest] = await s.db.select({ id: drafts.id }).from(drafts).where(eq(drafts.ticketId, draft.ticketId)).orderBy(desc(drafts.revision)).limit(1);
  return { draft, ticket, latestId: latest && latest.id !== draft.id ? latest.id : null };
}

type StoredTriage = {
  family?: string;
  confidence?: number;
  unclear?: boolean;
  runner_up?: { family: string; confidence: number } | null;
  disagreement?: { classifier: string; family: string; unclear: boolean };
} | null;
const words = (x: string) => x.replace(/_/g, " ");

/** The triage's confidence beside the decision; an unclear reading says that no money was offered on it. */
function TriageNote({ triage }: { triage: unknown }) {
  const t = triage as StoredTriage;
  if (!t || typeof t.confidence !== "number") return null;
  const conf = t.confidence.toFixed(2);
  const guess = t.runner_up ? `${t.unclear ? "best guess" : "runner-up"} ${words(t.runner_up.family)} (${t.runner_up.confidence.toFixed(2)})` : null;
  const other = t.disagreement ? ` · ${t.disagreement.classifier} read it as ${t.disagreement.unclear ? "unclear" : words(t.disagreement.family)}` : "";
  return t.unclear ? (
    <Notice kind="info">
      <span id="triage-note">
        Triage unclear (confidence {conf}): no money is offered on a guess; the agent decides.{guess ? ` The ${guess}.` : ""}
        {other}
      </span>
    </Notice>
  ) : (
    <p class="hint" id="triage-note">
      Triage: {words(t.family ?? "–")}, confidence {conf}
      {guess ? ` · ${guess}` : ""}
      {other}
    </p>
  );
}

/** The knowledge passages the draft states, each linked to the help article's section the customer would read. */
function Sources({ citations }: { citations: Citation[] }) {
  return (
    <>
      <h3 id="sources-h">Sources</h3>
      {citations.length ? (
        <ul id="citations" aria-labelledby="sources-h">
          {citations.map((c) => (
            <li data-passage={c.id}>
              {c.url ? (
                <a href={c.url} target="_blank" rel="noopener noreferrer">
                  {c.title}
                  {c.section.length ? ` › ${c.section.join(" › ")}` : ""}
                </a>
              ) : (
                <span>
                  {c.title}
                  {c.section.length ? ` › ${c.section.join(" › ")}` : ""}
                </span>
              )}{" "}
              <span class="hint">({c.id})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint" id="citations">
          The draft cites no help article or policy.
        </p>
      )}
    </>
  );
}

async function renderPage(
  c: Context<ConsoleEnv>,
  data: PageData,
  status: 200 | 400 | 409 | 422 | 500,
  notice?: { kind: "ok" | "error"; text: string },
  bodyOverride?: string,
) {
  const s = c.var.services;
  const { draft, ticket } = data;
  const decision = draft.decision as Decision;
  const guard = draft.guard as GuardResult | null;
  const policy = c.var.opts.policyStore?.get() ?? s.policy();
  const [c360, delivery, privacyTasks] = await Promise.all([
    loadCustomer360(s, ticket.customerId, ticket.id, draft.profile as CustomerProfile | null, policy),
    loadDelivery(s, draft.id),
    loadHandoverTasks(s, decision, ticket.id),
  ]);
  const pending = draft.status === "pending_review";
  const csrf = c.var.csrf;
  const canRegen = !!c.var.opts.regenerateDraft;
  const canRetry = !!c.var.opts.retrySend;
  const asOf = s.store.asOf ?? s.clock.now().toISOString();
  const headline = decision.reasons.find((r) => r.rule === decision.offer_rule)?.text ?? decision.reasons[0]?.text ?? "No decision recorded.";
  const editorText = bodyOverride ?? draft.body;
  // The customer message this revision answers: the first message, or a later follow-up.
  const answered = (draft.input as DraftInputRecord | null)?.ticket_text ?? null;
  return c.html(
    <Layout title={`Ticket: ${ticket.subject || "no subject"}`} user={c.var.user} csrf={csrf} active="queue" wide>
      <p>
        <a href="/console/queue">← Queue</a>
      </p>
      <h1>{ticket.subject || "Ticket without a subject"}</h1>
      <SafetyBanner decision={decision} />
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {data.latestId ? (
        <Notice kind="info">
          This revision was superseded. <a href={`/console/drafts/${data.latestId}`}>Open the latest revision</a>.
        </Notice>
      ) : null}
      <div class="ticket-layout">
        <div>
          <section class="card" aria-labelledby="msg-h">
            <h2 id="msg-h">The customer's message</h2>
            <p class="hint">
              {ticket.source} · received {dateTime(ticket.createdAt)} · intent{" "}
              {String((ticket.triage as { intent?: string } | null)?.intent ?? "–").replace(/_/g, " ")}
            </p>
            <pre class="message" id="ticket-body">
              {ticket.body}
            </pre>
            {answered && answered !== ticket.body ? (
              <>
                <h3 id="answered-h">The follow-up this draft answers</h3>
                <section aria-labelledby="answered-h">
                  <pre class="message" id="answered-message">
                    {answered}
                  </pre>
                </section>
              </>
            ) : null}
          </section>

          <section class="card" aria-labelledby="dec-h">
            <h2 id="dec-h">Decision</h2>
            <TriageNote triage={ticket.triage} />
            <p id="decision-summary">
              <strong>{offerText(decision)}</strong> · {headline}
            </p>
            <ul class="reasons" aria-label="Reasons">
              {decision.reasons.map((r) => (
                <li>
                  {r.text} <span class="hint">({r.rule.replace(/_/g, " ")})</span>
                </li>
              ))}
            </ul>
            <HandoverPanel decision={decision} tasks={privacyTasks} />
            <p class="hint">
              Churn band {decision.churn_band} · priority {decision.priority} ({decision.priority_score}) · {decision.escalate ? "escalated" : "not escalated"}
              {decision.follow_up ? ` · ${decision.follow_up_owner ?? "agent"} follow-up` : ""} · policy {decision.policy_version}
            </p>
            <h3>Guard</h3>
            {guard?.ok === false || (guard?.violations?.length ?? 0) > 0 ? (
              <ul class="alerts" aria-label="Guard flags">
                {(guard?.violations ?? []).map((v) => (
                  <li>
                    {v.code.replace(/_/g, " ")}: {v.detail}
                  </li>
                ))}
              </ul>
            ) : (
              <p>No guard flags: every figure in the draft matches the decision and the customer's facts.</p>
            )}
            <Sources citations={(draft.citations as Citation[] | null) ?? []} />
            {draft.fallbackReason ? <p class="hint">Drafter fallback: {draft.fallbackReason}</p> : null}
            <p class="hint">
              Drafted by {draft.drafter}
              {draft.model ? ` (${draft.model})` : ""} · prompt {draft.promptName ?? "–"} v{draft.promptVersion ?? "–"} · revision {draft.revision}
              {draft.instruction ? ` · instruction: ${draft.instruction}` : ""}
            </p>
          </section>

          {pending ? (
            <section class="card" aria-labelledby="draft-h">
              <h2 id="draft-h">Reply</h2>
              <form method="post" action={`/console/drafts/${draft.id}/approve`}>
                <Csrf token={csrf} />
                <label for="draft-body">Reply to the customer (editable)</label>
                <textarea id="draft-body" name="body" maxlength={20000} required aria-describedby="edited-flag shortcuts">
                  {editorText}
                </textarea>
                <p id="edited-flag" class="hint" aria-live="polite">
                  {editorText.trim() === draft.modelBody.trim()
                    ? "No edits yet: the text is the drafter's."
                    : "Edited: your changes are marked (inserted, deleted)."}
                </p>
                <h3 id="diff-h">Changes against the drafter's text</h3>
                <section id="diff-live" class="diff" data-model={draft.modelBody} aria-labelledby="diff-h">
                  <DiffView from={draft.modelBody} to={editorText} />
                </section>
                <div class="actions">
                  <button type="submit" id="approve" name="action" value="approve" class="primary">
                    Approve as drafted
                  </button>
                  <button type="submit" id="approve-edited" name="action" value="approve_edited">
                    Approve with edits
                  </button>
                </div>
              </form>
              <form method="post" action={`/console/drafts/${draft.id}/reject`}>
                <Csrf token={csrf} />
                <label for="reject-reason">Reason for rejecting</label>
                <input id="reject-reason" name="reason" type="text" required maxlength={2000} />
                <div class="actions">
                  <button type="submit" id="reject" class="danger">
                    Reject
                  </button>
                </div>
              </form>
              <form method="post" action={`/console/drafts/${draft.id}/regenerate`} data-regen-stream>
                <Csrf token={csrf} />
                <label for="regen-instruction">Regenerate with an instruction (the decision stays the same)</label>
                <input
                  id="regen-instruction"
                  name="instruction"
                  type="text"
                  maxlength={500}
                  required
                  disabled={!canRegen}
                  aria-describedby={canRegen ? undefined : "regen-note"}
                />
                <div class="actions">
                  <button type="submit" id="regenerate" disabled={!canRegen}>
                    Regenerate
                  </button>
                </div>
                {canRegen ? null : (
                  <p id="regen-note" class="hint">
                    Regeneration is not available on this server yet.
                  </p>
                )}
              </form>
              <section id="regen-pane" class="provisional" hidden aria-live="polite" aria-labelledby="regen-pane-h">
                <h3 id="regen-pane-h">Unchecked: the model is still writing</h3>
                <p class="hint" id="regen-pane-note">
                  This text has not been through the guard and does not contain the offer sentences the system adds. It is not the draft: the checked draft (or
                  the template) replaces it when the guard has run.
                </p>
                <pre class="message unchecked" id="regen-provisional"></pre>
                <p class="hint" id="regen-status" role="status"></p>
              </section>
              <p id="shortcuts" class="hint">
                Keys (outside text fields): <kbd>a</kbd> approve as drafted, <kbd>e</kbd> edit, <kbd>s</kbd> approve with edits, <kbd>r</kbd> reject (type the
                reason, then <kbd>Enter</kbd>), <kbd>g</kbd> regenerate. In the editor: <kbd>Ctrl</kbd>+<kbd>Enter</kbd> approves with edits.
              </p>
            </section>
          ) : (
            <section class="card" aria-labelledby="result-h">
              <h2 id="result-h">Result</h2>
              <p id="draft-status">
                Status: <strong>{draft.status.replace(/_/g, " ")}</strong>
                {draft.reviewedBy ? ` by ${draft.reviewedBy}` : ""}
                {draft.reviewedAt ? ` at ${dateTime(draft.reviewedAt)}` : ""}
                {draft.status !== "rejected" && draft.status !== "superseded" ? (draft.edited ? " · edited by the agent" : " · as drafted") : ""}
              </p>
              {draft.rejectReason ? <p>Reason: {draft.rejectReason}</p> : null}
              {draft.status === "approved" || draft.status === "approved_unsent" ? (
                <>
                  <h3>{draft.status === "approved" ? "What was sent" : "What was approved (not sent yet)"}</h3>
                  <pre class="message" id="sent-body">
                    {draft.body}
                  </pre>
                  {draft.edited ? (
                    <>
                      <h3 id="final-diff-h">Agent's edits</h3>
                      <section class="diff" aria-labelledby="final-diff-h">
                        <DiffView from={draft.modelBody} to={draft.body} />
                      </section>
                    </>
                  ) : null}
                  <h3>Offer and delivery</h3>
                  <ul id="delivery">
                    <li>
                      {delivery.offer
                        ? `Ledger entry #${delivery.offer.id}: ${delivery.offer.percent}%${delivery.offer.freeShipping ? " + free shipping" : ""}; discount code ${delivery.offer.code ?? delivery.shopify?.code ?? "not created"}.`
                        : "No retention offer: nothing written to the ledger."}
                    </li>
                    <li>
                      {delivery.shopify
                        ? `Shopify discount ${delivery.shopify.code}: ${delivery.shopify.status}${delivery.shopify.expiresAt ? `, expires ${dateTime(delivery.shopify.expiresAt)}` : ""}${delivery.shopify.error ? ` (error: ${delivery.shopify.error})` : ""}.`
                        : "Shopify discount: not created here (Shopify not configured for this ticket)."}
                    </li>
                    <li>
                      {delivery.helpdesk
                        ? `Helpdesk (${delivery.helpdesk.vendor}): ${delivery.helpdesk.status}${delivery.helpdesk.sentAt ? ` at ${dateTime(delivery.helpdesk.sentAt)}` : ""} after ${delivery.helpdesk.attempts} attempts${delivery.helpdesk.error ? ` (error: ${delivery.helpdesk.error})` : ""}.`
                        : "Helpdesk: no post recorded (the ticket came through the API, or no helpdesk is configured)."}
                    </li>
                  </ul>
                  {draft.status === "approved_unsent" ? (
                    <form method="post" action={`/console/drafts/${draft.id}/retry`}>
                      <Csrf token={csrf} />
                      <button type="submit" id="retry" disabled={!canRetry}>
                        Retry sending
                      </button>
                      {canRetry ? null : <p class="hint">Retrying is not available on this server yet.</p>}
                    </form>
                  ) : null}
                </>
              ) : null}
            </section>
          )}
        </div>
        <aside aria-label="Customer 360">
          <Customer360Panel data={c360} asOf={asOf} />
        </aside>
      </div>
    </Layout>,
    status,
  );
}

export const draftPageRoutes = new Hono<ConsoleEnv>();

function idOr404(c: Context<ConsoleEnv>): string | null {
  const p = DraftId.safeParse(c.req.param("id"));
  return p.success ? p.data : null;
}
const notFoundPage = (c: Context<ConsoleEnv>) => c.html(<ErrorPage status={404} title="Not found" detail="There is no such draft." user={c.var.user} />, 404);

draftPageRoutes.get("/drafts/:id", requireUser("drafts.review"), async (c) => {
  const id = idOr404(c);
  const data = id ? await loadPage(c.var.services, id) : null;
  if (!data) return notFoundPage(c);
  const done = Done.parse(c.req.query("done"));
  return renderPage(c, data, 200, done ? { kind: "ok", text: DONE_TEXT[done] } : undefined);
});

/** Runs an action; a ProblemError (404, 409, 400) re-renders the page with its message. */
async function act(c: Context<ConsoleEnv>, id: string, run: () => Promise<string>, bodyOverride?: string) {
  try {
    return c.redirect(await run(), 303);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    const data = await loadPage(c.var.services, id);
    if (!data) return notFoundPage(c);
    const status = ([400, 409, 422].includes(err.status) ? err.status : 500) as 400 | 409 | 422 | 500;
    return renderPage(c, data, status, { kind: "error", text: err.detail ?? err.title }, bodyOverride);
  }
}

const ApproveForm = z.object({ action: z.enum(["approve", "approve_edited"]), body: safeText().max(20_000).optional() });

draftPageRoutes.post("/drafts/:id/approve", requireUser("drafts.review"), async (c) => {
  const id = idOr404(c);
  if (!id) return notFoundPage(c);
  const s = c.var.services;
  const form = await c.req.parseBody();
  const parsed = ApproveForm.safeParse(form);
  const body = typeof form.body === "string" ? form.body : undefined;
  return act(
    c,
    id,
    async () => {
      if (!parsed.success)
        throw new ProblemError(400, "Invalid request", `Choose an action, and keep the reply under 20,000 characters (${formIssue(parsed.error)}).`);
      const current = await getDraft(s.db, id);
      if (!current) throw new ProblemError(404, "Not Found", "no such draft");
      let edited: string | undefined;
      if (parsed.data.action === "approve_edited") {
        edited = (parsed.data.body ?? "").replace(/\r\n/g, "\n").trim();
        if (!edited) throw new ProblemError(400, "Invalid request", "The reply is empty. Write a reply or reject the draft.");
        if (edited === current.modelBody.trim())
          throw new ProblemError(400, "Invalid request", "There are no edits: use “Approve as drafted”, or change the text first.");
      }
      await approveAndSend(s, id, c.var.user!.email, edited);
      return `/console/drafts/${id}?done=approved`;
    },
    body,
  );
});

draftPageRoutes.post("/drafts/:id/reject", requireUser("drafts.review"), async (c) => {
  const id = idOr404(c);
  if (!id) return notFoundPage(c);
  const s = c.var.services;
  const reason = (await c.req.parseBody()).reason;
  return act(c, id, async () => {
    const r = safeText().trim().min(1).max(2000).safeParse(reason);
    if (!r.success) throw new ProblemError(400, "Invalid request", `Give a reason for rejecting (up to 2,000 characters; ${formIssue(r.error, "reason")}).`);
    await rejectDraft(s.db, id, c.var.user!.email, s.clock.now(), r.data);
    return `/console/drafts/${id}?done=rejected`;
  });
});

draftPageRoutes.post("/drafts/:id/regenerate", requireUser("drafts.review"), async (c) => {
  const id = idOr404(c);
  if (!id) return notFoundPage(c);
  const regen = c.var.opts.regenerateDraft;
  const instruction = (await c.req.parseBody()).instruction;
  if (regen && (c.req.header("accept") ?? "").includes("text/event-stream")) {
    // The console's provisional pane: the model's unchecked text streams as `provisional`, then the
    // stored, checked revision as `draft` (the page then opens it).
    const r = safeText().trim().min(1).max(500).safeParse(instruction);
    if (!r.success)
      return c.json({ title: "Invalid request", detail: `Write an instruction (up to 500 characters; ${formIssue(r.error, "instruction")}).` }, 400);
    const s = c.var.services;
    return regenerationStream(
      c,
      (onProvisional) => regen(s, id, r.data, c.var.user!.email, onProvisional),
      (row) => ({
        id: row.id,
        url: `/console/drafts/${row.id}?done=regenerated`,
        body: row.body,
        drafter: row.drafter,
        flagged: (row.guard as { flagged?: boolean } | null)?.flagged ?? false,
      }),
    );
  }
  return act(c, id, async () => {
    if (!regen) throw new ProblemError(409, "Conflict", "Regeneration is not available on this server yet.");
    const r = safeText().trim().min(1).max(500).safeParse(instruction);
    if (!r.success)
      throw new ProblemError(
        400,
        "Invalid request",
        `Write an instruction (up to 500 characters), e.g. “shorter and warmer” (${formIssue(r.error, "instruction")}).`,
      );
    const row = await regen(c.var.services, id, r.data, c.var.user!.email);
    return `/console/drafts/${row.id}?done=regenerated`;
  });
});

draftPageRoutes.post("/drafts/:id/retry", requireUser("drafts.review"), async (c) => {
  const id = idOr404(c);
  if (!id) return notFoundPage(c);
  const retry = c.var.opts.retrySend;
  return act(c, id, async () => {
    if (!retry) throw new ProblemError(409, "Conflict", "Retrying is not available on this server yet.");
    const [row] = await c.var.services.db
      .select({ status: drafts.status })
      .from(drafts)
      .where(and(eq(drafts.id, id)));
    if (row?.status !== "approved_unsent") throw new ProblemError(409, "Conflict", "Only a draft approved but not sent can be retried.");
    await retry(c.var.services, id, c.var.user!.email);
    return `/console/drafts/${id}?done=retried`;
  });
});
