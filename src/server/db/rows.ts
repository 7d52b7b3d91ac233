import { and, eq, type InferSelectModel, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./client.js";

/** A table of one organization's rows, each with its own id. */
type OrganizationTable = PgTable & { organizationId: AnyPgColumn; id: AnyPgColumn };

/**
 * The condition of every read by id: the row is this id's and the organization's, so another
 * organization's id reads as nothing (tenants never see each other's data).
 */
export function ownRow(table: OrganizationTable, organizationId: string, id: string): SQL {
  return and(eq(table.organizationId, organizationId), eq(table.id, id)) as SQL;
}

/** The organization's row of that id, locked for the transaction with `lock`; undefined if none. */
export async function findOwnRow<T extends OrganizationTable>(
  executor: Executor,
  table: T,
  organizationId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<InferSelectModel<T> | undefined> {
  const query = executor
    .select()
    .from(table as PgTable)
    .where(ownRow(table, organizationId, id));
  const [row] = options.lock ? await query.for("update") : await query;
  return row as InferSelectModel<T> | undefined;
}

/** The row a statement that writes exactly one returns (INSERT … RETURNING): none is our bug. */
export function onlyRow<T>(rows: readonly T[], statement: string): T {
  const [row] = rows;
  if (!row) throw new Error(`${statement} returned nothing`);
  return row;
}
