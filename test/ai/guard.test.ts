/** The guard and the template drafter: pure checks of a draft against its decision and facts. */
import { describe, expect, it } from "vitest";
import { maskPii, productName, type DraftFacts } from "../../src/ai/draft/facts";
import { checkDraft } from "../../src/ai/draft/guard";
import { templateDraft } from "../../src/ai/draft/template";
import type { Decision } from "../../src/policy/types";

const decision = (over: Partial<Decision> = {}): Decision => ({
  offer_discount: true,
  discount_percent: 15,
  free_shipping: false,
  escalate: false,
  follow_up: false,
  follow_up_owner: null,
  priority: "normal",
  priority_score: 40,
  churn_band: "high",
  reasons: [],
  offer_rule: "retention_offer",
  policy_version: "test",
  ...over,
});
const facts = (over: Partial<DraftFacts> = {}): DraftFacts => ({
  tone: "Friendly and efficient.",
  first_name: null,
  language: "en",
  order_count: 3,
  first_order_date: "2010-12-16",
  last_order_date: "2011-04-01",
  recent_orders: [
    { name: "#548640", date: "2011-04-01", total: "£47.70", products: ["6 Egg House Painted Wood"], fulfillment_status: "FULFILLED", tracking: [{ company: "Royal Mail", number: "RM123456789GB", url: "https://track.example/RM123456789GB", delivered: true }] },
  ],
  favourite_products: ["6 Egg House Painted Wood"],
  offer: { discount_percent: 15, free_shipping: false, escalate: false, follow_up_owner: null },
  ...over,
});
const codes = (body: string, d = decision(), f = facts()) => checkDraft(body, f, d).violations.map((v) => v.code);
const OK = "Hi there, thank you for your 3 orders, most recently #548640 on 2011-04-01 (£47.70). I'd like to offer you 15% off your next order.";

describe("checkDraft", () => {
  it("passes a draft that states exactly the decision and real facts", () => {
    expect(checkDraft(OK, facts(), decision())).toEqual({ ok: true, violations: [] });
  });
  it("flags a larger discount and a missing one", () => {
    expect(codes(OK.replace("15%", "25%"))).toEqual(["discount_mismatch", "offer_missing"]);
    expect(codes("Hi there, thanks for writing to us about your orders; we appreciate your custom.")).toContain("offer_missing");
  });
  it("flags any percentage when the decision offers nothing, in other languages too", () => {
    const none = decision({ offer_discount: false, discount_percent: 0 });
    expect(codes("Le ofrecemos un 10 por ciento de descuento en su próximo pedido, gracias por escribirnos.", none, facts({ language: "es" }))).toContain("discount_mismatch");
  });
  it("flags free shipping that was not decided, and decided free shipping left out", () => {
    expect(codes(`${OK} Shipping is free on us too.`)).toContain("free_shipping_not_decided");
    expect(codes(OK, decision({ free_shipping: true }))).toContain("free_shipping_missing");
  });
  it("flags refund promises, invented codes and manager calls that were not decided", () => {
    expect(codes(`${OK} We will issue a full refund today.`)).toContain("refund_promise");
    expect(codes(`${OK} Use code WELCOME15 at checkout.`)).toContain("discount_code");
    expect(codes(`${OK} A manager will call you tomorrow.`)).toContain("follow_up_not_decided");
    expect(codes(`${OK} A manager will call you tomorrow.`, decision({ follow_up: true, follow_up_owner: "manager", escalate: true }))).not.toContain("follow_up_not_decided");
  });
  it("flags facts that are not in the context", () => {
    expect(codes(`${OK} Your order #999999 shipped.`)).toContain("unknown_order");
    expect(codes(`${OK} You spent £500.00 last year.`)).toContain("unknown_amount");
    expect(codes(`${OK} Tracking number ZZ987654321GB.`)).toContain("unknown_tracking");
    expect(codes(`${OK} Tracking number RM123456789GB.`)).not.toContain("unknown_tracking");
    expect(codes(`${OK} It arrived on 2011-05-02.`)).toContain("unknown_date");
  });
  it("flags a product of the store's catalogue that is not among the customer's orders", () => {
    const catalogue = ["6 Egg House Painted Wood", "White Hanging Heart T-Light Holder", "Manual"];
    const check = (body: string) => checkDraft(body, facts(), decision(), { catalogue }).violations.map((v) => v.code);
    expect(check(`${OK} You might also like our White Hanging Heart T-Light Holder.`)).toContain("unknown_product");
    expect(check(`${OK} It goes well with your 6 Egg House Painted Wood.`)).not.toContain("unknown_product");
    expect(check(`${OK} See the manual.`)).not.toContain("unknown_product");
  });
  it("reads typographic apostrophes and other phrasings of a refund promise", () => {
    const none = decision({ offer_discount: false, discount_percent: 0 });
    for (const t of ["We’ll issue a refund for it today.", "Your refund has been approved and will reach your card shortly.", "A refund for your order is on its way to you."]) {
      expect(codes(t, none)).toContain("refund_promise");
    }
  });
  it("flags percentages in words or hyphenated, and order or tracking numbers written without their usual marks", () => {
    const none = decision({ offer_discount: false, discount_percent: 0 });
    expect(codes("I can give you twenty percent off your next order.", none)).toContain("discount_mismatch");
    expect(codes("We can offer a 25-percent discount.", none)).toContain("discount_mismatch");
    const c = codes("Your order 999999 was dispatched and your tracking number is 940011189922.", none);
    expect(c).toEqual(expect.arrayContaining(["unknown_order", "unknown_tracking"]));
    expect(codes("Your order 548640 was dispatched.", none)).not.toContain("unknown_order");
  });
  it("flags internal figures and labels", () => {
    expect(codes(`${OK} Your churn risk is high.`)).toContain("internal_figure");
    expect(codes(`${OK} As one of our Champions you matter.`)).toContain("internal_figure");
    expect(codes(`${OK} There's a 0.62 chance you leave.`)).toContain("internal_figure");
  });
  it("flags a reply in the wrong language", () => {
    expect(codes(OK, decision(), facts({ language: "de" }))).toContain("wrong_language");
  });
  it("flags an empty draft", () => {
    expect(codes("   ")).toEqual(["empty"]);
  });
});

describe("templateDraft", () => {
  it("writes a guard-clean reply for every family, language and offer", () => {
    const families = ["retention_risk", "service_complaint", "order_status", "refund_return", "cancellation", "product_question", "account_billing", "other"] as const;
    const offers = [
      decision(),
      decision({ offer_discount: false, discount_percent: 0 }),
      decision({ discount_percent: 20, free_shipping: true, escalate: true, follow_up: true, follow_up_owner: "manager" }),
      decision({ offer_discount: false, discount_percent: 0, free_shipping: true }),
    ];
    for (const lang of ["en", "es", "fr", "de", "pt"]) {
      for (const fam of families) {
        for (const d of offers) {
          const f = facts({ language: lang, offer: { discount_percent: d.discount_percent, free_shipping: d.free_shipping, escalate: d.escalate, follow_up_owner: d.follow_up_owner } });
          const t = templateDraft(f, fam, "complaint");
          expect(t.language).toBe(lang);
          const check = checkDraft(t.body, f, d);
          expect(check.violations, `${lang}/${fam}/${d.discount_percent}/${d.free_shipping}: ${t.body}`).toEqual([]);
        }
      }
    }
  });
  it("states real tracking for an order-status ticket, never an invented one", () => {
    const t = templateDraft(facts({ offer: { discount_percent: 0, free_shipping: false, escalate: false, follow_up_owner: null } }), "order_status", "track_order");
    expect(t.body).toContain("RM123456789GB");
    expect(t.body).toContain("Royal Mail");
    const none = facts({ recent_orders: [{ ...facts().recent_orders[0], tracking: [] }] });
    expect(templateDraft(none, "order_status", "track_order").body).toMatch(/no tracking number on file/);
  });
  it("falls back to English for a language it does not write", () => {
    expect(templateDraft(facts({ language: "it" }), "other", "review").language).toBe("en");
  });
});

describe("facts", () => {
  it("masks emails, phone numbers, card numbers and street addresses but keeps order numbers", () => {
    const masked = maskPii("Order #548640: mail jo.bloggs@example.co.uk, call +44 7700 900123, card 4111 1111 1111 1111, I live at 221B Baker Street");
    expect(masked).toBe("Order #548640: mail [email], call [phone], card [card], I live at [address]");
  });
  it("turns catalogue titles into product names", () => {
    expect(productName("WHITE HANGING HEART T-LIGHT HOLDER")).toBe("White Hanging Heart T-Light Holder");
    expect(productName("PACK OF 20 NAPKINS PANTRY DESIGN")).toBe("Pack of 20 Napkins Pantry Design");
  });
});
