import { and, eq, sql } from "drizzle-orm";
import type { BillTo } from "../../../core/invoice-document.js";
import { booleanOf } from "../../db/adapter.js";
import type { Executor } from "../../db/client.js";
import { changeRequests, creditBalances, organizations, subscriptions, users } from "../../db/schema.js";
import { billToOfJson } from "../billing-info/billing-info.repository.js";
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
  /** The billing info the quote's tax is computed for, as an invoice issued now would be. */
  billTo: BillTo | null;
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
      )})`.mapWith(booleanOf),
      cycleEnd: creditBalances.cycleEnd,
      billingProfile: sql<unknown>`(SELECT row_to_json(p) FROM billing_profiles p WHERE p.organization_id = ${organizationId})`,
    })
    .from(subscriptions)
    .innerJoin(organizations, eq(organizations.id, subscriptions.organizationId))
    .leftJoin(creditBalances, eq(creditBalances.organizationId, subscriptions.organizationId))
    .where(eq(subscriptions.organizationId, organizationId));
  if (!result) return undefined;
  return snapshotOf(
    { row: result.subscription, organization: result.organization },
    {
      activeUsers: result.activeUsers,
      changeRequestPending: result.pending,
      cycleEnd: result.cycleEnd,
      billTo: billToOfJson(result.billingProfile),
    },
  );
}

/** When the next renewal or credit reset falls due: the earlier of the period's and the cycle's ends. */
export function dueAtOf(periodEnd: Date, cycleEnd: Date | null | undefined): number {
  return Math.min(periodEnd.getTime(), cycleEnd?.getTime() ?? Number.POSITIVE_INFINITY);
}

/** A snapshot from a subscription row and what a change reads beside it (as a quote needs it). */
export function snapshotOf(locked: LockedSubscription, context: ChangeContext): SubscriptionSnapshot {
  return {
    loaded: { ...locked, state: stateOf(locked, context.activeUsers) },
    pendingChangeRequest: context.changeRequestPending,
    dueAt: dueAtOf(locked.row.periodEnd, context.cycleEnd),
    billTo: context.billTo,
  };
}
