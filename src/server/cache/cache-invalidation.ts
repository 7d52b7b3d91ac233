import { randomUUID } from "node:crypto";
import pg from "pg";
import { poolConnections } from "../db/adapter.js";
import type { Caches } from "./caches.js";

/** The channels the triggers of migrations 0005 and 0007 notify on. */
export const changesChannel = "organizations_changed";
export const apiKeysChannel = "api_keys_changed";
/** Where each process answers a revocation's `sync:` notification once it has dropped the keys. */
export const apiKeysAckChannel = "api_keys_ack";
/** The application_name of listener connections: how a revoking process finds every live one. */
export const listenerApplicationName = "wiseparts-cache-listener";
/** Migration 0011's outbox trigger notifies here: an event was committed, delivery may wake. */
export const outboxChannel = "outbox_events";

/**
 * Applies one notification: "*" or a comma-separated list of organization ids, whose quote
 * snapshots (organizations_changed) or API keys (api_keys_changed) are stale.
 */
export function applyChangeNotification(
  caches: Pick<Caches, "subscriptions" | "apiKeys">,
  channel: string,
  payload: string,
) {
  const cache = channel === apiKeysChannel ? caches.apiKeys : caches.subscriptions;
  if (payload === "*" || payload === "") {
    cache.clear();
    return;
  }
  for (const organizationId of payload.split(",")) cache.invalidate(organizationId);
}

export interface ChangeListener {
  /** Settles once the first LISTEN is in place. */
  ready: Promise<void>;
  /**
   * Resolves once every other live process has dropped the organization's cached API keys (each
   * acknowledges on its listener connection), or when the cache's TTL has passed, whichever is
   * first: by then no entry read before the caller's commit is left anywhere (decision 0028).
   */
  apiKeysDroppedEverywhere(organizationId: string): Promise<void>;
  stop(): Promise<void>;
}

interface Logger {
  warn(object: object, message: string): void;
}

/**
 * Keeps one PostgreSQL connection listening for other processes' commits. While it is down the
 * caches are cleared and stay correct only through their time to live; it reconnects with backoff.
 */
export function listenOnPostgres(
  connectionString: string,
  caches: Pick<Caches, "subscriptions" | "apiKeys" | "clear" | "suspend" | "resume"> &
    Partial<Pick<Caches, "events">>,
  log: Logger,
  options: {
    /**
     * True for this process's own connections: what they commit was applied to the caches on the
     * spot (a write-through snapshot must not be dropped by its own echo).
     */
    isOwnBackend?: (processId: number) => boolean;
  } = {},
): ChangeListener {
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = 100;
  let timer: NodeJS.Timeout | undefined;
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  /** Revocations waiting for acknowledgements: nonce → the listener pids yet to answer. */
  const waiting = new Map<string, { pending: Set<number>; done: () => void }>();
  // Until the first LISTEN is in place this process would not hear a revocation: no caching.
  caches.suspend();

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString, application_name: listenerApplicationName });
    next.on("notification", (message) => {
      if (message.processId === (next as unknown as { processID?: number }).processID) return;
      if (message.channel === outboxChannel) {
        caches.events?.wake();
        return;
      }
      if (message.channel === apiKeysAckChannel) {
        const waiter = waiting.get(message.payload ?? "");
        waiter?.pending.delete(message.processId);
        if (waiter?.pending.size === 0) waiter.done();
        return;
      }
      const payload = message.payload ?? "*";
      if (message.channel === apiKeysChannel && payload.startsWith("sync:")) {
        // sync:<nonce>:<organization id>: drop the keys, then say so.
        const [, nonce, organizationId] = payload.split(":");
        if (organizationId) caches.apiKeys.invalidate(organizationId);
        else caches.apiKeys.clear();
        next
          .query("SELECT pg_notify($1, $2)", [apiKeysAckChannel, nonce ?? ""])
          .catch((error: unknown) => log.warn({ err: error }, "could not acknowledge a revocation"));
        return;
      }
      if (options.isOwnBackend?.(message.processId)) return;
      applyChangeNotification(caches, message.channel, payload);
    });
    next.on("error", (error) => {
      log.warn({ err: error }, "cache invalidation listener lost its connection");
      caches.suspend();
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      schedule();
    });
    try {
      await next.connect();
      await next.query(
        `LISTEN ${changesChannel}; LISTEN ${apiKeysChannel}; LISTEN ${apiKeysAckChannel}; LISTEN ${outboxChannel}`,
      );
      // Whatever changed while we were not listening is unknown: start empty.
      caches.resume();
      client = next;
      retryMs = 100;
      listening();
      if (stopped) await next.end();
    } catch (error) {
      log.warn({ err: error }, "cache invalidation listener could not connect");
      await next.end().catch(() => undefined);
      schedule();
    }
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 5_000);
  };
  void connect();

  const apiKeysDroppedEverywhere = async (organizationId: string) => {
    const boundMs = caches.apiKeys.ttlMs;
    if (boundMs <= 0) return;
    let deadlineTimer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"timeout">((resolve) => {
      deadlineTimer = setTimeout(() => resolve("timeout"), boundMs);
    });
    const nonce = randomUUID();
    const current = client;
    // Deaf to the others (no listener): they will have let go of the key once its TTL has passed.
    const acknowledged = current
      ? (async () => {
          const { rows } = await current.query<{ pid: number }>(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid()",
            [listenerApplicationName],
          );
          if (rows.length === 0) return "done" as const;
          const done = new Promise<"done">((resolve) => {
            waiting.set(nonce, { pending: new Set(rows.map((row) => row.pid)), done: () => resolve("done") });
          });
          await current.query("SELECT pg_notify($1, $2)", [
            apiKeysChannel,
            `sync:${nonce}:${organizationId}`,
          ]);
          return done;
        })().catch(() => deadline)
      : deadline;
    try {
      if ((await Promise.race([acknowledged, deadline])) === "timeout" && current) {
        const missing = [...(waiting.get(nonce)?.pending ?? [])];
        log.warn({ organizationId, missing }, "revocation: waited the cache TTL for unanswered processes");
      }
    } finally {
      clearTimeout(deadlineTimer);
      waiting.delete(nonce);
    }
  };

  return {
    ready,
    apiKeysDroppedEverywhere,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}

/**
 * Tracks the backend process ids of a pool's connections: those it holds now (read through
 * db/adapter.ts) and those it opens later.
 */
export function ownBackends(pool: pg.Pool): (processId: number) => boolean {
  const ids = new Set<number>();
  const idOf = (client: pg.PoolClient) => (client as unknown as { processID?: number }).processID;
  for (const client of poolConnections(pool)) {
    const id = idOf(client);
    if (id !== undefined) ids.add(id);
  }
  pool.on("connect", (client) => {
    const id = idOf(client);
    if (id !== undefined) ids.add(id);
  });
  pool.on("remove", (client) => {
    const id = idOf(client);
    if (id !== undefined) ids.delete(id);
  });
  return (processId) => ids.has(processId);
}
