/**
 * The helpdesk job, whatever the queue that runs it (BullMQ or the database queue on Node,
 * Cloudflare Queues on Workers): an inbound delivery through the ticket pipeline, or an approved
 * reply posted back to its helpdesk. Both are idempotent, as the queues require (a job may run
 * again after a crash).
 */
import type { HelpdeskConfig } from "../config/helpdesks";
import type { Logger } from "../log/logger";
import type { TicketJobData, TicketQueue } from "../queue/types";
import type { Services } from "../services";
import { runInboundJob, type Attempt } from "./inbound";
import { runPostJob } from "./outbound";

export interface HelpdeskJobDeps {
  services: Services;
  config: HelpdeskConfig;
  queue: TicketQueue;
  fetch?: typeof fetch;
  log?: Logger;
}

/**
 * Runs one job.
 * @param attempt which try this is, of the policy's tries (an inbound delivery is marked `failed` on the last)
 * @throws what the step throws (a vendor API or pipeline failure): the queue retries with back-off
 */
export async function runHelpdeskJob(deps: HelpdeskJobDeps, data: TicketJobData, attempt?: Attempt): Promise<void> {
  const { services, config } = deps;
  if (data.kind === "inbound") await runInboundJob({ services, config, fetch: deps.fetch }, data.deliveryId, attempt);
  else
    await runPostJob({ db: services.db, queue: deps.queue, config, fetch: deps.fetch, log: deps.log ?? services.log, metrics: services.metrics }, data.draftId);
}
