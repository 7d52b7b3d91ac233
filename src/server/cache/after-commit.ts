import type { SubscriptionSnapshot } from "../modules/subscriptions/load-subscription-snapshot.js";
import type { Caches } from "./caches.js";

/**
 * What a committed unit of work touched: the organizations whose cached views it changed ("all"
 * when it may have changed any), whether it changed their API keys, and the quote snapshots it
 * left (written through instead of dropped, taken under `ticket`).
 */
export interface Touched {
  organizations: readonly string[] | "all";
  apiKeys?: boolean;
  snapshots?: { ticket: number; byOrganization: ReadonlyMap<string, SubscriptionSnapshot> };
}

/**
 * The one owner of what happens after a commit in this process: the caches drop (or take) what
 * the unit of work touched, and event delivery is woken (the commit may have written outbox
 * events). Other processes learn of the same commit from the database itself (the triggers of
 * migrations 0005, 0007 and 0011 notify on commit; cache-invalidation.ts listens). Call it only
 * once the transaction has committed.
 */
export function afterCommit(
  caches: (Pick<Caches, "subscriptions"> & Partial<Pick<Caches, "apiKeys" | "events">>) | undefined,
  touched: Touched,
): void {
  if (!caches) return;
  caches.events?.wake();
  if (touched.organizations === "all") {
    caches.subscriptions.clear();
    if (touched.apiKeys) caches.apiKeys?.clear();
    return;
  }
  for (const organizationId of touched.organizations) {
    const snapshot = touched.snapshots?.byOrganization.get(organizationId);
    if (snapshot && touched.snapshots)
      caches.subscriptions.replace(organizationId, organizationId, snapshot, touched.snapshots.ticket);
    else caches.subscriptions.invalidate(organizationId);
    if (touched.apiKeys) caches.apiKeys?.invalidate(organizationId);
  }
}
