import type { HandoverCategory, HandoverKind } from "../types";

/**
 * One detection rule: patterns (see ../pattern.ts) that are evidence for a category, with the
 * confidence a match carries on its own. Rules are data; detect.ts applies them with negation,
 * retraction, quotation and idiom handling.
 */
export interface Rule {
  /** Stable id, "<category>.<what>", reported with every hit. */
  id: string;
  category: HandoverCategory;
  kind: HandoverKind;
  /** 0..1: how sure a match alone makes us. 0.5 fires; weaker cues fire only together. */
  confidence: number;
  patterns: readonly string[];
  /** False when a preceding negator must not lower it (the pattern carries its own negation, or it is a slur). Default true. */
  negatable?: boolean;
  /** False: words match only as written (no one-letter typos), where one letter makes another word. Default true. */
  typos?: boolean;
  /** True: a token with `*` inside may hide a word of the rule ("f*ck", "b*tch"). Default false. */
  masked?: boolean;
  /** Patterns that veto a match they overlap (another reading of the same words). */
  unless?: readonly string[];
}
