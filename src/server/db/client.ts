import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import {
  PGlite,
  type Transaction as PgliteTransaction,
  type QueryOptions,
  types,
} from "@electric-sql/pglite";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.js";
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
  /** Runs a script of several statements (a backup being restored). */
  execScript(script: string): Promise<void>;
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
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      // No JIT compilation (decision 0140): every statement here is short, and the planner's guess of
      // 100 rows per jsonb set function puts a spend batch's reads above jit_above_cost, so each run
      // compiled for 20 ms or more to save less than 1.
      options: "-c jit=off",
    });
    // An idle connection that the server drops (a restart, a terminated backend) must not take the
    // process down: the pool forgets it and opens a new one on the next checkout.
    pool.on("error", (error) => {
      console.error(`PostgreSQL connection lost while idle: ${error.message}`);
    });
    const db = drizzleNodePostgres(pool, { schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      pool,
      execScript: async (script) => {
        await pool.query(script);
      },
      close: () => pool.end(),
    };
  }
  // PGlite: one embedded PostgreSQL in DATA_DIR, or in memory when no directory is given.
  compileWasmWithBaselineOnly();
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    // One process per folder (decision 0050): refused here, before PGlite touches a file.
    unlock = lockDataDir(options.dataDir);
  }
  try {
    if (options.dataDir) await initPgliteDataDir(options.dataDir);
    const client = options.dataDir
      ? new PGlite(options.dataDir, { startParams: pgliteStartParams })
      : new PGlite({
          startParams: pgliteStartParams,
          ...(options.pgliteDataDirDump ? { loadDataDir: options.pgliteDataDirDump } : {}),
        });
    await client.waitReady;
    const db = drizzlePglite(withTextDateParsers(client), { schema }) as unknown as Database;
    return {
      db,
      kind: "pglite",
      execScript: async (script) => {
        await client.exec(script);
      },
      close: async () => {
        try {
          await client.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * The types drizzle reads as PostgreSQL's text, as its PGlite driver lists them
 * (drizzle-orm/pglite/session.js).
 */
const textTypes = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
];

/**
 * drizzle passes `parsers` that return the text of `textTypes` with every query; PGlite then copies
 * its 318 type parsers and those into a new object for each query, about 58 KB. That copy was two
 * thirds of all the PGlite path allocated, the garbage that filled V8's old space under load, and
 * half the time of a small transaction (decision 0013). Here the client's own parsers return that
 * text, and a query's `parsers` that ask for nothing else are dropped; others pass through.
 */
function withTextDateParsers(client: PGlite): PGlite {
  const asText = (value: string) => value;
  for (const type of textTypes) client.parsers[type] = asText;
  const sameAsOwn = (options: QueryOptions | undefined): QueryOptions | undefined => {
    if (!options?.parsers) return options;
    for (const type of Object.keys(options.parsers)) if (client.parsers[type] !== asText) return options;
    const { parsers: _, ...rest } = options;
    return rest;
  };
  const inTransaction = (tx: PgliteTransaction): PgliteTransaction =>
    Object.create(tx, {
      query: {
        value: (query: string, params?: unknown[], options?: QueryOptions) =>
          tx.query(query, params, sameAsOwn(options)),
      },
    });
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") {
        return (query: string, params?: unknown[], options?: QueryOptions) =>
          target.query(query, params, sameAsOwn(options));
      }
      if (property === "transaction") {
        return <T>(callback: (tx: PgliteTransaction) => Promise<T>) =>
          target.transaction((tx) => callback(inTransaction(tx)));
      }
      // Everything else on the client itself (its methods keep their state in private fields).
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * PostgreSQL settings for the embedded database (decision 0013). PGlite is one backend serving one
 * connection, in a WebAssembly memory that grows and never shrinks; initdb sizes it like a server
 * (shared_buffers 128MB, so 188 MB of WebAssembly memory, most of it resident under load). Given
 * with `-c` at every start, they override postgresql.conf, existing data directories included.
 */
const pgliteSettings: Readonly<Record<string, string>> = {
  // The buffer pool, read through the OS page cache when it misses. wal_buffers follows it (1/32).
  shared_buffers: "8MB",
  // Per CREATE INDEX or VACUUM: a migration on a large table would otherwise grow the memory by
  // 64MB for good.
  maintenance_work_mem: "16MB",
  // A new 16MB WAL segment is otherwise written full of zeros first, 1MB at a time, and PGlite's
  // file system copies each of those writes into a new 1MB buffer: 16MB of garbage per segment,
  // every few seconds under load, which left malloc's heap 15MB larger. PGlite runs with fsync
  // off; zero-filling was never what made its WAL safe.
  wal_init_zero: "off",
};

/** PGlite's own start parameters, then ours (a later `-c` wins). */
const pgliteStartParams = [
  ...PGlite.defaultStartParams,
  ...Object.entries(pgliteSettings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
];

/**
 * V8 compiles PGlite's WebAssembly with its baseline compiler (Liftoff), then recompiles the
 * functions that run hot with its optimizing one (TurboFan) on background threads. Those
 * compilations of PostgreSQL's large functions leave 60 to 90 MB resident in malloc's per-thread
 * arenas, for no measurable speed here (decision 0013). Set before PGlite compiles its module;
 * the flag is process-wide, and PGlite is this process's only WebAssembly of weight.
 */
function compileWasmWithBaselineOnly() {
  setFlagsFromString("--liftoff-only");
}

const execFileAsync = promisify(execFile);

/**
 * Runs initdb for a new data directory in a short-lived child process. PGlite's initdb runs a
 * second PostgreSQL instance and snapshots its 128 MB WebAssembly memory to restart it between
 * steps: about 670 MB for a few seconds, once per data directory. Done in the server, that would
 * be the server's high-water mark, and its garbage would stay until a later collection; a child
 * gives it all back when it exits. A directory that has PG_VERSION is left alone.
 */
async function initPgliteDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const script = [
    "const { PGlite } = require(process.argv[1]);",
    "const db = new PGlite(process.argv[2], { startParams: JSON.parse(process.argv[3]) });",
    "db.waitReady.then(() => db.close()).catch((error) => { console.error(error); process.exitCode = 1; });",
  ].join("\n");
  const args = ["--liftoff-only", "-e", script, pglite, dataDir, JSON.stringify(pgliteStartParams)];
  try {
    await execFileAsync(process.execPath, args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`PGlite initdb in ${dataDir} failed${stderr ? `:\n${stderr}` : ""}`, { cause: error });
  }
}

/** The session-level advisory lock that start-up steps (migrations, demo seeding) run under. */
const startupLockKey = 727274;

/**
 * Runs `work` while this process holds the start-up advisory lock on PostgreSQL (on a connection of
 * its own, so `work` may use the pool freely): two processes starting together run it one after
 * the other. PGlite has one process per folder (decision 0050), so there it just runs.
 */
export async function withStartupLock<T>(handle: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (handle.kind === "pglite") return work();
  if (!handle.pool) throw new Error("PostgreSQL handle without a pool");
  const connection = await handle.pool.connect();
  try {
    await connection.query("SELECT pg_advisory_lock($1)", [startupLockKey]);
    return await work();
  } finally {
    await connection.query("SELECT pg_advisory_unlock($1)", [startupLockKey]).catch(() => undefined);
    connection.release();
  }
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
    await connection.query("SELECT pg_advisory_lock($1)", [startupLockKey]);
    await migrateNodePostgres(drizzleNodePostgres(connection), { migrationsFolder });
  } finally {
    await connection.query("SELECT pg_advisory_unlock($1)", [startupLockKey]).catch(() => undefined);
    connection.release();
  }
}
