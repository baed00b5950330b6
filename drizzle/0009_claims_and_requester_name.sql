ALTER TABLE "drafts" ADD COLUMN "regenerating_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "requester_name" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "claimed_until" timestamp with time zone;