import { inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { organizations } from "../../db/schema.js";

/** The names of the given organizations, by id. */
export async function organizationNames(executor: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await executor
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}
