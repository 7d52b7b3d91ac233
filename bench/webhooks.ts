// Webhook delivery on PostgreSQL, to a local receiver in its own process (bench/webhook-receiver.ts):
//   1. deliveries/s: 20,000 events of 200 organizations waiting, one operator endpoint; the time
//      until the worker has delivered them all (target ≥ 2,000/s);
//   2. lag: events committed at 500/s for `seconds` (10 per transaction every 20 ms, the worker
//      woken after each commit as the after-commit owner does); p99 of commit → arrival (target < 1 s).
//   npx tsx bench/webhooks.ts [seconds, 10]        (also part of `npm run bench`)
// Figures are printed, never asserted.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "../src/server/db/client.js";
import { startDeliveryWorker } from "../src/server/events/delivery-worker.js";
import { createDatabase, endFailedRun, startListening } from "./processes.js";

const log = (message: string) => console.error(`[bench webhooks] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WebhookFigures {
  deliveriesPerSecond: number;
  delivered: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagEvents: number;
  rate: number;
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function webhookFigures(seconds = 10): Promise<WebhookFigures> {
  const database = await createDatabase("wp_bench_hooks");
  const receiver = await startListening("bench/webhook-receiver.ts", {}, { readyPath: "/stats" });
  const handle = await openDatabase({ databaseUrl: database.url, poolSize: 20 });
  try {
    await migrateDatabase(handle);
    const { db } = handle;
    await db.execute(sql`
      INSERT INTO webhook_endpoints (organization_id, url, secret, created_at)
      VALUES (NULL, ${`${receiver.url}/hooks`}, ${`whsec_${Buffer.alloc(24, 7).toString("base64")}`}, now())`);
    const organizations = Array.from({ length: 200 }, () => randomUUID());
    const publish = (count: number) => {
      const rows = Array.from({ length: count }, (_, index) => ({
        organization_id: organizations[(Math.random() * organizations.length) | 0] ?? organizations[0],
        topic: "subscription.updated",
        payload: {
          action: "subscription.changed",
          object: { seats: index, interval: "month" },
          previous: null,
        },
      }))
        // In organization order, as the application's transactions lock their organizations'
        // rows (subscriptions, balances) before they write events: two commits with the same
        // organizations in opposite orders would deadlock on the sequence counters (decision 0083).
        .sort((a, b) => String(a.organization_id).localeCompare(String(b.organization_id)));
      return db.execute(sql`
        INSERT INTO outbox_events (organization_id, topic, payload, created_at)
        SELECT x.organization_id, x.topic, x.payload, clock_timestamp()
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(organization_id uuid, topic text, payload jsonb)`);
    };

    // 1. Throughput: a backlog, then the worker.
    const backlog = 20_000;
    for (let done = 0; done < backlog; done += 1000) await publish(1000);
    await fetch(`${receiver.url}/stats`);
    log(`${backlog} events waiting; delivering`);
    const worker = startDeliveryWorker({
      db,
      now: () => new Date(),
      pollMs: 1000,
      // The local receiver is on loopback.
      options: { allowPrivateNetworks: true },
    });
    const started = performance.now();
    await worker.idle();
    const elapsed = (performance.now() - started) / 1000;
    const throughput = (await (await fetch(`${receiver.url}/stats`)).json()) as { count: number };
    log(`delivered ${throughput.count} in ${elapsed.toFixed(2)} s`);

    // 2. Lag at 500 events/s.
    const rate = 500;
    const perCommit = 10;
    const interval = (1000 * perCommit) / rate;
    log(`lag: ${rate} events/s for ${seconds} s`);
    const until = performance.now() + seconds * 1000;
    let next = performance.now();
    const commits: Promise<void>[] = [];
    // Commits on schedule, each on its own connection (as concurrent requests would), not one after another.
    while (performance.now() < until) {
      commits.push(publish(perCommit).then(() => worker.wake()));
      next += interval;
      await sleep(Math.max(0, next - performance.now()));
    }
    await Promise.all(commits);
    await worker.idle();
    await sleep(200);
    const [published] = (
      (await db.execute(sql`SELECT count(*) AS count FROM outbox_events`)) as unknown as {
        rows: { count: string }[];
      }
    ).rows;
    log(`lag: ${Number(published?.count) - backlog} events published`);
    const lag = (await (await fetch(`${receiver.url}/stats`)).json()) as { count: number; lags: number[] };
    await worker.stop();
    return {
      deliveriesPerSecond: throughput.count / elapsed,
      delivered: throughput.count,
      lagP50Ms: percentile(lag.lags, 50),
      lagP99Ms: percentile(lag.lags, 99),
      lagEvents: lag.count,
      rate,
    };
  } finally {
    await handle.close();
    await receiver.kill();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  webhookFigures(Number(process.argv[2] ?? 10))
    .then((figures) => {
      console.log(
        [
          `webhook deliveries/s to a local receiver (PostgreSQL, ${figures.delivered} events, 200 organizations): ${Math.round(figures.deliveriesPerSecond)} (target ≥ 2,000)`,
          `delivery lag at ${figures.rate} events/s: p50 ${figures.lagP50Ms} ms, p99 ${figures.lagP99Ms} ms over ${figures.lagEvents} events (target p99 < 1,000 ms)`,
        ].join("\n"),
      );
    })
    .catch(endFailedRun);
}
