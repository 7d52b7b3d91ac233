import { and, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { type CategoryId, prefixesOf } from "../../../core/activity.js";
import type { Executor } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";
import { expectCount, noWrites, runWrites, type Writes } from "../../db/writes.js";

export interface AuditEvent {
  organizationId: string | null;
  actorType: "user" | "api_key" | "operator" | "scheduler" | "system";
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  occurredAt: Date;
  source: string;
  requestId: string | null;
}

export async function recordAudit(executor: Executor, events: AuditEvent | AuditEvent[]) {
  const rows = Array.isArray(events) ? events : [events];
  if (rows.length === 0) return;
  if (rows.length > 20) {
    await recordAuditEvents(executor, rows);
    return;
  }
  await executor.insert(auditEvents).values(
    rows.map((event) => ({
      ...event,
      before: event.before ?? null,
      after: event.after ?? null,
    })),
  );
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

/** What the audit trail can be narrowed to (every field optional; days are UTC, both included). */
export interface AuditEventFilter {
  actorType?: AuditEvent["actorType"] | undefined;
  actorId?: string | undefined;
  area?: CategoryId | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function filterConditions(filter: AuditEventFilter): (SQL | undefined)[] {
  const dayAfter = (day: string) => new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000);
  return [
    filter.actorType ? eq(auditEvents.actorType, filter.actorType) : undefined,
    filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
    filter.area
      ? inArray(sql`split_part(${auditEvents.action}, '.', 1)`, [...prefixesOf(filter.area)])
      : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.from ? gte(auditEvents.occurredAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditEvents.occurredAt, dayAfter(filter.to)) : undefined,
  ];
}

/** One organization's events, newest first, optionally before an event id and filtered. */
export async function listAuditEvents(
  executor: Executor,
  organizationId: string,
  page: { limit: number; beforeId?: number | undefined; filter?: AuditEventFilter },
) {
  return executor
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.organizationId, organizationId),
        page.beforeId === undefined ? undefined : lt(auditEvents.id, page.beforeId),
        ...filterConditions(page.filter ?? {}),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(page.limit);
}

export function toAuditEventDto(row: AuditEventRow) {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: { type: row.actorType, id: row.actorId },
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    source: row.source,
    requestId: row.requestId,
  };
}

/**
 * Many events (a scheduler batch, a batch of plan changes) in one statement with one JSON
 * parameter: a multi-row VALUES with a dozen parameters per row is several times slower to bind.
 */
/** Appends audit events as part of one statement (`runWrites`). */
export function auditEventWrites(rows: readonly AuditEvent[]): Writes<void> {
  if (rows.length === 0) return { ...noWrites, read: () => undefined };
  const json = JSON.stringify(
    rows.map((event) => ({
      organization_id: event.organizationId,
      actor_type: event.actorType,
      actor_id: event.actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      before: event.before ?? null,
      after: event.after ?? null,
      occurred_at: event.occurredAt.toISOString(),
      source: event.source,
      request_id: event.requestId,
    })),
  );
  return {
    parts: [
      {
        name: "audited",
        statement: sql`
          INSERT INTO audit_events
            (organization_id, actor_type, actor_id, action, entity_type, entity_id, before, after, occurred_at, source, request_id)
          SELECT x.organization_id, x.actor_type, x.actor_id, x.action, x.entity_type, x.entity_id, x.before, x.after,
            x.occurred_at, x.source, x.request_id
          FROM jsonb_to_recordset(${json}::jsonb) AS x(organization_id uuid, actor_type text, actor_id text, action text,
            entity_type text, entity_id text, before jsonb, after jsonb, occurred_at timestamptz, source text, request_id text)
          RETURNING 1`,
      },
    ],
    outputs: {
      audited: expectCount(
        sql`(SELECT count(*) FROM audited)`,
        rows.length,
        "audit events were not all written",
      ),
    },
    read(row) {
      if (Number(row.audited) !== rows.length) throw new Error("audit events were not all written");
    },
  };
}

export async function recordAuditEvents(executor: Executor, rows: readonly AuditEvent[]) {
  await runWrites(executor, [auditEventWrites(rows)]);
}
