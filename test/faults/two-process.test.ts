// Two server processes on one PostgreSQL behind the same client: a mixed load (seat changes,
// spends, change requests approved) alternates between them while both in-process schedulers renew
// a batch of due subscriptions. Afterwards verify passes, every renewal happened once, and every
// acknowledged operation is present exactly once.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  benchOperatorToken,
  createDatabase,
  provisionOrganizations,
  type ServerProcess,
  startBillingServer,
} from "../../bench/processes.js";
import { type DatabaseHandle, openDatabase } from "../../src/server/db/client.js";
import { verifyDatabase } from "../../src/server/verify/verify.js";
import { seedDueSubscriptions } from "../support/seed-due-subscriptions.js";
import { expectExactlyAcknowledged, mixedLoad, RetryingClient, seededRandom } from "./workload.js";

const due = 6_000;
const schedulerIntervalMs = 200;
const loadMs = 12_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("two processes on one PostgreSQL: mixed load and both schedulers", () => {
  let database: { url: string; drop(): Promise<void> };
  const servers: ServerProcess[] = [];
  const schedulerPasses = [0, 0];
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createDatabase("wp_two");
    for (const index of [0, 1]) {
      const server = await startBillingServer({
        databaseUrl: database.url,
        env: { LOG_LEVEL: "info", SCHEDULER_INTERVAL_MS: String(schedulerIntervalMs) },
      });
      // The scheduler logs each pass that did work; count them per process.
      let tail = "";
      server.child.stdout?.on("data", (chunk: Buffer) => {
        tail += chunk.toString();
        const lines = tail.split("\n");
        tail = lines.pop() ?? "";
        schedulerPasses[index] =
          (schedulerPasses[index] ?? 0) +
          lines.filter((line) => line.includes("scheduler: due work done")).length;
      });
      servers.push(server);
    }
    handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    await handle?.close();
    await database?.drop();
  });

  it("renews every due subscription once and keeps every acknowledged operation exactly once", async () => {
    const client = new RetryingClient(() => servers.map((server) => server.url), benchOperatorToken);
    // Subscriptions a month old, due now, as provisioning leaves them (with its audit event); seeded
    // first, so their first invoices are numbered before today's (numbers follow issue dates).
    const anchor = new Date(Date.now() - 32 * 24 * 60 * 60 * 1000);
    await seedDueSubscriptions(handle.db, { count: due, anchor, prefix: "Due" });
    await handle.db.execute(sql`
      INSERT INTO audit_events (organization_id, actor_type, action, entity_type, entity_id, after, occurred_at, source)
      SELECT i.organization_id, 'system', 'organization.provisioned', 'organization', i.organization_id::text,
        jsonb_build_object('invoiceId', i.id::text), i.issued_at, 'seed'
      FROM invoices i WHERE i.kind = 'initial' AND NOT EXISTS (
        SELECT 1 FROM audit_events a WHERE a.organization_id = i.organization_id AND a.after->>'invoiceId' = i.id::text)`);

    const organizations = await provisionOrganizations(servers[0]?.url ?? "", 8, {
      seats: 50,
      prefix: "two",
    });

    let stopped = false;
    const random = seededRandom(Number(process.env.TWO_PROCESS_SEED ?? 7));
    const load = Array.from({ length: 6 }, () => mixedLoad(client, organizations, () => stopped, random));
    await sleep(loadMs);
    stopped = true;
    await Promise.all(load);

    // Both schedulers keep going until nothing is due.
    const left = async () =>
      Number(
        (
          (await handle.db.execute(
            sql`SELECT count(*)::int AS n FROM subscriptions WHERE period_end <= now()`,
          )) as unknown as { rows: { n: number }[] }
        ).rows[0]?.n,
      );
    for (let round = 0; round < 600 && (await left()) > 0; round++) await sleep(100);
    expect(await left()).toBe(0);

    const context = `${client.acknowledged.length} acknowledged; scheduler passes with work ${schedulerPasses.join(" / ")}`;
    expect(client.serverErrors, context).toEqual([]);
    expect(
      schedulerPasses.every((passes) => passes > 0),
      `both schedulers renewed: ${context}`,
    ).toBe(true);

    const renewals = (
      (await handle.db.execute(sql`
        SELECT count(*)::int AS invoices, count(DISTINCT organization_id)::int AS organizations
        FROM invoices WHERE kind = 'renewal'`)) as unknown as {
        rows: { invoices: number; organizations: number }[];
      }
    ).rows[0];
    expect(renewals).toEqual({ invoices: due, organizations: due });

    await expectExactlyAcknowledged(handle.db, client);
    const report = await verifyDatabase(handle.db, {
      now: new Date(),
      overdueToleranceMs: schedulerIntervalMs,
    });
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    console.log(`two processes: ${context}`);
  }, 240_000);
});
