/**
 * Front, Gorgias and Freshdesk, with the vendors' own payloads (../shared/data/vendor-payloads/),
 * signed (Front applications: HMAC-SHA256 of timestamp:body; Front rules: HMAC-SHA1 of the body)
 * or sent with the shared secret header (Gorgias, Freshdesk), posted to the real route of the
 * running service, and followed to the stored ticket, its drafts and the deliveries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRESHDESK_SECRET, frontHeaders, frontRuleHeaders, GORGIAS_SECRET, sharedHeaders } from "../fakes/helpdesks/payloads";
import { KNOWN, payload, startVendorApp, type VendorApp } from "./vendor-app";

let t: VendorApp;
beforeAll(async () => {
  // Gorgias renders dates without an offset: the account's zone (Paris here) says when they were.
  t = await startVendorApp({ HELPDESK_TIMEZONE: "America/New_York", GORGIAS_TIMEZONE: "Europe/Paris" });
});
afterAll(async () => {
  await t?.close();
});

describe("Front", () => {
  const post = (file: string, headers = frontHeaders) => {
    const raw = payload(file);
    return t.post("front", raw, headers(raw));
  };

  it("answers the application webhook's validation request with its challenge", async () => {
    const raw = payload("front-app-sync-challenge.json");
    const res = await t.post("front", raw, { ...frontHeaders(raw), "x-front-challenge": "8c1b3f0e" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("8c1b3f0e");
  });

  it("drafts an inbound_received application webhook for the message's sender", async () => {
    expect((await post("front-app-inbound_received.known-customer.json")).status).toBe(202);
    const [draft] = await t.draftsOnce("front", "cnv_1042nr11", 1);
    const ticket = await t.ticket("front", "cnv_1042nr11");
    expect(ticket).toMatchObject({
      subject: "Package update?",
      body: "Hi,\n\nI placed an order last week with Brandon. When will it be delivered?",
      requesterEmail: KNOWN.email,
      customerId: KNOWN.customerId,
      channel: "email",
      helpdeskUrl: "https://app.frontapp.com/open/cnv_1042nr11",
    });
    expect(ticket?.createdAt.toISOString()).toBe("2023-09-07T00:27:50.930Z");
    expect(await t.auditOf(draft!.id)).toEqual(["draft.created"]);
  });

  it("answers the next inbound message, HTML only, without the quoted earlier message", async () => {
    expect((await post("front-app-inbound_received.known-customer.followup-html.json")).status).toBe(202);
    const [first, second] = await t.draftsOnce("front", "cnv_1042nr11", 2);
    expect(first?.status).toBe("superseded");
    expect(second).toMatchObject({ status: "pending_review", input: { ticket_text: "Still waiting — if it is not here by Friday I want a refund." } });
  });

  it("drafts the real captured delivery for a sender who is not a customer", async () => {
    expect((await post("front-app-inbound_received.real.json")).status).toBe(202);
    await t.draftsOnce("front", "cnv_1042nr10", 1);
    expect(await t.ticket("front", "cnv_1042nr10")).toMatchObject({
      requesterEmail: "sabrina@fictionalcustomer.com",
      customerId: null,
      subject: "Package update?",
    });
  });

  it("verifies a rule webhook with Front's rule scheme (HMAC-SHA1 of the body) and drafts it", async () => {
    const raw = payload("front-rule-inbound.zulip-fixture.json");
    expect((await t.post("front", raw, frontRuleHeaders(raw, "not-the-api-secret"))).status).toBe(401);
    expect((await t.post("front", raw, frontRuleHeaders(raw))).status).toBe(202);
    await t.draftsOnce("front", "2x9c5v", 1);
    const ticket = await t.ticket("front", "2x9c5v");
    expect(ticket).toMatchObject({
      subject: "Cancellation Request for Subscription #SUB-67890",
      body: "We don't have emotions, and sometimes that makes me very sad.",
      requesterEmail: "calculon@momsbot.com",
      helpdeskUrl: "https://app.frontapp.com/open/2x9c5v",
    });
    expect(ticket?.createdAt.toISOString()).toBe("2018-02-11T00:33:20.000Z");
  });
});

describe("Gorgias", () => {
  const post = (file: string) => t.post("gorgias", payload(file), sharedHeaders(GORGIAS_SECRET));

  it("drafts ticket-created, reading the offset-less created_datetime in the account's time zone", async () => {
    expect((await post("gorgias-ticket-created.known-customer.json")).status).toBe(202);
    await t.draftsOnce("gorgias", "30125478", 1);
    const ticket = await t.ticket("gorgias", "30125478");
    expect(ticket).toMatchObject({
      subject: "Where is my parcel?",
      body: "Hello,\n\nMy parcel has not arrived and the tracking has not moved for a week.\n\nThanks,\nRob",
      requesterEmail: KNOWN.email,
      customerId: KNOWN.customerId,
      channel: "email",
      helpdeskUrl: "https://shop.gorgias.com/app/ticket/30125478",
    });
    // 13:00:00.123456 in Paris (UTC+1 in January).
    expect(ticket?.createdAt.toISOString()).toBe("2021-01-07T12:00:00.123Z");
  });

  it("ignores the agent's message and answers the customer's, HTML only, without the quoted reply", async () => {
    const agent = await post("gorgias-ticket-message-created.agent.json");
    expect(await agent.json()).toMatchObject({ status: "ignored" });
    expect((await post("gorgias-ticket-message-created.customer.json")).status).toBe(202);
    const [, second] = await t.draftsOnce("gorgias", "30125478", 2);
    expect(second).toMatchObject({ revision: 2, status: "pending_review", input: { ticket_text: "Any news? Otherwise please cancel and refund." } });
  });
});

describe("Freshdesk", () => {
  const post = (file: string) => t.post("freshdesk", payload(file), sharedHeaders(FRESHDESK_SECRET));
  /** The ticket's conversations as the Conversations API lists them: a reply from the requester. */
  const reply = (id: number, text: string, at: string) => ({
    id,
    incoming: true,
    private: false,
    user_id: 501,
    body: `<div style="font-family:-apple-system"><div dir="ltr">${text}</div></div>`,
    body_text: text,
    created_at: at,
  });
  const replies: unknown[] = [];

  it("drafts ticket_created with its HTML description as text and its own link", async () => {
    expect((await post("freshdesk-ticket_created.known-customer.json")).status).toBe(202);
    await t.draftsOnce("freshdesk", "4521", 1);
    expect(await t.ticket("freshdesk", "4521")).toMatchObject({
      subject: "Order not received",
      body: "Hi,\n\nI ordered the lunch bags three weeks ago and nothing has arrived. Please check order 552093.\n\nRegards,\nRob",
      requesterEmail: KNOWN.email,
      customerId: KNOWN.customerId,
      channel: "email",
      helpdeskUrl: "http://acme.freshdesk.com/helpdesk/tickets/4521",
    });
  });

  it("answers a customer_reply without the 'Name : ' prefix, keyed on the reply's conversation id", async () => {
    replies.push(reply(70001, "Any update? I am close to cancelling.", "2025-01-09T09:00:00Z"));
    t.fake.freshdeskConversations.set("4521", replies);
    const res = await post("freshdesk-customer_reply.known-customer.json");
    expect(res.status).toBe(202);
    const [, second] = await t.draftsOnce("freshdesk", "4521", 2);
    expect(second?.input).toMatchObject({ ticket_text: "Any update? I am close to cancelling." });
    expect(await t.settled((await res.json()).delivery_id)).toMatchObject({ status: "processed", meta: { message_id: "conversation:70001" } });
  });

  it("drafts each of two replies with the same words ('Any update?' twice), and a retry of one once", async () => {
    replies.push(reply(70002, "Any update?", "2025-01-10T09:00:00Z"));
    expect((await post("freshdesk-customer_reply.any-update.json")).status).toBe(202);
    const three = await t.draftsOnce("freshdesk", "4521", 3);
    expect(three[2]?.input).toMatchObject({ ticket_text: "Any update?" });

    replies.push(reply(70003, "Any update?", "2025-01-11T09:00:00Z"));
    const second = await post("freshdesk-customer_reply.any-update.json");
    expect(second.status).toBe(202);
    const four = await t.draftsOnce("freshdesk", "4521", 4);
    expect(four.map((d) => [d.revision, d.status])).toEqual([
      [1, "superseded"],
      [2, "superseded"],
      [3, "superseded"],
      [4, "pending_review"],
    ]);
    expect(four[3]?.input).toMatchObject({ ticket_text: "Any update?" });

    // Freshdesk sends the same reply again (no new conversation): the reply is answered already.
    const retry = await post("freshdesk-customer_reply.any-update.json");
    const settled = await t.settled((await retry.json()).delivery_id);
    expect(settled).toMatchObject({ status: "duplicate", meta: { message_id: "conversation:70003" } });
    expect(await t.draftsOnce("freshdesk", "4521", 4)).toHaveLength(4);
  });

  it("drafts Zulip's documented ticket_created values, non-ASCII text intact", async () => {
    expect((await post("freshdesk-ticket_created.zulip-values.json")).status).toBe(202);
    await t.draftsOnce("freshdesk", "11", 1);
    expect(await t.ticket("freshdesk", "11")).toMatchObject({
      subject: "Test ticket subject ☃",
      body: "Test ticket description ☃.",
      requesterEmail: "requester-bob@example.com",
      helpdeskUrl: "http://test1234zzz.freshdesk.com/helpdesk/tickets/11",
    });
  });
});
