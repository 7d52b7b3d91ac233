// The crash suite: the real server process on PostgreSQL under a mixed load (seat changes, spends,
// change requests approved, renewals through the test clock), killed with SIGKILL at random moments
// at least 20 times and restarted. The client retries every unanswered request with the same
// Idempotency-Key. Afterwards verify passes, every acknowledged operation is present exactly
// once, and nothing else is.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  benchOperatorToken,
  createDatabase,
  freePort,
  provisionOrganizations,
  type ServerProcess,
  startBillingServer,
} from "../../bench/processes.js";
import { type DatabaseHandle, openDatabase } from "../../src/server/db/client.js";
import {
  expectExactlyAcknowledged,
  mixedLoad,
  type Organization,
  RetryingClient,
  seededRandom,
} from "./workload.js";

const kills = Number(process.env.CRASH_KILLS ?? 20);
const workers = 6;
const start = new Date("2026-01-01T00:00:00Z");
const step = 7 * 24 * 60 * 60 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Monthly renewals due in (anchor, now]: the anchor is the 1st, so no month-end clamping. */
function renewalsBetween(anchor: Date, now: Date): number {
  let count = 0;
  for (let month = 1; ; month++) {
    const due = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + month, anchor.getUTCDate());
    if (due > now.getTime()) return count;
    count++;
  }
}

describe("crash: SIGKILL under load, restart, retry with the same keys", () => {
  let database: { url: string; drop(): Promise<void> };
  let server: ServerProcess | undefined;
  let handle: DatabaseHandle;
  let port: number;
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);

  const startServer = () =>
    startBillingServer({
      databaseUrl: database.url,
      port,
      env: { BILLING_CLOCK: "manual", LOG_LEVEL: "error" },
    });

  beforeAll(async () => {
    database = await createDatabase("wp_crash");
    port = await freePort();
    server = await startServer();
    handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await handle?.close();
    await database?.drop();
  });

  it(`keeps every acknowledged operation exactly once through ${kills} SIGKILLs (seed printed on failure)`, async () => {
    const running = () => server as ServerProcess;
    const client = new RetryingClient(() => [running().url], benchOperatorToken);
    expect((await client.moveClock(start)).status).toBe(200);
    const organizations: Organization[] = await provisionOrganizations(running().url, 8, {
      seats: 50,
      prefix: "crash",
    });

    let stopped = false;
    let clock = start;
    const load = Array.from({ length: workers }, () =>
      mixedLoad(client, organizations, () => stopped, random),
    );
    // Renewals: the test clock moves a week at a time while the load runs.
    const renewals = (async () => {
      while (!stopped) {
        const next = new Date(clock.getTime() + step);
        const reply = await client.moveClock(next);
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        clock = next;
        await sleep(150 + random() * 300);
      }
    })();

    // What each server process logged at error level, for the report of a 5xx.
    const errorLogs: string[] = [];
    const keepErrors = (process: ServerProcess) => {
      for (const line of process.output().split("\n"))
        if (line.includes('"level":50') || line.includes('"level":60')) errorLogs.push(line);
    };
    for (let kill = 0; kill < kills; kill++) {
      await sleep(150 + random() * 900);
      await running().kill("SIGKILL");
      keepErrors(running());
      server = await startServer();
    }
    stopped = true;
    await Promise.all([...load, renewals]);
    keepErrors(running());

    const context = `seed ${seed}, ${client.acknowledged.length} acknowledged, ${client.retries} resent`;
    if (client.serverErrors.length > 0) console.error([...client.serverErrors, ...errorLogs].join("\n"));
    expect(client.serverErrors, context).toEqual([]);
    expect(client.retries, `${context}: the kills hit no request`).toBeGreaterThan(0);
    await expectExactlyAcknowledged(handle.db, client);

    // The clock stands where the last acknowledged move put it, and every renewal up to it ran once.
    const [stored] = (
      (await handle.db.execute(sql`SELECT now FROM test_clock`)) as unknown as { rows: { now: unknown }[] }
    ).rows;
    expect(new Date(String(stored?.now instanceof Date ? stored.now.toISOString() : stored?.now))).toEqual(
      clock,
    );
    const perOrganization = (
      (await handle.db.execute(sql`
        SELECT o.id, count(i.id)::int AS renewals FROM organizations o
        LEFT JOIN invoices i ON i.organization_id = o.id AND i.kind = 'renewal'
        GROUP BY o.id`)) as unknown as { rows: { id: string; renewals: number }[] }
    ).rows;
    expect(perOrganization.map((row) => row.renewals)).toEqual(
      perOrganization.map(() => renewalsBetween(start, clock)),
    );

    // `npm run billing -- verify`, as an operator runs it after an incident.
    await running().kill("SIGTERM");
    server = undefined;
    const verify = await promisify(execFile)("node_modules/.bin/tsx", ["src/cli/billing.ts", "verify"], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        BILLING_CLOCK: "manual",
        SCHEDULER_INTERVAL_MS: "0",
      },
    }).catch((error: { stdout?: string; code?: number }) => ({
      stdout: error.stdout ?? "",
      code: error.code,
    }));
    expect(verify.stdout, context).toContain("verify: every invariant holds");
    console.log(`crash suite: ${kills} SIGKILLs, ${context}, clock moved to ${clock.toISOString()}`);
  }, 300_000);
});
