CREATE TABLE "knowledge_articles" (
	"language" text NOT NULL,
	"id" text NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"tags" jsonb NOT NULL,
	"updated" text NOT NULL,
	"content_hash" text NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_articles_language_id_pk" PRIMARY KEY("language","id")
);
--> statement-breakpoint
CREATE TABLE "knowledge_passages" (
	"id" text PRIMARY KEY NOT NULL,
	"language" text NOT NULL,
	"article_id" text NOT NULL,
	"source" text NOT NULL,
	"position" integer NOT NULL,
	"article_title" text NOT NULL,
	"section" jsonb NOT NULL,
	"anchor" text NOT NULL,
	"url" text NOT NULL,
	"text" text NOT NULL,
	"ts_config" text NOT NULL,
	"tsv" "tsvector" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "knowledge_passages" ADD CONSTRAINT "knowledge_passages_article_fk" FOREIGN KEY ("language","article_id") REFERENCES "public"."knowledge_articles"("language","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "knowledge_articles_source_idx" ON "knowledge_articles" USING btree ("source");--> statement-breakpoint
CREATE INDEX "knowledge_passages_tsv_idx" ON "knowledge_passages" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "knowledge_passages_article_idx" ON "knowledge_passages" USING btree ("language","article_id","position");