ALTER TABLE "rate_limit_buckets" ADD COLUMN "capacity" double precision NOT NULL;--> statement-breakpoint
ALTER TABLE "rate_limit_buckets" ADD COLUMN "refill_per_second" double precision NOT NULL;