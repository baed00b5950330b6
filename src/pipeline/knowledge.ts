/**
 * Retrieval for drafting: the passages of the store's knowledge (help articles, shop policies)
 * that a ticket's message is about, as the drafter's facts. The model sees them fenced with their
 * ids and cites what it uses; the template answers from them; the guard lets a figure, fee, time
 * or country through only when a cited passage holds it (src/ai/draft/grounding.ts).
 */
import type { Passage } from "../ai/draft/grounding";
import type { Services } from "../services";

/** The best hits given to the drafter whatever their article. */
export const DRAFT_PASSAGES = 4;
/** At most this many passages in all: the best hits, then more sections of the best hit's article. */
export const DRAFT_PASSAGES_MAX = 8;
/** Hits read to find the best article's other sections. */
const SEARCH_DEPTH = 30;

/**
 * The passages retrieved for a message, best first (see the loop for the article's other sections), in the message's language or, when that
 * language has no articles, in English (the model answers in the ticket's language either way).
 * No knowledge service, or a failing one, gives no passages: the draft is then written from the
 * order facts alone, and the failure is logged, never thrown.
 * @param text the customer's message as written (subject and body)
 * @param language ISO 639-1 code of the message (triage)
 */
export async function passagesFor(s: Services, text: string, language: string): Promise<Passage[]> {
  if (!s.knowledge || !text.trim()) return [];
  try {
    let r = await s.knowledge.search(text, { language, limit: SEARCH_DEPTH });
    if (!r.hits.length && language !== "en") r = await s.knowledge.search(text, { language: "en", limit: SEARCH_DEPTH });
    // The best hits, then the best article's other matching sections in rank order (its reporting
    // and photos sections for "arrived damaged", both dispatch cases of an address change): an
    // answer often spans an article's sections, and a section can rank below another article's.
    const best = r.hits[0]?.passage.articleId;
    const chosen = r.hits.slice(0, DRAFT_PASSAGES);
    for (const h of r.hits.slice(DRAFT_PASSAGES)) {
      if (chosen.length >= DRAFT_PASSAGES_MAX) break;
      if (h.passage.articleId === best) chosen.push(h);
    }
    return chosen.map((h) => ({
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
