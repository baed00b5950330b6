import { convert } from "html-to-text";
import { stripQuotedTail } from "./body";

/**
 * Plain text of a helpdesk message body: HTML (or text) to text, links kept as "text [url]",
 * images dropped. The previous message a mail client quotes under the reply (Gmail's
 * `div.gmail_quote`, Apple Mail's and Thunderbird's `blockquote type=cite`, Yahoo's
 * `div.yahoo_quoted`, or a trailing "On ... wrote:" with ">" lines) is dropped: it is the agent's
 * text, not the customer's. A quote inside the customer's own text is kept.
 * @returns trimmed text, non-breaking spaces as spaces, blank lines collapsed to one; "" for an empty body
 */
export function bodyToText(body: string | null | undefined): string {
  if (!body) return "";
  const text = /<[a-z!/][^>]*>/i.test(body)
    ? convert(body, {
        wordwrap: false,
        selectors: [
          { selector: "img", format: "skip" },
          { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
          { selector: "div.gmail_quote", format: "skip" },
          { selector: "div.yahoo_quoted", format: "skip" },
          { selector: "blockquote[type=cite]", format: "skip" },
        ],
      })
    : body;
  // Non-breaking spaces (&nbsp;) read as spaces; blank runs collapse to one blank line.
  return stripQuotedTail(
    text
      .replace(/\u00a0/g, " ")
      .replace(/\r\n?/g, "\n")
      .replace(/[ \t]+\n/g, "\n")
      .replace(/\n{3,}/g, "\n\n"),
  );
}
