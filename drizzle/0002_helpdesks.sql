CREATE TABLE "helpdesk_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor" text NOT NULL,
	"event_key" text NOT NULL,
	"event_type" text NOT NULL,
	"kind" text NOT NULL,
	"ticket_external_id" text NOT NULL,
	"ticket" jsonb NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"error" text,
	"ticket_id" uuid,
	"draft_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "helpdesk_posts" (
	"draft_id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"vendor" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"external_id" text,
	"error" text,
	"tags" jsonb,
	"tag_error" text,
	"retries" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "queue_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"backoff_ms" integer NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "helpdesk_deliveries_vendor_event_idx" ON "helpdesk_deliveries" USING btree ("vendor","event_key");--> statement-breakpoint
CREATE INDEX "helpdesk_deliveries_ticket_idx" ON "helpdesk_deliveries" USING btree ("vendor","ticket_external_id");--> statement-breakpoint
CREATE INDEX "helpdesk_deliveries_status_idx" ON "helpdesk_deliveries" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "helpdesk_posts_status_idx" ON "helpdesk_posts" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "queue_jobs_claim_idx" ON "queue_jobs" USING btree ("queue","state","run_at");--> statement-breakpoint
CREATE INDEX "queue_jobs_state_updated_idx" ON "queue_jobs" USING btree ("queue","state","updated_at");