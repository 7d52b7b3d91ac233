import { type SQL, sql } from "drizzle-orm";
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

/** Runs the writes in one statement and returns each one's `read` result, in order. */
export async function runWrites<const W extends readonly Writes<unknown>[]>(
  executor: Executor,
  writes: W,
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
    const result = await executor.execute(sql`WITH ${ctes} SELECT ${selected}`);
    const rows = (result as unknown as { rows?: Record<string, unknown>[] }).rows ?? [];
    row = rows[0] ?? {};
  }
  return writes.map((write) => write.read(row)) as never;
}
