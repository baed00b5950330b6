/**
 * The template drafter's answers from knowledge, on the demo store's real help articles split by
 * the real splitter: each kind of question gets the passage that answers it, quoted as the article
 * says it, cited, and clean under the guard with those citations.
 */
import { describe, expect, it } from "vitest";
import { checkModelText } from "../../../src/ai/draft/guard";
import type { Passage } from "../../../src/ai/draft/grounding";
import { templateParts } from "../../../src/ai/draft/template";
import { countriesIn, sentencesOf } from "../../../src/ai/draft/template-answers";
import type { IntentFamily } from "../../../src/ai/triage/types";
import { readArticleDir } from "../../../src/knowledge/markdown-node";
import { splitArticle } from "../../../src/knowledge/passages";
import { guardContext } from "../../../evals/guard-contexts";

const ALL: Passage[] = readArticleDir("knowledge")
  .flatMap((a) => splitArticle(a))
  .map((p) => ({ id: p.id, text: p.text, articleId: p.articleId, title: p.articleTitle, section: p.section, url: p.url }));
const of = (...ids: string[]) => ids.map((id) => ALL.find((p) => p.id === id)!);

function draft(text: string, family: IntentFamily, intent: string, passages: Passage[], ctx = guardContext("none", "en")) {
  const t = templateParts(ctx.facts, family, intent, { ticketText: text, passages });
  const guard = checkModelText({
    text: t.modelText,
    facts: ctx.facts,
    commitments: t.commitments,
    language: "en",
    passages,
    cited: t.citations,
    languageKnown: true,
  });
  return { ...t, guard };
}

describe("answers from knowledge", () => {
  it("gives Norway's rate and delivery time from the shipping article, citing it", () => {
    const passages = of("en/shipping-rates#europe", "en/shipping-rates#norway-and-switzerland", "en/shipping-rates#when-we-dispatch");
    const d = draft("hi, do you ship to Norway and how much is it?", "order_status", "delivery_options", passages);
    expect(d.answer).toBe("shipping");
    expect(d.modelText).toContain("Thank you for asking about delivery to Norway.");
    expect(d.modelText).toContain("£40.00 per order");
    expect(d.modelText).toContain("5 to 8 working days");
    expect(d.modelText).not.toMatch(/orders with us|#\d{6}/);
    expect(d.citations).toContain("en/shipping-rates#norway-and-switzerland");
    expect(d.guard.violations).toEqual([]);
  });

  it("reads a zone table row for a country in it (France: Europe 1)", () => {
    const d = draft("How long does delivery to France take?", "order_status", "delivery_period", of("en/shipping-rates#europe"));
    expect(d.modelText).toContain("We ship to France");
    expect(d.modelText).toContain("£18.00 per order, and delivery takes 3 to 5 working days");
    expect(d.guard.violations).toEqual([]);
  });

  it("answers an address change on a dispatched order with what the carrier can still do", () => {
    const passages = of("en/address-changes#before-your-order-is-dispatched", "en/address-changes#after-your-order-has-been-dispatched");
    const d = draft("Can I change the shipping address on my order?", "order_status", "change_shipping_address", passages);
    expect(d.answer).toBe("address_change");
    expect(d.modelText).toContain("Your order #548640 from 2011-04-01 has already been dispatched");
    expect(d.modelText).toContain("we can no longer change its address");
    expect(d.modelText).toMatch(/Royal Mail.*\n- DPD.*\n- DHL Express/s);
    expect(d.citations).toEqual(["en/address-changes#after-your-order-has-been-dispatched"]);
    expect(d.guard.violations).toEqual([]);
  });

  it("answers an address change on an order not yet dispatched: it is being changed, and what to send", () => {
    const ctx = guardContext("none", "en");
    ctx.facts.recent_orders = [{ ...ctx.facts.recent_orders[0]!, fulfillment_status: null }];
    const passages = of("en/address-changes#before-your-order-is-dispatched", "en/address-changes#after-your-order-has-been-dispatched");
    const d = draft("I need to change the delivery address on my order", "order_status", "change_shipping_address", passages, ctx);
    expect(d.modelText).toContain("has not been dispatched yet, so its delivery address can still be changed, and I'm arranging that for you now");
    expect(d.modelText).toContain("postcode");
    expect(d.citations).toEqual(["en/address-changes#before-your-order-is-dispatched"]);
    expect(d.guard.violations).toEqual([]);
  });

  it("answers a late delivery with the order's status and when and how the parcel is traced", () => {
    const passages = of("en/delivery-tracking#my-parcel-is-late", "en/delivery-tracking#tracking-your-order");
    const d = draft("I still haven't received my order, it's been 10 days", "order_status", "track_order", passages);
    expect(d.answer).toBe("late_delivery");
    expect(d.modelText).toContain("I'm sorry your order hasn't arrived yet.");
    expect(d.modelText).toContain("Your order #548640 from 2011-04-01 is marked as fulfilled");
    expect(d.modelText).toContain("3 working days after the latest expected date");
    expect(d.modelText).toContain("We open an investigation with the carrier the same day.");
    expect(d.modelText).not.toMatch(/refund|\]\(/); // the system commits to refunds, and a bare link says nothing
    expect(d.citations).toEqual(["en/delivery-tracking#my-parcel-is-late"]);
    expect(d.guard.violations).toEqual([]);
  });

  it("answers a parcel the carrier shows delivered with where to look and when to tell us", () => {
    const ctx = guardContext("none", "en");
    ctx.facts.recent_orders = [{ ...ctx.facts.recent_orders[0]!, tracking: [{ company: "DPD", number: "15501234567890", url: null, delivered: true }] }];
    const passages = of("en/delivery-tracking#my-parcel-is-late", "en/delivery-tracking#tracking-says-delivered-but-nothing-arrived");
    const d = draft("My parcel never arrived but tracking says delivered", "order_status", "track_order", passages, ctx);
    expect(d.answer).toBe("late_delivery");
    expect(d.modelText).toContain("was sent with DPD, tracking number 15501234567890, and the carrier shows it as delivered");
    expect(d.modelText).toContain("tell us within 7 days of the delivery date");
    expect(d.citations).toEqual(["en/delivery-tracking#tracking-says-delivered-but-nothing-arrived"]);
    expect(d.guard.violations).toEqual([]);
  });

  it("leaves a plain order-status question and a refund chase to the family's paragraph", () => {
    const passages = of("en/delivery-tracking#my-parcel-is-late", "en/delivery-tracking#tracking-your-order");
    expect(draft("Can you tell me the status of my order?", "order_status", "track_order", passages).answer).toBeNull();
    expect(draft("I haven't received my refund yet", "order_status", "track_refund", passages).answer).toBeNull();
  });

  it("gives a damaged item the reporting passage and the photos and details to send", () => {
    const passages = of(
      "en/damaged-faulty-items",
      "en/damaged-faulty-items#reporting-a-damaged-item",
      "en/damaged-faulty-items#what-photos-and-details-to-send",
      "en/returns-refunds",
    );
    const d = draft("How do I return an item that arrived damaged?", "refund_return", "get_refund", passages);
    expect(d.answer).toBe("damaged_item");
    expect(d.modelText).toContain("Tell us within 7 days of delivery");
    expect(d.modelText).toContain("- a photo of each damaged item that shows the damage clearly;");
    expect(d.citations).toEqual([
      "en/damaged-faulty-items",
      "en/damaged-faulty-items#reporting-a-damaged-item",
      "en/damaged-faulty-items#what-photos-and-details-to-send",
    ]);
    expect(d.guard.violations).toEqual([]);
  });

  it("gives a sign-in problem the account article's passage, whatever the triage thought", () => {
    const passages = of("en/account-sign-in#logged-out-at-checkout-or-signed-out-again-and-again", "en/account-sign-in#resetting-your-password");
    const d = draft("The site keeps logging me out when I try to check out", "service_complaint", "complaint", passages);
    expect(d.answer).toBe("sign_in");
    expect(d.modelText).toContain("allow cookies for our site");
    expect(d.citations).toEqual(["en/account-sign-in#logged-out-at-checkout-or-signed-out-again-and-again"]);
    expect(d.guard.violations).toEqual([]);
  });

  it("acknowledges thanks in two lines, with no order talk and no question asked back", () => {
    const d = draft("Brilliant thanks, that sorted it!", "other", "chatter", of("en/contact-opening-hours#phone").filter(Boolean));
    expect(d.answer).toBe("thanks");
    expect(d.modelText).toBe("Hi there,\n\nThank you for letting us know, and I'm so glad that's sorted.\n\nKind regards,\nCustomer Care");
    expect(d.citations).toEqual([]);
  });

  it("falls back to the family's paragraph, opening without the order count, when no passage answers", () => {
    const d = draft("Where is my order?", "order_status", "track_order", []);
    expect(d.answer).toBeNull();
    expect(d.modelText).not.toContain("orders with us");
    expect(d.modelText).toContain("#548640");
  });

  it("keeps the order history where it serves: a retention reply thanks for the orders", () => {
    const d = draft("Your prices seem high", "retention_risk", "price_objection", []);
    expect(d.modelText).toContain("3 orders with us");
  });

  it("does not answer a shipping question for a country no retrieved passage covers", () => {
    const d = draft("do you ship to Brazil?", "order_status", "delivery_options", of("en/shipping-rates#europe"));
    expect(d.answer).toBeNull();
  });
});

describe("helpers", () => {
  it("find countries in a message, short forms case-sensitively", () => {
    expect(countriesIn("do you ship to norway or the Czech Republic? us too")).toEqual(["Norway", "Czech Republic"]);
    expect(countriesIn("Shipping to the USA")).toEqual(["USA"]);
  });
  it("split a passage into sentences and list items", () => {
    expect(sentencesOf("One. Two 2.5 kg!\n- a;\n- b.")).toEqual(["One.", "Two 2.5 kg!", "- a;", "- b."]);
  });
});
