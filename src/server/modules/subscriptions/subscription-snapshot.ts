import { afterCommit } from "../../cache/after-commit.js";
import type { AppDeps, Caller } from "../../context.js";
import { bringUpToDate } from "../../jobs/bring-up-to-date.js";
import { loadSubscriptionSnapshot, type SubscriptionSnapshot } from "./load-subscription-snapshot.js";

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
    await bringUpToDate(deps, organizationId, now);
    afterCommit(deps.caches, { organizations: [organizationId] });
  }
  const ticket = cache.ticket();
  const loaded = await loadSubscriptionSnapshot(deps.db, organizationId);
  if (!loaded) return undefined;
  if (now.getTime() >= loaded.dueAt) {
    await bringUpToDate(deps, organizationId, now);
    afterCommit(deps.caches, { organizations: [organizationId] });
    return loadSubscriptionSnapshot(deps.db, organizationId);
  }
  cache.set(organizationId, organizationId, loaded, ticket);
  return loaded;
}

/** Before a quote, a change or a change request: the caller's organization is brought up to date. */
export async function bringCallerUpToDate(deps: AppDeps, caller: Caller): Promise<void> {
  if (caller.principal.kind === "member")
    await subscriptionSnapshot(deps, caller.principal.organizationId, deps.clock.now());
}
