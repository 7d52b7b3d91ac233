import type { AppDeps } from "../../../context.js";
import type { Transaction } from "../../../db/client.js";
import { lockSubscriptionsWithContexts, stateOf } from "../subscriptions.repository.js";
import type { ChangeItem, ChangeTarget } from "./change-item.js";

/**
 * Step 1 of a change batch, load: one statement locks every subscription (in id order), one reads
 * active users, pending requests and bill-tos. Undefined for an organization without a subscription.
 */
export async function loadChanges(
  tx: Transaction,
  deps: Pick<AppDeps, "clock">,
  items: readonly ChangeItem[],
): Promise<{ now: Date; targets: (ChangeTarget | undefined)[] }> {
  const organizationIds = items.map((item) => item.organizationId);
  if (new Set(organizationIds).size !== organizationIds.length) {
    throw new Error("executeChanges: one change per organization per batch");
  }
  const { locked, contexts } = await lockSubscriptionsWithContexts(tx, organizationIds);
  // Read the clock once the rows are ours: a renewal that committed while we waited has moved the
  // period, and "now" must not be older than what the locked rows already reflect.
  const now = deps.clock.now();
  const targets = items.map((item) => {
    const subscription = locked.get(item.organizationId);
    const context = contexts.get(item.organizationId);
    if (!subscription || !context) return undefined;
    return { loaded: { ...subscription, state: stateOf(subscription, context.activeUsers) }, context };
  });
  return { now, targets };
}
