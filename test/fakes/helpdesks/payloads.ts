/**
 * Realistic webhook payloads and signers, built from each vendor's documented format (see the
 * adapters in src/helpdesks/vendors for the doc URLs).
 */
import { createHmac } from "node:crypto";

/** Zendesk publishes this secret for test sends (https://developer.zendesk.com/documentation/webhooks/verifying/). */
export const ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
export const HELPSCOUT_SECRET = "helpscout-secret-for-tests";
export const FRONT_SECRET = "front-app-signing-key-for-tests";
/** The API secret of Front's Webhooks integration, which signs rule webhooks. */
export const FRONT_RULE_SECRET = "front-webhooks-integration-api-secret";
export const GORGIAS_SECRET = "gorgias-shared-secret-0123456789abcdef";
export const FRESHDESK_SECRET = "freshdesk-shared-secret-0123456789abcdef";

const b64 = (algo: string, key: string, msg: string) => createHmac(algo, key).update(msg, "utf8").digest("base64");

export function zendeskHeaders(raw: string, at = new Date(), secret = ZENDESK_TEST_SECRET) {
  const ts = at.toISOString().replace(/\.\d{3}Z$/, "Z");
  return { "content-type": "application/json", "x-zendesk-webhook-signature": b64("sha256", secret, ts + raw), "x-zendesk-webhook-signature-timestamp": ts };
}
export function helpscoutHeaders(raw: string, event: string, secret = HELPSCOUT_SECRET) {
  return { "content-type": "application/json", "x-helpscout-event": event, "x-helpscout-signature": b64("sha1", secret, raw) };
}
export function frontHeaders(raw: string, atMs = Date.now(), secret = FRONT_SECRET) {
  return { "content-type": "application/json", "x-front-request-timestamp": String(atMs), "x-front-signature": b64("sha256", secret, `${atMs}:${raw}`) };
}
/** A Front rule webhook: HMAC-SHA1 of the body under the API secret, no timestamp (https://dev.frontapp.com/docs/rule-webhooks). */
export function frontRuleHeaders(raw: string, secret = FRONT_RULE_SECRET) {
  return { "content-type": "application/json", "x-front-signature": b64("sha1", secret, raw) };
}
export const sharedHeaders = (secret: string) => ({ "content-type": "application/json", "x-copilot-webhook-secret": secret });

/** A `zen:event-type:ticket.created` event as Zendesk sends it (the detail has requester_id, no email). */
export function zendeskTicketCreated(ticketId: string, requesterId: string, description: string, eventId = `01J${ticketId}CREATED`) {
  return {
    type: "zen:event-type:ticket.created",
    account_id: 88888888,
    id: eventId,
    time: "2024-04-17T17:18:10Z",
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketId}`,
    detail: {
      actor_id: requesterId,
      assignee_id: null,
      brand_id: "360000000001",
      created_at: "2024-04-17T17:18:10Z",
      description,
      external_id: null,
      form_id: "360000000002",
      group_id: null,
      id: ticketId,
      is_public: true,
      organization_id: null,
      priority: "NORMAL",
      requester_id: requesterId,
      status: "NEW",
      subject: "Thinking about other suppliers",
      submitter_id: requesterId,
      tags: [],
      type: "QUESTION",
      updated_at: "2024-04-17T17:18:10Z",
      via: { channel: "web_form" },
    },
    event: {},
  };
}

export function zendeskCommentAdded(ticketId: string, requesterId: string, commentId: string, body: string) {
  return {
    type: "zen:event-type:ticket.comment_added",
    account_id: 88888888,
    id: `01J${commentId}COMMENT`,
    time: "2024-04-18T09:00:00Z",
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketId}`,
    detail: {
      id: ticketId,
      requester_id: requesterId,
      subject: "Thinking about other suppliers",
      description: "",
      via: { channel: "email" },
      created_at: "2024-04-17T17:18:10Z",
    },
    event: { comment: { id: commentId, body, is_public: true, author: { id: requesterId, is_staff: false, name: "Customer" } } },
  };
}

/** A Help Scout v2 conversation object, as the Webhooks app posts it. */
export function helpscoutConversation(id: number, email: string, threads: { id: number; body: string; createdAt: string }[]) {
  return {
    id,
    number: 4321,
    type: "email",
    folderId: 1,
    status: "active",
    state: "published",
    subject: "Where is my order?",
    mailboxId: 85,
    createdAt: threads[0]!.createdAt,
    primaryCustomer: { id: 987, type: "customer", email, first: "Kim", last: "Lee" },
    _embedded: {
      threads: [
        ...threads.map((t) => ({
          id: t.id,
          type: "customer",
          status: "active",
          state: "published",
          body: t.body,
          createdAt: t.createdAt,
          createdBy: { id: 987, type: "customer", email },
          customer: { id: 987, email },
        })),
        { id: 1, type: "lineitem", body: "", createdAt: threads[0]!.createdAt },
      ],
    },
    _links: { web: { href: `https://secure.helpscout.net/conversation/${id}/4321/` } },
  };
}

/** A Front application webhook `inbound_received` event. */
export function frontInbound(conversationId: string, messageId: string, email: string, html: string) {
  return {
    type: "inbound_received",
    authorization: { id: "cmp_123" },
    payload: {
      _links: { self: `https://api2.frontapp.com/events/evt_${messageId}` },
      id: `evt_${messageId}`,
      type: "inbound",
      emitted_at: 1713374290.1,
      conversation: { id: conversationId, subject: "Discount?", status: "unassigned", created_at: 1713374290 },
      source: { _meta: { type: "inboxes" }, data: [{ id: "inb_1", name: "Support" }] },
      target: {
        _meta: { type: "message" },
        data: {
          id: messageId,
          type: "email",
          is_inbound: true,
          created_at: 1713374290,
          subject: "Discount?",
          body: html,
          text: null,
          author: null,
          recipients: [
            { handle: email, role: "from", name: "Kim Lee" },
            { handle: "support@shop.example", role: "to", name: null },
          ],
        },
      },
    },
  };
}

export function gorgiasTemplate(ticketId: number, messageId: number, email: string, text: string, event = "ticket-created") {
  return {
    event,
    ticket: {
      id: String(ticketId),
      subject: "Order question",
      channel: "email",
      created_datetime: "2024-04-17T17:18:10.000000",
      customer: { id: "555", email, name: "Kim Lee" },
    },
    message: { id: String(messageId), body_text: text, body_html: `<div>${text}</div>`, from_agent: "False" },
  };
}

export function freshdeskTemplate(ticketId: number, email: string, html: string, event = "ticket_created") {
  return {
    event,
    ticket: {
      id: String(ticketId),
      subject: "Prices",
      description: html,
      latest_public_comment: "",
      source: "Email",
      url: `shop.freshdesk.com/helpdesk/tickets/${ticketId}`,
      requester: { email, name: "Kim Lee" },
    },
  };
}
