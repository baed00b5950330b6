ALTER TABLE "queue_jobs" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "usage" jsonb;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "redraft_due" boolean DEFAULT false NOT NULL;