/**
 * How a reply is put together from the model's part and the rendered commitments. In structured
 * mode the model fills `ReplySchema` (greeting, body paragraphs, sign-off, and after which paragraph
 * the commitment block goes); in plain-text mode (a model without structured output) it writes the
 * reply and marks the block's place with a line `[[COMMITMENTS]]`. Either way the guard reads only
 * what the model wrote, and the system inserts the block. Pure.
 */
import { z } from "zod";
import type { RenderedCommitments } from "./commitments";

/** What the model returns in structured mode (`ai`'s `Output.object`). Every field is required (OpenAI strict schemas). */
export const ReplySchema = z.object({
  greeting: z.string().describe('the greeting line, e.g. "Hi Jo," (the customer\'s first name from FACTS, or a greeting without a name)'),
  paragraphs: z.array(z.string()).min(1).max(6).describe("the body paragraphs, plain text, no offer, no promise, no figure that is not in FACTS"),
  commitments_after: z.number().int().min(0).max(6).describe("how many of your paragraphs come before the system's COMMITMENTS block (0 = before the first)"),
  sign_off: z.string().describe('the sign-off, e.g. "Kind regards,\\nCustomer Care"'),
  citations: z.array(z.string()).describe("ids of the PASSAGES you used; empty when you used none"),
});

export type ReplyParts = z.infer<typeof ReplySchema>;

/** A reply as far as it streamed: any field may still be missing. */
export interface PartialReply {
  greeting?: string;
  paragraphs?: Array<string | undefined>;
  commitments_after?: number;
  sign_off?: string;
  citations?: Array<string | undefined>;
}

/** The line a plain-text model writes where the commitment block goes. */
export const COMMITMENTS_MARKER = "[[COMMITMENTS]]";

export interface ComposedReply {
  /** What the model wrote: the guard's input (greeting, paragraphs, sign-off; no block, no marker). */
  modelText: string;
  /** The reply as the customer would read it: the model's part with the block in its place. */
  body: string;
  /** Passage ids the model cited. */
  citations: string[];
}

const clean = (s: string | undefined) => (s ?? "").replace(/\r\n?/g, "\n").trim();

/**
 * Assembles a structured reply.
 * @param parts the model's output (partial while streaming: missing fields read as empty)
 */
export function composeStructured(parts: PartialReply | undefined, commitments: RenderedCommitments): ComposedReply {
  const paragraphs = (parts?.paragraphs ?? []).map((p) => clean(p)).filter(Boolean);
  const greeting = clean(parts?.greeting);
  const signOff = clean(parts?.sign_off);
  const at = Math.max(0, Math.min(paragraphs.length, Math.trunc(parts?.commitments_after ?? paragraphs.length)));
  const modelText = [greeting, ...paragraphs, signOff].filter(Boolean).join("\n\n");
  const block = commitments.text ? [commitments.text] : [];
  const body = [greeting, ...paragraphs.slice(0, at), ...block, ...paragraphs.slice(at), signOff].filter(Boolean).join("\n\n");
  return { modelText, body, citations: [...(parts?.citations ?? [])].filter((c): c is string => typeof c === "string") };
}

/**
 * Assembles a plain-text reply: the block replaces the first marker line; without one it goes
 * before the last paragraph (the sign-off), or at the end of a one-paragraph reply.
 */
export function composePlain(text: string, commitments: RenderedCommitments): ComposedReply {
  const t = clean(text);
  const paragraphs = t
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const markerAt = paragraphs.findIndex((p) => p.includes(COMMITMENTS_MARKER));
  const own = paragraphs.map((p) => p.split(COMMITMENTS_MARKER).join("").trim()).filter(Boolean);
  const modelText = own.join("\n\n");
  if (!commitments.text) return { modelText, body: modelText, citations: [] };
  let at: number;
  if (markerAt >= 0)
    at = paragraphs
      .slice(0, markerAt)
      .map((p) => p.split(COMMITMENTS_MARKER).join("").trim())
      .filter(Boolean).length;
  else at = own.length > 1 ? own.length - 1 : own.length;
  const body = [...own.slice(0, at), commitments.text, ...own.slice(at)].join("\n\n");
  return { modelText, body, citations: [] };
}

/**
 * The model's part of a stored reply: the body without the rendered sentences (each removed once),
 * for grading a stored draft with the guard.
 * @param items the rendered sentences stored with the draft (`guard.commitments`)
 */
export function withoutCommitments(body: string, items: readonly { text: string }[]): string {
  let t = body;
  for (const i of items) t = t.replace(i.text, "");
  return t
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
