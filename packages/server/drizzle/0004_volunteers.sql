CREATE TABLE "quota_usage" (
	"key" text PRIMARY KEY NOT NULL,
	"used" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"allowed" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"key_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"origin" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_occurrences" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"recurrence_id" timestamp with time zone,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"capacity" integer,
	"seats_taken" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"description" text,
	"type" text NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"campaign_id" text,
	"organizer_id" text,
	"venue_id" text,
	"venue_name" text,
	"address" text,
	"district" text,
	"lat" double precision,
	"lng" double precision,
	"online_url" text,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"min_age" integer,
	"max_age" integer,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"price_yuan" numeric(10, 2) DEFAULT 0 NOT NULL,
	"accessibility" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"recurrence" jsonb,
	"overrides" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"capacity" integer,
	"registration" jsonb NOT NULL,
	"competition" jsonb,
	"sequence" integer DEFAULT 0 NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"occurrence_id" text NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"mobile" text NOT NULL,
	"party_size" integer NOT NULL,
	"seats" integer NOT NULL,
	"age" integer,
	"guardian" jsonb,
	"team" jsonb,
	"cancel_token_hash" text NOT NULL,
	"check_in_code_hash" text NOT NULL,
	"key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lecturer_bookings" (
	"id" text PRIMARY KEY NOT NULL,
	"lecturer_id" text NOT NULL,
	"requested_by_key_id" text,
	"requester_kind" text NOT NULL,
	"requester_name" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_mobile_cipher" text NOT NULL,
	"contact_mobile_last4" text NOT NULL,
	"preferred_date" date NOT NULL,
	"topic" text NOT NULL,
	"audience_size" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"decision_note" text,
	"feedback_rating" smallint,
	"feedback_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lecturers" (
	"id" text PRIMARY KEY NOT NULL,
	"volunteer_id" text,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"institution" text DEFAULT '' NOT NULL,
	"topics" text[] NOT NULL,
	"spirits" text[] DEFAULT '{}'::text[] NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"district" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_officer_activities" (
	"id" text PRIMARY KEY NOT NULL,
	"volunteer_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"channel" text,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_officer_activity_aggregates" (
	"month" text NOT NULL,
	"kind" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "information_officer_activity_aggregates_month_kind_pk" PRIMARY KEY("month","kind")
);
--> statement-breakpoint
CREATE TABLE "volunteer_service_records" (
	"id" text PRIMARY KEY NOT NULL,
	"volunteer_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"shift_id" text,
	"assignment_id" text,
	"source" text NOT NULL,
	"service_date" date NOT NULL,
	"description" text NOT NULL,
	"scheduled_minutes" integer,
	"credited_minutes" integer NOT NULL,
	"reason" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"corrects_record_id" text,
	"superseded_by" text,
	"recorded_by_key_id" text,
	"recorded_by_volunteer" boolean DEFAULT false NOT NULL,
	"decided_by_key_id" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_service_records_minutes" CHECK ("volunteer_service_records"."credited_minutes" >= 0 and "volunteer_service_records"."credited_minutes" <= 1440)
);
--> statement-breakpoint
CREATE TABLE "volunteer_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"shift_id" text NOT NULL,
	"volunteer_id" text NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_certificates" (
	"code" text PRIMARY KEY NOT NULL,
	"volunteer_id" text,
	"organization_id" text NOT NULL,
	"volunteer_name" text,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"approved_minutes" integer NOT NULL,
	"record_count" integer NOT NULL,
	"record_ids" text[] NOT NULL,
	"issued_by_key_id" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "volunteer_consents" (
	"id" text PRIMARY KEY NOT NULL,
	"volunteer_id" text NOT NULL,
	"kind" text NOT NULL,
	"notice_version" text NOT NULL,
	"purposes" text[] NOT NULL,
	"guardian" jsonb,
	"agreed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "volunteer_hour_aggregates" (
	"month" text NOT NULL,
	"district" text NOT NULL,
	"organization_id" text NOT NULL,
	"minutes" integer NOT NULL,
	CONSTRAINT "volunteer_hour_aggregates_month_district_organization_id_pk" PRIMARY KEY("month","district","organization_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_opportunities" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_id" text,
	"classroom_id" text,
	"district" text NOT NULL,
	"roles" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_shifts" (
	"id" text PRIMARY KEY NOT NULL,
	"opportunity_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"slots" integer NOT NULL,
	"filled" integer DEFAULT 0 NOT NULL,
	"required_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_shifts_filled_within_slots" CHECK ("volunteer_shifts"."filled" >= 0 and "volunteer_shifts"."filled" <= "volunteer_shifts"."slots"),
	CONSTRAINT "volunteer_shifts_ends_after_start" CHECK ("volunteer_shifts"."ends_at" > "volunteer_shifts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"mobile_cipher" text NOT NULL,
	"mobile_index" text NOT NULL,
	"mobile_last4" text NOT NULL,
	"email_cipher" text,
	"birth_date" date,
	"minor" boolean DEFAULT false NOT NULL,
	"district" text NOT NULL,
	"organization" text,
	"organization_kind" text,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'applicant' NOT NULL,
	"status_reason" text,
	"token_hash" text NOT NULL,
	"staff_key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "assistant_daily_quota" integer;--> statement-breakpoint
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_occurrences" ADD CONSTRAINT "event_occurrences_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_campaign_id_events_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_organizer_id_organizations_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_occurrence_id_event_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."event_occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturer_bookings" ADD CONSTRAINT "lecturer_bookings_lecturer_id_lecturers_id_fk" FOREIGN KEY ("lecturer_id") REFERENCES "public"."lecturers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturers" ADD CONSTRAINT "lecturers_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_officer_activities" ADD CONSTRAINT "information_officer_activities_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_service_records" ADD CONSTRAINT "volunteer_service_records_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_service_records" ADD CONSTRAINT "volunteer_service_records_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_service_records" ADD CONSTRAINT "volunteer_service_records_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_service_records" ADD CONSTRAINT "volunteer_service_records_assignment_id_volunteer_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."volunteer_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_assignments" ADD CONSTRAINT "volunteer_assignments_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_assignments" ADD CONSTRAINT "volunteer_assignments_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_consents" ADD CONSTRAINT "volunteer_consents_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_opportunities" ADD CONSTRAINT "volunteer_opportunities_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD CONSTRAINT "volunteer_shifts_opportunity_id_volunteer_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."volunteer_opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_staff_key_id_api_keys_id_fk" FOREIGN KEY ("staff_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_updated_at_index" ON "rate_limit_buckets" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "widget_sessions_token_hash_idx" ON "widget_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "widget_sessions_expires_at_index" ON "widget_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "event_occurrences_event_id_starts_at_index" ON "event_occurrences" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "event_occurrences_starts_at_index" ON "event_occurrences" USING btree ("starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "event_occurrences_recurrence_idx" ON "event_occurrences" USING btree ("event_id","recurrence_id");--> statement-breakpoint
CREATE INDEX "events_campaign_id_index" ON "events" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "events_district_index" ON "events" USING btree ("district");--> statement-breakpoint
CREATE INDEX "events_type_index" ON "events" USING btree ("type");--> statement-breakpoint
CREATE INDEX "events_topics_idx" ON "events" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "registrations_occurrence_id_status_queued_at_index" ON "registrations" USING btree ("occurrence_id","status","queued_at");--> statement-breakpoint
CREATE INDEX "registrations_event_id_index" ON "registrations" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_one_per_mobile_idx" ON "registrations" USING btree ("occurrence_id","mobile") WHERE status in ('pending', 'confirmed', 'waitlisted');--> statement-breakpoint
CREATE INDEX "lecturer_bookings_lecturer_id_index" ON "lecturer_bookings" USING btree ("lecturer_id");--> statement-breakpoint
CREATE INDEX "lecturers_district_index" ON "lecturers" USING btree ("district");--> statement-breakpoint
CREATE INDEX "information_officer_activities_volunteer_id_kind_index" ON "information_officer_activities" USING btree ("volunteer_id","kind");--> statement-breakpoint
CREATE INDEX "volunteer_service_records_volunteer_id_service_date_index" ON "volunteer_service_records" USING btree ("volunteer_id","service_date");--> statement-breakpoint
CREATE INDEX "volunteer_service_records_status_index" ON "volunteer_service_records" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_service_records_assignment_idx" ON "volunteer_service_records" USING btree ("assignment_id") WHERE "volunteer_service_records"."source" = 'check_in';--> statement-breakpoint
CREATE INDEX "volunteer_assignments_volunteer_id_index" ON "volunteer_assignments" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_assignments_shift_id_index" ON "volunteer_assignments" USING btree ("shift_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_assignments_live_idx" ON "volunteer_assignments" USING btree ("shift_id","volunteer_id") WHERE "volunteer_assignments"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "volunteer_certificates_volunteer_id_index" ON "volunteer_certificates" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_consents_volunteer_id_index" ON "volunteer_consents" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_opportunities_district_index" ON "volunteer_opportunities" USING btree ("district");--> statement-breakpoint
CREATE INDEX "volunteer_opportunities_event_id_index" ON "volunteer_opportunities" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_opportunity_id_index" ON "volunteer_shifts" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_starts_at_index" ON "volunteer_shifts" USING btree ("starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_mobile_index_idx" ON "volunteers" USING btree ("mobile_index");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_token_hash_idx" ON "volunteers" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "volunteers_status_id_index" ON "volunteers" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "volunteers_district_index" ON "volunteers" USING btree ("district");