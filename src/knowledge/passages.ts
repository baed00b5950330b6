/**
 * Splits an article into passages, one per section: a section runs from a Markdown heading to the
 * next heading of any level, and carries its heading path ("Europe > Norway and Switzerland") and
 * the URL anchor a reader lands on (GitHub's slug rules: lower case, punctuation dropped, spaces to
 * hyphens, repeats numbered). Pure.
 */
import type { Article, Passage } from "./types";

/** A section longer than this (Markdown characters) is cut at paragraph breaks into parts (`~2`, `~3`, ...). */
export const MAX_PASSAGE_CHARS = 1500;

/** A passage as the indexer writes it: with the text that is searched, apart from the text that is shown. */
export interface SplitPassage extends Passage {
  /**
   * The text without its links' text: a link such as "see [Returns and refunds](...)" describes
   * another article, and matching it would rank this passage for that article's questions.
   */
  searchText: string;
  /** Words a passage implies without writing them (document expansion): a price for "£4.95", a time for "3 to 5 working days". */
  impliedTerms: string[];
}

/** What an amount or a duration in a passage answers: "how much", "how long". */
export function impliedTerms(text: string): string[] {
  const out: string[] = [];
  if (/[£€$]\s?\d/.test(text)) out.push("price", "cost");
  if (/\b\d+(\s*(to|-|–)\s*\d+)?\s+(working\s+)?(days?|weeks?|hours?|minutes?|months?)\b/i.test(text)) out.push("time", "days");
  return out;
}

/** GitHub-style heading anchor: "Norway and Switzerland" -> "norway-and-switzerland". */
export function slug(heading: string): string {
  return heading
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

/** Inline Markdown to plain text: emphasis, code, links (`text (url)`), images, tables, HTML tags. */
export function markdownToText(md: string): string {
  return md
    .split("\n")
    .filter((line) => !/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) // table rule
    .map((line) =>
      /^\s*\|.*\|\s*$/.test(line)
        ? line
            .trim()
            .replace(/^\||\|$/g, "")
            .split("|")
            .map((c) => c.trim())
            .join("; ")
        : line,
    )
    .join("\n")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, (_, text: string, url: string) => (text === url ? text : `${text} (${url})`))
    .replace(/<[^>]+>/g, "")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Links removed whole (text and target); images are kept for markdownToText to reduce to their alt text. */
const withoutLinks = (md: string) => md.replace(/(?<!!)\[[^\]]*\]\([^)]*\)/g, "");

/** Cuts Markdown at paragraph breaks into parts of at most `max` characters (a longer paragraph stays whole). */
function parts(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let cur = "";
  for (const para of text.split(/\n{2,}/)) {
    if (cur && cur.length + 2 + para.length > max) {
      out.push(cur);
      cur = para;
    } else cur = cur ? `${cur}\n\n${para}` : para;
  }
  if (cur) out.push(cur);
  return out;
}

interface Section {
  path: string[];
  lines: string[];
}

/**
 * Splits an article's Markdown body into passages.
 * A leading `# Title` equal to the article's title is dropped (it is the title, not a section);
 * headings inside fenced code blocks are text. Empty sections (a heading directly followed by a
 * sub-heading) make no passage; their heading stays in the sub-sections' paths.
 * @returns passages in reading order, `position` from 0; [] for an empty body
 */
export function splitArticle(article: Article, maxChars = MAX_PASSAGE_CHARS): SplitPassage[] {
  const sections: Section[] = [{ path: [], lines: [] }];
  const stack: Array<{ level: number; text: string }> = [];
  let fenced = false;
  let first = true;
  for (const line of article.body.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) {
      if (line.trim()) first = false;
      sections[sections.length - 1]!.lines.push(line);
      continue;
    }
    const level = m[1]!.length;
    const text = markdownToText(m[2]!);
    if (first && level === 1 && text.toLowerCase() === article.title.toLowerCase()) {
      first = false;
      continue;
    }
    first = false;
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, text });
    sections.push({ path: stack.map((h) => h.text), lines: [] });
  }

  const used = new Map<string, number>();
  const base = article.url.replace(/#.*$/, "");
  const out: SplitPassage[] = [];
  for (const s of sections) {
    const heading = s.path[s.path.length - 1];
    let anchor = "";
    if (heading !== undefined) {
      // GitHub numbers every repeat of a slug, whether or not the section has text.
      const sl = slug(heading);
      const n = used.get(sl) ?? 0;
      used.set(sl, n + 1);
      anchor = n === 0 ? sl : `${sl}-${n}`;
    }
    const md = s.lines.join("\n").trim();
    if (!markdownToText(md)) continue;
    const id = `${article.language}/${article.id}${anchor ? `#${anchor}` : ""}`;
    parts(md, maxChars).forEach((chunk, i) => {
      const text = markdownToText(chunk);
      out.push({
        id: i === 0 ? id : `${id}~${i + 1}`,
        articleId: article.id,
        articleTitle: article.title,
        language: article.language,
        source: article.source,
        position: out.length,
        section: s.path,
        anchor,
        url: anchor ? `${base}#${anchor}` : base,
        text,
        searchText: markdownToText(withoutLinks(chunk)),
        impliedTerms: impliedTerms(text),
      });
    });
  }
  return out;
}
