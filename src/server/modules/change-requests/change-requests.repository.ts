import { and, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { findOwnRow, onlyRow } from "../../db/rows.js";
import { apiKeys, changeRequests, users } from "../../db/schema.js";

export type ChangeRequestRow = typeof changeRequests.$inferSelect;
export type ChangeRequestStatus = ChangeRequestRow["status"];

export async function findPendingRequest(executor: Executor, organizationId: string) {
  const [row] = await executor
    .select()
    .from(changeRequests)
    .where(and(eq(changeRequests.organizationId, organizationId), eq(changeRequests.status, "pending")));
  return row;
}

export async function lockRequest(executor: Executor, organizationId: string, id: string) {
  return findOwnRow(executor, changeRequests, organizationId, id, { lock: true });
}

export async function findRequest(executor: Executor, organizationId: string, id: string) {
  return findOwnRow(executor, changeRequests, organizationId, id);
}

export async function listRequests(
  executor: Executor,
  organizationId: string,
  filter: { status?: ChangeRequestStatus | undefined; limit: number },
) {
  return executor
    .select()
    .from(changeRequests)
    .where(
      and(
        eq(changeRequests.organizationId, organizationId),
        filter.status ? eq(changeRequests.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(changeRequests.requestedAt), desc(changeRequests.id))
    .limit(filter.limit);
}

/** The most recent request that was decided (approved, rejected or withdrawn). */
export async function findLastDecided(executor: Executor, organizationId: string) {
  const [row] = await executor
    .select()
    .from(changeRequests)
    .where(
      and(
        eq(changeRequests.organizationId, organizationId),
        ne(changeRequests.status, "pending"),
        isNotNull(changeRequests.decidedAt),
      ),
    )
    .orderBy(desc(changeRequests.decidedAt), desc(changeRequests.requestedAt))
    .limit(1);
  return row;
}

export async function insertRequest(executor: Executor, values: typeof changeRequests.$inferInsert) {
  return onlyRow(await executor.insert(changeRequests).values(values).returning(), "change request insert");
}

export async function decideRequest(
  executor: Executor,
  id: string,
  decision: Pick<
    ChangeRequestRow,
    "status" | "decidedByType" | "decidedById" | "decidedAt" | "reason" | "invoiceId"
  >,
) {
  const [row] = await executor
    .update(changeRequests)
    .set(decision)
    .where(eq(changeRequests.id, id))
    .returning();
  if (!row) throw new Error("change request vanished while locked");
  return row;
}

/** Names of the people (or API keys) that requested or decided, in two queries at most. */
export async function actorNames(executor: Executor, organizationId: string, rows: ChangeRequestRow[]) {
  const ids = new Set<string>();
  for (const row of rows) {
    ids.add(row.requestedById);
    if (row.decidedById) ids.add(row.decidedById);
  }
  const names = new Map<string, { id: string; name: string; email: string | null }>();
  if (ids.size === 0) return names;
  const uuids = [...ids].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length === 0) return names;
  const [people, keys] = await Promise.all([
    executor
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), inArray(users.id, uuids))),
    executor
      .select({ id: apiKeys.id, name: apiKeys.name })
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, organizationId), inArray(apiKeys.id, uuids))),
  ]);
  for (const person of people) names.set(person.id, person);
  for (const key of keys) names.set(key.id, { id: key.id, name: `API key "${key.name}"`, email: null });
  return names;
}

/** The e-mail of the user who submitted a request (none when an API key did). */
export async function findRequesterEmail(executor: Executor, id: string) {
  const [row] = await executor
    .select({ email: users.email })
    .from(changeRequests)
    .innerJoin(
      users,
      and(
        eq(sql`${users.id}::text`, changeRequests.requestedById),
        eq(users.organizationId, changeRequests.organizationId),
      ),
    )
    .where(and(eq(changeRequests.id, id), eq(changeRequests.requestedByType, "user")));
  return row?.email ?? null;
}
