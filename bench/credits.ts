// Credit spending throughput on PostgreSQL and on PGlite, with pgbench -N (16 clients) on the same
// PostgreSQL, right before and right after the PostgreSQL figures, as a reference for what the
// server can do at all.
//   npx tsx bench/credits.ts [seconds per measurement, default 4]
// Spends go through the same service functions as the HTTP routes (not HTTP: the figures are the
// engine's, without JSON parsing and API-key lookup): without an Idempotency-Key, through one
// SpendCoalescer (group commit, decision 0104), as the routes do; 16 callers spend concurrently,
// each waiting for its answer before sending the next, as 16 workers of an AI service would. The
// "with Idempotency-Key" lines send a key with every spend: the same door, the key's claim and
// settlement a step of the group's transaction (decision 0040); the hot figures with and without a
// key are measured in alternated runs and their ratio is the median of the pairs'. "Hot" sends every spend to one organization (they serialize on its balance row);
// "spread" picks one of 200 organizations per spend.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { sealingKeyFrom } from "../src/server/batching/idempotency.js";
import { loadCatalog } from "../src/server/catalog.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import type { AppDeps, Caller } from "../src/server/context.js";
import type { DatabaseHandle } from "../src/server/db/client.js";
import { spendCredits, spendCreditsBatch } from "../src/server/modules/credits/credits.service.js";
import { SpendCoalescer } from "../src/server/modules/credits/spend-coalescer.js";
import { seedDueSubscriptions } from "../test/support/seed-due-subscriptions.js";
import { benchPostgresUrl, freshPglite, freshPostgres } from "./credits-db.js";

const seconds = Number(process.argv[2] ?? 4);
const concurrency = 16;
const spreadOrganizations = 200;
const batchSize = 1000;
const pgbench = process.env.PGBENCH ?? "/usr/lib/postgresql/15/bin/pgbench";
const now = new Date("2026-06-01T00:00:00Z");
const occurredAt = now.toISOString();

async function organizationsIn(handle: DatabaseHandle, count: number): Promise<string[]> {
  await seedDueSubscriptions(handle.db, { count, anchor: now, prefix: "Bench" });
  // Room for every spend of the run; the bench does not check the ledger's sum.
  await handle.db.execute(
    sql`UPDATE credit_balances SET allocation = 1000000000000, balance = 1000000000000`,
  );
  const result = await handle.db.execute(sql`SELECT id FROM organizations ORDER BY id`);
  return (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
}

/** What the spend services read: the database, the clock and the catalog (no HTTP app). */
function depsFor(handle: DatabaseHandle): AppDeps {
  const deps: Pick<AppDeps, "db" | "databaseKind" | "clock" | "catalog" | "config" | "sealingKey"> = {
    db: handle.db,
    databaseKind: handle.kind,
    clock: new ManualClock(now),
    catalog: loadCatalog(),
    config: loadConfig({ BILLING_CLOCK: "manual", LOG_LEVEL: "silent" }),
    sealingKey: sealingKeyFrom("bench"),
  };
  return deps as AppDeps;
}

const callerFor = (organizationId: string): Caller => ({
  principal: { kind: "member", organizationId, role: "spend", actorType: "api_key", actorId: "bench" },
  requestId: "bench",
  source: "bench",
});

/** Runs `work` from `concurrency` loops for `duration` seconds; returns events per second. */
async function measure(
  work: (worker: number, iteration: number) => Promise<number>,
  duration = seconds,
): Promise<number> {
  const deadline = performance.now() + duration * 1000;
  const started = performance.now();
  let events = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = 0; performance.now() < deadline; iteration++) {
        // Not `events += await …`: that reads `events` before the await and loses the others' counts.
        const done = await work(worker, iteration);
        events += done;
      }
    }),
  );
  return events / ((performance.now() - started) / 1000);
}

let sequence = 0;
const nextEventId = () => `e-${(sequence++).toString(36)}`;

async function benchDialect(label: string, handle: DatabaseHandle) {
  const deps = depsFor(handle);
  const organizations = await organizationsIn(handle, spreadOrganizations + 1);
  const hot = organizations[0] as string;
  const spread = organizations.slice(1);
  const pick = (worker: number, iteration: number) =>
    spread[(worker * 7919 + iteration * 104729) % spread.length] as string;

  // One per app instance, as the routes have it.
  const spends = new SpendCoalescer(deps);
  const single = async (organizationId: string) => {
    await spendCredits(spends, callerFor(organizationId), {
      eventId: nextEventId(),
      feature: "call_analysis",
      credits: 3,
      occurredAt,
    });
    return 1;
  };
  /** With an Idempotency-Key: the same door, the key claimed and settled in the spend's transaction. */
  const keyed = async (organizationId: string) => {
    const eventId = nextEventId();
    const caller = callerFor(organizationId);
    await spendCredits(
      spends,
      caller,
      { eventId, feature: "call_analysis", credits: 3, occurredAt },
      { scope: `org:${organizationId}:api_key:bench`, key: `k-${eventId}`, requestHash: eventId },
    );
    return 1;
  };
  const batch = async (organizationId: string) => {
    const events = Array.from({ length: batchSize }, () => ({
      eventId: nextEventId(),
      feature: "customer_insights",
      credits: 2,
      occurredAt,
    }));
    // One repeated id in ten, as retrying AI services send.
    for (let index = 9; index < events.length; index += 10) {
      events[index] = { ...(events[index - 1] as (typeof events)[number]) };
    }
    await spendCreditsBatch(spends, callerFor(organizationId), { events });
    return events.length;
  };

  // Warm up (JIT, plan caches, first pages) before anything is timed.
  for (let index = 0; index < 50; index++) await single(pick(0, index));
  for (let index = 0; index < 50; index++) await keyed(pick(0, index));
  await batch(pick(1, 0));
  // The hot spends with and without a key alternate in four runs each of a quarter of the time
  // (single, keyed, keyed, single, …), so a shared machine's drift falls on both alike; each figure
  // is the mean of its runs and the ratio the median of the four pairs' (as bench/spend-keys.ts).
  const hotRuns = { single: [] as number[], keyed: [] as number[] };
  for (let pair = 0; pair < 4; pair++) {
    const order = pair % 2 === 0 ? (["single", "keyed"] as const) : (["keyed", "single"] as const);
    for (const kind of order)
      hotRuns[kind].push(await measure(() => (kind === "single" ? single(hot) : keyed(hot)), seconds / 4));
  }
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const pairRatios = hotRuns.keyed.map((value, index) => value / (hotRuns.single[index] as number));
  const sortedRatios = [...pairRatios].sort((a, b) => a - b);
  const keyedRatio = ((sortedRatios[1] as number) + (sortedRatios[2] as number)) / 2;
  const results = {
    singleSpread: await measure((worker, iteration) => single(pick(worker, iteration))),
    singleHot: mean(hotRuns.single),
    keyedHot: mean(hotRuns.keyed),
    keyedRatio,
    keyedSpread: await measure((worker, iteration) => keyed(pick(worker, iteration))),
    batchHot: await measure(() => batch(hot)),
    batchSpread: await measure((worker, iteration) => batch(pick(worker, iteration))),
  };
  const format = (value: number) => Math.round(value).toLocaleString("en-US").padStart(9);
  console.log(`${label}`);
  console.log(
    `  single-event spends/s   hot organization ${format(results.singleHot)}   spread over ${spreadOrganizations} ${format(results.singleSpread)}   (group commit, hot/spread ${(results.singleHot / results.singleSpread).toFixed(2)})`,
  );
  console.log(
    `  with Idempotency-Key    hot organization ${format(results.keyedHot)}   spread over ${spreadOrganizations} ${format(results.keyedSpread)}   (the same door, ${results.keyedRatio.toFixed(2)}× of spends without a key, hot: median of 4 alternated pairs)`,
  );
  console.log(
    `  batched events/s        hot organization ${format(results.batchHot)}   spread over ${spreadOrganizations} ${format(results.batchSpread)}   (batches of ${batchSize}, 10% repeats)`,
  );
  return results;
}

async function pgbenchReference(): Promise<string> {
  const name = `wp_pgbench_${randomBytes(4).toString("hex")}`;
  const url = new URL(benchPostgresUrl);
  const connection = [
    "-h",
    url.hostname,
    "-p",
    url.port || "5432",
    "-U",
    decodeURIComponent(url.username || "postgres"),
  ];
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: benchPostgresUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  try {
    execFileSync(pgbench, [...connection, "-i", "-q", "-s", "10", name], { stdio: "pipe" });
    const output = execFileSync(
      pgbench,
      [
        ...connection,
        "-N",
        "-c",
        String(concurrency),
        "-j",
        "2",
        "-T",
        String(Math.max(5, seconds * 2)),
        name,
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1];
    return tps ?? "unknown";
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function main() {
  console.log(
    `bench/credits: ${seconds} s per figure, ${concurrency} concurrent callers, ${new Date().toISOString()}`,
  );
  // pgbench right before and right after the PostgreSQL figures: the machine is shared, and a
  // reference taken minutes away from the figure it is compared with says little.
  const before = Number(await pgbenchReference());
  const postgres = await freshPostgres(concurrency + 4);
  let postgresResults: Awaited<ReturnType<typeof benchDialect>>;
  try {
    postgresResults = await benchDialect("PostgreSQL 15 (node-postgres pool)", postgres.handle);
  } finally {
    await postgres.drop();
  }
  const after = Number(await pgbenchReference());
  const pglite = await freshPglite();
  try {
    await benchDialect("PGlite (in-process, one connection)", pglite);
  } finally {
    await pglite.close();
  }
  const tps = (before + after) / 2;
  console.log(
    `reference: pgbench -N -c ${concurrency} -j 2 on the same PostgreSQL (scale 10): ${Math.round(before)} tps before, ${Math.round(after)} tps after the PostgreSQL figures`,
  );
  const { singleSpread, singleHot } = postgresResults;
  console.log(
    `PostgreSQL single spends: spread / pgbench ${(singleSpread / tps).toFixed(2)}x (mean of the two), hot / spread ${(singleHot / singleSpread).toFixed(2)}x`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
