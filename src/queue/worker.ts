import type { Logger } from "../log/logger";
import type { Consumer, JobHandler, TicketQueue } from "./types";

/**
 * Starts consuming `queue` with `handler`, logging each failed try with the job id and attempt.
 * @returns the consumer; `close()` it on shutdown
 */
export function startTicketWorker(queue: TicketQueue, handler: JobHandler, opts: { concurrency?: number; log?: Logger } = {}): Consumer {
  const log = opts.log;
  return queue.consume(
    async (job) => {
      try {
        await handler(job);
      } catch (err) {
        log?.warn("job failed", { job: job.id, attempt: job.attempt, kind: job.data.kind, error: String((err as Error)?.message ?? err) });
        throw err;
      }
    },
    { concurrency: opts.concurrency },
  );
}
