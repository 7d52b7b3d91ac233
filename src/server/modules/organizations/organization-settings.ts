import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AppDeps, Caller } from "../../context.js";
import { auditActor } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { organizations, users } from "../../db/schema.js";
import { notFound } from "../../http/errors.js";
import { recordAudit } from "../audit/audit.repository.js";
import { allPermissions, authorize, can } from "../auth/principal.js";

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

/** Who the caller is, in which organization, and what the UI should offer them. */
export async function getMe(deps: AppDeps, caller: Caller) {
  const principal = caller.principal;
  if (principal.kind !== "member") return { operator: true };
  const organization = await findOrganization(deps, principal.organizationId);
  const [user] =
    principal.actorType === "user"
      ? await deps.db.select().from(users).where(eq(users.id, principal.actorId))
      : [];
  return {
    user: user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null,
    apiKey: principal.actorType === "api_key" ? { id: principal.actorId, role: principal.role } : null,
    role: principal.role,
    organization: toOrganizationDto(organization),
    permissions: allPermissions.filter((permission) => can(principal, permission)),
    mustRequestApproval: organization.requireApproval && principal.role === "billing",
  };
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
    organizationId: principal.organizationId,
    ...auditActor(caller),
    action: "organization.settings_changed",
    entityType: "organization",
    entityId: after.id,
    before: toOrganizationDto(before),
    after: toOrganizationDto(after),
    occurredAt: deps.clock.now(),
  });
  return toOrganizationDto(after);
}
