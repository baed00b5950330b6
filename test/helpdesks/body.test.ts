/** What helpdesks wrap around a customer's words, taken off by pure functions (src/helpdesks/body.ts, html.ts). */
import { describe, expect, it } from "vitest";
import { stripAuthorPrefix, stripQuotedTail, stripZendeskRendering } from "../../src/helpdesks/body";
import { bodyToText } from "../../src/helpdesks/html";

describe("Zendesk's rendered {{ticket.description}}", () => {
  it("loses the separator and the 'Name, date' header Zendesk renders above the comment", () => {
    const rendered =
      "----------------------------------------------\n\nRob Robertovic, Jan 8, 2025, 10:12\n\nHi, I was charged twice for my last order. Please refund the duplicate charge.";
    expect(stripZendeskRendering(rendered)).toBe("Hi, I was charged twice for my last order. Please refund the duplicate charge.");
  });
  it("removes the header of every rendered comment, with 12-hour clocks and zone names", () => {
    const rendered =
      "------------------\n\nAnn Lee, 8 Jan 2025, 10:12 AM CET\n\nSecond message\n\n------------------\n\nAnn Lee, Jan 7, 2025, 9:01 pm\n\nFirst message";
    expect(stripZendeskRendering(rendered)).toBe("Second message\n\nFirst message");
  });
  it("keeps a customer's own first line that merely looks like a header when no separator precedes it", () => {
    expect(stripZendeskRendering("Rob, Jan 8, 2025, 10:12\n\nsee above")).toBe("Rob, Jan 8, 2025, 10:12\n\nsee above");
  });
  it("leaves plain text unchanged", () => {
    expect(stripZendeskRendering("Where is my order?")).toBe("Where is my order?");
  });
});

describe("Freshdesk's rendered {{ticket.latest_public_comment}}", () => {
  const rendered = 'Rob Robertovic : <div style="font-family:-apple-system; font-size:14px"><div dir="ltr">Any update?</div></div>';
  it("loses the author prefix when the author is the requester", () => {
    expect(bodyToText(stripAuthorPrefix(rendered, ["Rob Robertovic"]))).toBe("Any update?");
  });
  it("loses the prefix of another author too, since the comment's HTML follows it", () => {
    expect(bodyToText(stripAuthorPrefix(rendered, ["Someone Else"]))).toBe("Any update?");
  });
  it("keeps a plain-text message whose own words contain ' : '", () => {
    expect(stripAuthorPrefix("Order 552093 : still not here", ["Rob Robertovic"])).toBe("Order 552093 : still not here");
  });
  it("loses Freshdesk's 'System' prefix", () => {
    expect(stripAuthorPrefix("System : done", [])).toBe("done");
  });
});

describe("quoted previous messages", () => {
  it("drops Gmail's quoted agent reply under the customer's text", () => {
    const html =
      '<p>Any news? Otherwise please cancel and refund.</p><div class="gmail_quote">On Thu, Jan 7, 2021 Support wrote:<blockquote>We are checking.</blockquote></div>';
    expect(bodyToText(html)).toBe("Any news? Otherwise please cancel and refund.");
  });
  it("drops a trailing plain-text quote and keeps an interleaved one", () => {
    expect(stripQuotedTail("Still nothing.\n\nOn Thu, Jan 7, 2021 at 10:00, Support wrote:\n> We are checking.\n>")).toBe("Still nothing.");
    const interleaved = "On Thu, Jan 7, 2021 Support wrote:\n> Which order?\n552093, the lunch bags.";
    expect(stripQuotedTail(interleaved)).toBe(interleaved);
  });
  it("keeps a blockquote the customer wrote themselves", () => {
    expect(bodyToText("<p>Your site says:</p><blockquote>Delivery in 3 days</blockquote><p>It has been 3 weeks.</p>")).toContain("Delivery in 3 days");
  });
  it("reads &nbsp; as a space and collapses blank runs", () => {
    expect(bodyToText("<div>Hi,</div><div><br></div><div>order&nbsp;552093</div>")).toBe("Hi,\n\norder 552093");
  });
});
