/**
 * The hand-over detector's answers, remembered by text for a while (the last 5,000 texts), so a
 * ticket read at intake (src/helpdesks/batcher.ts, to raise its queue priority) is not read again
 * by its job in the same process (src/pipeline/handover.ts). The detector is a pure function of
 * the text, so a remembered answer is the answer.
 */
import { detectHandover } from "./detect";
import type { HandoverDetection } from "./types";

const MAX = 5000;
const seen = new Map<string, HandoverDetection>();

/** `detectHandover(text)`, answered from memory when the same text was read recently. */
export function detectHandoverOnce(text: string): HandoverDetection {
  const hit = seen.get(text);
  if (hit) {
    // Most recently used last: Map keeps insertion order.
    seen.delete(text);
    seen.set(text, hit);
    return hit;
  }
  const d = detectHandover(text);
  seen.set(text, d);
  if (seen.size > MAX) seen.delete(seen.keys().next().value!);
  return d;
}
