// `billing backup <file>` and `restore <file>`: a PGlite folder with a demo and some activity is
// backed up, restored into a fresh folder (and, with TEST_DATABASE_URL, into an empty PostgreSQL
// database), `verify` passes there and every table holds the same rows (issue 17).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, provisionOrganizations, root, startBillingServer } from "../../bench/processes.js";
import { rowsOf } from "../../src/server/db/adapter.js";
import { openDatabase } from "../../src/server/db/client.js";

function billing(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/billing.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
}

/** Every public table's rows, as JSON text sorted, to compare two databases. */
async function contents(options: { dataDir?: string; databaseUrl?: string }) {
  const handle = await openDatabase(
    options.databaseUrl ? { databaseUrl: options.databaseUrl, poolSize: 1 } : options,
  );
  try {
    const tables = rowsOf(
      await handle.db.execute(sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`),
    ).map((row) => String(row.tablename));
    const result: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = rowsOf(
        await handle.db.execute(sql.raw(`SELECT row_to_json(t)::text AS j FROM "${table}" t`)),
      );
      result[table] = rows.map((row) => String(row.j)).sort();
    }
    return result;
  } finally {
    await handle.close();
  }
}

describe("backup and restore", () => {
  const folder = mkdtempSync(join(tmpdir(), "wp-backup-"));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    rmSync(folder, { recursive: true, force: true });
  });

  it("restores a PGlite backup into a fresh folder (and an empty PostgreSQL) where verify passes", async () => {
    const source = join(folder, "source");
    const server = await startBillingServer({ dataDir: source, env: { SEED_DEMO: "true" } });
    const [organization] = await provisionOrganizations(server.url, 2, { prefix: "backup", seats: 20 });
    if (!organization) throw new Error("no organization");
    for (let index = 0; index < 5; index++) {
      const response = await fetch(`${server.url}/api/v1/credits/spend`, {
        method: "POST",
        headers: { authorization: `Bearer ${organization.key}`, "content-type": "application/json" },
        body: JSON.stringify({
          eventId: `backup-${index}`,
          feature: "call_analysis",
          credits: 3,
          occurredAt: new Date().toISOString(),
        }),
      });
      expect(response.status).toBe(200);
    }
    const change = await fetch(`${server.url}/api/v1/subscription/changes`, {
      method: "POST",
      headers: { authorization: `Bearer ${organization.key}`, "content-type": "application/json" },
      body: JSON.stringify({ seatsDelta: 2 }),
    });
    expect(change.status).toBe(200);
    await server.kill("SIGTERM");

    const file = join(folder, "billing-backup.sql");
    const backedUp = billing(["backup", file], { DATA_DIR: source });
    expect(backedUp.status, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toMatch(/Backup of pglite written to .*: \d+ tables, \d+ rows/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toMatch(/^-- WiseParts Billing backup/);

    const restoredDir = join(folder, "restored");
    const restored = billing(["restore", file], { DATA_DIR: restoredDir });
    expect(restored.status, restored.stderr).toBe(0);
    const verified = billing(["verify"], { DATA_DIR: restoredDir });
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    const original = await contents({ dataDir: source });
    expect(original.credit_ledger?.length).toBeGreaterThan(5);
    expect(await contents({ dataDir: restoredDir })).toEqual(original);

    // A second restore into the same folder is refused: restore only into an empty one.
    const again = billing(["restore", file], { DATA_DIR: restoredDir });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already has tables/);

    // The restored folder serves, and a new serial row does not collide with a restored one.
    const next = await startBillingServer({ dataDir: restoredDir });
    const spend = await fetch(`${next.url}/api/v1/credits/spend`, {
      method: "POST",
      headers: { authorization: `Bearer ${organization.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        eventId: "after-restore",
        feature: "call_analysis",
        credits: 1,
        occurredAt: new Date().toISOString(),
      }),
    });
    expect(spend.status).toBe(200);
    await next.kill("SIGTERM");

    if (process.env.TEST_DATABASE_URL) {
      const database = await createDatabase("wp_restore");
      cleanups.push(() => database.drop());
      const intoPostgres = billing(["restore", file], { DATABASE_URL: database.url });
      expect(intoPostgres.status, intoPostgres.stderr).toBe(0);
      const verifiedPostgres = billing(["verify"], { DATABASE_URL: database.url });
      expect(verifiedPostgres.status, verifiedPostgres.stdout + verifiedPostgres.stderr).toBe(0);
      expect(await contents({ databaseUrl: database.url })).toEqual(original);
    }
  }, 240_000);
});
