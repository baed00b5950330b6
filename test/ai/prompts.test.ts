/** Prompt files: front-matter validated, one reply template per intent family, slots declared. */
import { describe, expect, it } from "vitest";
import { loadPromptDir, parsePrompt } from "../../src/ai/prompts-node";
import { renderPrompt } from "../../src/ai/prompts";
import { INTENT_FAMILIES } from "../../src/ai/triage/types";

const library = loadPromptDir("prompts");

describe("prompts/", () => {
  it("has its own reply template for every intent family", () => {
    const names = INTENT_FAMILIES.map((f) => library.forFamily(f).name);
    expect(new Set(names).size).toBe(INTENT_FAMILIES.length);
    for (const f of INTENT_FAMILIES) expect(library.forFamily(f).families).toContain(f);
  });
  it("gives every prompt a name, a version and its variables", () => {
    for (const name of ["system", "brand-voice", "repair", "reply-retention"]) {
      const p = library.get(name);
      expect(p.version).toMatch(/^\d+$/);
      expect(Array.isArray(p.variables)).toBe(true);
    }
  });
  it("refuses a slot the front-matter does not declare, and a missing variable", () => {
    expect(() => parsePrompt("bad.md", "---\nname: bad\nversion: 1\nvariables: [a]\n---\nHello {{b}}")).toThrow(/slot \{\{b\}\} is not declared/);
    expect(() => renderPrompt(library.get("repair"), { draft: "x" })).toThrow(/variable violations is missing/);
  });
});
