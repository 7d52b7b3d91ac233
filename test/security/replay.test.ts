import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type OrganizationWithKeys, organizationWithKeys } from "../support/fixtures.js";
import { dialects, operatorToken, startTestApp, type TestApp } from "../support/harness.js";
import { browser, givePassword, signIn } from "../support/sessions.js";

/**
 * Findings 3 and 7 of issue 11: an Idempotency-Key's stored answer belongs to the caller that made
 * it and is returned only to a caller who passes the first request's permission check.
 */
describe.each(dialects)("Idempotency-Key replays across callers, on %s", (dialect) => {
  let app: TestApp;
  let org: OrganizationWithKeys;
  let billingCookie: string;
  let adminUserCookie: string;
  let adminUserId: string;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    org = await organizationWithKeys(app, { seats: 50 });
    const billing = await app.request("POST", "/api/v1/users", {
      token: org.keys.admin,
      body: { email: "bill@replay.test", name: "Bill Billing", role: "billing" },
    });
    await givePassword(app, billing.body.id);
    billingCookie = (await signIn(app, "bill@replay.test")).cookie;
    const admin = await app.request("POST", "/api/v1/users", {
      token: org.keys.admin,
      body: { email: "second-admin@replay.test", name: "Sam Second", role: "admin" },
    });
    adminUserId = admin.body.id;
    await givePassword(app, adminUserId);
    adminUserCookie = (await signIn(app, "second-admin@replay.test")).cookie;
  });
  afterAll(async () => {
    await app?.close();
  });

  /** The lesser callers, each with the status it gets for an admin-only write without any key. */
  const lesser = () => [
    { name: "member key", options: { token: org.keys.member } },
    { name: "spend key", options: { token: org.keys.spend } },
    { name: "billing key", options: { token: org.keys.billing } },
    { name: "billing user's cookie", options: { headers: browser(app, billingCookie) } },
  ];

  it("an admin key's creation replayed by a member, spend or billing caller is 403, secret not shown", async () => {
    const key = "replay-admin-key-1";
    const body = { name: "Root key", role: "admin" };
    const first = await app.request("POST", "/api/v1/api-keys", {
      token: org.keys.admin,
      body,
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    for (const caller of lesser()) {
      const withoutKey = await app.request("POST", "/api/v1/api-keys", { ...caller.options, body });
      const replay = await app.request("POST", "/api/v1/api-keys", {
        ...caller.options,
        body,
        headers: { ...caller.options.headers, "idempotency-key": key },
      });
      expect({ caller: caller.name, status: replay.status }).toEqual({
        caller: caller.name,
        status: withoutKey.status,
      });
      expectError(replay, 403, "forbidden");
      expect(JSON.stringify(replay.body)).not.toContain(first.body.secret);
    }
    // The admin who made it still gets its first answer.
    const again = await app.request("POST", "/api/v1/api-keys", {
      token: org.keys.admin,
      body,
      headers: { "idempotency-key": key },
    });
    expect(again.body).toEqual(first.body);
  });

  it("at rest, a key row seals a response that may hold a secret; a spend's is its JSON; both replay as first answered", async () => {
    const stored = async (key: string) => {
      const { rows } = (await app.handle.db.execute(
        sql`SELECT response_body::text AS body FROM idempotency_keys WHERE key = ${key}`,
      )) as unknown as { rows: { body: string }[] };
      expect(rows).toHaveLength(1);
      return JSON.parse((rows[0] as { body: string }).body) as Record<string, string>;
    };
    const createKey = () =>
      app.request("POST", "/api/v1/api-keys", {
        token: org.keys.admin,
        body: { name: "At rest", role: "member" },
        headers: { "idempotency-key": "at-rest-api-key" },
      });
    const apiKey = await createKey();
    expect(apiKey.status).toBe(201);
    const sealedRow = await stored("at-rest-api-key");
    expect(Object.keys(sealedRow)).toEqual(["sealed"]);
    expect(JSON.stringify(sealedRow)).not.toContain(apiKey.body.secret);

    const event = {
      eventId: "at-rest-1",
      feature: "call_analysis",
      credits: 2,
      occurredAt: "2026-06-01T00:00:00Z",
    };
    const spend = () =>
      app.request("POST", "/api/v1/credits/spend", {
        token: org.keys.spend,
        body: event,
        headers: { "idempotency-key": "at-rest-spend" },
      });
    const spent = await spend();
    expect(spent.status).toBe(200);
    // Decision 0144: what the ledger row beside it holds in plain, kept as the response's JSON text.
    const plainRow = await stored("at-rest-spend");
    expect(Object.keys(plainRow)).toEqual(["json"]);
    expect(JSON.parse(plainRow.json as string)).toEqual(spent.body);

    expect((await spend()).body).toEqual(spent.body);
    expect((await createKey()).body).toEqual(apiKey.body);
  });

  it("a user's invitation replayed by lesser callers is 403, the invitation link not shown", async () => {
    const key = "replay-user-1";
    const body = { email: "invitee@replay.test", name: "Ivy Invitee", role: "admin" };
    const first = await app.request("POST", "/api/v1/users", {
      token: org.keys.admin,
      body,
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    for (const caller of lesser()) {
      const replay = await app.request("POST", "/api/v1/users", {
        ...caller.options,
        body,
        headers: { ...caller.options.headers, "idempotency-key": key },
      });
      expectError(replay, 403, "forbidden");
      expect(JSON.stringify(replay.body)).not.toContain(first.body.id);
    }
  });

  it("another admin of the same organization gets an answer of their own, not the first one", async () => {
    const key = "replay-admin-key-2";
    const body = { name: "Ops key", role: "member" };
    const first = await app.request("POST", "/api/v1/api-keys", {
      token: org.keys.admin,
      body,
      headers: { "idempotency-key": key },
    });
    const second = await app.request("POST", "/api/v1/api-keys", {
      body,
      headers: { ...browser(app, adminUserCookie), "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.secret).not.toBe(first.body.secret);
  });

  it("another organization's admin replaying the key gets nothing of this organization", async () => {
    const key = "replay-cross-org";
    const body = { name: "Cross key", role: "admin" };
    const first = await app.request("POST", "/api/v1/api-keys", {
      token: org.keys.admin,
      body,
      headers: { "idempotency-key": key },
    });
    const other = await app.request("POST", "/api/v1/api-keys", {
      token: org.otherAdminKey,
      body,
      headers: { "idempotency-key": key },
    });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it("an admin demoted to member no longer gets the answer of their own earlier key", async () => {
    const key = "replay-demoted";
    const body = { name: "Before demotion", role: "admin" };
    const first = await app.request("POST", "/api/v1/api-keys", {
      body,
      headers: { ...browser(app, adminUserCookie), "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    const demoted = await app.request("POST", `/api/v1/users/${adminUserId}/role`, {
      token: org.keys.admin,
      body: { role: "member" },
    });
    expect(demoted.status).toBe(200);
    const replay = await app.request("POST", "/api/v1/api-keys", {
      body,
      headers: { ...browser(app, adminUserCookie), "idempotency-key": key },
    });
    expectError(replay, 403, "forbidden");
    expect(JSON.stringify(replay.body)).not.toContain(first.body.secret);
  });

  it("a subscription change replayed by a member key is 403 (group-committed path too)", async () => {
    const key = "replay-change";
    const body = { seats: 60, additionalCreditBlocks: 0, interval: "month" };
    const first = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.keys.billing,
      body,
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(200);
    for (const token of [org.keys.member, org.keys.spend]) {
      const replay = await app.request("POST", "/api/v1/subscription/changes", {
        token,
        body,
        headers: { "idempotency-key": key },
      });
      expectError(replay, 403, "forbidden");
    }
  });

  it("the test clock is operator-only whatever the key: a member's replay never moves it back", async () => {
    const start = app.clock.now().getTime();
    const oneHour = { now: new Date(start + 3_600_000).toISOString() };
    const moved = await app.request("POST", "/api/v1/test-clock", {
      token: operatorToken,
      body: oneHour,
      headers: { "idempotency-key": "clock-1" },
    });
    expect(moved.status).toBe(200);
    const later = await app.request("POST", "/api/v1/test-clock", {
      token: operatorToken,
      body: { now: new Date(start + 7_200_000).toISOString() },
    });
    expect(later.status).toBe(200);
    for (const token of [org.keys.member, org.keys.admin, org.keys.spend]) {
      const replay = await app.request("POST", "/api/v1/test-clock", {
        token,
        body: oneHour,
        headers: { "idempotency-key": "clock-1" },
      });
      expectError(replay, 401, "unauthorized");
    }
    expect(app.clock.now().getTime()).toBe(start + 7_200_000);
  });
});
