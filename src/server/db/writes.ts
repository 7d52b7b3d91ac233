import { type SQL, sql } from "drizzle-orm";
import { runStatement } from "./adapter.js";
import type { Executor } from "./client.js";

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
 * Runs the writes in one statement and returns each one's `read` result, in order.
 *
 * With `{ commit: true }` inside `batchTransaction` the COMMIT may be queued right behind the
 * statement (db/adapter.ts): the statement must be the transaction's last, and every check of what
 * it wrote must be in it (`expectCount`), since `read` runs after the commit.
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
    const rows = await runStatement(executor, statement, { commit: options.commit === true });
    row = rows[0] ?? {};
  }
  return writes.map((write) => write.read(row)) as never;
}
