import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnPostgres, ownBackends } from "../../src/server/cache/cache-invalidation.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const start = "2026-06-01T00:00:00.000Z";
// An hour: within a test, only an invalidation can refresh what a quote read.
const env = { READ_CACHE_TTL_MS: "3600000" };

async function quoteNextSeats(app: TestApp, token: string) {
  const quote = await app.request("POST", "/api/v1/subscription/preview", { token, body: { seatsDelta: 1 } });
  expect(quote.status).toBe(200);
  return quote.body as { next: { seats: number; periodStart: string }; violations: { code: string }[] };
}

describe.each(dialects)("cached quotes and API keys on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: start, env });
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function organization() {
    counter += 1;
    const created = await provision(app, {
      name: `Cache Org ${counter}`,
      seats: 10,
      admin: { email: `admin${counter}@cache.test`, name: "Ada Admin" },
    });
    return { id: created.organization.id as string, key: created.adminKey };
  }

  it("quotes from the seats saved a moment before", async () => {
    const org = await organization();
    expect((await quoteNextSeats(app, org.key)).next.seats).toBe(11);
    const saved = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.key,
      body: { seatsDelta: 2 },
    });
    expect(saved.status).toBe(200);
    expect((await quoteNextSeats(app, org.key)).next.seats).toBe(13);
  });

  it("answers the same quote within a second and prorates anew in the next", async () => {
    const org = await organization();
    const ask = async (body: object) => {
      const quote = await app.request("POST", "/api/v1/subscription/preview", { token: org.key, body });
      expect(quote.status).toBe(200);
      return quote.body as { quotedAt: string; next: { seats: number }; dueNow: { total: number } };
    };
    const first = await ask({ seats: 12, interval: "year" });
    expect(await ask({ seats: 12, interval: "year" })).toEqual(first);
    expect((await ask({ seats: 13, interval: "year" })).next.seats).toBe(13);
    expect((await ask({ seats: 12, interval: "year" })).next.seats).toBe(12);
    // Half a month later the unused part of the month is worth less: the remembered quote is not
    // served past its second.
    app.clock.set(new Date("2026-06-16T00:00:00.000Z"));
    try {
      const later = await ask({ seats: 12, interval: "year" });
      expect(later.quotedAt).toBe("2026-06-16T00:00:00.000Z");
      expect(later.dueNow.total).toBeGreaterThan(first.dueNow.total);
    } finally {
      app.clock.set(new Date(start));
    }
  });

  it("says a change request is pending as soon as one is submitted", async () => {
    const org = await organization();
    expect((await quoteNextSeats(app, org.key)).violations).toEqual([]);
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: org.key,
      body: { seats: 12, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(submitted.status).toBe(201);
    expect((await quoteNextSeats(app, org.key)).violations.map((violation) => violation.code)).toContain(
      "change_request_pending",
    );
  });

  it("renews a period that ended before quoting, even when the scheduler has not run", async () => {
    const org = await organization();
    expect((await quoteNextSeats(app, org.key)).next.periodStart).toBe(start);
    // The process clock moves without the test-clock endpoint: nothing has renewed yet.
    app.clock.set(new Date("2026-07-01T00:00:01Z"));
    try {
      expect((await quoteNextSeats(app, org.key)).next.periodStart).toBe("2026-07-01T00:00:00.000Z");
    } finally {
      app.clock.set(new Date(start));
    }
  });

  it("refuses a key revoked through the operator path from the next request on", async () => {
    const org = await organization();
    const keys = await app.request("GET", "/api/v1/api-keys", { token: org.key });
    expect((await quoteNextSeats(app, org.key)).next.seats).toBe(11);
    // The organization's admin key is revoked by its own admin (the last one cannot be); create a
    // second admin key and revoke the first with it.
    const second = await app.request("POST", "/api/v1/api-keys", {
      token: org.key,
      body: { name: "Second admin", role: "admin" },
    });
    const revoked = await app.request("POST", `/api/v1/api-keys/${keys.body.data[0].id}/revoke`, {
      token: second.body.secret,
    });
    expect(revoked.status).toBe(200);
    const refused = await app.request("POST", "/api/v1/subscription/preview", {
      token: org.key,
      body: { seatsDelta: 1 },
    });
    expect(refused.status).toBe(401);
  });
});

describe.runIf(dialects.includes("postgres"))("cache invalidation across processes on PostgreSQL", () => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await startTestApp("postgres", { now: start, env });
    url = (app.handle.pool as pg.Pool & { options: { connectionString: string } }).options.connectionString;
  });
  afterAll(async () => {
    await app?.close();
  });

  async function commitElsewhere(statement: string, values: unknown[]) {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query(statement, values);
    } finally {
      await other.end();
    }
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let attempt = 0; attempt < 200 && !done(value); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      value = await read();
    }
    return value;
  }

  it("drops a cached quote snapshot and API key when another process commits a change", async () => {
    const log = { warn: () => undefined };
    const pool = app.handle.pool as pg.Pool;
    const listener = listenOnPostgres(url, app.deps.caches, log, { isOwnBackend: ownBackends(pool) });
    try {
      await listener.ready;
      const created = await provision(app, {
        name: "Elsewhere Org",
        seats: 10,
        admin: { email: "admin@elsewhere.test", name: "Ada Admin" },
      });
      const key = created.adminKey as string;
      expect((await quoteNextSeats(app, key)).next.seats).toBe(11);
      await commitElsewhere("UPDATE subscriptions SET seats = 15 WHERE organization_id = $1", [
        created.organization.id,
      ]);
      const quote = await eventually(
        () => quoteNextSeats(app, key),
        (body) => body.next.seats === 16,
      );
      expect(quote.next.seats).toBe(16);

      // A save through this process writes its snapshot through; the echo of its own commit
      // (a notification from one of its own connections) must not drop it.
      const saved = await app.request("POST", "/api/v1/subscription/changes", {
        token: key,
        body: { seatsDelta: 1 },
      });
      expect(saved.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(app.deps.caches.subscriptions.get(created.organization.id)?.loaded.row.seats).toBe(16);

      await commitElsewhere("UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1", [
        created.organization.id,
      ]);
      const refused = await eventually(
        () => app.request("POST", "/api/v1/subscription/preview", { token: key, body: { seatsDelta: 1 } }),
        (response) => response.status === 401,
      );
      expect(refused.status).toBe(401);
    } finally {
      await listener.stop();
    }
  });
});
