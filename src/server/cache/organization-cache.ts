/**
 * Values read on every request, kept in memory, each belonging to one organization (a quote's
 * subscription snapshot by organization id, an API key by its hash). Entries go when a change to
 * their organization commits: `invalidate` right after a commit in this process (a client reads
 * its own writes), and on a PostgreSQL notification for commits in other processes
 * (cache-invalidation.ts); a short time to live bounds what a lost notification leaves behind.
 *
 * A load that started before an invalidation must not store what it read: take a `ticket()`
 * before reading, pass it to `set`, which drops the value if the organization was invalidated
 * (or the cache cleared) since.
 */
export interface CacheOptions {
  ttlMs: number;
  maxEntries: number;
}

interface Entry<V> {
  organizationId: string;
  value: V;
  expiresAt: number;
}

export class OrganizationCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #keysByOrganization = new Map<string, Set<string>>();
  readonly #invalidatedAt = new Map<string, number>();
  #tick = 0;
  #clearedAt = 0;
  #suspended = false;

  constructor(
    private readonly options: CacheOptions,
    /** Monotonic milliseconds; a parameter so tests can move it. */
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  ticket(): number {
    return this.#tick;
  }

  get(key: string): V | undefined {
    if (this.#suspended) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.monotonicNow()) {
      this.#delete(key, entry.organizationId);
      return undefined;
    }
    return entry.value;
  }

  /**
   * `startedAt` (monotonic ms, default now) is when the read of `value` began: the entry's age is
   * measured from there, so "no entry outlives its TTL past a commit" holds (decision 0028).
   */
  set(key: string, organizationId: string, value: V, ticket: number, startedAt?: number): void {
    if (this.#suspended) return;
    if (this.#clearedAt > ticket || (this.#invalidatedAt.get(organizationId) ?? 0) > ticket) return;
    if (this.#entries.size >= this.options.maxEntries && !this.#entries.has(key)) {
      // Oldest first: a Map iterates in insertion order.
      const [oldestKey, oldest] = this.#entries.entries().next().value ?? [];
      if (oldestKey !== undefined && oldest) this.#delete(oldestKey, oldest.organizationId);
    }
    const expiresAt = (startedAt ?? this.monotonicNow()) + this.options.ttlMs;
    this.#entries.set(key, { organizationId, value, expiresAt });
    let keys = this.#keysByOrganization.get(organizationId);
    if (!keys) {
      keys = new Set();
      this.#keysByOrganization.set(organizationId, keys);
    }
    keys.add(key);
  }

  /**
   * Stores a value known to be current as of a commit (write-through); when the organization was
   * invalidated since `ticket`, drops what is cached instead, since neither is known to be current.
   */
  replace(key: string, organizationId: string, value: V, ticket: number): void {
    if (this.#clearedAt > ticket || (this.#invalidatedAt.get(organizationId) ?? 0) > ticket) {
      this.invalidate(organizationId);
      return;
    }
    this.set(key, organizationId, value, ticket);
  }

  invalidate(organizationId: string): void {
    this.#invalidatedAt.set(organizationId, ++this.#tick);
    // Only loads in flight need these marks; past a bound, clearing is as correct and cheaper.
    if (this.#invalidatedAt.size > this.options.maxEntries) {
      this.clear();
      return;
    }
    for (const key of this.#keysByOrganization.get(organizationId) ?? []) this.#entries.delete(key);
    this.#keysByOrganization.delete(organizationId);
  }

  /**
   * While the process cannot hear other processes' changes (its listener is down), nothing is read
   * from or kept in the cache: every request reads the database.
   */
  suspend(): void {
    this.#suspended = true;
    this.clear();
  }

  /** Caching again, from empty (the listener is back). */
  resume(): void {
    this.clear();
    this.#suspended = false;
  }

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  clear(): void {
    this.#clearedAt = ++this.#tick;
    this.#entries.clear();
    this.#keysByOrganization.clear();
    this.#invalidatedAt.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #delete(key: string, organizationId: string) {
    this.#entries.delete(key);
    const keys = this.#keysByOrganization.get(organizationId);
    keys?.delete(key);
    if (keys?.size === 0) this.#keysByOrganization.delete(organizationId);
  }
}
