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
--> statement-breakpoint
-- hand-written: number an event and fan it out in the same BEFORE trigger, so its deliveries are
-- queued in the order of its sequence number whether it was inserted directly (invoice.issued, in
-- the issuing statement) or by another trigger (the audit events'): an AFTER trigger of a direct
-- insert fires at the end of the statement, after events numbered later.
CREATE OR REPLACE FUNCTION outbox_events_number_and_fan_out() RETURNS trigger AS $$
DECLARE
  stream_org uuid := coalesce(NEW.organization_id, '00000000-0000-0000-0000-000000000000'::uuid);
BEGIN
  IF NEW.organization_id IS NOT NULL AND NEW.sequence IS NULL THEN
    INSERT INTO event_sequences AS s (organization_id, last) VALUES (NEW.organization_id, 1)
    ON CONFLICT (organization_id) DO UPDATE SET last = s.last + 1
    RETURNING s.last INTO NEW.sequence;
  END IF;
  WITH wanted AS (
    INSERT INTO webhook_deliveries (endpoint_id, organization_id, outbox_id, status, created_at)
    SELECT e.id, stream_org, NEW.id, 'pending', now()
    FROM webhook_endpoints e
    WHERE e.enabled
      AND (e.organization_id IS NULL OR e.organization_id = NEW.organization_id)
      AND (cardinality(e.event_types) = 0 OR NEW.topic = ANY (e.event_types))
    RETURNING endpoint_id
  )
  INSERT INTO webhook_streams AS s (endpoint_id, organization_id, next_attempt_at, enqueued)
  SELECT endpoint_id, stream_org, now(), 1 FROM wanted
  ON CONFLICT (endpoint_id, organization_id)
    DO UPDATE SET next_attempt_at = coalesce(s.next_attempt_at, excluded.next_attempt_at), enqueued = s.enqueued + 1;
  PERFORM pg_notify('outbox_events', '');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS outbox_events_fan_out ON outbox_events;
--> statement-breakpoint
DROP TRIGGER IF EXISTS outbox_events_number ON outbox_events;
--> statement-breakpoint
DROP FUNCTION IF EXISTS outbox_events_fan_out();
--> statement-breakpoint
DROP FUNCTION IF EXISTS outbox_events_number();
--> statement-breakpoint
CREATE TRIGGER outbox_events_number_and_fan_out BEFORE INSERT ON outbox_events
  FOR EACH ROW EXECUTE FUNCTION outbox_events_number_and_fan_out();
