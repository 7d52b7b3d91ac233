import { and, asc, eq, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { authSessions, organizations, users } from "../../db/schema.js";
import { AppError, forbidden, notFound } from "../../errors.js";
import { recordAudit } from "../audit/audit.repository.js";
import { allPermissions, authorize, can } from "../auth/principal.js";
import { findActiveMembership } from "../users/users.repository.js";

export const settingsBody = z.strictObject({
  requireApproval: z.boolean({ error: "requireApproval must be true or false." }),
});

async function findOrganization(deps: AppDeps, id: string) {
  const [organization] = await deps.db.select().from(organizations).where(eq(organizations.id, id));
  if (!organization) throw notFound("The organization");
  return organization;
}

function toOrganizationDto(row: typeof organizations.$inferSelect) {
  return { id: row.id, name: row.name, currency: row.currency, requireApproval: row.requireApproval };
}

/** The organizations an identity is an active member of, with its role in each, by name. */
async function membershipsOf(deps: AppDeps, authUserId: string) {
  return deps.db
    .select({ id: organizations.id, name: organizations.name, role: users.role })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.authUserId, authUserId), eq(users.status, "active")))
    .orderBy(asc(organizations.name), asc(organizations.id));
}

/** Who the caller is, in which organization, and what the UI should offer them. */
export async function getMe(deps: AppDeps, caller: Caller) {
  const principal = caller.principal;
  if (principal.kind !== "member") return { operator: true as const };
  const organization = await findOrganization(deps, principal.organizationId);
  const [user] =
    principal.actorType === "user"
      ? await deps.db.select().from(users).where(eq(users.id, principal.actorId))
      : [];
  // A session may switch between these; an API key belongs to its one organization.
  const memberships = user?.authUserId
    ? await membershipsOf(deps, user.authUserId)
    : [{ id: organization.id, name: organization.name, role: principal.role }];
  return {
    user: user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null,
    apiKey: principal.actorType === "api_key" ? { id: principal.actorId, role: principal.role } : null,
    role: principal.role,
    organization: toOrganizationDto(organization),
    organizations: memberships,
    permissions: allPermissions.filter((permission) => can(principal, permission)),
    mustRequestApproval: organization.requireApproval && principal.role === "billing",
  };
}

export const switchOrganizationBody = z.strictObject({
  organizationId: z.uuid({ error: "organizationId must be the id of one of your organizations." }),
});

/**
 * Moves the caller's session to another organization it is an active member of (decision 0020).
 * The session row is updated only while that membership is active, in one statement. Nothing of
 * an organization changes, so it is not an audit event; it is logged.
 */
export async function switchOrganization(
  deps: AppDeps,
  caller: Caller,
  body: z.infer<typeof switchOrganizationBody>,
  log: FastifyBaseLogger,
) {
  const principal = caller.principal;
  if (principal.kind !== "member" || !principal.sessionId) {
    throw new AppError(
      "session_required",
      "Only a signed-in session switches organization; an API key belongs to one organization.",
      403,
    );
  }
  const [user] = await deps.db.select().from(users).where(eq(users.id, principal.actorId));
  if (!user?.authUserId) throw forbidden();
  const notMember = () =>
    new AppError("forbidden", "You are not an active member of that organization.", 403, "organizationId");
  const membership = await findActiveMembership(deps.db, user.authUserId, body.organizationId);
  if (!membership) throw notMember();
  const moved = await deps.db
    .update(authSessions)
    // updatedAt too: the next sign-in starts where the person last switched to.
    .set({ organizationId: body.organizationId, updatedAt: new Date() })
    .where(
      and(
        eq(authSessions.id, principal.sessionId),
        sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${membership.id} AND ${users.status} = 'active')`,
      ),
    )
    .returning({ id: authSessions.id });
  if (moved.length === 0) throw notMember();
  log.info(
    {
      event: "session.organization_switched",
      identity: user.authUserId,
      from: principal.organizationId,
      to: body.organizationId,
    },
    "session switched organization",
  );
  return getMe(deps, {
    ...caller,
    principal: {
      kind: "member",
      organizationId: body.organizationId,
      role: membership.role,
      actorType: "user",
      actorId: membership.id,
      sessionId: principal.sessionId,
    },
  });
}

export async function getOrganization(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "catalog.read");
  return toOrganizationDto(await findOrganization(deps, principal.organizationId));
}

/** "Require approval for subscription changes" (admin only), audited. */
export async function updateSettings(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  body: z.infer<typeof settingsBody>,
) {
  const principal = authorize(caller.principal, "change_requests.decide");
  const [before] = await tx
    .select()
    .from(organizations)
    .where(eq(organizations.id, principal.organizationId))
    .for("update");
  if (!before) throw notFound("The organization");
  if (before.requireApproval === body.requireApproval) return toOrganizationDto(before);
  const [after] = await tx
    .update(organizations)
    .set({ requireApproval: body.requireApproval })
    .where(eq(organizations.id, principal.organizationId))
    .returning();
  if (!after) throw notFound("The organization");
  await recordAudit(tx, {
    ...auditBy(caller, principal.organizationId),
    action: "organization.settings_changed",
    entityType: "organization",
    entityId: after.id,
    before: toOrganizationDto(before),
    after: toOrganizationDto(after),
    occurredAt: deps.clock.now(),
  });
  return toOrganizationDto(after);
}
