/**
 * Server-sent events of a regeneration, for the API and the console alike: `provisional`
 * (`{ text, checked: false }`, the model's part so far, unchecked and without the rendered
 * commitments), then `draft` (the stored revision, checked by the guard, or the flagged template)
 * or `error` (problem details). Events are written in order; repeated text is not sent twice.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";

/**
 * @param run the regeneration, given the callback that streams the provisional text
 * @param done what the `draft` event carries for the stored row
 */
export function regenerationStream<T>(c: Context, run: (onProvisional: (text: string) => void) => Promise<T>, done: (row: T) => unknown) {
  return streamSSE(c, async (stream) => {
    let last = "";
    let writes: Promise<unknown> = Promise.resolve();
    try {
      const row = await run((text) => {
        if (text === last) return;
        last = text;
        writes = writes.then(() => stream.writeSSE({ event: "provisional", data: JSON.stringify({ text, checked: false }) }));
      });
      await writes;
      await stream.writeSSE({ event: "draft", data: JSON.stringify(done(row)) });
    } catch (err) {
      await writes.catch(() => {});
      const e = err as { status?: number; title?: string; message: string };
      await stream.writeSSE({
        event: "error",
        data: JSON.stringify({ status: e.status ?? 500, title: e.title ?? "Internal Server Error", detail: e.message }),
      });
    }
  });
}
