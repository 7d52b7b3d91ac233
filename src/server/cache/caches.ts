import type { Principal } from "../modules/auth/principal.js";
import type { SubscriptionSnapshot } from "../modules/subscriptions/load-subscription-snapshot.js";
import { type CacheOptions, OrganizationCache } from "./organization-cache.js";

/**
 * The process's read caches. After a commit that changes an organization's subscription, users,
 * change requests or settings, its quote snapshot is dropped (`subscriptions.invalidate`: the HTTP
 * layer after every successful write, the due-work runner after each batch, other processes
 * through a notification) or replaced by what the commit left (the change coalescer). API keys
 * are dropped when the organization's keys change. `clear()` when a change may touch anything.
 */
export class Caches {
  readonly subscriptions: OrganizationCache<SubscriptionSnapshot>;
  /** Active API keys by the hash of their secret: the principal they authenticate. */
  readonly apiKeys: OrganizationCache<Principal>;

  /**
   * Set when other processes share the database (PostgreSQL): resolves once every live process has
   * dropped the organization's API keys, or after the cache's TTL at worst (decision 0028).
   */
  peers: { apiKeysDroppedEverywhere(organizationId: string): Promise<void> } | undefined;

  /** Set when this process delivers events (src/server/events): woken after each commit. */
  events: { wake(): void } | undefined;

  constructor(options: CacheOptions = { ttlMs: 5_000, maxEntries: 50_000 }) {
    this.subscriptions = new OrganizationCache(options);
    this.apiKeys = new OrganizationCache(options);
  }

  clear(): void {
    this.subscriptions.clear();
    this.apiKeys.clear();
  }

  suspend(): void {
    this.subscriptions.suspend();
    this.apiKeys.suspend();
  }

  resume(): void {
    this.subscriptions.resume();
    this.apiKeys.resume();
  }
}
