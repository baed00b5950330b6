/**
 * Renders the holding reply for a hand-over ticket: the reviewed template of its most severe
 * category (safety first) in the ticket's language, addressed to the requester, naming the team
 * that owns it. Pure and bundled (no file reads at run time), so it runs on Workers too.
 */
import { FRAMES, HOLDING_LANGUAGES, HOLDING_TEMPLATES, type HoldingLanguage } from "./holding-templates";
import { HANDOVER_CATEGORIES, type HandoverCategory } from "./types";

export { HOLDING_LANGUAGES, type HoldingLanguage } from "./holding-templates";

/** Manager-reviewed wording that replaces a template: category -> language -> body with `{team}`. */
export type HoldingWording = Partial<Record<HandoverCategory, Partial<Record<string, string>>>>;

export interface HoldingReplyInput {
  /** The categories that fired; the most severe one chooses the template. Must not be empty. */
  categories: readonly HandoverCategory[];
  /** ISO 639-1 code of the ticket; an unsupported language gets English. */
  language: string;
  /** The owner the policy routed the ticket to ("legal", "payments", "safety", "privacy", "manager", or a custom id). */
  owner: string;
  /** The requester's first name, or null. */
  firstName: string | null;
  /** The policy's reviewed wording, when managers changed it. */
  wording?: HoldingWording;
}

export interface HoldingReply {
  body: string;
  /** The body's middle paragraph: who handles it and that they will be in touch (the reply's one commitment). */
  paragraph: string;
  language: HoldingLanguage;
  /** The category whose template was used. */
  category: HandoverCategory;
  /** "template" or "policy wording". */
  source: "template" | "policy";
}

const isHoldingLanguage = (l: string): l is HoldingLanguage => (HOLDING_LANGUAGES as readonly string[]).includes(l);

/** The most severe category of a set (HANDOVER_CATEGORIES is in severity order). */
export function mostSevere(categories: readonly HandoverCategory[]): HandoverCategory | null {
  return HANDOVER_CATEGORIES.find((c) => categories.includes(c)) ?? null;
}

/**
 * Renders a holding reply.
 * @throws Error when `categories` is empty (there is nothing to hold)
 */
export function renderHoldingReply(input: HoldingReplyInput): HoldingReply {
  const category = mostSevere(input.categories);
  if (!category) throw new Error("renderHoldingReply: no hand-over category");
  const language: HoldingLanguage = isHoldingLanguage(input.language) ? input.language : "en";
  const frame = FRAMES[language];
  const custom = input.wording?.[category]?.[language];
  const team = frame.teams[input.owner] ?? frame.teams.other ?? "";
  const text = (custom ?? HOLDING_TEMPLATES[category][language]).replaceAll("{team}", team);
  const name = input.firstName?.trim() || null;
  return { body: `${frame.greet(name)}\n\n${text}\n\n${frame.sign}`, paragraph: text, language, category, source: custom ? "policy" : "template" };
}
