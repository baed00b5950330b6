/** Every hand-over rule and the sets their patterns use. */
import { ABUSE_RULES, ABUSE_SETS } from "./abuse";
import { CHARGEBACK_RULES, CHARGEBACK_SETS } from "./chargeback";
import { LEGAL_RULES } from "./legal";
import { PRIVACY_RULES, PRIVACY_SETS } from "./privacy";
import { SAFETY_RULES } from "./safety";
import { SETS } from "./sets";
import type { Rule } from "./types";

export type { Rule } from "./types";

export const RULES: readonly Rule[] = [...SAFETY_RULES, ...LEGAL_RULES, ...CHARGEBACK_RULES, ...PRIVACY_RULES, ...ABUSE_RULES];

export const ALL_SETS: Readonly<Record<string, string>> = { ...SETS, ...CHARGEBACK_SETS, ...ABUSE_SETS, ...PRIVACY_SETS };
