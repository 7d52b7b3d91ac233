// Renews 100,000 due monthly subscriptions on PostgreSQL and prints the time (target: 60 s).
//   npx tsx bench/renewals.ts [count, 100000] [workers, 1] [batch size, 500]
// Each subscription is one renewal (invoice + lines) and one credit reset (expiry + grant) due.

import { sql } from "drizzle-orm";
import { loadCatalog } from "../src/server/catalog.js";
import { openDatabase } from "../src/server/db/client.js";
import { runDueWork } from "../src/server/jobs/run-due-work.js";
import { loadSeller } from "../src/server/seller.js";
import { seedDueSubscriptions } from "../test/support/seed-due-subscriptions.js";
import { freshPostgres } from "./credits-db.js";

const count = Number(process.argv[2] ?? 100_000);
const workers = Number(process.argv[3] ?? 1);
const batchSize = Number(process.argv[4] ?? 500);
const catalog = loadCatalog();
const anchor = new Date("2026-05-01T00:00:00Z");
const now = new Date("2026-06-01T00:00:00Z");

async function main() {
  const database = await freshPostgres();
  try {
    const seedStarted = performance.now();
    for (let done = 0; done < count; done += 50_000) {
      await seedDueSubscriptions(database.handle.db, { count: Math.min(50_000, count - done), anchor });
    }
    await database.handle.db.execute(sql`ANALYZE`);
    console.log(
      `seeded ${count} due subscriptions in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );

    const extra = await Promise.all(
      Array.from({ length: workers - 1 }, () => openDatabase({ databaseUrl: database.url, poolSize: 2 })),
    );
    const started = performance.now();
    const results = await Promise.all(
      [database.handle, ...extra].map((handle) =>
        runDueWork({ db: handle.db, catalog, seller: loadSeller() }, now, { batchSize }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(extra.map((handle) => handle.close()));

    const renewals = results.reduce((total, result) => total + result.renewals, 0);
    const resets = results.reduce((total, result) => total + result.creditResets, 0);
    const [check] = (
      (await database.handle.db.execute(sql`
        SELECT count(*) AS invoices, count(DISTINCT organization_id) AS organizations,
          max(number) - min(number) + 1 AS number_span,
          (SELECT count(*) FROM subscriptions WHERE period_end <= ${now.toISOString()}::timestamptz) AS behind
        FROM invoices WHERE kind = 'renewal'`)) as unknown as { rows: Record<string, unknown>[] }
    ).rows;
    console.log(
      `renewals: ${renewals} renewals + ${resets} credit resets on PostgreSQL with ${workers} worker(s), batches of ${batchSize}, in ${seconds.toFixed(1)} s ` +
        `(${Math.round(renewals / seconds)} subscriptions/s; target <= 60 s: ${seconds <= 60 ? "met" : "MISSED"})`,
    );
    console.log(
      `check: ${check?.invoices} renewal invoices for ${check?.organizations} organizations, numbers span ${check?.number_span}, ${check?.behind} left behind; per worker ${results.map((result) => result.renewals).join(" / ")}`,
    );
  } finally {
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
