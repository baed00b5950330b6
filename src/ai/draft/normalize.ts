/**
 * Unicode normalisation for the guard: what a reader sees, whatever bytes a model wrote. Views of
 * one text, each for the checks that need it (`display` is the stripped text before any mapping,
 * for the language identifier):
 * - `cased`: HTML stripped to its text (html-to-text, links kept as "text [url]"), NFKC
 *   (full-width `２０％` -> `20%`, ligatures, superscripts), zero-width, bidi and other format
 *   characters removed, non-ASCII letters mapped to their confusable skeleton (Unicode UTS #39
 *   confusables.txt through `unhomoglyph`: Cyrillic `frее` -> `free`), non-ASCII decimal digits
 *   (`٢٠`) to ASCII, typographic quotes to ASCII, spaces collapsed. Case kept (for codes, names).
 * - `plain`: `cased` lower-cased, diacritics removed, `ß` -> `ss`: numbers, dates, deadlines and
 *   most word checks read this.
 * - `folded`: `plain` with digits inside words read as letters (`c0up0n`, `r3fund`), letters spaced
 *   out joined (`r e f u n d`, `f.r.e.e`) and separators inside words dropped (`fr-ee`): a second
 *   reading for the word checks, so typography cannot hide a word.
 * The flags say what was removed: markup and hidden characters are violations in a model's text.
 * Pure; `unhomoglyph` (MIT, nodeca) and `html-to-text` are pure JS and bundle for Workers.
 */
import { convert } from "html-to-text";
import unhomoglyph from "unhomoglyph";

export interface NormalizedText {
  /** The text as a reader sees it: HTML stripped, NFKC, hidden characters removed; letters untouched (for language identification). */
  display: string;
  cased: string;
  plain: string;
  folded: string;
  flags: {
    /** HTML tags or entities that were stripped (e.g. `<a>`, `<script>`). */
    html: string[];
    /** Markdown syntax (`**bold**`, `# heading`, `[text](url)`), left in place but flagged. */
    markdown: string[];
    /** Hidden characters removed: zero-width, bidi controls, tag characters, controls (code points as U+XXXX). */
    hidden: string[];
  };
}

const HTML_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->|&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});/gi;
const MARKDOWN = /\*\*[^*\n]+\*\*|__[^_\n]+__|^\s{0,3}#{1,6}\s|\[[^\]\n]+\]\([^)\n]+\)|```|^\s*[-*+]\s+\[[ x]\]/gm;
/** Emoji that may legitimately carry a zero-width joiner or a variation selector. */
const EMOJI = /\p{Extended_Pictographic}/u;

/** A non-ASCII decimal digit's value (every Unicode Nd block is ten contiguous code points from 0). */
function digitValue(ch: string): string {
  let cp = ch.codePointAt(0)!;
  let v = 0;
  while (v < 9 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
    cp -= 1;
    v += 1;
  }
  return String(v);
}

const skeletonCache = new Map<string, string>();

/** The confusable skeleton of one non-ASCII letter, case kept where the skeleton has case. */
function letterSkeleton(ch: string): string {
  let s = skeletonCache.get(ch);
  if (s === undefined) {
    // Marks first (UTS #39 decomposes before mapping): é -> e, ö -> o; then the confusable map.
    const bare = ch.normalize("NFD").replace(/\p{M}/gu, "");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, on purpose (pure ASCII needs no skeleton)
    s = /^[\x00-\x7f]*$/.test(bare) ? bare : unhomoglyph(bare).normalize("NFD").replace(/\p{M}/gu, "");
    if (ch === ch.toUpperCase() && ch !== ch.toLowerCase()) s = s.toUpperCase();
    skeletonCache.set(ch, s);
  }
  return s;
}

/** Removes hidden characters; records the ones that are not an emoji's own joiner or selector. */
function stripHidden(text: string, hidden: string[]): string {
  const chars = [...text];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    const format = /[\p{Cf}\p{Cc}]/u.test(ch) && ch !== "\n" && ch !== "\t" && ch !== "\r";
    const selector = (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || cp === 0x034f;
    if (!format && !selector && cp !== 0x115f && cp !== 0x1160 && cp !== 0x3164 && cp !== 0xffa0) {
      out += ch;
      continue;
    }
    const emojiJoin = (cp === 0x200d || selector) && EMOJI.test(chars[i - 1] ?? "");
    if (!emojiJoin) hidden.push(`U+${cp.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return out;
}

/** Letters spaced out ("r e f u n d", "f.r.e.e") joined; separators inside a word dropped ("fr-ee"). */
function joinSpacedLetters(s: string): string {
  return s
    .replace(/(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*·]\p{L}(?![\p{L}\p{N}])){2,}/gu, (m) => {
      const letters = m.replace(/[ .\-_*·]/g, "");
      // "a r e f u n d": the article stays a word of its own ("a refund").
      return /^[aiyeo]/.test(letters) && letters.length > 4 && m[1] === " " ? `${letters[0]} ${letters.slice(1)}` : letters;
    })
    .replace(/(?<=\p{L})[._*·]+(?=\p{L})/gu, "")
    .replace(/(?<=\p{L}{2})-(?=\p{L}{1,3}\b)/gu, "");
}

/** Digits inside a word read as the letters they imitate ("c0up0n" -> "coupon", "g1ft" -> "gift"). */
function foldLeet(s: string): string {
  const map: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };
  return s.replace(/[\p{L}\d@$]+/gu, (w) =>
    /\p{L}/u.test(w) && /[\d@$]/.test(w) && (w.match(/\p{L}/gu)?.length ?? 0) >= 2 ? w.replace(/[013457@$]/g, (c) => map[c] ?? c) : w,
  );
}

/**
 * Normalises a text for the guard (see the module comment for the three views).
 * @param text any text a model or an agent wrote
 */
export function normalizeText(text: string): NormalizedText {
  const flags: NormalizedText["flags"] = { html: [], markdown: [], hidden: [] };
  let t = text.replace(/\r\n?/g, "\n");
  const tags = t.match(HTML_TAG);
  if (tags) {
    flags.html.push(...new Set(tags.map((m) => m.slice(0, 40))));
    t = convert(t, {
      wordwrap: false,
      selectors: [
        { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
        { selector: "img", format: "skip" },
      ],
    });
  }
  for (const m of t.match(MARKDOWN) ?? []) flags.markdown.push(m.trim().slice(0, 40));
  t = stripHidden(t.normalize("NFKC"), flags.hidden);
  const display = t.replace(/[ \t]+/g, " ").trim();
  let cased = "";
  for (const ch of t) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) cased += ch;
    else if (/\p{Nd}/u.test(ch)) cased += digitValue(ch);
    else if (/[\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4]/.test(ch)) cased += "'";
    else if (/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/.test(ch)) cased += '"';
    else if (/[\u2010-\u2015\u2212]/.test(ch)) cased += "-";
    else if (/\p{Zs}/u.test(ch)) cased += " ";
    else if (/\p{L}/u.test(ch) && ch !== "ß") cased += letterSkeleton(ch);
    else cased += ch;
  }
  cased = cased
    .replace(/[ \t]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .trim();
  const plain = cased.toLowerCase().replace(/ß/g, "ss");
  const folded = joinSpacedLetters(foldLeet(plain));
  return { display, cased, plain, folded, flags };
}

/**
 * The plain view of a short phrase (a lexicon entry, a product name): what `normalizeText(x).plain`
 * gives, without the flags. For building the sets the guard compares against.
 */
export function plainOf(text: string): string {
  return normalizeText(text).plain;
}
