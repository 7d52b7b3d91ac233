CREATE TABLE "email_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid,
	"dedupe_key" text NOT NULL,
	"template" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"leased_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"file" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "event_sequences" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"last" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"outbox_id" bigint NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"replay" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"response_status" integer,
	"latency_ms" integer,
	"error" text,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"url" text NOT NULL,
	"description" text,
	"event_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp with time zone,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "webhook_streams" (
	"endpoint_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"leased_until" timestamp with time zone,
	"enqueued" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "webhook_streams_endpoint_id_organization_id_pk" PRIMARY KEY("endpoint_id","organization_id")
);
--> statement-breakpoint
ALTER TABLE "outbox_events" ADD COLUMN "event_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_events" ADD COLUMN "sequence" bigint;--> statement-breakpoint
ALTER TABLE "outbox_events" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "email_messages_dedupe_key" ON "email_messages" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "email_messages_due_idx" ON "email_messages" USING btree ("next_attempt_at") WHERE "email_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_stream_idx" ON "webhook_deliveries" USING btree ("endpoint_id","organization_id","id") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_organization_idx" ON "webhook_endpoints" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "webhook_streams_due_idx" ON "webhook_streams" USING btree ("next_attempt_at") WHERE "webhook_streams"."next_attempt_at" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_events_event_id_key" ON "outbox_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "outbox_events_organization_idx" ON "outbox_events" USING btree ("organization_id","created_at");
--> statement-breakpoint
-- hand-written: events leave the system (issue 16, decision 0080).
-- Each outbox event takes the next number of its organization; the counter row stays locked until
-- commit, so numbers follow commit order within an organization.
CREATE OR REPLACE FUNCTION outbox_events_number() RETURNS trigger AS $$
BEGIN
  IF NEW.organization_id IS NOT NULL AND NEW.sequence IS NULL THEN
    INSERT INTO event_sequences AS s (organization_id, last) VALUES (NEW.organization_id, 1)
    ON CONFLICT (organization_id) DO UPDATE SET last = s.last + 1
    RETURNING s.last INTO NEW.sequence;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER outbox_events_number BEFORE INSERT ON outbox_events
  FOR EACH ROW EXECUTE FUNCTION outbox_events_number();
--> statement-breakpoint
-- Fan-out in the same transaction: one delivery per enabled endpoint that wants the event (the
-- operator's endpoints get every organization's), its stream made due unless it waits on a retry,
-- and the delivery workers of every process woken at commit.
CREATE OR REPLACE FUNCTION outbox_events_fan_out() RETURNS trigger AS $$
DECLARE
  stream_org uuid := coalesce(NEW.organization_id, '00000000-0000-0000-0000-000000000000'::uuid);
BEGIN
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
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER outbox_events_fan_out AFTER INSERT ON outbox_events
  FOR EACH ROW EXECUTE FUNCTION outbox_events_fan_out();
--> statement-breakpoint
-- The one mapping from an audit action to a public event type (version 1); null: not published.
CREATE OR REPLACE FUNCTION event_type_of_audit(action text) RETURNS text AS $$
  SELECT CASE
    WHEN action IN ('subscription.changed', 'subscription.overridden', 'subscription.renewed',
                    'subscription.scheduled_change_applied') THEN 'subscription.updated'
    WHEN action IN ('subscription.scheduled_change_scheduled', 'subscription.scheduled_change_replaced',
                    'subscription.scheduled_change_cancelled') THEN 'subscription.change_scheduled'
    WHEN action IN ('change_request.submitted', 'change_request.approved', 'change_request.rejected',
                    'change_request.withdrawn') THEN action
    WHEN action = 'user.created' THEN 'user.added'
    WHEN action IN ('user.deactivated', 'user.reactivated') THEN action
    WHEN action = 'billing_info.updated' THEN action
    WHEN action = 'credits.cycle_reset' THEN 'credits.reset'
    WHEN action IN ('invoice.paid', 'credit_note.issued') THEN action
    ELSE NULL
  END
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_publish() RETURNS trigger AS $$
DECLARE
  event_type text := event_type_of_audit(NEW.action);
BEGIN
  IF event_type IS NOT NULL AND NEW.organization_id IS NOT NULL THEN
    INSERT INTO outbox_events (organization_id, topic, version, payload, created_at)
    VALUES (NEW.organization_id, event_type, 1,
      jsonb_build_object('action', NEW.action, 'object', NEW.after, 'previous', NEW.before),
      NEW.occurred_at);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_publish AFTER INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_publish();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION invoices_publish() RETURNS trigger AS $$
BEGIN
  INSERT INTO outbox_events (organization_id, topic, version, payload, created_at)
  VALUES (NEW.organization_id, 'invoice.issued', 1,
    jsonb_build_object('action', 'invoice.issued', 'object', jsonb_build_object(
      'id', NEW.id, 'number', NEW.number, 'kind', NEW.kind, 'issuedAt', NEW.issued_at,
      'currency', NEW.currency, 'subtotal', NEW.subtotal, 'creditApplied', NEW.credit_applied,
      'total', NEW.total), 'previous', NULL),
    NEW.issued_at);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER invoices_publish AFTER INSERT ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_publish();
