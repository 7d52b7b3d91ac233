import type { AppDeps } from "../../context.js";
import { bringUpToDate } from "../../jobs/bring-up-to-date.js";
import { loadSubscriptionSnapshot, type SubscriptionSnapshot } from "./load-subscription-snapshot.js";

/**
 * The load of a quote and of GET /subscription: the organization's snapshot, from the cache when it
 * holds a current one. Its up-to-date step: when the snapshot shows a renewal or a credit reset due
 * at `now`, that runs first (in its own transaction) and the snapshot is read again, so a lagging
 * scheduler never shows a customer a stale period. Nothing more when nothing is due.
 */
export async function subscriptionSnapshot(
  deps: AppDeps,
  organizationId: string,
  now: Date,
): Promise<SubscriptionSnapshot | undefined> {
  const cache = deps.caches.subscriptions;
  const cached = cache.get(organizationId);
  if (cached && now.getTime() < cached.dueAt) return cached;
  if (cached) await bringUpToDate(deps, organizationId, now, cached.dueAt);
  const ticket = cache.ticket();
  const loaded = await loadSubscriptionSnapshot(deps.db, organizationId);
  if (!loaded) return undefined;
  if (await bringUpToDate(deps, organizationId, now, loaded.dueAt)) {
    return loadSubscriptionSnapshot(deps.db, organizationId);
  }
  cache.set(organizationId, organizationId, loaded, ticket);
  return loaded;
}
