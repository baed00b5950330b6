CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"changes" jsonb
);
--> statement-breakpoint
CREATE TABLE "customer_profiles" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"profile" jsonb NOT NULL,
	"churn_risk_score" double precision,
	"rfm_segment" text,
	"archetype_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text,
	"first_name" text,
	"last_name" text,
	"country" text,
	"locale" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"redacted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"body" text NOT NULL,
	"model_body" text NOT NULL,
	"language" text,
	"decision" jsonb NOT NULL,
	"profile" jsonb,
	"drafter" text NOT NULL,
	"fallback_reason" text,
	"prompt_name" text,
	"prompt_version" text,
	"model" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"cost_usd" double precision,
	"guard" jsonb,
	"instruction" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"edited" boolean,
	"reject_reason" text
);
--> statement-breakpoint
CREATE TABLE "fulfillments" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"status" text,
	"tracking_company" text,
	"tracking_number" text,
	"tracking_url" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"draft_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" text,
	"rule" text NOT NULL,
	"discount_percent" integer NOT NULL,
	"free_shipping" boolean NOT NULL,
	"churn_risk_score" double precision,
	"lifetime_value_minor" bigint,
	"currency" text,
	"discount_value_minor" bigint NOT NULL,
	"approved_by" text NOT NULL,
	"edited" boolean NOT NULL,
	"discount_code" text,
	"discount_id" text,
	"policy_version" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_line_items" (
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"sku" text,
	"title" text NOT NULL,
	"variant_title" text,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	CONSTRAINT "order_line_items_order_id_position_pk" PRIMARY KEY("order_id","position")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"customer_id" text,
	"processed_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"financial_status" text,
	"fulfillment_status" text,
	"shipping_country" text,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text,
	"customer_id" text,
	"processed_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"note" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"fitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"customers" integer NOT NULL,
	"converged" boolean NOT NULL,
	"params" jsonb NOT NULL,
	"figures" jsonb
);
--> statement-breakpoint
CREATE TABLE "store_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"requester_email" text,
	"requester_customer_id" text,
	"customer_id" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"channel" text,
	"helpdesk_url" text,
	"triage" jsonb,
	"status" text NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_profiles" ADD CONSTRAINT "customer_profiles_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line_items" ADD CONSTRAINT "order_line_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "customer_profiles_segment_idx" ON "customer_profiles" USING btree ("rfm_segment");--> statement-breakpoint
CREATE INDEX "customer_profiles_archetype_idx" ON "customer_profiles" USING btree ("archetype_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_lower_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "drafts_ticket_revision_idx" ON "drafts" USING btree ("ticket_id","revision");--> statement-breakpoint
CREATE INDEX "drafts_status_created_idx" ON "drafts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "fulfillments_order_idx" ON "fulfillments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_draft_idx" ON "offers" USING btree ("draft_id");--> statement-breakpoint
CREATE INDEX "offers_customer_idx" ON "offers" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_customer_processed_idx" ON "orders" USING btree ("customer_id","processed_at");--> statement-breakpoint
CREATE INDEX "refunds_customer_idx" ON "refunds" USING btree ("customer_id","processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_source_external_idx" ON "tickets" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "tickets_customer_idx" ON "tickets" USING btree ("customer_id");