import type { Clock } from "../clock.js";
import { schedulerPasses } from "../metrics.js";
import { purgeSignInAttempts } from "../modules/auth/sign-in-limit.js";
import { purgeDeliveredEvents } from "./purge-events.js";
import { purgeIdempotencyKeys } from "./purge-idempotency-keys.js";
import { type DueWorkResult, type JobDeps, runDueWork } from "./run-due-work.js";

export interface SchedulerLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SchedulerDeps extends JobDeps {
  clock: Clock;
  config: {
    SCHEDULER_INTERVAL_MS: number;
    IDEMPOTENCY_KEY_RETENTION_HOURS: number;
    /** Delivered events, deliveries and sent e-mail older than this are purged (90 by default). */
    EVENT_RETENTION_DAYS?: number;
  };
  log?: SchedulerLog;
}

export interface Scheduler {
  /** Stops the timer and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/**
 * The in-process scheduler: every SCHEDULER_INTERVAL_MS it runs the due renewals and credit
 * resets. Passes never overlap within a process; across processes, rows are claimed with
 * FOR UPDATE SKIP LOCKED. An interval of 0 turns it off (the CLI's renew-due still works).
 */
export function startScheduler(deps: SchedulerDeps, options: { intervalMs?: number } = {}): Scheduler {
  const intervalMs = options.intervalMs ?? deps.config.SCHEDULER_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  let lastPurge = Number.NEGATIVE_INFINITY;
  const pass = async () => {
    try {
      const now = deps.clock.now();
      const result: DueWorkResult = await runDueWork(deps, now);
      if (result.renewals > 0 || result.creditResets > 0) {
        deps.log?.info({ ...result }, "scheduler: due work done");
      }
      // Expired idempotency keys, sign-in windows and delivered events, at most once a minute.
      if (performance.now() - lastPurge >= 60_000) {
        lastPurge = performance.now();
        const retentionMs = deps.config.IDEMPOTENCY_KEY_RETENTION_HOURS * 60 * 60 * 1000;
        const purged = await purgeIdempotencyKeys(deps.db, new Date(now.getTime() - retentionMs));
        if (purged > 0) deps.log?.info({ purged }, "scheduler: expired idempotency keys deleted");
        await purgeSignInAttempts(deps.db);
        const retentionDays = deps.config.EVENT_RETENTION_DAYS ?? 90;
        const events = await purgeDeliveredEvents(
          deps.db,
          new Date(now.getTime() - retentionDays * 86_400_000),
        );
        if (events.deliveries + events.emails + events.events > 0)
          deps.log?.info(
            { ...events, retentionDays },
            "scheduler: delivered events past their retention deleted",
          );
      }
      schedulerPasses.inc({ outcome: "done" });
    } catch (error) {
      schedulerPasses.inc({ outcome: "failed" });
      deps.log?.error({ err: error }, "scheduler: pass failed, retrying next tick");
    }
  };
  const tick = () => {
    if (stopped) return;
    running = pass().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  if (intervalMs > 0) timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
