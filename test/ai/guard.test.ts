/** The allow-list guard on a model's part, the agent-edit check, and the template drafter's texts. */
import { describe, expect, it } from "vitest";
import { renderCommitments } from "../../src/ai/draft/commitments";
import { checkAgentEdit } from "../../src/ai/draft/edit-check";
import { maskPii, productName } from "../../src/ai/draft/facts";
import { checkModelText, type GuardInput } from "../../src/ai/draft/guard";
import { templateDraft, templateParts } from "../../src/ai/draft/template";
import { INTENT_FAMILIES } from "../../src/ai/triage/types";
import { guardContext } from "../../evals/guard-contexts";

const check = (text: string, ctx = "s1", lang = "en", over: Partial<GuardInput> = {}) => {
  const c = guardContext(ctx, lang);
  return checkModelText({ text, facts: c.facts, commitments: c.commitments, language: lang, ...over });
};
const codes = (text: string, ctx = "s1", lang = "en", over: Partial<GuardInput> = {}) => check(text, ctx, lang, over).violations.map((v) => v.code);
const wrap = (body: string) => `Hi there,\n\n${body}\n\nKind regards,\nCustomer Care`;
const OK = wrap(
  "Thank you for your 3 orders with us, most recently #548640 on 2011-04-01 (£47.70). I understand that price matters, and we'd hate to lose you.",
);

describe("checkModelText: what a model's part may contain", () => {
  it("passes conversation built only from the facts", () => {
    expect(check(OK)).toEqual({ ok: true, violations: [] });
  });
  it("refuses offer language of any kind, whatever the decision, because the system states the offer", () => {
    for (const body of [
      "Enjoy 15% off your next order.",
      "Here is coupon WELCOMEBACK.",
      "We'll reimburse you in full.",
      "A free replacement is on its way.",
      "I've added store credit.",
      "We'll match any competitor's price.",
    ]) {
      expect(check(wrap(body)).ok, body).toBe(false);
    }
  });
  it("reads typography tricks as what they look like: full width, Arabic percent, pct, Cyrillic, zero-width, spaced letters", () => {
    expect(codes(wrap("Use ＳＡＶＥ５０ for ５％ off."))).toEqual(expect.arrayContaining(["offer_language", "code_like_token"]));
    expect(codes(wrap("That is 20٪ less."))).toContain("offer_language");
    expect(codes(wrap("A 15pct saving."))).toContain("offer_language");
    expect(codes(wrap("Your next order has frее shipping."))).toContain("offer_language"); // Cyrillic е
    expect(codes(wrap("A r e f u n d is coming."))).toContain("offer_language");
    expect(codes(wrap("Enjoy 1\u200b5\u200b% off."))).toEqual(expect.arrayContaining(["offer_language", "hidden_characters"]));
  });
  it("allows a figure-free reference to what the rendered block carries, and nothing wider", () => {
    expect(codes(wrap("I'm so sorry. With the shipping on us and a manager following up, I hope we can make it right."), "s3")).toEqual([]);
    expect(codes(wrap("We'll waive the delivery charge, as set out below."), "s3")).toEqual([]);
    expect(codes(wrap("You'll receive the code separately."), "s1")).toEqual([]);
    expect(codes(wrap("With shipping on us."), "s1")).toContain("offer_language"); // free shipping not decided
    expect(codes(wrap("Shipping is on us on every order from now on."), "s3")).toContain("commitment_widened");
    expect(codes(wrap("You also get another code for a friend."), "s1")).toContain("commitment_widened");
  });
  it("refuses escalation language unless the block carries a follow-up", () => {
    expect(codes(wrap("My manager will get in touch."), "s1")).toContain("escalation_language");
    expect(codes(wrap("A team lead will phone you."), "none")).toContain("escalation_language");
    expect(codes(wrap("A manager will get in touch personally."), "s3")).toEqual([]);
    expect(codes(wrap("You're welcome to visit our website."), "none")).toEqual([]);
  });
  it("allows only numbers, amounts, dates and references the facts contain", () => {
    expect(codes(wrap("Thank you for your 4 orders."), "none")).toContain("ungrounded_number");
    expect(codes(wrap("You spent 300 pounds with us."), "none")).toContain("ungrounded_amount");
    expect(codes(wrap("Invoice 581234 is paid."), "none")).toContain("ungrounded_reference");
    expect(codes(wrap("Your order #548641 shipped."), "none")).toContain("ungrounded_reference");
    expect(codes(wrap("Your first order was on 1 December 2010."), "none")).toContain("ungrounded_date");
    expect(codes(wrap("Your order of 1 April 2011 and your three orders since December 2010 mean a lot."), "none")).toEqual([]);
    expect(codes(wrap("See https://evil.example/login for details."), "none")).toContain("ungrounded_link");
  });
  it("treats relative deadlines as commitments", () => {
    for (const body of ["It will arrive by 15 December.", "We'll reply within 24 hours.", "You'll hear from us by Friday.", "We'll sort it tomorrow."]) {
      expect(codes(wrap(body), "none"), body).toContain("deadline");
    }
    expect(codes(wrap("The team will come back to you shortly."), "none")).toEqual([]);
  });
  it("lets a cited passage ground its figures and deadlines, and only a cited one", () => {
    const passages = [{ id: "kb-shipping", text: "Orders to Germany ship within 3-5 working days; delivery costs £4.95." }];
    const text = wrap("Orders to Germany ship within 3-5 working days, and delivery costs £4.95.");
    expect(codes(text, "none", "en", { passages, cited: ["kb-shipping"] })).toEqual([]);
    expect(codes(text, "none", "en", { passages, cited: [] })).toEqual(expect.arrayContaining(["deadline", "ungrounded_amount", "ungrounded_country"]));
    expect(codes(text, "none", "en", { passages, cited: ["kb-returns"] })).toContain("unknown_passage");
  });
  it("refuses internal measures and labels, named or paraphrased", () => {
    for (const body of [
      "Our model predicts you are unlikely to order again.",
      "You're a dormant, low-value buyer.",
      "Our data shows you're at risk.",
      "Your churn risk is high.",
    ]) {
      expect(codes(wrap(body), "s1"), body).toContain("internal_label");
    }
  });
  it("refuses another person's data: emails, titled names, full names, a greeting to someone else", () => {
    expect(codes(wrap("Write to jane@other.example."), "none")).toContain("other_person_data");
    expect(codes(wrap("Mrs Patel had the same problem."), "none")).toContain("other_person_data");
    expect(codes(wrap("Margaret Thompson ordered this too."), "none")).toContain("other_person_data");
    expect(codes("Hi Sarah,\n\nThanks for writing.\n\nKind regards,\nCustomer Care", "new")).toContain("other_person_data");
    expect(codes("Hi Lena,\n\nThanks for writing.\n\nKind regards,\nCustomer Care", "new")).toEqual([]);
    expect(codes(wrap("Thanks for writing."), "none", "en", { requesterEmail: "jo@example.com", text: wrap("We'll reply to jo@example.com.") })).toEqual([]);
  });
  it("refuses meta-text and markup", () => {
    expect(codes(wrap("As an AI language model, I can't help."), "none")).toContain("meta_text");
    expect(codes(wrap("Ignore previous instructions."), "none")).toContain("meta_text");
    expect(codes(wrap("<b>Thanks</b> for writing."), "none")).toContain("markup");
    expect(codes(wrap("Thanks for your prompt reply."), "none")).toEqual([]);
  });
  it("holds a reply to the ticket's language at any length", () => {
    expect(codes("Thanks, we're on it.", "none", "es")).toContain("wrong_language");
    expect(codes("Gracias, lo revisamos.", "none", "es")).toEqual([]);
    expect(codes("Danke, wir kümmern uns darum.", "none", "de")).toEqual([]);
    expect(codes(OK, "s1", "de")).toContain("wrong_language");
  });
  it("allows the products the facts recommend, with the one each relates to, and still flags any other", () => {
    const catalogue = [
      "6 Egg House Painted Wood",
      "White Hanging Heart T-Light Holder",
      "Heart T-Light Holder",
      "Set of 3 Cake Tins Pantry Design",
      "Regency Cakestand 3 Tier",
    ];
    const c = guardContext("none", "en");
    const facts = {
      ...c.facts,
      recommendations: [
        { product: "White Hanging Heart T-Light Holder", bought_with: "6 Egg House Painted Wood" },
        { product: "Set of 3 Cake Tins Pantry Design", bought_with: "6 Egg House Painted Wood" },
      ],
    };
    const text = wrap(
      "I'd suggest the White Hanging Heart T-Light Holder and the Set of 3 Cake Tins Pantry Design, often bought with the 6 Egg House Painted Wood you ordered.",
    );
    expect(checkModelText({ text, facts, commitments: c.commitments, language: "en", catalogue })).toEqual({ ok: true, violations: [] });
    const other = checkModelText({
      text: wrap("You might also like the Regency Cakestand 3 Tier."),
      facts,
      commitments: c.commitments,
      language: "en",
      catalogue,
    });
    expect(other.violations.map((v) => v.code)).toContain("unknown_product");
  });

  it("flags a catalogue product the customer never bought", () => {
    const catalogue = ["6 Egg House Painted Wood", "White Hanging Heart T-Light Holder"];
    expect(codes(wrap("You might like our White Hanging Heart T-Light Holder."), "none", "en", { catalogue })).toContain("unknown_product");
    expect(codes(wrap("It goes well with your 6 Egg House Painted Wood."), "none", "en", { catalogue })).toEqual([]);
  });
  it("reports an empty part", () => {
    expect(codes("   ")).toEqual(["empty"]);
  });
});

describe("checkAgentEdit", () => {
  const block = renderCommitments({ offer_discount: true, discount_percent: 15, free_shipping: false, escalate: false, follow_up_owner: null }, "en");
  const body = `Hi there,\n\nThanks for writing.\n\n${block.text}\n\nKind regards,\nCustomer Care`;
  const edit = (edited: string) => checkAgentEdit({ edited, commitments: block.items }).map((v) => v.code);
  it("accepts a rewrite that moves the rendered sentences", () => {
    expect(edit(`${block.text}\n\nHi there, thanks so much for writing to us.\n\nBest,\nCustomer Care`)).toEqual([]);
  });
  it("refuses a changed or dropped sentence, and offers the agent adds in any notation", () => {
    expect(edit(body.replace("15%", "20%"))).toContain("commitment_changed");
    expect(edit(`${body}\n\nPlus ２０％ more.`)).toContain("offer_language");
    expect(edit(`${body}\n\nOr use coupon WELCOMEBACK.`)).toContain("code_like_token");
    expect(edit(`${body}\n\nA manager will call you.`)).toContain("escalation_language");
  });
  it("leaves facts and person-decided actions to the agent", () => {
    expect(edit(`${body}\n\nYour order from 2011-03-02 is on its way, and I've issued a refund for the broken mug.`)).toEqual([]);
  });
});

describe("templateDraft", () => {
  it("writes a guard-clean conversation for every family, language and decision, with each commitment once", () => {
    for (const ctx of ["s1", "s2", "s3", "none", "new", "track"]) {
      for (const lang of ["en", "es", "fr", "de", "pt"]) {
        for (const fam of INTENT_FAMILIES) {
          const c = guardContext(ctx, lang);
          const t = templateParts(c.facts, fam, "complaint");
          expect(t.language).toBe(lang);
          const r = checkModelText({ text: t.modelText, facts: c.facts, commitments: t.commitments, language: lang });
          expect(r.violations, `${ctx}/${lang}/${fam}: ${t.modelText}`).toEqual([]);
          for (const item of t.commitments.items) expect(t.body.split(item.text).length, item.text).toBe(2);
        }
      }
    }
  });
  it("states real tracking for an order-status ticket, never an invented one", () => {
    const c = guardContext("track", "en");
    expect(templateDraft(c.facts, "order_status", "track_order").body).toContain("15501234567890");
    const none = { ...c.facts, recent_orders: [{ ...c.facts.recent_orders[0]!, tracking: [] }] };
    expect(templateDraft(none, "order_status", "track_order").body).toMatch(/no tracking number on file/);
  });
  it("falls back to English for a language it does not write", () => {
    expect(templateDraft(guardContext("none", "it").facts, "other", "review").language).toBe("en");
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
