import { describe, expect, it } from "vitest";
import { applyChangeNotification } from "../../src/server/cache/cache-invalidation.js";
import { Caches } from "../../src/server/cache/caches.js";
import { OrganizationCache } from "../../src/server/cache/organization-cache.js";

function cacheAt(options = { ttlMs: 1_000, maxEntries: 3 }) {
  const clock = { now: 0 };
  return { clock, cache: new OrganizationCache<string>(options, () => clock.now) };
}

describe("OrganizationCache", () => {
  it("returns what was stored until its time to live runs out", () => {
    const { clock, cache } = cacheAt();
    cache.set("org-a", "org-a", "snapshot a", cache.ticket());
    clock.now = 999;
    expect(cache.get("org-a")).toBe("snapshot a");
    clock.now = 1_000;
    expect(cache.get("org-a")).toBeUndefined();
  });

  it("measures an entry's age from the start of the read that filled it (decision 0028)", () => {
    const { clock, cache } = cacheAt();
    const ticket = cache.ticket();
    const startedAt = clock.now;
    clock.now = 400; // the read took 400 ms
    cache.set("key-1", "org-a", "admin key", ticket, startedAt);
    clock.now = 999;
    expect(cache.get("key-1")).toBe("admin key");
    clock.now = 1_000;
    expect(cache.get("key-1")).toBeUndefined();
  });

  it("keeps and serves nothing while suspended (its listener is down), then starts empty", () => {
    const { cache } = cacheAt();
    cache.set("key-1", "org-a", "admin key", cache.ticket());
    const ticket = cache.ticket();
    cache.suspend();
    expect(cache.get("key-1")).toBeUndefined();
    cache.set("key-2", "org-a", "read while deaf", cache.ticket());
    expect(cache.get("key-2")).toBeUndefined();
    cache.resume();
    // A read that began before the listener came back is not kept either.
    cache.set("key-3", "org-a", "read before resume", ticket);
    expect([cache.get("key-1"), cache.get("key-2"), cache.get("key-3")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    cache.set("key-4", "org-a", "fresh", cache.ticket());
    expect(cache.get("key-4")).toBe("fresh");
  });

  it("drops every key of an invalidated organization and none of another's", () => {
    const { cache } = cacheAt({ ttlMs: 1_000, maxEntries: 10 });
    const ticket = cache.ticket();
    cache.set("key-1", "org-a", "admin key", ticket);
    cache.set("key-2", "org-a", "spend key", ticket);
    cache.set("key-3", "org-b", "other key", ticket);
    cache.invalidate("org-a");
    expect([cache.get("key-1"), cache.get("key-2"), cache.get("key-3")]).toEqual([
      undefined,
      undefined,
      "other key",
    ]);
  });

  it("refuses a value read before its organization was invalidated", () => {
    const { cache } = cacheAt();
    const before = cache.ticket();
    cache.invalidate("org-a");
    cache.set("org-a", "org-a", "stale", before);
    expect(cache.get("org-a")).toBeUndefined();
    // A read that started after the invalidation may be stored, and another organization's too.
    cache.set("org-a", "org-a", "fresh", cache.ticket());
    cache.set("org-b", "org-b", "unrelated", before);
    expect([cache.get("org-a"), cache.get("org-b")]).toEqual(["fresh", "unrelated"]);
  });

  it("refuses every value read before a clear", () => {
    const { cache } = cacheAt();
    const before = cache.ticket();
    cache.clear();
    cache.set("org-a", "org-a", "stale", before);
    expect(cache.get("org-a")).toBeUndefined();
  });

  it("writes through a value current as of a commit, unless the organization changed meanwhile", () => {
    const { cache } = cacheAt();
    cache.set("org-a", "org-a", "before the change", cache.ticket());
    const ticket = cache.ticket();
    cache.replace("org-a", "org-a", "after the change", ticket);
    expect(cache.get("org-a")).toBe("after the change");
    // Another commit invalidated the organization while ours ran: neither value is known current.
    const racing = cache.ticket();
    cache.invalidate("org-a");
    cache.set("org-a", "org-a", "reloaded by a quote", cache.ticket());
    cache.replace("org-a", "org-a", "ours, older than the reload", racing);
    expect(cache.get("org-a")).toBeUndefined();
  });

  it("keeps at most maxEntries, evicting the oldest", () => {
    const { cache } = cacheAt({ ttlMs: 1_000, maxEntries: 2 });
    for (const org of ["a", "b", "c"]) cache.set(org, org, org, cache.ticket());
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([undefined, "b", "c", 2]);
  });
});

describe("applyChangeNotification", () => {
  const principal = { kind: "operator", actorType: "operator", actorId: "operator" } as const;
  function filled() {
    const caches = new Caches({ ttlMs: 1_000, maxEntries: 10 });
    for (const org of ["a", "b", "c"]) {
      caches.apiKeys.set(`key-${org}`, org, principal, 0);
      caches.subscriptions.set(org, org, {} as never, 0);
    }
    const present = () => ({
      keys: ["a", "b", "c"].filter((org) => caches.apiKeys.get(`key-${org}`) !== undefined),
      snapshots: ["a", "b", "c"].filter((org) => caches.subscriptions.get(org) !== undefined),
    });
    return { caches, present };
  }

  it("drops the listed organizations' snapshots on organizations_changed, and keeps their API keys", () => {
    const { caches, present } = filled();
    applyChangeNotification(caches, "organizations_changed", "a,b");
    expect(present()).toEqual({ keys: ["a", "b", "c"], snapshots: ["c"] });
    applyChangeNotification(caches, "organizations_changed", "*");
    expect(present()).toEqual({ keys: ["a", "b", "c"], snapshots: [] });
  });

  it("drops the listed organizations' API keys on api_keys_changed, or all of them on '*'", () => {
    const { caches, present } = filled();
    applyChangeNotification(caches, "api_keys_changed", "b");
    expect(present()).toEqual({ keys: ["a", "c"], snapshots: ["a", "b", "c"] });
    applyChangeNotification(caches, "api_keys_changed", "*");
    expect(present()).toEqual({ keys: [], snapshots: ["a", "b", "c"] });
  });
});
