CREATE TABLE "privacy_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" text,
	"requester_email" text,
	"right" text NOT NULL,
	"evidence" text,
	"regime" text NOT NULL,
	"regime_basis" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"shopify_flow" text,
	"shopify_webhook_id" text,
	"shopify_event_at" timestamp with time zone,
	"note" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy_tasks" ADD CONSTRAINT "privacy_tasks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_tasks" ADD CONSTRAINT "privacy_tasks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_tasks_ticket_right_idx" ON "privacy_tasks" USING btree ("ticket_id","right");--> statement-breakpoint
CREATE INDEX "privacy_tasks_status_due_idx" ON "privacy_tasks" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "privacy_tasks_customer_idx" ON "privacy_tasks" USING btree ("customer_id");