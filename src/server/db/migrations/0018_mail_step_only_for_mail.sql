-- hand-written (decision 0153): an event that causes no e-mail is written already past the e-mail
-- step, and a statement whose events nobody waits for wakes no one.
-- Before, every event (a seat change's subscription.updated among them) was written with
-- delivered_at NULL, entered the partial index of events waiting for the e-mail step, and was
-- later read back with its payload and updated by the mail planner (a second row version and a
-- new entry in each of the table's five indexes) only to be found to cause no mail; every
-- publishing statement notified the outbox channel, though no endpoint wanted its events; and each
-- event probed webhook_endpoints' index twice (the OR of the two scopes) when none was enabled.
-- The one list of event types that cause mail (the mail planner's `mailTopics` must agree: test
-- "leaves only the events that cause mail to the e-mail step", test/integration/email.test.ts).
CREATE OR REPLACE FUNCTION event_sends_mail(topic text) RETURNS boolean AS $$
  SELECT topic IN ('change_request.submitted', 'change_request.approved', 'change_request.rejected',
                   'credits.low', 'invoice.issued', 'credit_note.issued')
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_publish() RETURNS trigger AS $$
DECLARE
  waiting bigint;
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
    -- delivered_at (the e-mail step's mark) is set now for an event that causes no mail.
    INSERT INTO outbox_events (organization_id, topic, version, audit_event_id, created_at, sequence, delivered_at)
    SELECT e.organization_id, e.topic, 1, e.id, e.occurred_at, c.last - n.events + e.nth,
      CASE WHEN event_sends_mail(e.topic) THEN NULL ELSE e.occurred_at END
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
    -- Looked at once per statement: with no endpoint enabled, no probe per event.
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled)
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
  -- Every data-modifying part runs to completion whether or not it is read. The workers of other
  -- processes are woken only for work: a delivery queued or an event for the e-mail step.
  SELECT (SELECT count(*) FROM deliveries) + (SELECT count(*) FROM numbered WHERE event_sends_mail(topic))
    INTO waiting;
  IF waiting > 0 THEN
    PERFORM pg_notify('outbox_events', '');
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
