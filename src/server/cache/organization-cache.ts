/**
 * What quotes and authentication read on every request, kept in memory per organization: the
 * subscription as last loaded, and API keys by hash. Entries go when this process commits a
 * change to the organization (`invalidate`, right after commit, so a client reads its own writes)
 * and when another process does (a PostgreSQL notification, see cache-invalidation.ts); a short
 * time to live bounds what a lost notification could leave behind.
 *
 * A load that started before an invalidation must not store what it read: each organization has
 * a generation, read before the load and checked before the store.
 */
export interface CacheOptions {
  ttlMs: number;
  maxEntries: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class OrganizationCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #generations = new Map<string, number>();
  #epoch = 0;

  constructor(
    private readonly options: CacheOptions,
    /** Monotonic milliseconds; a parameter so tests can move it. */
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /** A token to pass to `set`: the store is dropped if the organization changed in between. */
  generation(organizationId: string): string {
    return `${this.#epoch}:${this.#generations.get(organizationId) ?? 0}`;
  }

  get(organizationId: string): V | undefined {
    const entry = this.#entries.get(organizationId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.monotonicNow()) {
      this.#entries.delete(organizationId);
      return undefined;
    }
    return entry.value;
  }

  set(organizationId: string, value: V, generation: string): void {
    if (generation !== this.generation(organizationId)) return;
    if (this.#entries.size >= this.options.maxEntries && !this.#entries.has(organizationId)) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(organizationId, { value, expiresAt: this.monotonicNow() + this.options.ttlMs });
  }

  invalidate(organizationId: string): void {
    this.#entries.delete(organizationId);
    this.#generations.set(organizationId, (this.#generations.get(organizationId) ?? 0) + 1);
    // Generations of organizations with no entry are only needed while a load is in flight.
    if (this.#generations.size > this.options.maxEntries * 2) this.clear();
  }

  clear(): void {
    this.#entries.clear();
    this.#generations.clear();
    this.#epoch++;
  }

  get size(): number {
    return this.#entries.size;
  }
}
