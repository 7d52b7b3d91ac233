import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/server/db/client.js";
import { purgeIdempotencyKeys } from "../../src/server/jobs/purge-idempotency-keys.js";
import { runDueWork } from "../../src/server/jobs/run-due-work.js";
import { startScheduler } from "../../src/server/jobs/scheduler.js";
import { dialects, startTestApp, type TestApp } from "../support/harness.js";
import { seedDueSubscriptions } from "../support/seed-due-subscriptions.js";

async function rows<T>(app: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await app.handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

describe.each(dialects)("the scheduler on %s", (dialect) => {
  let app: TestApp;
  afterEach(async () => {
    await app?.close();
  });

  it("two schedulers renew many due subscriptions with no duplicate invoice and none missed", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const count = dialect === "postgres" ? 400 : 120;
    await seedDueSubscriptions(app.handle.db, { count, anchor: new Date("2026-01-01T00:00:00Z") });
    // A second process: its own pool on the same database (PGlite has one connection: the same one).
    const url = app.handle.pool?.options.connectionString;
    const other = url ? await openDatabase({ databaseUrl: url, poolSize: 4 }) : undefined;
    const now = new Date("2026-04-01T00:00:00Z");
    try {
      const [first, second] = await Promise.all([
        runDueWork({ db: app.handle.db, catalog: app.catalog }, now, { batchSize: 25 }),
        runDueWork({ db: other?.db ?? app.handle.db, catalog: app.catalog }, now, { batchSize: 25 }),
      ]);
      expect(first.renewals + second.renewals).toBe(count * 3);
      expect(first.creditResets + second.creditResets).toBe(count * 3);
    } finally {
      await other?.close();
    }
    const [summary] = await rows<Record<string, unknown>>(
      app,
      sql`SELECT count(*) AS invoices, count(DISTINCT (organization_id, renewal_period_start)) AS distinct_periods,
            min(number) AS first_number, max(number) AS last_number
          FROM invoices WHERE kind = 'renewal'`,
    );
    expect(Number(summary?.invoices)).toBe(count * 3);
    expect(Number(summary?.distinct_periods)).toBe(count * 3);
    expect(Number(summary?.last_number) - Number(summary?.first_number) + 1).toBe(count * 3);
    const [late] = await rows<Record<string, unknown>>(
      app,
      sql`SELECT count(*) AS behind FROM subscriptions WHERE period_end <= ${now.toISOString()}::timestamptz`,
    );
    expect(Number(late?.behind)).toBe(0);
    const [ledger] = await rows<Record<string, unknown>>(
      app,
      sql`SELECT count(*) AS mismatched FROM credit_balances b
          WHERE b.balance <> (SELECT sum(credits) FROM credit_ledger l WHERE l.organization_id = b.organization_id)`,
    );
    expect(Number(ledger?.mismatched)).toBe(0);
  });

  it("runs on its own every interval and stops cleanly", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    await seedDueSubscriptions(app.handle.db, { count: 5, anchor: new Date("2026-05-01T00:00:00Z") });
    const scheduler = startScheduler(
      {
        db: app.handle.db,
        catalog: app.catalog,
        clock: app.clock,
        config: { SCHEDULER_INTERVAL_MS: 20, IDEMPOTENCY_KEY_RETENTION_HOURS: 24 },
      },
      {},
    );
    try {
      for (let attempt = 0; attempt < 200; attempt++) {
        const [done] = await rows<Record<string, unknown>>(
          app,
          sql`SELECT count(*) AS renewed FROM invoices WHERE kind = 'renewal'`,
        );
        if (Number(done?.renewed) === 5) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await scheduler.stop();
    }
    const [done] = await rows<Record<string, unknown>>(
      app,
      sql`SELECT count(*) AS renewed FROM invoices WHERE kind = 'renewal'`,
    );
    expect(Number(done?.renewed)).toBe(5);
  });

  it("deletes the idempotency keys past their retention, oldest first in bounded batches, and keeps the rest", async () => {
    app = await startTestApp(dialect, { now: "2026-06-02T00:00:00Z" });
    const key = (name: string, createdAt: string) =>
      sql`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, created_at)
          VALUES ('org:test', ${name}, 'hash', 200, '{}'::jsonb, ${createdAt}::timestamptz)`;
    for (let index = 0; index < 5; index++)
      await app.handle.db.execute(key(`old-${index}`, "2026-05-31T23:00:00Z"));
    await app.handle.db.execute(key("recent", "2026-06-01T01:00:00Z"));
    expect(
      await purgeIdempotencyKeys(app.handle.db, new Date("2026-06-01T00:00:00Z"), { batchSize: 2 }),
    ).toBe(5);
    const left = await rows<{ key: string }>(app, sql`SELECT key FROM idempotency_keys ORDER BY key`);
    expect(left.map((row) => row.key)).toEqual(["recent"]);

    // The scheduler runs it with IDEMPOTENCY_KEY_RETENTION_HOURS (24 h before the clock's now).
    await app.handle.db.execute(key("stale", "2026-05-31T12:00:00Z"));
    const scheduler = startScheduler({
      db: app.handle.db,
      catalog: app.catalog,
      clock: app.clock,
      config: { SCHEDULER_INTERVAL_MS: 20, IDEMPOTENCY_KEY_RETENTION_HOURS: 24 },
    });
    try {
      for (let attempt = 0; attempt < 200; attempt++) {
        const keys = await rows<{ key: string }>(app, sql`SELECT key FROM idempotency_keys ORDER BY key`);
        if (keys.length === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await scheduler.stop();
    }
    const kept = await rows<{ key: string }>(app, sql`SELECT key FROM idempotency_keys ORDER BY key`);
    expect(kept.map((row) => row.key)).toEqual(["recent"]);
  });
});
