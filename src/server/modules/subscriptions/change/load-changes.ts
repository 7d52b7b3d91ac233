import type { AppDeps } from "../../../context.js";
import type { Transaction } from "../../../db/client.js";
import { bringUpToDateInTransaction } from "../../../jobs/bring-up-to-date.js";
import { dueAtOf } from "../load-subscription-snapshot.js";
import { lockSubscriptionsWithContexts, stateOf } from "../subscriptions.repository.js";
import type { ChangeItem, ChangeTarget } from "./change-item.js";

/**
 * Step 1 of a change batch, load: one statement locks every subscription (in id order), one reads
 * active users, pending requests, credit cycle ends and bill-tos; then the up-to-date step.
 * Undefined for an organization without a subscription.
 */
export async function loadChanges(
  tx: Transaction,
  deps: Pick<AppDeps, "clock" | "db" | "catalog" | "seller" | "caches">,
  items: readonly ChangeItem[],
  /** Filled with the organizations brought up to date here: the after-commit drops them. */
  caughtUp?: Set<string>,
): Promise<{ now: Date; targets: (ChangeTarget | undefined)[] }> {
  const organizationIds = items.map((item) => item.organizationId);
  if (new Set(organizationIds).size !== organizationIds.length) {
    throw new Error("executeChanges: one change per organization per batch");
  }
  let { locked, contexts } = await lockSubscriptionsWithContexts(tx, organizationIds);
  // Read the clock once the rows are ours: a renewal that committed while we waited has moved the
  // period, and "now" must not be older than what the locked rows already reflect.
  const now = deps.clock.now();
  // The up-to-date step: an organization whose locked rows show a renewal or a reset due has it
  // run here, in this transaction, and is read again (nothing more when nothing is due).
  const due = organizationIds.filter((organizationId) => {
    const row = locked.get(organizationId)?.row;
    return row && now.getTime() >= dueAtOf(row.periodEnd, contexts.get(organizationId)?.cycleEnd);
  });
  if (due.length > 0) {
    for (const organizationId of due) await bringUpToDateInTransaction(tx, deps, organizationId, now);
    ({ locked, contexts } = await lockSubscriptionsWithContexts(tx, organizationIds));
    for (const organizationId of due) caughtUp?.add(organizationId);
  }
  const targets = items.map((item) => {
    const subscription = locked.get(item.organizationId);
    const context = contexts.get(item.organizationId);
    if (!subscription || !context) return undefined;
    return { loaded: { ...subscription, state: stateOf(subscription, context.activeUsers) }, context };
  });
  return { now, targets };
}
