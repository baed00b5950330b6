/**
 * What helpdesks wrap around a customer's words when they render a message into a webhook, and
 * how to take it off. Pure functions of strings: no I/O, no vendor configuration.
 *
 * - Zendesk renders `{{ticket.description}}` (and the `*_formatted` comment placeholders) as the
 *   comment under a separator line and a "Name, date" header:
 *   `----------------------------------------------\n\nRob Robertovic, Jan 8, 2025, 10:12\n\ntext`
 *   (https://support.zendesk.com/hc/en-us/articles/4408886858138 , placeholders reference).
 * - Freshdesk renders `{{ticket.latest_public_comment}}` as `"<author name> : <body html>"`
 *   (https://support.freshdesk.com/support/solutions/articles/132589 , webhook placeholders).
 * - Mail clients quote the previous message under an "On <date>, <name> wrote:" line; that text is
 *   the agent's, not the customer's, and would mislead triage.
 */

/** A line of 5 or more dashes (Zendesk draws 46), optionally framed by spaces. */
const SEPARATOR = /^[ \t]*-{5,}[ \t]*$/;
/** Zendesk's comment header: "<name>, <date>[, <time>]", ending in a clock time or a year. */
const ZENDESK_HEADER = /^[^\n,]{1,200},\s.*(?:\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?(?:\s?[A-Z]{2,5}|\s?[+-]\d{2}:?\d{2})?|\b\d{4})$/;

/**
 * Removes the separator and "Name, date" header Zendesk renders around a comment placeholder.
 * Only a header that follows a separator line is removed, so a customer's own first line is kept.
 * @param text plain text as rendered by Zendesk
 * @returns the text without rendered separators and headers, trimmed
 */
export function stripZendeskRendering(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!SEPARATOR.test(line)) {
      out.push(line);
      continue;
    }
    // Skip the separator, the blank lines after it, and the header line when there is one.
    let j = i + 1;
    while (j < lines.length && (lines[j] ?? "").trim() === "") j++;
    if (j < lines.length && ZENDESK_HEADER.test((lines[j] ?? "").trim())) i = j;
  }
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Removes the "<author> : " prefix Freshdesk puts before `{{ticket.latest_public_comment}}`.
 * The prefix is recognised when its name is one of `names` (the requester's, Freshdesk's "System"),
 * or when what follows it is the comment's HTML (Freshdesk renders the body as HTML).
 * @param rendered the placeholder's value, e.g. `Rob Robertovic : <div>Any update?</div>`
 * @param names names the author may have, compared case-insensitively after trimming
 * @returns the comment without the prefix (unchanged when there is none)
 */
export function stripAuthorPrefix(rendered: string, names: (string | null | undefined)[] = []): string {
  const m = /^\s*([^\n:<>]{1,200}?) : ([\s\S]*)$/.exec(rendered);
  if (!m) return rendered;
  const name = (m[1] ?? "").trim().toLowerCase();
  const rest = m[2] ?? "";
  const known = [...names, "System"].some((n) => !!n && n.trim().toLowerCase() === name);
  return known || rest.trimStart().startsWith("<") ? rest : rendered;
}

/** "On Thu, Jan 7, 2021 Support wrote:", "Le 7 janv. 2021, Support a écrit :", "Am ... schrieb ...:" */
const QUOTE_LEAD = /^(?:On\s.{3,200}\swrote|Le\s.{3,200}\sa\s+écrit|Am\s.{3,200}\sschrieb\s.{0,200}|El\s.{3,200}\sescribió)\s?:\s*$/i;

/**
 * Removes a quoted previous message from the end of a plain-text reply: an "On ... wrote:" line
 * followed only by quoted (">") or blank lines, or by nothing. A quote in the middle of the text
 * (an interleaved answer) is kept.
 * @returns the reply without its trailing quote, trimmed
 */
export function stripQuotedTail(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!QUOTE_LEAD.test((lines[i] ?? "").trim())) continue;
    const rest = lines.slice(i + 1);
    if (rest.every((l) => l.trim() === "" || l.trimStart().startsWith(">"))) {
      const kept = lines.slice(0, i).join("\n").trim();
      if (kept) return kept;
    }
  }
  return text.trim();
}
