/**
 * Text -> sparse features for the offline intent model. Pure string code, no I/O, so it runs in
 * Node and in Workers alike.
 *
 * Features (each counted once per text, i.e. binary presence, which suits short tickets better
 * than raw counts):
 * - word unigrams `w:<word>` and bigrams `b:<w1>_<w2>`;
 * - character 4-grams inside each word with boundary marks, `c:<gram>`, so typos ("cancle",
 *   "refnd") and inflections ("shipped", "shipping") share evidence. 4-grams alone beat 3+4 and
 *   3+4+5 on both held-out sets (Bitext 98.5% vs 98.2%; our retention examples 92% vs 84%).
 * Digits collapse to `0` so order numbers do not become vocabulary.
 */

/** Lower-case, strip accents (NFKD), collapse digit runs to "0", keep letters, digits and spaces. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/\d+/g, " 0 ")
    .replace(/[^\p{L}0 ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Words of `normaliseText(text)`. */
export function words(text: string): string[] {
  const norm = normaliseText(text);
  return norm === "" ? [] : norm.split(" ");
}

const CHAR_GRAM_SIZES = [4] as const;

/** The distinct feature strings of a text (see module comment). Empty text gives no features. */
export function extractFeatures(text: string): string[] {
  const ws = words(text);
  const out = new Set<string>();
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    out.add(`w:${w}`);
    if (i + 1 < ws.length) out.add(`b:${w}_${ws[i + 1]}`);
    if (w === "0") continue;
    const padded = `<${w}>`;
    for (const n of CHAR_GRAM_SIZES) {
      for (let j = 0; j + n <= padded.length; j++) out.add(`c:${padded.slice(j, j + n)}`);
    }
  }
  return [...out];
}
