import { convert } from "html-to-text";

/**
 * Plain text of a helpdesk message body: HTML (or text) to text, links kept as "text [url]",
 * images dropped, quoted history ("On ... wrote:") kept since the customer's own words may be inside.
 * @returns trimmed text; "" for an empty body
 */
export function bodyToText(body: string | null | undefined): string {
  if (!body) return "";
  if (!/<[a-z!/][^>]*>/i.test(body)) return body.trim();
  return convert(body, {
    wordwrap: false,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    ],
  }).trim();
}
