import pg from "pg";
import type { Caches } from "./caches.js";

/** The channel the triggers of migration 0005 notify on. */
export const changesChannel = "organizations_changed";

/** Applies one notification: "*" or a comma-separated list of organization ids. */
export function applyChangeNotification(caches: Pick<Caches, "invalidate" | "clear">, payload: string) {
  if (payload === "*" || payload === "") {
    caches.clear();
    return;
  }
  for (const organizationId of payload.split(",")) caches.invalidate(organizationId);
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
  caches: Pick<Caches, "invalidate" | "clear">,
  log: Logger,
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
    next.on("notification", (message) => applyChangeNotification(caches, message.payload ?? "*"));
    next.on("error", (error) => {
      log.warn({ err: error }, "cache invalidation listener lost its connection");
      caches.clear();
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${changesChannel}`);
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
