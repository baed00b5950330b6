/**
 * Zendesk and Help Scout, with the vendors' own payloads (../shared/data/vendor-payloads/), signed
 * as each vendor signs, posted to the real route of the running service, and followed to the
 * stored ticket, its drafts, the deliveries and the audit log. Also: every payload file in the
 * folder has a case.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helpscoutHeaders, zendeskHeaders } from "../fakes/helpdesks/payloads";
import { HELPSCOUT_DOC_THREAD } from "../fakes/helpdesks/server";
import { Client } from "../console/helpers";
import { createUser } from "../../src/auth/users";
import { KNOWN, PAYLOAD_CASES, payload, payloadFiles, startVendorApp, type VendorApp } from "./vendor-app";

let t: VendorApp;
beforeAll(async () => {
  t = await startVendorApp();
  // The documented payloads' Zendesk requester, as the fake Users API knows them: the demo's customer 17580.
  t.fake.users.set("8447388090494", { email: KNOWN.email, name: "Rob Robertovic" });
});
afterAll(async () => {
  await t?.close();
});

it("has a test case for every payload file in the folder", () => {
  expect(payloadFiles().sort()).toEqual(Object.keys(PAYLOAD_CASES).sort());
});

describe("Zendesk", () => {
  const post = (file: string) => {
    const raw = payload(file);
    return t.post("zendesk", raw, zendeskHeaders(raw));
  };

  it("drafts the documented ticket.created event for the requester the Users API names, with the subdomain's link", async () => {
    const res = await post("zendesk-ticket-created.doc.json");
    expect(res.status).toBe(202);
    const { delivery_id } = await res.json();
    const [draft] = await t.draftsOnce("zendesk", "5158", 1);
    const ticket = await t.ticket("zendesk", "5158");
    expect(ticket).toMatchObject({
      subject: "ticketinfo_2294a6e9ece2",
      body: "ticket_info_desc_2294a6e9ece2",
      requesterEmail: KNOWN.email,
      customerId: KNOWN.customerId,
      channel: "web_service",
      helpdeskUrl: "https://shop.zendesk.com/agent/tickets/5158",
      status: "drafted",
    });
    expect(ticket?.createdAt.toISOString()).toBe("2025-01-08T10:12:07.000Z");
    expect(draft).toMatchObject({ revision: 1, status: "pending_review", input: { ticket_text: "ticket_info_desc_2294a6e9ece2" } });
    expect(await t.settled(delivery_id)).toMatchObject({
      status: "processed",
      error: null,
      draftId: draft!.id,
      ticket: { requester: { email: KNOWN.email, name: "Rob Robertovic" } },
    });
    expect(await t.auditOf(draft!.id)).toEqual(["draft.created"]);
    expect(t.fake.requests.filter((r) => r.path === "/api/v2/users/8447388090494.json")).toHaveLength(1);
  });

  it("answers the requester's public comment_added with a new revision, shown as the answered message in the API and the console", async () => {
    const res = await post("zendesk-comment-added.public-completed.json");
    expect(res.status).toBe(202);
    const [first, second] = await t.draftsOnce("zendesk", "5158", 2);
    const followUp = "I still have not received my order. Can you check where it is?";
    expect(first).toMatchObject({ revision: 1, status: "superseded" });
    expect(second).toMatchObject({ revision: 2, status: "pending_review", input: { ticket_text: followUp } });
    expect(await t.auditOf(first!.id)).toEqual(["draft.created", "draft.superseded"]);

    const viaDraft = await (await t.api("GET", `/v1/drafts/${second!.id}`)).json();
    expect(viaDraft.answered_message).toBe(followUp);
    const viaTicket = await (await t.api("GET", `/v1/tickets/${second!.ticketId}`)).json();
    expect(viaTicket.ticket.body).toBe("ticket_info_desc_2294a6e9ece2");
    expect(viaTicket.drafts.map((d: { answered_message: string }) => d.answered_message)).toEqual(["ticket_info_desc_2294a6e9ece2", followUp]);

    await createUser(t.rt.services.db, { email: "agent@shop.example", name: "Agent", role: "agent", password: "correct horse battery staple" }, "test");
    const browser = new Client((p, init) => t.app.request(p, init));
    expect((await browser.signIn("agent@shop.example", "correct horse battery staple")).status).toBe(303);
    const page = await (await browser.get(`/console/drafts/${second!.id}`)).text();
    expect(page).toMatch(/id="answered-message"[^>]*>\s*I still have not received my order\. Can you check where it is\?/);
  });

  it("acknowledges and ignores a real private comment (not the requester's public reply)", async () => {
    const res = await post("zendesk-comment-added.real-private.json");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ignored" });
    expect(await t.deliveries("zendesk", "71447")).toHaveLength(0);
  });

  it("takes the rendered separator and 'Name, date' header off the trigger template's {{ticket.description}}", async () => {
    const res = await post("zendesk-trigger-template.created.known-customer.json");
    expect(res.status).toBe(202);
    await t.draftsOnce("zendesk", "5160", 1);
    expect(await t.ticket("zendesk", "5160")).toMatchObject({
      subject: "Charged twice for order",
      body: "Hi, I was charged twice for my last order. Please refund the duplicate charge.",
      requesterEmail: KNOWN.email,
      customerId: KNOWN.customerId,
      channel: "Web Form",
      helpdeskUrl: "https://acme.zendesk.com/agent/tickets/5160",
    });
  });
});

describe("Help Scout", () => {
  const post = (file: string, event: string) => {
    const raw = payload(file);
    return t.post("helpscout", raw, helpscoutHeaders(raw, event));
  };
  const fetchedThreads = (id: string) => t.fake.requests.filter((r) => r.method === "GET" && r.path === `/v2/conversations/${id}/threads`);

  it("drafts a v2 conversation, taking the requester from the customer thread's author and the built link for the docs' \"...\"", async () => {
    const res = await post("helpscout-convo-created.known-customer.json", "convo.created");
    expect(res.status).toBe(202);
    const { delivery_id } = await res.json();
    const [draft] = await t.draftsOnce("helpscout", "124", 1);
    const body = "Hi,\n\nI ordered three weeks ago and nothing has arrived. I'm thinking of cancelling my account.\n\nRob";
    const ticket = await t.ticket("helpscout", "124");
    expect(ticket).toMatchObject({
      subject: "Where is my order?",
      body,
      requesterEmail: KNOWN.email,
      customerId: KNOWN.customerId,
      channel: "email",
      helpdeskUrl: "https://secure.helpscout.net/conversation/124/13/",
    });
    expect(ticket?.createdAt.toISOString()).toBe("2015-06-05T20:18:33.000Z");
    expect(draft?.input).toMatchObject({ ticket_text: body });
    // The thread was written by Vernon Bear (customer 29418), whom a reply goes to; not primaryCustomer Rob Robertovic (238605).
    expect(await t.settled(delivery_id)).toMatchObject({
      status: "processed",
      eventKey: "thread:1235",
      meta: { customer_id: "29418", message_id: "thread:1235" },
      ticket: { requester: { name: "Vernon Bear" } },
    });
    expect(fetchedThreads("124")).toHaveLength(0);
  });

  it("treats the same conversation with real links as the same message", async () => {
    const res = await post("helpscout-convo-created.known-customer.links.json", "convo.created");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "duplicate" });
  });

  it("answers the newest customer thread of a reply, without the quoted agent message", async () => {
    const res = await post("helpscout-convo-customer-reply.known-customer.json", "convo.customer.reply.created");
    expect(res.status).toBe(202);
    const [first, second] = await t.draftsOnce("helpscout", "124", 2);
    expect(first?.status).toBe("superseded");
    expect(second).toMatchObject({ status: "pending_review", input: { ticket_text: "Any news? Still nothing here." } });
    const again = await post("helpscout-convo-customer-reply.known-customer.links.json", "convo.customer.reply.created");
    expect(await again.json()).toMatchObject({ status: "duplicate" });
  });

  it("reads the thread through the Mailbox API when the documented v2 object comes without threads", async () => {
    const res = await post("helpscout-convo.v2-doc-verbatim.json", "convo.created");
    expect(res.status).toBe(202);
    const { delivery_id } = await res.json();
    await t.draftsOnce("helpscout", "123", 1);
    expect(await t.ticket("helpscout", "123")).toMatchObject({
      body: HELPSCOUT_DOC_THREAD.body,
      requesterEmail: "vbear@mywork.com",
      customerId: null,
      helpdeskUrl: "https://secure.helpscout.net/conversation/123/12/",
    });
    expect(await t.settled(delivery_id)).toMatchObject({ status: "processed", meta: { message_id: "thread:1234", customer_id: "29418" } });
    const [fetched] = fetchedThreads("123");
    expect(fetched?.headers.authorization).toBe("Bearer hs-token");
  });

  it("recognises the docs' conversation with its thread as the message already answered", async () => {
    const res = await post("helpscout-convo.v2-doc+thread.json", "convo.created");
    expect(res.status).toBe(202);
    const settled = await t.settled((await res.json()).delivery_id);
    expect(settled).toMatchObject({
      status: "duplicate",
      ticket: { helpdesk_url: "https://secure.helpscout.net/conversation/123/12/", requester: { email: "vbear@mywork.com" } },
    });
    expect(settled.error).toMatch(/message thread:1234 was answered through delivery/);
    expect(await (await post("helpscout-convo.v2-doc+thread.links.json", "convo.created")).json()).toMatchObject({ status: "duplicate" });
    expect(await t.draftsOnce("helpscout", "123", 1)).toHaveLength(1);
  });

  it("accepts the legacy webhook conversation object and reads its customer thread when only an agent's is inside", async () => {
    t.fake.helpscoutThreads.set("291938", [
      {
        id: 88171881,
        type: "message",
        body: "This is what I have to say. Thank you.",
        createdAt: "2012-07-23T12:34:12Z",
        createdBy: { id: 1234, type: "user", first: "Jack", last: "Sprout", email: "jack.sprout@gmail.com" },
      },
      {
        id: 88171880,
        type: "customer",
        body: "Hello, I tried to download the file off your site...",
        createdAt: "2012-07-23T12:30:00Z",
        createdBy: { id: 29418, type: "customer", first: "Vernon", last: "Bear", email: "vbear@mywork.com" },
        customer: { id: 29418, email: "vbear@mywork.com" },
      },
    ]);
    const res = await post("helpscout-convo.legacy-webhook-object.json", "convo.created");
    expect(res.status).toBe(202);
    await t.draftsOnce("helpscout", "291938", 1);
    const ticket = await t.ticket("helpscout", "291938");
    expect(ticket).toMatchObject({
      subject: "I need help!",
      body: "Hello, I tried to download the file off your site...",
      requesterEmail: "vbear@mywork.com",
      helpdeskUrl: "https://secure.helpscout.net/conversation/291938/349/",
      channel: "email",
    });
    expect(ticket?.createdAt.toISOString()).toBe("2012-07-23T12:30:00.000Z");
  });

  it("acknowledges Help Scout's test event without storing anything", async () => {
    const res = await post("helpscout-test-event.json", "helpscout.test");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ignored" });
  });
});
