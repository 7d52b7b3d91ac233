import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { findOwnRow, onlyRow } from "../../db/rows.js";
import { users } from "../../db/schema.js";
import type { MemberRole } from "../auth/principal.js";

export type UserRow = typeof users.$inferSelect;

export async function listUsers(executor: Executor, organizationId: string) {
  return executor
    .select()
    .from(users)
    .where(eq(users.organizationId, organizationId))
    .orderBy(asc(users.createdAt), asc(users.id));
}

export async function findUser(executor: Executor, organizationId: string, id: string) {
  return findOwnRow(executor, users, organizationId, id);
}

/** The member an identity is in an organization while that membership is active; undefined if none. */
export async function findActiveMembership(executor: Executor, authUserId: string, organizationId: string) {
  const [member] = await executor
    .select({ id: users.id, organizationId: users.organizationId, role: users.role })
    .from(users)
    .where(
      and(
        eq(users.authUserId, authUserId),
        eq(users.organizationId, organizationId),
        eq(users.status, "active"),
      ),
    );
  return member;
}

export async function findUserByEmail(executor: Executor, organizationId: string, email: string) {
  const [row] = await executor
    .select()
    .from(users)
    .where(and(eq(users.organizationId, organizationId), sql`lower(${users.email}) = lower(${email})`));
  return row;
}

/** Active users, and how many of them are admins. */
export async function countActiveUsers(executor: Executor, organizationId: string) {
  const [row] = await executor
    .select({
      active: sql<number>`count(*)::int`,
      admins: sql<number>`count(*) FILTER (WHERE ${users.role} = 'admin')::int`,
    })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.status, "active")));
  return { active: Number(row?.active ?? 0), admins: Number(row?.admins ?? 0) };
}

export async function insertUser(
  executor: Executor,
  values: { organizationId: string; email: string; name: string; role: MemberRole; now: Date },
) {
  const rows = await executor
    .insert(users)
    .values({
      organizationId: values.organizationId,
      email: values.email,
      name: values.name,
      role: values.role,
      status: "active",
      createdAt: values.now,
    })
    .returning();
  return onlyRow(rows, "user insert");
}

export async function updateUser(
  executor: Executor,
  row: UserRow,
  changes: Partial<Pick<UserRow, "role" | "status" | "deactivatedAt">>,
) {
  const [updated] = await executor
    .update(users)
    .set(changes)
    .where(and(eq(users.organizationId, row.organizationId), eq(users.id, row.id)))
    .returning();
  if (!updated) throw new Error("user vanished while its organization was locked");
  return updated;
}

export type UserDto = ReturnType<typeof toUserDto>;

export function toUserDto(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
  };
}

/** The active users' e-mail addresses of each organization, by role, sorted (who gets mail). */
export async function activeMailboxes(executor: Executor, organizationIds: readonly string[]) {
  const found = new Map<string, { admins: string[]; billing: string[] }>();
  if (organizationIds.length === 0) return found;
  const rows = await executor
    .select({ organizationId: users.organizationId, email: users.email, role: users.role })
    .from(users)
    .where(and(inArray(users.organizationId, [...new Set(organizationIds)]), eq(users.status, "active")))
    .orderBy(asc(users.email));
  for (const row of rows) {
    const boxes = found.get(row.organizationId) ?? { admins: [], billing: [] };
    if (row.role === "admin") boxes.admins.push(row.email);
    if (row.role === "billing") boxes.billing.push(row.email);
    found.set(row.organizationId, boxes);
  }
  return found;
}
