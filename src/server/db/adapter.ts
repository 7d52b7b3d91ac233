import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Database, Executor, Transaction } from "./client.js";
import * as schema from "./schema.js";

/*
 * The one module that knows the driver: PGlite or node-postgres, how rows come back (booleans as
 * "t", instants as text, bigints as strings on a raw statement), pipelining, prepared statements,
 * and every reach into a library's internals (drizzle's `session.client` and `$client`, pg-pool's
 * `_clients`). Repositories and the machinery above them call these functions and hold no branch
 * on the database.
 */

/** The rows of a raw `executor.execute(...)` result (node-postgres and PGlite alike). */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/** Raw rows carry timestamps as text ("2026-01-01 00:00:00+00") on PGlite; this reads them exactly. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value)
    .replace(" ", "T")
    .replace(/([+-]\d\d)$/, "$1:00");
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${String(value)}`);
  return date;
}

/** A boolean of a raw row: node-postgres hands over `true`, PGlite's text protocol `"t"`. */
export function booleanOf(value: unknown): boolean {
  return value === true || value === "t";
}

/** The database's answer inside an error from node-postgres or PGlite, also when drizzle wrapped it. */
function databaseErrorOf(
  error: unknown,
): { code: string; constraint?: string; message?: string } | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint?: string; message?: string };
    if (typeof candidate.code === "string") return candidate as { code: string };
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The SQLSTATE of an error (see databaseErrorOf). */
export function sqlState(error: unknown): string | undefined {
  return databaseErrorOf(error)?.code;
}

/** A unique violation (23505), of `constraint` when one is named. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const answer = databaseErrorOf(error);
  if (answer?.code !== "23505") return false;
  return (
    constraint === undefined ||
    answer.constraint === constraint ||
    String(answer.message).includes(constraint)
  );
}

/** A JSON column's value: node-postgres parses jsonb, PGlite through drizzle may hand back its text. */
export function jsonOf(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** Whether the database serves several transactions at once (a pool), or one (PGlite). */
export function servesConcurrentTransactions(db: Database): boolean {
  return (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;
}

/** The connections a node-postgres pool holds right now (pg-pool's `_clients`). */
export function poolConnections(pool: pg.Pool): pg.PoolClient[] {
  return (pool as unknown as { _clients?: pg.PoolClient[] })._clients ?? [];
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
 * returns: statements sent one after another without awaiting run in that order. With `replan`
 * the statement runs unnamed, planned anew each time (see Statement.replan).
 */
export function preparedQuery(
  client: pg.ClientBase,
  text: string,
  values: readonly unknown[],
  options: { replan?: boolean } = {},
): Promise<pg.QueryResult<Record<string, unknown>>> {
  if (options.replan) return client.query<Record<string, unknown>>({ text, values: [...values] });
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

/**
 * Runs statements one after another in one transaction and returns each one's rows. On
 * node-postgres they are queued on the connection at once (sent as soon as the one before
 * completes, without a turn of the event loop between) as prepared statements; elsewhere they run
 * in turn. `$1` in a text is bound to the one value given with it (elsewhere inlined as a literal:
 * pass only values of our own, never caller text).
 */
export async function queryInTurn(
  executor: Executor,
  statements: readonly { text: string; value: string }[],
): Promise<Record<string, unknown>[][]> {
  const client = pgClientOf(executor);
  if (client) {
    const queries = statements.map(({ text, value }) => preparedQuery(client, text, [value]));
    // All settle; the first failure is reported (the later ones then fail in the aborted transaction).
    const results = await Promise.allSettled(queries);
    return results.map((result) => {
      if (result.status === "rejected") throw result.reason;
      return result.value.rows;
    });
  }
  const rows: Record<string, unknown>[][] = [];
  for (const { text, value } of statements) {
    if (value.includes("'")) throw new Error("queryInTurn: a value of our own, without quotes");
    rows.push(rowsOf(await executor.execute(sql.raw(text.replace("$1", `'${value}'`)))));
  }
  return rows;
}

/** A statement (none: nothing to run) and what its rows come to. */
export interface Statement<T> {
  sql: SQL | undefined;
  read(rows: Record<string, unknown>[]): T;
  /**
   * Plan it anew on every run instead of preparing it once per connection. For a statement whose
   * best plan depends on how big a table has grown: PostgreSQL keeps a prepared statement's
   * generic plan (made from its sixth run) until the table's statistics change, and a plan made
   * while the table was small (a scan instead of an index probe) stays in use as it grows
   * (decision 0105).
   */
  replan?: boolean;
}

/**
 * Runs statements one after another in one transaction and returns what each one's rows come to, like
 * queryInTurn but for any statements (their values bound as parameters): on node-postgres all are
 * queued on the connection at once, as prepared statements (inside `batchTransaction` they are
 * sent without waiting for the answers before them; PostgreSQL still runs each after the one
 * before has finished, with a snapshot of its own). Elsewhere they run in turn.
 */
export async function runInTurn<const S extends readonly Statement<unknown>[]>(
  executor: Executor,
  statements: S,
): Promise<{ [K in keyof S]: S[K] extends Statement<infer T> ? T : never }> {
  const client = pgClientOf(executor);
  const rows: Record<string, unknown>[][] = [];
  if (!client) {
    for (const statement of statements)
      rows.push(statement.sql ? rowsOf(await executor.execute(statement.sql)) : []);
  } else {
    const queries = statements.map((statement) => {
      if (!statement.sql) return Promise.resolve({ rows: [] as Record<string, unknown>[] });
      const query = dialect.sqlToQuery(statement.sql);
      return preparedQuery(client, query.sql, query.params, { replan: statement.replan === true });
    });
    // All settle; the first failure is reported (the later ones then fail in the aborted transaction).
    for (const result of await Promise.allSettled(queries)) {
      if (result.status === "rejected") throw result.reason;
      rows.push(result.value.rows);
    }
  }
  return statements.map((statement, index) => statement.read(rows[index] ?? [])) as never;
}

/**
 * Two reads as ONE statement (a statement costs a round of its own: ~1 ms on PGlite): their rows
 * come back as JSON (`to_jsonb`, so instants as ISO text and bigints as numbers, which `toDate`
 * and `Number` read alike), tagged with the read they belong to. Both run in one snapshot, after
 * whatever ran before them. A read without a statement adds nothing.
 */
export function readTogether<A, B>(first: Statement<A>, second: Statement<B>): Statement<[A, B]> {
  // Planned anew when either part must be (decision 0105): one kept plan would cover both.
  const replan = first.replan === true || second.replan === true;
  if (!first.sql || !second.sql) {
    return {
      replan,
      sql: first.sql ?? second.sql,
      read: (rows) => [first.read(first.sql ? rows : []), second.read(second.sql ? rows : [])],
    };
  }
  return {
    replan,
    sql: sql`SELECT 0 AS part, to_jsonb(r) AS row FROM (${first.sql}) r
      UNION ALL SELECT 1, to_jsonb(r) FROM (${second.sql}) r`,
    read: (rows) => {
      const parts: Record<string, unknown>[][] = [[], []];
      for (const row of rows) parts[Number(row.part)]?.push(jsonOf(row.row) as Record<string, unknown>);
      return [first.read(parts[0] ?? []), second.read(parts[1] ?? [])];
    },
  };
}

/**
 * Runs one statement and returns its rows: prepared on node-postgres (its text depends only on the
 * shape of the writes, never on the data: a few shapes, each prepared once per connection). With
 * `commit` inside `batchTransaction` on PostgreSQL, the COMMIT is queued right behind it (one turn
 * of the event loop for both). Should the statement fail, PostgreSQL answers that COMMIT with a
 * rollback.
 */
export async function runStatement(
  executor: Executor,
  statement: SQL,
  options: { commit: boolean },
): Promise<Record<string, unknown>[]> {
  const client = pgClientOf(executor);
  if (!client) {
    const result = await executor.execute(statement);
    return (result as unknown as { rows?: Record<string, unknown>[] }).rows ?? [];
  }
  const query = dialect.sqlToQuery(statement);
  const written = preparedQuery(client, query.sql, query.params);
  if (!(options.commit && inBatchTransaction.has(client))) return (await written).rows;
  committing.add(client);
  const [result, committed] = await Promise.allSettled([written, client.query("COMMIT")]);
  if (result.status === "rejected") throw result.reason;
  if (committed.status === "rejected") throw committed.reason;
  return result.value.rows;
}

// Connections whose COMMIT runWrites queued (batchTransaction then does not send its own).
const committing = new WeakSet<pg.ClientBase>();

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
