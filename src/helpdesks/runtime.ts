/**
 * What an entry point holds of the helpdesk connectors once it has built them (Node:
 * src/node/helpdesks.ts; Workers: src/workers/services.ts): the dispatch port approvals use, the
 * queue, the two routers it mounts, the reconciler pass and shutdown. Types only.
 */
import type { Hono } from "hono";
import type { HelpdeskConfig } from "../config/helpdesks";
import type { AppEnv } from "../http/env";
import type { TicketQueue } from "../queue/types";
import type { HelpdeskDispatch } from "../services";

export interface HelpdeskRuntime extends HelpdeskDispatch {
  queue: TicketQueue;
  config: HelpdeskConfig;
  /** `POST /webhooks/:vendor`, mounted at /webhooks (src/routes/webhooks/helpdesks.ts). */
  webhookRoutes: Hono<AppEnv>;
  /** Jobs and posts, mounted under /v1 (src/routes/helpdesk-admin.ts). */
  adminRoutes: Hono<AppEnv>;
  /** One reconciler pass: jobs for stored deliveries and approved drafts that have none. */
  reconcile(): Promise<void>;
  /** Stops taking jobs and waits for the running ones (graceful shutdown); idempotent. */
  drain?(): Promise<void>;
  /** Closes the queue; `abandon` walks away from running jobs (they run again after a restart). */
  close(opts?: { abandon?: boolean }): Promise<void>;
}
