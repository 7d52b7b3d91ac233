import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema.js";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A repository takes either the database or an open transaction as its first argument. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** The node-postgres pool, for PostgreSQL only. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

// int8 and numeric arrive as strings from node-postgres; our counts and amounts fit in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 ${value} exceeds 2^53`);
  return parsed;
});

export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
  /** PGlite only: start from a dumped data directory (tests clone a migrated template). */
  pgliteDataDirDump?: Blob;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    const db = drizzleNodePostgres(pool, { schema }) as unknown as Database;
    return { db, kind: "postgres", pool, close: () => pool.end() };
  }
  // PGlite: one embedded PostgreSQL in DATA_DIR, or in memory when no directory is given.
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir
    ? new PGlite(options.dataDir)
    : new PGlite(options.pgliteDataDirDump ? { loadDataDir: options.pgliteDataDirDump } : {});
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return { db, kind: "pglite", close: () => client.close() };
}

/** Applies the committed SQL migrations; several processes may call it at once on PostgreSQL. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder });
    return;
  }
  if (!handle.pool) throw new Error("PostgreSQL handle without a pool");
  // A session-level lock on one connection, so two processes starting together migrate once.
  const connection = await handle.pool.connect();
  try {
    await connection.query("SELECT pg_advisory_lock(727274)");
    await migrateNodePostgres(drizzleNodePostgres(connection), { migrationsFolder });
  } finally {
    await connection.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    connection.release();
  }
}
