import { sql } from "drizzle-orm";
import { Counter, collectDefaultMetrics, Gauge, type Metric, Registry } from "prom-client";
import type { Clock } from "./clock.js";
import { rowsOf } from "./db/adapter.js";
import type { Database } from "./db/client.js";

/**
 * This process's Prometheus metrics (decision 0052). Counters count what this process did since it
 * started (sum them over the processes of a deployment); the gauges read at scrape time from the
 * database (invoices issued, scheduler lag) are the deployment's and the same in every process.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/**
 * `http_request_duration_seconds{method,route,status_code}`, a histogram. Counted here in plain
 * arrays, one series per route pattern, method and status, and handed to the registry at scrape
 * time as prom-client's own histograms are: prom-client's `observe` checks the labels, builds a key
 * from them and looks the bucket up by its printed bound, about 1.5 µs on every request (a twentieth
 * of a computed quote's CPU); this costs a map lookup (decision 0151).
 */
class RequestDurations {
  readonly name = "http_request_duration_seconds";
  readonly help = "HTTP requests by route pattern, method and status code";
  readonly type = "histogram";
  readonly aggregator = "sum";
  static readonly buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  readonly #series = new Map<
    string,
    { labels: { method: string; route: string; status_code: string }; counts: number[]; sum: number }
  >();

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${statusCode} ${method} ${route}`;
    let series = this.#series.get(key);
    if (!series) {
      series = {
        labels: { method, route, status_code: String(statusCode) },
        // One count per bound, then the count above the last one.
        counts: new Array(RequestDurations.buckets.length + 1).fill(0),
        sum: 0,
      };
      this.#series.set(key, series);
    }
    const bounds = RequestDurations.buckets;
    let bucket = 0;
    while (bucket < bounds.length && seconds > (bounds[bucket] as number)) bucket++;
    series.counts[bucket] = (series.counts[bucket] as number) + 1;
    series.sum += seconds;
  }

  /** The registry's read (the shape prom-client's Histogram#get returns). */
  async get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const { labels, counts, sum } of this.#series.values()) {
      let cumulative = 0;
      RequestDurations.buckets.forEach((le, index) => {
        cumulative += counts[index] as number;
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      cumulative += counts[RequestDurations.buckets.length] as number;
      values.push({
        labels: { ...labels, le: "+Inf" },
        value: cumulative,
        metricName: `${this.name}_bucket`,
      });
      values.push({ labels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: cumulative, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.#series.clear();
  }
}

export const httpRequestDuration = new RequestDurations();
metricsRegistry.registerMetric(httpRequestDuration as unknown as Metric);

export const creditSpends = new Counter({
  name: "billing_credit_spends_total",
  help: "Spend events accepted (committed, not duplicates) by this process",
  registers: [metricsRegistry],
});

export const creditsSpent = new Counter({
  name: "billing_credits_spent_total",
  help: "Credits spent by the spend events this process accepted",
  registers: [metricsRegistry],
});

export const renewalsRun = new Counter({
  name: "billing_renewals_total",
  help: "Renewals (renewal invoices) this process's scheduler committed",
  registers: [metricsRegistry],
});

export const creditResetsRun = new Counter({
  name: "billing_credit_resets_total",
  help: "Credit cycle resets this process's scheduler committed",
  registers: [metricsRegistry],
});

export const schedulerPasses = new Counter({
  name: "billing_scheduler_passes_total",
  help: "Scheduler passes by outcome",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

/** Records what an accepted spend request committed. */
export function countSpends(outcomes: readonly { status: string; credits?: number }[]): void {
  for (const outcome of outcomes) {
    if (outcome.status !== "spent") continue;
    creditSpends.inc();
    creditsSpent.inc(outcome.credits ?? 0);
  }
}

/** An outbox's depth and the age of its oldest entry, read at scrape time. */
export type OutboxProbe = () => Promise<{ depth: number; oldestAgeSeconds: number }>;

const outboxes = new Map<string, OutboxProbe>();

/** A worker with an outbox (webhook deliveries, e-mail) registers how to read it, once, at start. */
export function registerOutboxProbe(name: string, probe: OutboxProbe): void {
  outboxes.set(name, probe);
}

/**
 * The gauges read at scrape time: invoices issued (the invoice number counter, one row), scheduler
 * lag (the oldest credit cycle end not yet reset, from its index), outboxes (registered by their
 * workers), the PostgreSQL pool. Registered once per app; the last registration wins.
 */
export function registerDatabaseGauges(options: {
  db: Database;
  clock: Clock;
  pool?:
    | { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } }
    | undefined;
}): void {
  for (const name of [
    "billing_invoices_issued",
    "billing_scheduler_lag_seconds",
    "billing_outbox_depth",
    "billing_outbox_oldest_age_seconds",
    "billing_db_pool_connections",
    "billing_db_pool_waiting",
    "billing_db_pool_max",
  ]) {
    metricsRegistry.removeSingleMetric(name);
  }
  new Gauge({
    name: "billing_invoices_issued",
    help: "Invoices issued in the deployment (the last invoice number)",
    registers: [metricsRegistry],
    async collect() {
      const [row] = rowsOf(
        await options.db.execute(sql`SELECT coalesce(max(last_number), 0) AS n FROM invoice_number_sequence`),
      );
      this.set(Number(row?.n ?? 0));
    },
  });
  new Gauge({
    name: "billing_scheduler_lag_seconds",
    help: "How long the oldest due credit cycle end (and renewal) has waited for the scheduler; 0 when none is due",
    registers: [metricsRegistry],
    async collect() {
      const [row] = rowsOf(await options.db.execute(sql`SELECT min(cycle_end) AS due FROM credit_balances`));
      const due = row?.due ? new Date(String(row.due)).getTime() : Number.NaN;
      const lag = Number.isNaN(due) ? 0 : Math.max(0, (options.clock.now().getTime() - due) / 1000);
      this.set(lag);
    },
  });
  new Gauge({
    name: "billing_outbox_depth",
    help: "Entries waiting in an outbox",
    labelNames: ["outbox"] as const,
    registers: [metricsRegistry],
    async collect() {
      for (const [name, probe] of outboxes) this.set({ outbox: name }, (await probe()).depth);
    },
  });
  new Gauge({
    name: "billing_outbox_oldest_age_seconds",
    help: "Age of the oldest entry waiting in an outbox",
    labelNames: ["outbox"] as const,
    registers: [metricsRegistry],
    async collect() {
      for (const [name, probe] of outboxes) this.set({ outbox: name }, (await probe()).oldestAgeSeconds);
    },
  });
  const pool = options.pool;
  new Gauge({
    name: "billing_db_pool_connections",
    help: "Database connections by state (PGlite: one connection, reported in use)",
    labelNames: ["state"] as const,
    registers: [metricsRegistry],
    collect() {
      if (!pool) {
        this.set({ state: "in_use" }, 1);
        this.set({ state: "idle" }, 0);
        return;
      }
      this.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
      this.set({ state: "idle" }, pool.idleCount);
    },
  });
  new Gauge({
    name: "billing_db_pool_waiting",
    help: "Queries waiting for a database connection",
    registers: [metricsRegistry],
    collect() {
      this.set(pool?.waitingCount ?? 0);
    },
  });
  new Gauge({
    name: "billing_db_pool_max",
    help: "The database pool's size",
    registers: [metricsRegistry],
    collect() {
      this.set(pool?.options.max ?? 1);
    },
  });
}
