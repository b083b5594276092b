CREATE TABLE "experts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"institution" text,
	"specialties" text[] DEFAULT '{}'::text[] NOT NULL,
	"profile" text,
	"verified" boolean DEFAULT false NOT NULL,
	"reviewer" boolean DEFAULT false NOT NULL,
	"is_example" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_resources" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"body" text,
	"url" text,
	"author" text,
	"reviewer_id" text,
	"audience" text[] DEFAULT '{}'::text[] NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"review_due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rumour_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"claim" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"rating" text NOT NULL,
	"explanation" text NOT NULL,
	"analysis" text,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewer_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"reviewed_by" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"first_seen_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"last_reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rumour_tips" (
	"id" text PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"text_key" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"channels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"entry_id" text,
	"note" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "health_resources" ADD CONSTRAINT "health_resources_reviewer_id_experts_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rumour_tips" ADD CONSTRAINT "rumour_tips_entry_id_rumour_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."rumour_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experts_reviewer_index" ON "experts" USING btree ("reviewer");--> statement-breakpoint
CREATE INDEX "health_resources_status_review_due_at_index" ON "health_resources" USING btree ("status","review_due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rumour_entries_external_id_idx" ON "rumour_entries" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "rumour_entries_status_id_index" ON "rumour_entries" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "rumour_entries_status_updated_at_index" ON "rumour_entries" USING btree ("status","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rumour_tips_text_key_idx" ON "rumour_tips" USING btree ("text_key");--> statement-breakpoint
CREATE INDEX "rumour_tips_status_count_id_index" ON "rumour_tips" USING btree ("status","count","id");--> statement-breakpoint
CREATE INDEX "rumour_tips_last_seen_at_index" ON "rumour_tips" USING btree ("last_seen_at");