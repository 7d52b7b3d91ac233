import {
  claimStreams,
  defaultWebhookDeliveryOptions,
  deliverStream,
  repairStreams,
  type WebhookDeliveryDeps,
} from "./webhook-delivery.js";

export interface DeliveryWorker {
  /** Something was committed: look for due work now (cheap when called often). */
  wake(): void;
  /** Stops claiming and waits for the streams in flight. */
  stop(): Promise<void>;
  /** Resolves once nothing is in flight and the last claim found nothing (tests, benchmarks). */
  idle(): Promise<void>;
}

export interface DeliveryWorkerDeps extends WebhookDeliveryDeps {
  /** How often to look without a wake-up (other processes' commits on PGlite, retries coming due). */
  pollMs: number;
  /** Other work to run on each timer tick (the e-mail step). */
  onTick?: () => Promise<void>;
  log?: WebhookDeliveryDeps["log"] & { error(object: object, message: string): void };
}

/**
 * Keeps up to `concurrency` streams (endpoint × organization) in flight: each finished stream
 * makes room for the next claim, so a slow endpoint holds one slot, not the others. Claims are
 * FOR UPDATE SKIP LOCKED with a lease, so several processes share the work and a crashed one's
 * streams are picked up once its lease runs out (at-least-once, the same webhook-id).
 */
export function startDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const options = { ...defaultWebhookDeliveryOptions, ...deps.options };
  let stopped = false;
  let inFlight = 0;
  let claiming = false;
  let again = false;
  const running = new Set<Promise<unknown>>();
  let idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (inFlight === 0 && !claiming && !again) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const pump = async () => {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        const room = options.concurrency - inFlight;
        if (room <= 0) break;
        const streams = await claimStreams(deps.db, deps.now(), room, options.leaseMs);
        for (const stream of streams) {
          inFlight++;
          const work = deliverStream(deps, stream)
            .catch((error: unknown) => deps.log?.error({ err: error }, "webhook delivery failed"))
            .finally(() => {
              inFlight--;
              running.delete(work);
              void pump();
            });
          running.add(work);
        }
        if (streams.length === room) again = true;
      } while (again && !stopped);
    } catch (error) {
      deps.log?.error({ err: error }, "webhook claim failed, retrying on the next tick");
    } finally {
      claiming = false;
      settleIdle();
    }
  };

  let ticking = false;
  const tick = async () => {
    if (stopped || ticking) return;
    ticking = true;
    try {
      await repairStreams(deps.db, deps.now());
      await deps.onTick?.();
    } catch (error) {
      deps.log?.error({ err: error }, "delivery tick failed");
    } finally {
      ticking = false;
    }
    void pump();
  };
  const timer = deps.pollMs > 0 ? setInterval(() => void tick(), deps.pollMs) : undefined;
  timer?.unref();
  void tick();

  return {
    wake() {
      void pump();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      while (claiming || running.size > 0)
        await Promise.all([...running, new Promise((r) => setTimeout(r, 10))]);
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        void pump();
      });
    },
  };
}
