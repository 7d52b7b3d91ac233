import { and, eq, sql } from "drizzle-orm";
import type { AppDeps } from "../../context.js";
import type { Executor } from "../../db/client.js";
import { changeRequests, creditBalances, organizations, subscriptions, users } from "../../db/schema.js";
import { catchUpOrganization } from "../../jobs/run-due-work.js";
import {
  type ChangeContext,
  type LoadedSubscription,
  type LockedSubscription,
  stateOf,
  subscriptionWithOrganization,
} from "./subscriptions.repository.js";

/** What a quote reads: the subscription, its organization, and what guards a change. */
export interface SubscriptionSnapshot {
  loaded: LoadedSubscription;
  pendingChangeRequest: boolean;
  /** When the next renewal or credit reset falls due (epoch ms): a quote after it runs it first. */
  dueAt: number;
}

/**
 * One statement, no lock: a quote's view of the organization. A change re-reads all of it under
 * the subscription's row lock, so a quote never decides anything by itself.
 */
export async function loadSubscriptionSnapshot(
  executor: Executor,
  organizationId: string,
): Promise<SubscriptionSnapshot | undefined> {
  const [result] = await executor
    .select({
      ...subscriptionWithOrganization,
      activeUsers: sql<number>`(SELECT count(*) FROM ${users} WHERE ${and(
        eq(users.organizationId, organizationId),
        eq(users.status, "active"),
      )})`.mapWith(Number),
      pending: sql<boolean>`EXISTS (SELECT 1 FROM ${changeRequests} WHERE ${and(
        eq(changeRequests.organizationId, organizationId),
        eq(changeRequests.status, "pending"),
      )})`.mapWith((value: unknown) => value === true || value === "t"),
      cycleEnd: creditBalances.cycleEnd,
    })
    .from(subscriptions)
    .innerJoin(organizations, eq(organizations.id, subscriptions.organizationId))
    .leftJoin(creditBalances, eq(creditBalances.organizationId, subscriptions.organizationId))
    .where(eq(subscriptions.organizationId, organizationId));
  if (!result) return undefined;
  return snapshotOf(
    { row: result.subscription, organization: result.organization },
    { activeUsers: result.activeUsers, changeRequestPending: result.pending, cycleEnd: result.cycleEnd },
  );
}

/** A snapshot from a subscription row and what a change reads beside it (as a quote needs it). */
export function snapshotOf(locked: LockedSubscription, context: ChangeContext): SubscriptionSnapshot {
  return {
    loaded: { ...locked, state: stateOf(locked, context.activeUsers) },
    pendingChangeRequest: context.changeRequestPending,
    dueAt: Math.min(locked.row.periodEnd.getTime(), context.cycleEnd?.getTime() ?? Number.POSITIVE_INFINITY),
  };
}

/**
 * The organization's snapshot, from the cache when it holds a current one. When a renewal or a
 * credit reset is due at `now`, it runs first (in its own transaction), so a lagging scheduler
 * never shows a customer a stale period.
 */
export async function subscriptionSnapshot(
  deps: AppDeps,
  organizationId: string,
  now: Date,
): Promise<SubscriptionSnapshot | undefined> {
  const cache = deps.caches.subscriptions;
  const cached = cache.get(organizationId);
  if (cached && now.getTime() < cached.dueAt) return cached;
  if (cached) {
    await catchUpOrganization(deps, organizationId, now);
    cache.invalidate(organizationId);
  }
  const ticket = cache.ticket();
  const loaded = await loadSubscriptionSnapshot(deps.db, organizationId);
  if (!loaded) return undefined;
  if (now.getTime() >= loaded.dueAt) {
    await catchUpOrganization(deps, organizationId, now);
    cache.invalidate(organizationId);
    return loadSubscriptionSnapshot(deps.db, organizationId);
  }
  cache.set(organizationId, organizationId, loaded, ticket);
  return loaded;
}
