ALTER TABLE "experts" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health_resources" ADD COLUMN "overdue_since" timestamp with time zone;