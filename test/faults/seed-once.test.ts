// Two server processes starting together on a fresh PostgreSQL with SEED_DEMO=true seed the demo
// data once, and neither crashes (issue 17). The race is a matter of timing, so a few pairs run.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  benchOperatorToken,
  createDatabase,
  root,
  type ServerProcess,
  startListening,
} from "../../bench/processes.js";
import { migrateDatabase, openDatabase } from "../../src/server/db/client.js";

const rounds = 4;

describe("seeding the demo on PostgreSQL, two processes starting together", () => {
  const databases: { url: string; drop(): Promise<void> }[] = [];
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    // Build the bundle once, so the two processes start the same file at the same moment (the
    // launcher would rebuild it in each).
    const built = spawnSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    for (const database of databases) await database.drop();
  });

  it("seeds exactly one demo organization and both processes serve", async () => {
    for (let round = 0; round < rounds; round++) {
      const database = await createDatabase("wp_seed");
      databases.push(database);
      // Migrated beforehand, so neither process waits for the other's migrations and both reach
      // the seeding step at once, as two processes do on a database an earlier release migrated.
      const handle = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
      await migrateDatabase(handle);
      await handle.close();

      const env = {
        DATABASE_URL: database.url,
        OPERATOR_TOKEN: benchOperatorToken,
        SEED_DEMO: "true",
        LOG_LEVEL: "warn",
      };
      const started = await Promise.allSettled(
        [0, 1].map(() => startListening("dist/server/main.mjs", env, { readyPath: "/readyz" })),
      );
      const pair: ServerProcess[] = [];
      for (const result of started) if (result.status === "fulfilled") pair.push(result.value);
      servers.push(...pair);
      const failures = started.flatMap((result) =>
        result.status === "rejected" ? [String(result.reason).slice(0, 2_000)] : [],
      );
      expect(failures, `round ${round}`).toEqual([]);

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string; n: number }>(
          "SELECT name, count(*)::int AS n FROM organizations GROUP BY name ORDER BY name",
        );
        expect(rows, `round ${round}`).toEqual([
          { name: "Acme Corp", n: 1 },
          { name: "Acme Labs", n: 1 },
          { name: "Globex Inc", n: 1 },
        ]);
        const identities = await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM users WHERE email = 'admin@acme.example' AND auth_user_id IS NOT NULL",
        );
        expect(identities.rows[0]?.n, `round ${round}`).toBe(2);
      } finally {
        await client.end();
      }
      for (const server of pair) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await Promise.all(pair.map((server) => server.kill()));
    }
  }, 240_000);
});
