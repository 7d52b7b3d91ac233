import { and, count, eq } from "drizzle-orm";
import type { NextState, SubscriptionState } from "../../../core/plan-change.js";
import type { Executor } from "../../db/client.js";
import { organizations, subscriptions, users } from "../../db/schema.js";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

export interface LoadedSubscription {
  row: SubscriptionRow;
  organization: { id: string; name: string; currency: string; requireApproval: boolean };
  state: SubscriptionState;
}

/**
 * Reads the subscription with its organization; with `lock`, the subscription row stays locked
 * until the transaction ends. Active users are counted in a second statement, after the lock is
 * held: a count taken in the locking statement comes from the snapshot before the wait, and could
 * miss a user added by the transaction that held the lock.
 */
export async function loadSubscription(
  executor: Executor,
  organizationId: string,
  options: { lock: boolean },
): Promise<LoadedSubscription | undefined> {
  const query = executor
    .select({
      subscription: subscriptions,
      organization: {
        id: organizations.id,
        name: organizations.name,
        currency: organizations.currency,
        requireApproval: organizations.requireApproval,
      },
    })
    .from(subscriptions)
    .innerJoin(organizations, eq(organizations.id, subscriptions.organizationId))
    .where(eq(subscriptions.organizationId, organizationId));
  const [result] = options.lock ? await query.for("update", { of: subscriptions }) : await query;
  if (!result) return undefined;
  const [active] = await executor
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.status, "active")));
  const row = result.subscription;
  return {
    row,
    organization: result.organization,
    state: {
      currency: result.organization.currency,
      seats: row.seats,
      additionalCreditBlocks: row.additionalCreditBlocks,
      scheduledCreditBlocks: row.scheduledCreditBlocks,
      interval: row.interval,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      accountCredit: row.accountCredit,
      activeUsers: Number(active?.value ?? 0),
    },
  };
}

export async function saveSubscription(
  executor: Executor,
  row: SubscriptionRow,
  next: NextState & { anchorAt: Date },
  now: Date,
): Promise<SubscriptionRow> {
  const [updated] = await executor
    .update(subscriptions)
    .set({
      seats: next.seats,
      additionalCreditBlocks: next.additionalCreditBlocks,
      scheduledCreditBlocks: next.scheduledCreditBlocks,
      interval: next.interval,
      anchorAt: next.anchorAt,
      periodStart: next.periodStart,
      periodEnd: next.periodEnd,
      accountCredit: next.accountCredit,
      version: row.version + 1,
      updatedAt: now,
    })
    .where(eq(subscriptions.id, row.id))
    .returning();
  if (!updated) throw new Error("subscription vanished while locked");
  return updated;
}
