/**
 * Graceful shutdown of a Node process on SIGTERM or SIGINT: stop accepting connections, let the
 * requests in flight and the running jobs finish for up to `SHUTDOWN_TIMEOUT_MS`, then close the
 * queue, the cache and the database (and flush the traces). Whatever has not finished by then is
 * cut off: its connection is closed and its job runs again after a restart (jobs are idempotent).
 */
import type { Logger } from "../log/logger";

/** The HTTP server, as node:http (and @hono/node-server's `serve`) makes it. */
export interface ClosableServer {
  close(callback?: (err?: Error) => void): unknown;
  closeIdleConnections?(): void;
  closeAllConnections?(): void;
}

export interface ShutdownDeps {
  /** Null for a `PROCESS_ROLE=worker` process (no HTTP). */
  server: ClosableServer | null;
  /** Stops taking jobs and waits for the running ones. */
  drainJobs(): Promise<void>;
  /** Closes the queue, the cache and the database; `abandon` after the timeout. */
  close(opts: { abandon: boolean }): Promise<void>;
  /** Flushes what is buffered (traces) before the process exits. */
  flush?(): Promise<void>;
  log: Logger;
  timeoutMs: number;
}

/**
 * Runs the shutdown once.
 * @returns `drained: true` when requests and jobs finished within the timeout
 */
export async function gracefulShutdown(deps: ShutdownDeps): Promise<{ drained: boolean }> {
  const t0 = performance.now();
  deps.log.info("shutting down: no new connections; draining requests and jobs", { timeoutMs: deps.timeoutMs });
  const requests = deps.server
    ? new Promise<void>((resolve) => {
        deps.server!.close(() => resolve());
        // Keep-alive connections with no request in flight would hold close() open.
        deps.server!.closeIdleConnections?.();
      })
    : Promise.resolve();
  const jobs = deps.drainJobs().catch((err: unknown) => deps.log.warn("draining jobs failed", { error: String(err) }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), deps.timeoutMs);
  });
  // A connection that turns idle after its last response is closed as it does.
  const idle = deps.server ? setInterval(() => deps.server!.closeIdleConnections?.(), 100) : undefined;
  const outcome = await Promise.race([Promise.all([requests, jobs]).then(() => "drained" as const), timedOut]);
  clearTimeout(timer);
  if (idle) clearInterval(idle);
  const drained = outcome === "drained";
  if (!drained) {
    deps.log.warn("shutdown timeout: closing the connections and jobs still running", { timeoutMs: deps.timeoutMs });
    deps.server?.closeAllConnections?.();
  }
  await deps.close({ abandon: !drained }).catch((err: unknown) => deps.log.error("closing failed", { error: String(err) }));
  await deps.flush?.().catch(() => {});
  deps.log.info("shut down", { drained, ms: Math.round(performance.now() - t0) });
  return { drained };
}
