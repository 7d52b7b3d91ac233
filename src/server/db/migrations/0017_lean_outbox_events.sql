ALTER TABLE "outbox_events" ALTER COLUMN "payload" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_events" ADD COLUMN "audit_event_id" bigint;--> statement-breakpoint
-- hand-written (decision 0143): an event published from an audit event keeps a reference to it
-- instead of a second copy of its before/after (about 1.4 KB per subscription event, half of what a
-- seat change wrote). Audit rows are never changed or deleted (migration 0001), so the payload read
-- later, jsonb_build_object('action', a.action, 'object', a.after, 'previous', a.before), is the one
-- this function wrote before. Rows written before this migration keep their payload.
CREATE OR REPLACE FUNCTION audit_events_publish() RETURNS trigger AS $$
DECLARE
  published bigint;
BEGIN
  WITH events AS (
    SELECT a.id, a.organization_id, event_type_of_audit(a.action) AS topic, a.occurred_at,
      row_number() OVER (PARTITION BY a.organization_id ORDER BY a.id) AS nth
    FROM audited_rows a
    WHERE a.organization_id IS NOT NULL AND event_type_of_audit(a.action) IS NOT NULL
  ), per_organization AS (
    SELECT organization_id, count(*) AS events FROM events GROUP BY organization_id
  ), counters AS (
    -- Each organization's counter row once, in id order, held to the commit: numbers follow commit
    -- order within an organization, as the row trigger's did.
    INSERT INTO event_sequences AS s (organization_id, last)
    SELECT organization_id, events FROM per_organization ORDER BY organization_id
    ON CONFLICT (organization_id) DO UPDATE SET last = s.last + excluded.last
    RETURNING s.organization_id, s.last
  ), numbered AS (
    -- Numbered here, so the row trigger (WHEN sequence IS NULL) leaves these rows alone.
    -- The payload stays in the audit row (payload NULL, audit_event_id set): read by outboxPayload.
    INSERT INTO outbox_events (organization_id, topic, version, audit_event_id, created_at, sequence)
    SELECT e.organization_id, e.topic, 1, e.id, e.occurred_at, c.last - n.events + e.nth
    FROM events e
    JOIN per_organization n ON n.organization_id = e.organization_id
    JOIN counters c ON c.organization_id = e.organization_id
    ORDER BY e.id
    RETURNING id, organization_id, topic, sequence
  ), deliveries AS (
    -- Queued in sequence order within each stream (the worker sends a stream's deliveries by id).
    INSERT INTO webhook_deliveries (endpoint_id, organization_id, outbox_id, status, created_at)
    SELECT w.id, o.organization_id, o.id, 'pending', now()
    FROM numbered o
    JOIN webhook_endpoints w ON w.enabled
      AND (w.organization_id IS NULL OR w.organization_id = o.organization_id)
      AND (cardinality(w.event_types) = 0 OR o.topic = ANY (w.event_types))
    ORDER BY o.organization_id, o.sequence, w.id
    RETURNING endpoint_id, organization_id
  ), streams AS (
    INSERT INTO webhook_streams AS s (endpoint_id, organization_id, next_attempt_at, enqueued)
    SELECT endpoint_id, organization_id, now(), count(*) FROM deliveries
    GROUP BY endpoint_id, organization_id ORDER BY endpoint_id, organization_id
    ON CONFLICT (endpoint_id, organization_id)
      DO UPDATE SET next_attempt_at = coalesce(s.next_attempt_at, excluded.next_attempt_at),
        enqueued = s.enqueued + excluded.enqueued
  )
  -- Every data-modifying part runs to completion whether or not it is read.
  SELECT count(*) INTO published FROM numbered;
  IF published > 0 THEN
    PERFORM pg_notify('outbox_events', '');
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
