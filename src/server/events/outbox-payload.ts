import { sql } from "drizzle-orm";

/**
 * How an outbox event (alias `o`) reaches its payload: an event published from an audit event
 * stores no payload of its own but the audit row's id (migration 0017, decision 0143); audit rows
 * are never changed or deleted, so the payload built from it is the one published.
 */
export const outboxAuditJoin = sql`LEFT JOIN audit_events a ON a.id = o.audit_event_id`;

/** The event's payload, `{object, previous}` (and `action` for audit events); read with `outboxAuditJoin`. */
export const outboxPayload = sql`coalesce(o.payload,
  jsonb_build_object('action', a.action, 'object', a.after, 'previous', a.before))`;
