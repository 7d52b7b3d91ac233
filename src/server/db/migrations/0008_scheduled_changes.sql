CREATE TABLE "scheduled_change_applications" (
	"scheduled_change_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"seats_before" integer NOT NULL,
	"credit_blocks_before" integer NOT NULL,
	"scheduled_seats" integer NOT NULL,
	"seats" integer NOT NULL,
	"credit_blocks" integer NOT NULL,
	"active_users" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "scheduled_change_id" uuid;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "scheduled_seats" integer;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "scheduled_interval" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "scheduled_effective_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scheduled_change_applications" ADD CONSTRAINT "scheduled_change_applications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scheduled_change_applications_organization_idx" ON "scheduled_change_applications" USING btree ("organization_id");--> statement-breakpoint
-- hand-written: a decrease of credit blocks scheduled under the old rules (applied at the next
-- credit reset) becomes a scheduled change applied at the renewal; nothing else is rewritten.
UPDATE "subscriptions" SET "scheduled_change_id" = gen_random_uuid(), "scheduled_seats" = "seats",
  "scheduled_interval" = "interval", "scheduled_effective_at" = "period_end"
WHERE "scheduled_credit_blocks" IS NOT NULL AND "scheduled_change_id" IS NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_scheduled_complete" CHECK (
  ("scheduled_change_id" IS NULL AND "scheduled_seats" IS NULL AND "scheduled_credit_blocks" IS NULL
    AND "scheduled_interval" IS NULL AND "scheduled_effective_at" IS NULL)
  OR ("scheduled_change_id" IS NOT NULL AND "scheduled_seats" > 0 AND "scheduled_credit_blocks" >= 0
    AND "scheduled_interval" IN ('month', 'year') AND "scheduled_effective_at" IS NOT NULL));
