/**
 * What the process stops, in order, when it is told to go (SIGTERM, SIGINT). Anything that runs in
 * the background (the scheduler, a delivery worker) registers a stop function here when it starts;
 * `stop` waits for the work in hand and must not start more. Decision 0051.
 */
export interface ShutdownHooks {
  register(name: string, stop: () => Promise<void> | void): void;
}

export interface ShutdownLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export class Shutdown implements ShutdownHooks {
  /** True from the signal on: /readyz answers 503 so load balancers send no more. */
  draining = false;
  private readonly hooks: { name: string; stop: () => Promise<void> | void }[] = [];

  register(name: string, stop: () => Promise<void> | void): void {
    this.hooks.push({ name, stop });
  }

  /** Runs the registered stops, last registered first (a worker stops before what it uses). */
  async stopRegistered(log: ShutdownLog): Promise<void> {
    for (const hook of [...this.hooks].reverse()) {
      try {
        await hook.stop();
      } catch (error) {
        log.error({ err: error, hook: hook.name }, "shutdown: a stop step failed");
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The shutdown sequence: readiness 503 at once; `drainMs` more of normal service while load
 * balancers notice; then the listener closes (in-flight requests and the batches they wait on
 * finish; a request arriving on an open connection is still served, with `Connection: close`);
 * then the registered stops (scheduler, workers, listeners), then the database. Exit 0 when done;
 * after `graceMs` from the signal, exit 1 whatever is still running.
 */
export function installSignalHandlers(options: {
  shutdown: Shutdown;
  log: ShutdownLog;
  drainMs: number;
  graceMs: number;
  closeServer(): Promise<void>;
  closeDatabase(): Promise<void>;
  exit?: (code: number) => void;
}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;
  const run = async (signal: string) => {
    if (started) return;
    started = true;
    const begun = performance.now();
    options.shutdown.draining = true;
    options.log.info(
      { signal, drainMs: options.drainMs, graceMs: options.graceMs },
      "shutting down: not ready",
    );
    const forced = setTimeout(() => {
      options.log.error({ graceMs: options.graceMs }, "shutdown: grace period over, exiting anyway");
      exit(1);
    }, options.graceMs);
    try {
      await sleep(Math.min(options.drainMs, options.graceMs));
      options.log.info({}, "shutdown: closing the listener, finishing requests in flight");
      await options.closeServer();
      await options.shutdown.stopRegistered(options.log);
      await options.closeDatabase();
      clearTimeout(forced);
      options.log.info({ ms: Math.round(performance.now() - begun) }, "shutdown: done");
      exit(0);
    } catch (error) {
      clearTimeout(forced);
      options.log.error({ err: error }, "shutdown failed");
      exit(1);
    }
  };
  process.on("SIGINT", () => void run("SIGINT"));
  process.on("SIGTERM", () => void run("SIGTERM"));
}
