import { type CacheOptions, OrganizationCache } from "./organization-cache.js";

/**
 * The process's read caches. Whatever commits a change to an organization calls
 * `invalidate(organizationId)` after the commit; a change that may touch many organizations
 * (a renewal batch, the test clock, an operator action) calls `clear()`.
 */
export class Caches {
  readonly subscriptions: OrganizationCache<unknown>;

  constructor(options: CacheOptions = { ttlMs: 5_000, maxEntries: 50_000 }) {
    this.subscriptions = new OrganizationCache(options);
  }

  invalidate(organizationId: string): void {
    this.subscriptions.invalidate(organizationId);
  }

  clear(): void {
    this.subscriptions.clear();
  }
}
