// Keyed against unkeyed single-event spends for one hot organization, on PostgreSQL and on PGlite
// (issue 13: spends with an Idempotency-Key go through the same door and should reach ≥ 0.8× of
// spends without one). Runs alternate (unkeyed, keyed, keyed, unkeyed, …) so that a shared
// machine's load falls on both alike; prints each pair and the medians.
//   flock /tmp/bench.lock npx tsx bench/spend-keys.ts [pairs, default 15] [seconds per run, default 0.5]
// Spends go through the service functions the routes call (spendCredits → SpendCoalescer), from 16
// callers that each wait for their answer before sending the next, as bench/credits.ts does.
import { sql } from "drizzle-orm";
import { sealingKeyFrom } from "../src/server/batching/idempotency.js";
import { loadCatalog } from "../src/server/catalog.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import type { AppDeps, Caller } from "../src/server/context.js";
import type { DatabaseHandle } from "../src/server/db/client.js";
import { spendCredits } from "../src/server/modules/credits/credits.service.js";
import { SpendCoalescer } from "../src/server/modules/credits/spend-coalescer.js";
import { seedDueSubscriptions } from "../test/support/seed-due-subscriptions.js";
import { freshPglite, freshPostgres } from "./credits-db.js";

const pairs = Number(process.argv[2] ?? 15);
const seconds = Number(process.argv[3] ?? 0.5);
const concurrency = 16;
const now = new Date("2026-06-01T00:00:00Z");
const occurredAt = now.toISOString();

let sequence = 0;
const nextEventId = () => `e-${(sequence++).toString(36)}`;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Runs `work` from `concurrency` loops for `seconds`; returns spends per second. */
async function measure(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let spends = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await work();
        spends++;
      }
    }),
  );
  return spends / ((performance.now() - started) / 1000);
}

async function benchDatabase(label: string, handle: DatabaseHandle) {
  await seedDueSubscriptions(handle.db, { count: 1, anchor: now, prefix: "Keys" });
  await handle.db.execute(
    sql`UPDATE credit_balances SET allocation = 1000000000000, balance = 1000000000000`,
  );
  const [row] = (
    (await handle.db.execute(sql`SELECT id FROM organizations ORDER BY id LIMIT 1`)) as unknown as {
      rows: { id: string }[];
    }
  ).rows;
  const hot = row?.id as string;
  const deps = {
    db: handle.db,
    databaseKind: handle.kind,
    clock: new ManualClock(now),
    catalog: loadCatalog(),
    config: loadConfig({ BILLING_CLOCK: "manual", LOG_LEVEL: "silent" }),
    sealingKey: sealingKeyFrom("bench"),
  } as unknown as AppDeps;
  const spends = new SpendCoalescer(deps);
  const caller: Caller = {
    principal: { kind: "member", organizationId: hot, role: "spend", actorType: "api_key", actorId: "bench" },
    requestId: "bench",
    source: "bench",
  };
  const unkeyed = async () => {
    await spendCredits(spends, caller, {
      eventId: nextEventId(),
      feature: "call_analysis",
      credits: 3,
      occurredAt,
    });
  };
  const keyed = async () => {
    const eventId = nextEventId();
    await spendCredits(
      spends,
      caller,
      { eventId, feature: "call_analysis", credits: 3, occurredAt },
      { scope: `org:${hot}:api_key:bench`, key: `k-${eventId}`, requestHash: eventId },
    );
  };
  // Warm up (JIT, prepared statements, plan caches) before anything is timed.
  for (let index = 0; index < 100; index++) await unkeyed();
  for (let index = 0; index < 100; index++) await keyed();
  await measure(unkeyed);
  await measure(keyed);

  const unkeyedRuns: number[] = [];
  const keyedRuns: number[] = [];
  const ratios: number[] = [];
  console.log(label);
  for (let pair = 0; pair < pairs; pair++) {
    // Alternate which goes first, so a drift of the machine's load favours neither.
    let plain: number;
    let withKey: number;
    if (pair % 2 === 0) {
      plain = await measure(unkeyed);
      withKey = await measure(keyed);
    } else {
      withKey = await measure(keyed);
      plain = await measure(unkeyed);
    }
    unkeyedRuns.push(plain);
    keyedRuns.push(withKey);
    ratios.push(withKey / plain);
    console.log(
      `  pair ${String(pair + 1).padStart(2)}: unkeyed ${Math.round(plain).toString().padStart(6)}/s  keyed ${Math.round(withKey).toString().padStart(6)}/s  ${(withKey / plain).toFixed(2)}×`,
    );
  }
  console.log(
    `  median: unkeyed ${Math.round(median(unkeyedRuns))}/s, keyed ${Math.round(median(keyedRuns))}/s, keyed/unkeyed ${median(ratios).toFixed(2)}× (median of ${pairs} pair ratios)`,
  );
}

async function main() {
  console.log(
    `bench/spend-keys: ${pairs} interleaved pairs of ${seconds} s, ${concurrency} callers, one hot organization, ${new Date().toISOString()}`,
  );
  const postgres = await freshPostgres(concurrency + 4);
  try {
    await benchDatabase("PostgreSQL (node-postgres pool)", postgres.handle);
  } finally {
    await postgres.drop();
  }
  const pglite = await freshPglite();
  try {
    await benchDatabase("PGlite (in-process, one connection)", pglite);
  } finally {
    await pglite.close();
  }
}

await main();
