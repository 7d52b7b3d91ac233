import { messages } from "../../../core/errors.js";
import type { ScheduledChange } from "../../../core/plan-change.js";
import { publicOrigin } from "../../config.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { AppError, notFound } from "../../errors.js";
import { existingId } from "../../validation/ids.js";
import { recordAudit } from "../audit/audit.repository.js";
import { endSessions } from "../auth/better-auth.js";
import { authorize, type OrganizationPrincipal } from "../auth/principal.js";
import { createInvitation } from "../invitations/invitations.service.js";
import { loadSubscription, scheduledOf } from "../subscriptions/subscriptions.repository.js";
import {
  countActiveUsers,
  findUser,
  findUserByEmail,
  insertUser,
  listUsers,
  toUserDto,
  type UserDto,
  type UserRow,
  updateUser,
} from "./users.repository.js";
import type { ChangeRoleBody, CreateUserBody } from "./users.schemas.js";

export async function getUsers(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "users.read");
  const [rows, loaded] = await Promise.all([
    listUsers(deps.db, principal.organizationId),
    loadSubscription(deps.db, principal.organizationId, { lock: false }),
  ]);
  const active = rows.filter((row) => row.status === "active").length;
  return { data: rows.map(toUserDto), seats: { total: loaded?.row.seats ?? 0, used: active } };
}

/**
 * Locks the subscription row: every change to who holds a seat or who is admin goes through this
 * lock, so a concurrent seat decrease, user add or demotion waits its turn. The users are counted
 * after the lock is granted: the count read by the locking statement itself comes from a snapshot
 * taken before the wait, and misses a user added by the transaction it waited on.
 */
async function lockOrganization(tx: Transaction, organizationId: string) {
  const loaded = await loadSubscription(tx, organizationId, { lock: true });
  if (!loaded) throw notFound("The subscription");
  const counts = await countActiveUsers(tx, organizationId);
  return { seats: loaded.row.seats, scheduled: scheduledOf(loaded.row), ...counts };
}

function requireFreeSeat(seats: number, active: number, scheduled: ScheduledChange | null = null) {
  // A decrease stands: a user beyond the scheduled seats would lose their seat at the renewal.
  if (scheduled && active >= scheduled.seats) {
    throw new AppError(
      "decrease_scheduled",
      messages.decreaseScheduled(scheduled.seats, scheduled.effectiveAt),
      409,
      undefined,
      {
        scheduledSeats: scheduled.seats,
        effectiveAt: scheduled.effectiveAt.toISOString(),
        activeUsers: active,
      },
    );
  }
  if (active >= seats) {
    throw new AppError("seats_exhausted", messages.seatsExhausted(seats), 422, undefined, {
      seats,
      activeUsers: active,
    });
  }
}

function requireAnotherAdmin(user: UserRow, admins: number, action: string) {
  if (user.status === "active" && user.role === "admin" && admins <= 1) {
    throw new AppError(
      "last_admin",
      `${user.email} is the organization's only active admin and cannot be ${action}. Make another user admin first.`,
      409,
    );
  }
}

async function lockedUser(tx: Transaction, principal: OrganizationPrincipal, id: string) {
  const userId = existingId(id, "The user");
  const counts = await lockOrganization(tx, principal.organizationId);
  const user = await findUser(tx, principal.organizationId, userId);
  if (!user) throw notFound("The user");
  return { user, counts };
}

async function audited(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  principal: OrganizationPrincipal,
  change: { action: string; before: UserRow | null; after: UserRow },
): Promise<UserDto> {
  const after = toUserDto(change.after);
  await recordAudit(tx, {
    ...auditBy(caller, principal.organizationId),
    action: change.action,
    entityType: "user",
    entityId: change.after.id,
    before: change.before ? toUserDto(change.before) : null,
    after,
    occurredAt: deps.clock.now(),
  });
  return after;
}

export async function createUser(tx: Transaction, deps: AppDeps, caller: Caller, input: CreateUserBody) {
  const principal = authorize(caller.principal, "users.manage");
  const counts = await lockOrganization(tx, principal.organizationId);
  const existing = await findUserByEmail(tx, principal.organizationId, input.email);
  if (existing) {
    const hint = existing.status === "deactivated" ? " Reactivate that user instead." : "";
    throw new AppError(
      "user_exists",
      `A user with the e-mail ${existing.email} already exists in this organization.${hint}`,
      409,
      "email",
    );
  }
  requireFreeSeat(counts.seats, counts.active, counts.scheduled);
  const row = await insertUser(tx, {
    organizationId: principal.organizationId,
    email: input.email,
    name: input.name,
    role: input.role,
    now: deps.clock.now(),
  });
  const user = await audited(tx, deps, caller, principal, {
    action: "user.created",
    before: null,
    after: row,
  });
  const invitation = await createInvitation(tx, {
    organizationId: principal.organizationId,
    user: row,
    createdBy: principal.actorId,
    now: deps.clock.now(),
    origin: publicOrigin(deps.config),
  });
  return { ...user, invitation };
}

/** Frees the user's seat. Deactivating a deactivated user changes nothing. */
export async function deactivateUser(tx: Transaction, deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "users.manage");
  const { user, counts } = await lockedUser(tx, principal, id);
  if (user.status === "deactivated") return toUserDto(user);
  requireAnotherAdmin(user, counts.admins, "deactivated");
  const row = await updateUser(tx, user, { status: "deactivated", deactivatedAt: deps.clock.now() });
  // Sessions acting on this organization end with the deactivation, in the same transaction;
  // the same person stays signed in to their other organizations.
  await endSessions(tx, user.authUserId, user.organizationId);
  return audited(tx, deps, caller, principal, { action: "user.deactivated", before: user, after: row });
}

/** Takes a seat again, so it needs a free one. Reactivating an active user changes nothing. */
export async function reactivateUser(tx: Transaction, deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "users.manage");
  const { user, counts } = await lockedUser(tx, principal, id);
  if (user.status === "active") return toUserDto(user);
  requireFreeSeat(counts.seats, counts.active, counts.scheduled);
  const row = await updateUser(tx, user, { status: "active", deactivatedAt: null });
  return audited(tx, deps, caller, principal, { action: "user.reactivated", before: user, after: row });
}

export async function changeUserRole(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  id: string,
  input: ChangeRoleBody,
) {
  const principal = authorize(caller.principal, "users.manage");
  const { user, counts } = await lockedUser(tx, principal, id);
  if (user.role === input.role) return toUserDto(user);
  if (input.role !== "admin") requireAnotherAdmin(user, counts.admins, "demoted");
  const row = await updateUser(tx, user, { role: input.role });
  return audited(tx, deps, caller, principal, { action: "user.role_changed", before: user, after: row });
}
