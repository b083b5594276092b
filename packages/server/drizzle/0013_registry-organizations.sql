CREATE TABLE "registry_organization_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registry_resources" ADD COLUMN "organization_id" text;--> statement-breakpoint
ALTER TABLE "registry_organization_keys" ADD CONSTRAINT "registry_organization_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_resources" ADD CONSTRAINT "registry_resources_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registry_resources_organization_id_index" ON "registry_resources" USING btree ("organization_id");