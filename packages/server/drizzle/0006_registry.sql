CREATE TABLE "registry_assessments" (
	"id" text PRIMARY KEY NOT NULL,
	"designation_id" text NOT NULL,
	"year" integer NOT NULL,
	"result" text NOT NULL,
	"notes" text,
	"assessed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_designations" (
	"id" text PRIMARY KEY NOT NULL,
	"resource_id" text NOT NULL,
	"scheme" text NOT NULL,
	"granted_on" date NOT NULL,
	"valid_until" date,
	"status" text DEFAULT 'active' NOT NULL,
	"certificate_no" text,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_resources" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"normalized_name" text NOT NULL,
	"description" text NOT NULL,
	"organization" jsonb,
	"submitter_organization_id" text,
	"address" text,
	"normalized_address" text,
	"district" text,
	"lat" double precision,
	"lng" double precision,
	"transit_hint" text,
	"accessibility" text[] DEFAULT '{}'::text[] NOT NULL,
	"opening_hours" jsonb,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"age_min" integer,
	"age_max" integer,
	"booking" jsonb,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"website" text,
	"assured_date" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text,
	"search_vector" "tsvector",
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"resource_id" text NOT NULL,
	"status" text NOT NULL,
	"payload" jsonb NOT NULL,
	"note" text,
	"submitter_organization_id" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "registry_route_stops" (
	"route_id" text NOT NULL,
	"position" integer NOT NULL,
	"resource_id" text NOT NULL,
	"note" text,
	"stay_minutes" integer
);
--> statement-breakpoint
CREATE TABLE "registry_routes" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"theme" text NOT NULL,
	"description" text NOT NULL,
	"duration_text" text NOT NULL,
	"duration_minutes" integer,
	"audience_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"age_min" integer,
	"age_max" integer,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_transitions" (
	"id" text PRIMARY KEY NOT NULL,
	"resource_id" text NOT NULL,
	"revision_id" text,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_key_id" text,
	"actor_organization_id" text,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registry_assessments" ADD CONSTRAINT "registry_assessments_designation_id_registry_designations_id_fk" FOREIGN KEY ("designation_id") REFERENCES "public"."registry_designations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_designations" ADD CONSTRAINT "registry_designations_resource_id_registry_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."registry_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_resources" ADD CONSTRAINT "registry_resources_submitter_organization_id_organizations_id_fk" FOREIGN KEY ("submitter_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_revisions" ADD CONSTRAINT "registry_revisions_resource_id_registry_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."registry_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_route_stops" ADD CONSTRAINT "registry_route_stops_route_id_registry_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "public"."registry_routes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_route_stops" ADD CONSTRAINT "registry_route_stops_resource_id_registry_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."registry_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_transitions" ADD CONSTRAINT "registry_transitions_resource_id_registry_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."registry_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registry_assessments_designation_year_idx" ON "registry_assessments" USING btree ("designation_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_designations_resource_scheme_idx" ON "registry_designations" USING btree ("resource_id","scheme","granted_on");--> statement-breakpoint
CREATE INDEX "registry_designations_scheme_index" ON "registry_designations" USING btree ("scheme");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_resources_external_id_idx" ON "registry_resources" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "registry_resources_status_id_index" ON "registry_resources" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "registry_resources_normalized_name_district_index" ON "registry_resources" USING btree ("normalized_name","district");--> statement-breakpoint
CREATE INDEX "registry_resources_normalized_address_index" ON "registry_resources" USING btree ("normalized_address");--> statement-breakpoint
CREATE INDEX "registry_resources_topics_idx" ON "registry_resources" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "registry_resources_search_idx" ON "registry_resources" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "registry_revisions_resource_id_status_index" ON "registry_revisions" USING btree ("resource_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_route_stops_pk" ON "registry_route_stops" USING btree ("route_id","position");--> statement-breakpoint
CREATE INDEX "registry_route_stops_resource_id_index" ON "registry_route_stops" USING btree ("resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_routes_external_id_idx" ON "registry_routes" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "registry_transitions_resource_id_at_index" ON "registry_transitions" USING btree ("resource_id","at");