import type { Intent, LabelledText } from "../types";

/** Labels each text with `intent`; `retention` marks texts that signal leaving or object to price. */
export function label(intent: Intent, texts: readonly string[], retention?: boolean): LabelledText[] {
  return texts.map((text) => (retention === undefined ? { text, intent } : { text, intent, retention }));
}
