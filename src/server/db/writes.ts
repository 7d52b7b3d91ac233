import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Database, Executor, Transaction } from "./client.js";
import * as schema from "./schema.js";

/**
 * A set-based write as parts of one statement: data-modifying CTEs (`parts`, named uniquely across
 * everything written together) and the scalar results to select (`outputs`, by column name).
 * PostgreSQL runs every data-modifying CTE exactly once, whether or not another part refers to it,
 * so independent writes of one transaction can share one statement: one round trip.
 */
export interface Writes<T> {
  parts: readonly { name: string; statement: SQL }[];
  outputs: Readonly<Record<string, SQL>>;
  /** Reads this write's outputs from the result row; throws when the write fell short. */
  read(row: Record<string, unknown>): T;
}

export const noWrites: Writes<undefined> = { parts: [], outputs: {}, read: () => undefined };

/**
 * An output that is `count` when it equals `expected` and otherwise fails the whole statement (so
 * its transaction rolls back even when its COMMIT was already queued behind it): the error reads
 * `invalid input syntax for type bigint: "<message> (<count>)"`. `message` is a constant of ours.
 */
export function expectCount(count: SQL, expected: number, message: string): SQL {
  if (!/^[\w ,.-]+$/.test(message)) throw new Error("expectCount: a plain message");
  return sql`(SELECT CASE WHEN counted.n = ${expected}::bigint THEN counted.n
    ELSE (${sql.raw(`'${message} ('`)} || counted.n || ')')::bigint END FROM (SELECT ${count} AS n) AS counted)`;
}

/**
 * The node-postgres connection under a drizzle transaction (or a drizzle database over one client),
 * for statements on the hot path; undefined for PGlite and for a pool (whose statements may each
 * run on another connection).
 */
export function pgClientOf(executor: Executor): pg.ClientBase | undefined {
  const client = (executor as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : undefined;
}

// Statement texts the hot path runs, each prepared once per connection under a name of its own.
const statementNames = new Map<string, string>();
const maxPreparedStatements = 200;

/**
 * Runs one statement on a node-postgres connection as a named prepared statement: PostgreSQL
 * parses and plans it once per connection instead of on every execution. Texts beyond the first
 * 200 (a text built from input) run unnamed. The query is queued on the connection before this
 * returns: statements sent one after another without awaiting run in that order.
 */
export function preparedQuery(
  client: pg.ClientBase,
  text: string,
  values: readonly unknown[],
): Promise<pg.QueryResult<Record<string, unknown>>> {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < maxPreparedStatements) {
    name = `wp_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return client.query<Record<string, unknown>>(
    name === undefined ? { text, values: [...values] } : { name, text, values: [...values] },
  );
}

const dialect = new PgDialect();

// Connections whose COMMIT runWrites queued (batchTransaction then does not send its own).
const committing = new WeakSet<pg.ClientBase>();

/**
 * Runs the writes in one statement and returns each one's `read` result, in order.
 *
 * With `{ commit: true }` inside `batchTransaction` on PostgreSQL, the COMMIT is queued right behind
 * the statement (one turn of the event loop for both): the statement must be the transaction's last,
 * and every check of what it wrote must be in it (`expectCount`), since `read` runs after the commit.
 * Should the statement fail, PostgreSQL answers the queued COMMIT with a rollback.
 */
export async function runWrites<const W extends readonly Writes<unknown>[]>(
  executor: Executor,
  writes: W,
  options: { commit?: boolean } = {},
): Promise<{ [K in keyof W]: W[K] extends Writes<infer T> ? T : never }> {
  const parts = writes.flatMap((write) => write.parts);
  let row: Record<string, unknown> = {};
  if (parts.length > 0) {
    const outputs = writes.flatMap((write) => Object.entries(write.outputs));
    const ctes = sql.join(
      parts.map((part) => sql`${sql.raw(part.name)} AS (${part.statement})`),
      sql`, `,
    );
    const selected =
      outputs.length > 0
        ? sql.join(
            outputs.map(([name, expression]) => sql`${expression} AS ${sql.raw(name)}`),
            sql`, `,
          )
        : sql`1 AS done`;
    const statement = sql`WITH ${ctes} SELECT ${selected}`;
    const client = pgClientOf(executor);
    let rows: Record<string, unknown>[];
    if (client) {
      // The text depends only on which parts are present, never on the data: a few shapes, each
      // prepared once per connection.
      const query = dialect.sqlToQuery(statement);
      const written = preparedQuery(client, query.sql, query.params);
      if (options.commit && inBatchTransaction.has(client)) {
        committing.add(client);
        const [result, committed] = await Promise.allSettled([written, client.query("COMMIT")]);
        if (result.status === "rejected") throw result.reason;
        if (committed.status === "rejected") throw committed.reason;
        rows = result.value.rows;
      } else {
        rows = (await written).rows;
      }
    } else {
      const result = await executor.execute(statement);
      rows = (result as unknown as { rows?: Record<string, unknown>[] }).rows ?? [];
    }
    row = rows[0] ?? {};
  }
  return writes.map((write) => write.read(row)) as never;
}

// Connections in a batchTransaction right now.
const inBatchTransaction = new WeakSet<pg.ClientBase>();

/**
 * Thrown by batchTransaction for an error raised after its commit: the batch's writes stand. The
 * error is kept in `error`, not as `cause`, so nothing that looks down a cause chain for a
 * retryable SQLSTATE (db/retry.ts) ever runs a committed batch again.
 */
export class ErrorAfterCommit extends Error {
  constructor(readonly error: unknown) {
    super("the batch committed, then failed");
  }
}

// A drizzle database over one pooled connection, made once per connection.
const overConnection = new WeakMap<pg.PoolClient, Database>();

/**
 * `db.transaction(work)` for a batch on the hot path. On PostgreSQL the BEGIN is queued on the
 * connection, not awaited: the work's first statements follow it in the same round of the event
 * loop (node-postgres sends them one after another, in order). `work` gets a drizzle database over
 * that one connection, which every repository takes as a transaction; it must not open a nested
 * transaction. Elsewhere (PGlite), `db.transaction`.
 */
export async function batchTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const pool = (db as unknown as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) return db.transaction(work);
  const client = await pool.connect();
  let tx = overConnection.get(client);
  if (!tx) {
    tx = drizzle(client, { schema }) as unknown as Database;
    overConnection.set(client, tx);
  }
  // Pipeline mode (node-postgres 8.23): a statement is sent as soon as it is queued, not when the one
  // before it has been answered. PostgreSQL still runs them one after another, in order, each with
  // a snapshot taken when it starts; one that fails leaves the transaction aborted, so the ones
  // behind it fail too, and a COMMIT behind it rolls back.
  const pipelined = client as pg.PoolClient & { pipeline: boolean };
  pipelined.pipeline = true;
  const begun = client.query("BEGIN");
  inBatchTransaction.add(client);
  committing.delete(client);
  // Set when ROLLBACK fails: the connection is broken and the pool must discard it.
  let broken: Error | undefined;
  try {
    const result = await work(tx as unknown as Transaction);
    await begun;
    if (!committing.has(client)) await client.query("COMMIT");
    return result;
  } catch (error) {
    await begun.catch(() => undefined);
    // A COMMIT that runWrites queued behind a failed statement rolled back; after a statement that
    // succeeded it committed, and what failed since must not make the caller write it again.
    const committedFirst = committing.has(client) && !(error instanceof pg.DatabaseError);
    pipelined.pipeline = false;
    // Without an open transaction PostgreSQL answers ROLLBACK with a warning only.
    broken = await client.query("ROLLBACK").then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    throw committedFirst ? new ErrorAfterCommit(error) : error;
  } finally {
    inBatchTransaction.delete(client);
    committing.delete(client);
    pipelined.pipeline = false;
    client.release(broken);
  }
}
