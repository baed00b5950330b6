/**
 * Retrieval for drafting: the passages of the store's knowledge (help articles, shop policies)
 * that a ticket's message is about, as the drafter's facts. The model sees them fenced with their
 * ids and cites what it uses; the template answers from them; the guard lets a figure, fee, time
 * or country through only when a cited passage holds it (src/ai/draft/grounding.ts).
 */
import type { Passage } from "../ai/draft/grounding";
import type { Services } from "../services";

/** Passages given to the drafter: enough for both sections of an article (before/after dispatch), few enough to read. */
export const DRAFT_PASSAGES = 6;

/**
 * The passages retrieved for a message, best first, in the message's language or, when that
 * language has no articles, in English (the model answers in the ticket's language either way).
 * No knowledge service, or a failing one, gives no passages: the draft is then written from the
 * order facts alone, and the failure is logged, never thrown.
 * @param text the customer's message as written (subject and body)
 * @param language ISO 639-1 code of the message (triage)
 */
export async function passagesFor(s: Services, text: string, language: string): Promise<Passage[]> {
  if (!s.knowledge || !text.trim()) return [];
  try {
    let r = await s.knowledge.search(text, { language, limit: DRAFT_PASSAGES });
    if (!r.hits.length && language !== "en") r = await s.knowledge.search(text, { language: "en", limit: DRAFT_PASSAGES });
    return r.hits.map((h) => ({
      id: h.passage.id,
      text: h.passage.text,
      articleId: h.passage.articleId,
      title: h.passage.articleTitle,
      section: h.passage.section,
      url: h.passage.url,
    }));
  } catch (err) {
    s.log.warn("knowledge search failed; drafting from the order facts alone", { error: String((err as Error).message ?? err) });
    return [];
  }
}
