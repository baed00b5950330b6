CREATE TABLE "product_catalogue" (
	"product_id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"last_sold_at" timestamp with time zone NOT NULL,
	"orders" integer NOT NULL,
	"buyers" integer NOT NULL,
	"run_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_neighbours" (
	"product_id" text NOT NULL,
	"neighbour_id" text NOT NULL,
	"rank" integer NOT NULL,
	"score" double precision NOT NULL,
	"support" integer NOT NULL,
	"cosine" double precision NOT NULL,
	"lift" double precision NOT NULL,
	"run_id" bigint NOT NULL,
	CONSTRAINT "product_neighbours_product_id_neighbour_id_pk" PRIMARY KEY("product_id","neighbour_id")
);
--> statement-breakpoint
CREATE INDEX "product_catalogue_last_sold_idx" ON "product_catalogue" USING btree ("last_sold_at");