import pg from "pg";
import type { Caches } from "./caches.js";

/** The channels the triggers of migrations 0005 and 0007 notify on. */
export const changesChannel = "organizations_changed";
export const apiKeysChannel = "api_keys_changed";

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
  caches: Pick<Caches, "subscriptions" | "apiKeys" | "clear">,
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

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString });
    next.on("notification", (message) => {
      if (options.isOwnBackend?.(message.processId)) return;
      applyChangeNotification(caches, message.channel, message.payload ?? "*");
    });
    next.on("error", (error) => {
      log.warn({ err: error }, "cache invalidation listener lost its connection");
      caches.clear();
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${changesChannel}; LISTEN ${apiKeysChannel}`);
      // Whatever changed while we were not listening is unknown: start empty.
      caches.clear();
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
  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}

/**
 * Tracks the backend process ids of a pool's connections: those it holds now (pg-pool's
 * `_clients`) and those it opens later.
 */
export function ownBackends(pool: pg.Pool): (processId: number) => boolean {
  const ids = new Set<number>();
  const idOf = (client: pg.PoolClient) => (client as unknown as { processID?: number }).processID;
  for (const client of (pool as unknown as { _clients?: pg.PoolClient[] })._clients ?? []) {
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
