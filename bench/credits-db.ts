import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../src/server/db/client.js";

export const benchPostgresUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh, migrated PostgreSQL database on the bench server, dropped by `drop()`. */
export async function freshPostgres(
  poolSize = 20,
): Promise<{ handle: DatabaseHandle; url: string; drop(): Promise<void> }> {
  const name = `wp_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: benchPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(benchPostgresUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize });
  // DROP … WITH (FORCE) ends connections the pool may still hold: not an error of the bench.
  handle.pool?.on("error", () => undefined);
  await migrateDatabase(handle);
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close().catch(() => undefined);
      const client = new pg.Client({ connectionString: benchPostgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh in-memory PGlite database, migrated. */
export async function freshPglite(): Promise<DatabaseHandle> {
  const handle = await openDatabase({});
  await migrateDatabase(handle);
  return handle;
}
