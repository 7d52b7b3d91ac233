ALTER TABLE "email_messages" ADD COLUMN "document_kind" text;--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "document_id" uuid;--> statement-breakpoint
CREATE INDEX "email_messages_finished_idx" ON "email_messages" USING btree ("created_at") WHERE "email_messages"."status" <> 'pending';--> statement-breakpoint
CREATE INDEX "outbox_events_created_idx" ON "outbox_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_finished_idx" ON "webhook_deliveries" USING btree ("last_attempt_at") WHERE "webhook_deliveries"."status" <> 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_outbox_idx" ON "webhook_deliveries" USING btree ("outbox_id");--> statement-breakpoint
-- hand-written: invoice.issued is written by the invoice issuers with the payload typed by the
-- OpenAPI webhook schema (decision 0083), no longer built here in SQL.
DROP TRIGGER IF EXISTS invoices_publish ON invoices;
--> statement-breakpoint
DROP FUNCTION IF EXISTS invoices_publish();
