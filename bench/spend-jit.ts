// The spend door with PostgreSQL's JIT on (its default) and off (the server's pools, decision 0140),
// alternated in one process on two pools of one fresh database, so that a shared machine's load
// falls on both alike: hot single spends, hot batches and spread batches (as bench/credits.ts).
//   flock /tmp/bench.lock npx tsx bench/spend-jit.ts [seconds per figure, default 3] [rounds, default 4]
import { sql } from "drizzle-orm";
import { sealingKeyFrom } from "../src/server/batching/idempotency.js";
import { loadCatalog } from "../src/server/catalog.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import type { AppDeps, Caller } from "../src/server/context.js";
import { openDatabase } from "../src/server/db/client.js";
import { spendCredits, spendCreditsBatch } from "../src/server/modules/credits/credits.service.js";
import { SpendCoalescer } from "../src/server/modules/credits/spend-coalescer.js";
import { seedDueSubscriptions } from "../test/support/seed-due-subscriptions.js";
import { freshPostgres } from "./credits-db.js";

const now = new Date("2026-06-01T00:00:00Z");
const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 4);
const fresh = await freshPostgres(20);
const db0 = fresh.handle.db;
await seedDueSubscriptions(db0, { count: 201, anchor: now, prefix: "B" });
await db0.execute(sql`UPDATE credit_balances SET allocation = 1000000000000, balance = 1000000000000`);
const orgs = ((await db0.execute(sql`SELECT id FROM organizations ORDER BY id`)) as any).rows.map(
  (r: any) => r.id as string,
);
const hot = orgs[0];
const spread = orgs.slice(1);
const jitOn = await openDatabase({ databaseUrl: `${fresh.url}?options=-c%20jit%3Don`, poolSize: 20 });
const depsOf = (db: any) =>
  ({
    db,
    databaseKind: "postgres",
    clock: new ManualClock(now),
    catalog: loadCatalog(),
    config: loadConfig({ BILLING_CLOCK: "manual", LOG_LEVEL: "silent" }),
    sealingKey: sealingKeyFrom("b"),
  }) as unknown as AppDeps;
const variants = { off: new SpendCoalescer(depsOf(db0)), on: new SpendCoalescer(depsOf(jitOn.db)) };
const check = async (db: any) => ((await db.execute(sql`SHOW jit`)) as any).rows[0].jit;
console.log("jit", await check(db0), await check(jitOn.db));
const caller = (o: string): Caller => ({
  principal: { kind: "member", organizationId: o, role: "spend", actorType: "api_key", actorId: "b" },
  requestId: "b",
  source: "b",
});
let seq = 0;
async function measure(work: (w: number, i: number) => Promise<number>) {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let n = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) n += await work(w, i);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}
const batch = (spends: SpendCoalescer, o: string) => {
  const events = Array.from({ length: 1000 }, () => ({
    eventId: `e-${seq++}`,
    feature: "x",
    credits: 2,
    occurredAt: now.toISOString(),
  }));
  for (let k = 9; k < 1000; k += 10) events[k] = { ...events[k - 1]! };
  return spendCreditsBatch(spends, caller(o), { events }).then(() => 1000);
};
const single = (spends: SpendCoalescer, o: string) =>
  spendCredits(spends, caller(o), {
    eventId: `e-${seq++}`,
    feature: "x",
    credits: 3,
    occurredAt: now.toISOString(),
  }).then(() => 1);
const results: Record<string, number[]> = {};
const record = (name: string, value: number) => {
  const list = results[name] ?? [];
  list.push(value);
  results[name] = list;
};
for (let r = 0; r < rounds; r++) {
  for (const name of (r % 2 ? ["on", "off"] : ["off", "on"]) as ("on" | "off")[]) {
    const s = variants[name];
    record(`single hot ${name}`, await measure(() => single(s, hot)));
    record(`batch hot ${name}`, await measure(() => batch(s, hot)));
    record(`batch spread ${name}`, await measure((w, i) => batch(s, spread[(w * 7919 + i * 104729) % 200])));
  }
  console.log(
    "round",
    r + 1,
    Object.entries(results)
      .map(([k, v]) => `${k}=${Math.round(v[v.length - 1]!)}`)
      .join(" "),
  );
}
const med = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
for (const [k, v] of Object.entries(results).sort()) console.log(k.padEnd(18), Math.round(med(v)));
const n = (
  (await db0.execute(
    sql`SELECT count(*) AS n FROM credit_ledger WHERE organization_id = ${hot}::uuid`,
  )) as any
).rows[0].n;
console.log("hot ledger rows", n);
await jitOn.close();
await fresh.drop();
