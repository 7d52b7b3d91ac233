import http from "node:http";
import https from "node:https";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { booleanOf, rowsOf, toDate } from "../db/adapter.js";
import type { Database } from "../db/client.js";
import { retryingTransaction } from "../db/retry.js";
import { publicOnlyLookup, refusedLiteralHost } from "../egress.js";
import { recordAudit } from "../modules/audit/audit.repository.js";
import { wakeStreams } from "../modules/webhooks/webhooks.repository.js";
import { outboxAuditJoin, outboxPayload } from "./outbox-payload.js";
import { isDeadLetter, type RetryPolicy, retryDelayMs, retryPolicy } from "./retry-schedule.js";

export interface WebhookDeliveryOptions {
  /** Streams (endpoint × organization) in flight at once in this process. */
  concurrency: number;
  /** Deliveries of one stream sent in one claim, in order. */
  perStream: number;
  /** How long a claim holds a stream; a crashed worker's streams are taken over after it. */
  leaseMs: number;
  /** An answer slower than this is a failure. */
  timeoutMs: number;
  /** An endpoint is disabled after this many consecutive failures … */
  disableAfterFailures: number;
  /** … spread over at least this long. */
  disableAfterMs: number;
  policy: RetryPolicy;
  /**
   * Whether endpoints on loopback or private networks may be reached (tests, a local demo); off,
   * every connection goes only to a public address resolved for it (decision 0084).
   */
  allowPrivateNetworks: boolean;
}

export const defaultWebhookDeliveryOptions: WebhookDeliveryOptions = {
  concurrency: 64,
  perStream: 100,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  disableAfterFailures: 15,
  disableAfterMs: 24 * 60 * 60 * 1000,
  policy: retryPolicy,
  allowPrivateNetworks: false,
};

interface Logger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface WebhookDeliveryDeps {
  db: Database;
  /** Wall time: retries and leases run on it, whatever the billing clock says. */
  now: () => Date;
  log?: Logger;
  options?: Partial<WebhookDeliveryOptions>;
  random?: () => number;
  /** Told (after the commit) when an endpoint has just been disabled for failing. */
  onEndpointDisabled?: (endpoint: { id: string; organizationId: string | null; url: string }) => void;
}

export interface ClaimedStream {
  endpointId: string;
  organizationId: string;
  lease: Date;
  /** The stream's count of queued deliveries when claimed. */
  enqueued: number;
}

/** Claims due streams of enabled endpoints (FOR UPDATE SKIP LOCKED) and leases them. */
export async function claimStreams(db: Database, now: Date, limit: number, leaseMs: number) {
  if (limit <= 0) return [];
  const lease = new Date(now.getTime() + leaseMs);
  const rows = rowsOf(
    await db.execute(sql`
      UPDATE webhook_streams s SET leased_until = ${lease.toISOString()}::timestamptz
      FROM (
        SELECT st.endpoint_id, st.organization_id FROM webhook_streams st
        JOIN webhook_endpoints e ON e.id = st.endpoint_id AND e.enabled
        WHERE st.next_attempt_at <= ${now.toISOString()}::timestamptz
          AND (st.leased_until IS NULL OR st.leased_until <= ${now.toISOString()}::timestamptz)
        ORDER BY st.next_attempt_at
        LIMIT ${limit}
        FOR UPDATE OF st SKIP LOCKED
      ) c
      WHERE s.endpoint_id = c.endpoint_id AND s.organization_id = c.organization_id
      RETURNING s.endpoint_id, s.organization_id, s.enqueued`),
  );
  return rows.map(
    (row): ClaimedStream => ({
      endpointId: String(row.endpoint_id),
      organizationId: String(row.organization_id),
      lease,
      enqueued: Number(row.enqueued),
    }),
  );
}

interface Endpoint {
  id: string;
  organizationId: string | null;
  url: string;
  target: URL;
  secrets: string[];
  consecutiveFailures: number;
}

interface PendingDelivery {
  id: number;
  attempts: number;
  createdAt: Date;
  eventId: string;
  body: string;
}

/** The JSON body of an event, the same on every attempt and replay. */
export function eventBody(row: Record<string, unknown>): string {
  const payload = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as {
    object?: unknown;
    previous?: unknown;
  };
  return JSON.stringify({
    id: String(row.event_id),
    type: String(row.topic),
    version: Number(row.version),
    organizationId: row.organization_id === null ? null : String(row.organization_id),
    sequence: row.sequence === null ? null : Number(row.sequence),
    timestamp: toDate(row.created_at).toISOString(),
    data: { object: payload.object ?? null, previous: payload.previous ?? null },
  });
}

async function loadStream(db: Database, stream: ClaimedStream, limit: number) {
  const [endpointRows, deliveryRows] = await Promise.all([
    db.execute(sql`
      SELECT id, organization_id, url, secret, previous_secret, previous_secret_expires_at, consecutive_failures
      FROM webhook_endpoints WHERE id = ${stream.endpointId}`),
    db.execute(sql`
      SELECT d.id, d.attempts, d.created_at AS delivery_created_at, o.event_id, o.topic, o.version,
        o.organization_id, o.sequence, ${outboxPayload} AS payload, o.created_at
      FROM webhook_deliveries d JOIN outbox_events o ON o.id = d.outbox_id ${outboxAuditJoin}
      WHERE d.endpoint_id = ${stream.endpointId} AND d.organization_id = ${stream.organizationId}
        AND d.status = 'pending'
      ORDER BY d.id LIMIT ${limit}`),
  ]);
  const [row] = rowsOf(endpointRows);
  if (!row) return undefined;
  const secrets = [String(row.secret)];
  // Like the signature's timestamp, a rotated secret's expiry is real time.
  if (
    row.previous_secret &&
    row.previous_secret_expires_at &&
    toDate(row.previous_secret_expires_at) > new Date()
  )
    secrets.push(String(row.previous_secret));
  const endpoint: Endpoint = {
    id: String(row.id),
    organizationId: row.organization_id === null ? null : String(row.organization_id),
    url: String(row.url),
    target: new URL(String(row.url)),
    secrets,
    consecutiveFailures: Number(row.consecutive_failures),
  };
  const deliveries = rowsOf(deliveryRows).map(
    (delivery): PendingDelivery => ({
      id: Number(delivery.id),
      attempts: Number(delivery.attempts),
      createdAt: toDate(delivery.delivery_created_at),
      eventId: String(delivery.event_id),
      body: eventBody(delivery),
    }),
  );
  return { endpoint, deliveries };
}

/** Standard Webhooks headers; during a rotation both secrets sign (space-separated signatures). */
const signers = new Map<string, Webhook>();
function signer(secret: string) {
  let found = signers.get(secret);
  if (!found) {
    if (signers.size >= 1000) signers.clear();
    found = new Webhook(secret);
    signers.set(secret, found);
  }
  return found;
}

export function signedHeaders(secrets: readonly string[], eventId: string, at: Date, body: string) {
  const signature = secrets.map((secret) => signer(secret).sign(eventId, at, body)).join(" ");
  return {
    "content-type": "application/json",
    "user-agent": "WiseParts-Billing-Webhooks/1",
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

interface Attempt {
  id: number;
  status: "pending" | "delivered" | "dead";
  attempts: number;
  at: Date;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
  ok: boolean;
}

/**
 * Keep-alive connections per receiver: most deliveries go to a few hosts, again and again. The
 * public ones resolve names with the egress filter: a socket connects only to a public address.
 */
const agents = {
  any: {
    http: new http.Agent({ keepAlive: true, maxSockets: 256 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 256 }),
  },
  public: {
    http: new http.Agent({ keepAlive: true, maxSockets: 256, lookup: publicOnlyLookup as never }),
    https: new https.Agent({ keepAlive: true, maxSockets: 256, lookup: publicOnlyLookup as never }),
  },
};

/** One POST (node:http: a third of fetch's cost per request); resolves with the status, never rejects. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  allowPrivateNetworks: boolean,
) {
  return new Promise<{ status: number | null; error: string | null }>((resolve) => {
    const secure = url.protocol === "https:";
    // An IP literal is connected to without a lookup: it is checked here.
    const refused = allowPrivateNetworks ? undefined : refusedLiteralHost(url);
    if (refused) {
      resolve({ status: null, error: refused });
      return;
    }
    const pool = allowPrivateNetworks ? agents.any : agents.public;
    const request = (secure ? https : http).request(
      url,
      { method: "POST", headers, agent: secure ? pool.https : pool.http, timeout: timeoutMs },
      (response) => {
        response.resume();
        response.once("end", () => resolve({ status: response.statusCode ?? null, error: null }));
        response.once("error", (error) =>
          resolve({ status: response.statusCode ?? null, error: error.message }),
        );
      },
    );
    request.once("timeout", () => request.destroy(new Error("timed out")));
    request.once("error", (error: NodeJS.ErrnoException) =>
      resolve({ status: null, error: error.code ? `${error.message} (${error.code})` : error.message }),
    );
    request.end(body);
  });
}

async function attempt(
  endpoint: Endpoint,
  delivery: PendingDelivery,
  timeoutMs: number,
  allowPrivateNetworks: boolean,
) {
  const started = performance.now();
  // The receiver checks the timestamp against its own clock: the real time of sending.
  const headers = signedHeaders(endpoint.secrets, delivery.eventId, new Date(), delivery.body);
  const result = await post(
    endpoint.target,
    { ...headers, "content-length": String(Buffer.byteLength(delivery.body)) },
    delivery.body,
    timeoutMs,
    allowPrivateNetworks,
  );
  const latencyMs = Math.round(performance.now() - started);
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  return {
    ok,
    responseStatus: result.status,
    latencyMs,
    error: ok ? null : (result.error ?? `HTTP ${result.status}`),
  };
}

export interface StreamOutcome {
  delivered: number;
  failed: number;
  dead: number;
  disabled: boolean;
}

/**
 * Sends a claimed stream's pending deliveries in order and stops at the first failure that will be
 * retried (the organization's later events wait behind it); records every attempt, releases the
 * stream (due again now, at the retry time, or idle) and counts the endpoint's failures.
 */
export async function deliverStream(
  deps: WebhookDeliveryDeps,
  stream: ClaimedStream,
): Promise<StreamOutcome> {
  const options = { ...defaultWebhookDeliveryOptions, ...deps.options };
  const random = deps.random ?? Math.random;
  const loaded = await loadStream(deps.db, stream, options.perStream);
  const attempts: Attempt[] = [];
  let retryAt: Date | undefined;
  const deadline = stream.lease.getTime() - options.timeoutMs;
  if (loaded) {
    for (const delivery of loaded.deliveries) {
      const now = deps.now();
      if (now.getTime() >= deadline) break;
      const result = await attempt(
        loaded.endpoint,
        delivery,
        options.timeoutMs,
        options.allowPrivateNetworks,
      );
      const count = delivery.attempts + 1;
      if (result.ok) {
        attempts.push({ id: delivery.id, status: "delivered", attempts: count, at: now, ...result });
        continue;
      }
      const dead = isDeadLetter({ attempts: count, createdAt: delivery.createdAt, now }, options.policy);
      attempts.push({
        id: delivery.id,
        status: dead ? "dead" : "pending",
        attempts: count,
        at: now,
        ...result,
      });
      if (!dead) {
        retryAt = new Date(now.getTime() + retryDelayMs(count, random(), options.policy));
        break;
      }
    }
  }
  const disabled = await recordStream(deps, stream, loaded?.endpoint, attempts, retryAt, options);
  if (disabled && loaded) {
    deps.log?.warn({ endpointId: loaded.endpoint.id, url: loaded.endpoint.url }, "webhook endpoint disabled");
    deps.onEndpointDisabled?.(loaded.endpoint);
  }
  return {
    delivered: attempts.filter((a) => a.status === "delivered").length,
    failed: attempts.filter((a) => a.status === "pending").length,
    dead: attempts.filter((a) => a.status === "dead").length,
    disabled,
  };
}

async function recordStream(
  deps: WebhookDeliveryDeps,
  stream: ClaimedStream,
  endpoint: Endpoint | undefined,
  attempts: readonly Attempt[],
  retryAt: Date | undefined,
  options: WebhookDeliveryOptions,
): Promise<boolean> {
  const now = deps.now();
  const lastSuccess = attempts.findLastIndex((a) => a.ok);
  const failuresAfter = attempts.slice(lastSuccess + 1);
  const firstFailureAt = failuresAfter[0]?.at ?? null;
  return retryingTransaction(deps.db, async (tx) => {
    if (attempts.length > 0) {
      const json = JSON.stringify(
        attempts.map((a) => ({
          id: a.id,
          status: a.status,
          attempts: a.attempts,
          last_attempt_at: a.at.toISOString(),
          response_status: a.responseStatus,
          latency_ms: a.latencyMs,
          error: a.error,
          delivered_at: a.status === "delivered" ? a.at.toISOString() : null,
        })),
      );
      await tx.execute(sql`
        UPDATE webhook_deliveries d SET status = x.status, attempts = x.attempts,
          last_attempt_at = x.last_attempt_at, response_status = x.response_status, latency_ms = x.latency_ms,
          error = x.error, delivered_at = x.delivered_at
        FROM jsonb_to_recordset(${json}::jsonb) AS x(id bigint, status text, attempts integer,
          last_attempt_at timestamptz, response_status integer, latency_ms integer, error text, delivered_at timestamptz)
        WHERE d.id = x.id AND d.status = 'pending'`);
    }
    // Due again at once when more is pending, at the retry time after a failure, idle otherwise.
    // `s.enqueued` is read from the row as it is once a concurrent fan-out has committed (the
    // EXISTS below is not: it sees this statement's snapshot), so no new event is left asleep.
    const next = (retryAt ?? now).toISOString();
    await tx.execute(sql`
      UPDATE webhook_streams s SET leased_until = NULL,
        next_attempt_at = CASE WHEN s.enqueued <> ${stream.enqueued} OR EXISTS (
          SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = s.endpoint_id
            AND d.organization_id = s.organization_id AND d.status = 'pending'
        ) THEN ${next}::timestamptz ELSE NULL END
      WHERE s.endpoint_id = ${stream.endpointId} AND s.organization_id = ${stream.organizationId}
        AND s.leased_until = ${stream.lease.toISOString()}::timestamptz`);
    if (!endpoint || attempts.length === 0) return false;
    if (failuresAfter.length === 0) {
      // Nothing to count: only touch the row (and lock it) when a failure run ends.
      await tx.execute(sql`
        UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL
        WHERE id = ${endpoint.id} AND consecutive_failures <> 0`);
      return false;
    }
    const reset = lastSuccess >= 0;
    const rows = rowsOf(
      await tx.execute(sql`
        UPDATE webhook_endpoints SET
          consecutive_failures = CASE WHEN ${reset} THEN 0 ELSE consecutive_failures END + ${failuresAfter.length},
          failing_since = CASE WHEN ${reset} THEN ${firstFailureAt?.toISOString() ?? null}::timestamptz
            ELSE coalesce(failing_since, ${firstFailureAt?.toISOString() ?? null}::timestamptz) END
        WHERE id = ${endpoint.id}
        RETURNING consecutive_failures, failing_since, enabled`),
    );
    const [row] = rows;
    if (!row || !booleanOf(row.enabled) || !row.failing_since) return false;
    const failingForMs = now.getTime() - toDate(row.failing_since).getTime();
    if (
      Number(row.consecutive_failures) < options.disableAfterFailures ||
      failingForMs < options.disableAfterMs
    )
      return false;
    const reason = `${Number(row.consecutive_failures)} consecutive failed deliveries since ${toDate(row.failing_since).toISOString()}`;
    await tx.execute(sql`
      UPDATE webhook_endpoints SET enabled = false, disabled_at = ${now.toISOString()}::timestamptz,
        disabled_reason = ${reason}
      WHERE id = ${endpoint.id}`);
    await recordAudit(tx, {
      organizationId: endpoint.organizationId,
      actorType: "system",
      actorId: null,
      action: "webhook_endpoint.disabled",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      before: { enabled: true },
      after: { enabled: false, reason },
      occurredAt: now,
      source: "webhook delivery",
      requestId: null,
    });
    return true;
  });
}

/** Makes streams due whose pending deliveries lost their wake-up; run on the timer, not on every wake. */
export function repairStreams(db: Database, now: Date) {
  return wakeStreams(db, now);
}
