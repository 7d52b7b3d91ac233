CREATE TABLE "credit_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"cycle_start" timestamp with time zone NOT NULL,
	"threshold" integer NOT NULL,
	"allocation" bigint NOT NULL,
	"used" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD COLUMN "balance_after" bigint;--> statement-breakpoint
ALTER TABLE "credit_notices" ADD CONSTRAINT "credit_notices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notices_cycle_threshold_key" ON "credit_notices" USING btree ("organization_id","cycle_start","threshold");--> statement-breakpoint
CREATE INDEX "outbox_events_undelivered_idx" ON "outbox_events" USING btree ("id") WHERE "outbox_events"."delivered_at" IS NULL;--> statement-breakpoint
CREATE INDEX "credit_balances_cycle_end_idx" ON "credit_balances" USING btree ("cycle_end");--> statement-breakpoint
CREATE INDEX "credit_ledger_organization_id_idx" ON "credit_ledger" USING btree ("organization_id","id");--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_sign" CHECK (("credit_ledger"."kind" = 'grant' AND "credit_ledger"."credits" >= 0) OR ("credit_ledger"."kind" IN ('spend', 'expiry') AND "credit_ledger"."credits" <= 0) OR "credit_ledger"."kind" = 'adjustment');