import { randomBytes } from "node:crypto";
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { booleanOf, rowsOf, toDate } from "../../db/adapter.js";
import type { Executor } from "../../db/client.js";
import { onlyRow } from "../../db/rows.js";
import { webhookEndpoints } from "../../db/schema.js";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** Whose endpoints: an organization's, or the operator's (every organization's events). */
export type EndpointOwner = { organizationId: string } | { operator: true };

const ownedBy = (owner: EndpointOwner): SQL =>
  "organizationId" in owner
    ? eq(webhookEndpoints.organizationId, owner.organizationId)
    : isNull(webhookEndpoints.organizationId);

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export async function listEndpoints(executor: Executor, owner: EndpointOwner) {
  return executor.select().from(webhookEndpoints).where(ownedBy(owner)).orderBy(webhookEndpoints.createdAt);
}

/**
 * How many endpoints the owner has, read under a lock on the owner's endpoint list (held to
 * commit), so two registrations at once cannot both pass a limit.
 */
export async function countEndpointsLocked(executor: Executor, owner: EndpointOwner): Promise<number> {
  const list =
    "organizationId" in owner ? `webhook_endpoints:${owner.organizationId}` : "webhook_endpoints:operator";
  // Two statements: a statement's snapshot is taken before it waits for the lock, so the count
  // must come after it to see the registration that held the lock.
  await executor.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${list}, 0))`);
  const rows = rowsOf(
    await executor.execute(sql`SELECT count(*) AS endpoints FROM webhook_endpoints WHERE ${ownedBy(owner)}`),
  );
  return Number(rows[0]?.endpoints ?? 0);
}

/** Whether a replay sent to the endpoint still has deliveries waiting. */
export async function replayWaiting(executor: Executor, endpointId: string): Promise<boolean> {
  const rows = rowsOf(
    await executor.execute(sql`
      SELECT EXISTS (SELECT 1 FROM webhook_deliveries
        WHERE endpoint_id = ${endpointId}::uuid AND replay AND status = 'pending') AS waiting`),
  );
  return booleanOf(rows[0]?.waiting);
}

export async function findEndpoint(executor: Executor, owner: EndpointOwner, id: string, lock = false) {
  const query = executor
    .select()
    .from(webhookEndpoints)
    .where(and(ownedBy(owner), eq(webhookEndpoints.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

export async function insertEndpoint(executor: Executor, values: typeof webhookEndpoints.$inferInsert) {
  return onlyRow(await executor.insert(webhookEndpoints).values(values).returning(), "endpoint insert");
}

export async function updateEndpoint(
  executor: Executor,
  id: string,
  values: Partial<typeof webhookEndpoints.$inferInsert>,
) {
  const [row] = await executor
    .update(webhookEndpoints)
    .set(values)
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw new Error("endpoint vanished while locked");
  return row;
}

/**
 * The endpoint, its streams and its deliveries (the log and what waited), in one statement. A
 * worker delivering to it meanwhile finds nothing to update and, next time, no endpoint.
 */
export async function deleteEndpoint(executor: Executor, id: string) {
  await executor.execute(sql`
    WITH deliveries AS (DELETE FROM webhook_deliveries WHERE endpoint_id = ${id}::uuid),
      streams AS (DELETE FROM webhook_streams WHERE endpoint_id = ${id}::uuid)
    DELETE FROM webhook_endpoints WHERE id = ${id}::uuid`);
}

/**
 * Streams with pending deliveries become due now: an endpoint's after it is enabled again, or
 * (no endpoint) every idle one whose wake-up was lost (the delivery worker's timer sweep).
 */
export async function wakeStreams(executor: Executor, now: Date, endpointId?: string) {
  const which =
    endpointId === undefined ? sql`s.next_attempt_at IS NULL` : sql`s.endpoint_id = ${endpointId}`;
  await executor.execute(sql`
    UPDATE webhook_streams s SET next_attempt_at = ${now.toISOString()}::timestamptz
    WHERE ${which} AND EXISTS (
      SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = s.endpoint_id
        AND d.organization_id = s.organization_id AND d.status = 'pending')`);
}

/**
 * Queues the endpoint's events again (a new delivery each, same event id), in their original
 * order behind whatever is pending: one event, or every event of a time range that the endpoint
 * would have received (its owner's, its type filter). At most `limit` events.
 */
export async function queueReplay(
  executor: Executor,
  endpoint: EndpointRow,
  selection: { eventId: string } | { from: Date; to: Date },
  now: Date,
  limit: number,
) {
  const scope =
    endpoint.organizationId === null ? sql`true` : sql`o.organization_id = ${endpoint.organizationId}`;
  const types =
    endpoint.eventTypes.length === 0
      ? sql`true`
      : sql`o.topic = ANY (${`{${endpoint.eventTypes.join(",")}}`}::text[])`;
  const which =
    "eventId" in selection
      ? sql`o.event_id = ${selection.eventId}`
      : sql`o.created_at >= ${selection.from.toISOString()}::timestamptz AND o.created_at < ${selection.to.toISOString()}::timestamptz`;
  const rows = rowsOf(
    await executor.execute(sql`
      WITH chosen AS (
        SELECT o.id, coalesce(o.organization_id, '00000000-0000-0000-0000-000000000000'::uuid) AS organization_id
        FROM outbox_events o WHERE ${scope} AND ${types} AND ${which}
        ORDER BY o.id LIMIT ${limit}
        -- Held against the retention purge (it skips locked events) until the deliveries exist.
        FOR SHARE OF o
      ), queued AS (
        INSERT INTO webhook_deliveries (endpoint_id, organization_id, outbox_id, status, replay, created_at)
        SELECT ${endpoint.id}::uuid, organization_id, id, 'pending', true, ${now.toISOString()}::timestamptz
        FROM chosen ORDER BY id
        RETURNING organization_id
      ), streams AS (
        INSERT INTO webhook_streams AS s (endpoint_id, organization_id, next_attempt_at, enqueued)
        SELECT ${endpoint.id}::uuid, organization_id, ${now.toISOString()}::timestamptz, count(*) FROM queued
        GROUP BY organization_id
        ON CONFLICT (endpoint_id, organization_id)
          DO UPDATE SET next_attempt_at = coalesce(s.next_attempt_at, excluded.next_attempt_at),
            enqueued = s.enqueued + excluded.enqueued
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM queued) AS queued, (SELECT count(*) FROM streams) AS streams`),
  );
  return Number(rows[0]?.queued ?? 0);
}

/** The endpoint's delivery log, newest first. */
export async function listDeliveries(
  executor: Executor,
  endpointId: string,
  page: { limit: number; beforeId?: number | undefined },
) {
  const before = page.beforeId === undefined ? sql`true` : sql`d.id < ${page.beforeId}`;
  return rowsOf(
    await executor.execute(sql`
      SELECT d.id, o.event_id, o.topic, d.organization_id, o.sequence, d.status, d.attempts, d.replay,
        d.created_at, d.last_attempt_at, d.response_status, d.latency_ms, d.error, d.delivered_at
      FROM webhook_deliveries d JOIN outbox_events o ON o.id = d.outbox_id
      WHERE d.endpoint_id = ${endpointId} AND ${before}
      ORDER BY d.id DESC LIMIT ${page.limit}`),
  );
}

const isoOrNull = (value: unknown) =>
  value === null || value === undefined ? null : toDate(value).toISOString();
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function toDeliveryDto(row: Record<string, unknown>) {
  return {
    id: Number(row.id),
    eventId: String(row.event_id),
    eventType: String(row.topic),
    organizationId: String(row.organization_id),
    sequence: numberOrNull(row.sequence),
    status: String(row.status) as "pending" | "delivered" | "dead",
    attempts: Number(row.attempts),
    replay: booleanOf(row.replay),
    createdAt: toDate(row.created_at).toISOString(),
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    responseStatus: numberOrNull(row.response_status),
    latencyMs: numberOrNull(row.latency_ms),
    error: row.error === null ? null : String(row.error),
    deliveredAt: isoOrNull(row.delivered_at),
  };
}

export function toEndpointDto(row: EndpointRow) {
  return {
    id: row.id,
    scope: row.organizationId === null ? ("all_organizations" as const) : ("organization" as const),
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
