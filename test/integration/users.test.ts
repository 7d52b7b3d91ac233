import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, subscriptions, users } from "../../src/server/db/schema.js";
import { expectError, organizationRows, setSeats } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const start = "2026-06-01T00:00:00.000Z";

describe.each(dialects)("users API on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: start });
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function organization(seats: number) {
    counter += 1;
    const created = await provision(app, {
      name: `Users Org ${counter}`,
      seats,
      admin: { email: `admin${counter}@users.test`, name: "Ada Admin" },
    });
    return {
      id: created.organization.id as string,
      adminKey: created.adminKey as string,
      adminId: created.admin.id as string,
    };
  }

  function addUser(token: string, body: unknown, headers?: Record<string, string>) {
    return app.request("POST", "/api/v1/users", { token, body, headers });
  }

  function act(token: string, id: string, action: "deactivate" | "reactivate") {
    return app.request("POST", `/api/v1/users/${id}/${action}`, { token });
  }

  function setRole(token: string, id: string, role: unknown) {
    return app.request("POST", `/api/v1/users/${id}/role`, { token, body: { role } });
  }

  async function activeUsers(organizationId: string) {
    const [row] = await app.handle.db
      .select({ value: sql<number>`count(*)::int` })
      .from(users)
      .where(sql`${users.organizationId} = ${organizationId} AND ${users.status} = 'active'`);
    return Number(row?.value);
  }

  it("lists the organization's users with the seats used", async () => {
    const org = await organization(3);
    const response = await app.request("GET", "/api/v1/users", { token: org.adminKey });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [
        {
          id: org.adminId,
          email: `admin${counter}@users.test`,
          name: "Ada Admin",
          role: "admin",
          status: "active",
          createdAt: start,
          deactivatedAt: null,
        },
      ],
      seats: { total: 3, used: 1 },
    });
  });

  it("adds an active user and audits who added them", async () => {
    const org = await organization(3);
    const response = await addUser(org.adminKey, {
      email: "Bea@Acme.test",
      name: "  Bea Billing ",
      role: "billing",
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      email: "Bea@Acme.test",
      name: "Bea Billing",
      role: "billing",
      status: "active",
      createdAt: start,
      deactivatedAt: null,
      invitation: { url: expect.stringMatching(/^\/invite\//), expiresAt: expect.any(String) },
    });
    const subscription = await app.request("GET", "/api/v1/subscription", { token: org.adminKey });
    expect(subscription.body.activeUsers).toBe(2);
    const { invitation: _invitation, ...withoutInvitation } = response.body;
    const events = await app.request("GET", "/api/v1/audit-events?limit=1", { token: org.adminKey });
    expect(events.body.data[0].after).toEqual(withoutInvitation);
    expect(events.body.data[0]).toMatchObject({
      action: "user.created",
      entityType: "user",
      entityId: response.body.id,
      actor: { type: "api_key", id: expect.any(String) },
      before: null,
      // The invitation link is a secret: it is returned once and never audited.
      after: withoutInvitation,
      occurredAt: start,
    });
    expect(events.body.data[0].source).toMatch(/^api 127\.0\.0\.1/);
  });

  it("refuses a user when all seats are in use, and changes nothing", async () => {
    const org = await organization(2);
    expect(
      (await addUser(org.adminKey, { email: "second@acme.test", name: "Second", role: "member" })).status,
    ).toBe(201);
    const before = await organizationRows(app, org.id);
    const refused = await addUser(org.adminKey, { email: "third@acme.test", name: "Third", role: "member" });
    expectError(refused, 422, "seats_exhausted");
    expect(refused.body.error.message).toBe("All 2 seats are in use. Add seats first.");
    expect(refused.body.error.details).toEqual({ seats: 2, activeUsers: 2 });
    expect(await organizationRows(app, org.id)).toEqual(before);
  });

  it("refuses a second user with the same e-mail whatever its case, even deactivated", async () => {
    const org = await organization(5);
    const first = await addUser(org.adminKey, { email: "dup@acme.test", name: "Dup", role: "member" });
    expect(first.status).toBe(201);
    const before = await organizationRows(app, org.id);
    const again = await addUser(org.adminKey, { email: "DUP@Acme.TEST", name: "Dup 2", role: "member" });
    expectError(again, 409, "user_exists", "email");
    expect(again.body.error.message).toBe(
      "A user with the e-mail dup@acme.test already exists in this organization.",
    );
    await act(org.adminKey, first.body.id, "deactivate");
    const whileDeactivated = await addUser(org.adminKey, {
      email: "dup@acme.test",
      name: "Dup",
      role: "member",
    });
    expectError(whileDeactivated, 409, "user_exists", "email");
    expect(whileDeactivated.body.error.message).toBe(
      "A user with the e-mail dup@acme.test already exists in this organization. Reactivate that user instead.",
    );
    expect((await organizationRows(app, org.id)).users.length).toBe(before.users.length);
  });

  it("lets two organizations each have a user with the same e-mail", async () => {
    const a = await organization(3);
    const b = await organization(3);
    expect((await addUser(a.adminKey, { email: "shared@x.test", name: "A", role: "member" })).status).toBe(
      201,
    );
    expect((await addUser(b.adminKey, { email: "shared@x.test", name: "B", role: "member" })).status).toBe(
      201,
    );
  });

  it("deactivating frees the seat and stamps the time; doing it twice changes nothing", async () => {
    const org = await organization(2);
    const member = await addUser(org.adminKey, { email: "m@acme.test", name: "M", role: "member" });
    app.clock.set(new Date("2026-06-10T12:30:00Z"));
    const deactivated = await act(org.adminKey, member.body.id, "deactivate");
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({
      status: "deactivated",
      deactivatedAt: "2026-06-10T12:30:00.000Z",
    });
    const eventsBefore = (await organizationRows(app, org.id)).auditEvents;
    const twice = await act(org.adminKey, member.body.id, "deactivate");
    expect(twice.status).toBe(200);
    expect(twice.body).toEqual(deactivated.body);
    expect((await organizationRows(app, org.id)).auditEvents).toBe(eventsBefore);
    const list = await app.request("GET", "/api/v1/users", { token: org.adminKey });
    expect(list.body.seats).toEqual({ total: 2, used: 1 });
    expect((await addUser(org.adminKey, { email: "n@acme.test", name: "N", role: "member" })).status).toBe(
      201,
    );
    const [event] = (
      await app.request("GET", "/api/v1/audit-events?limit=2", { token: org.adminKey })
    ).body.data.slice(1);
    expect(event).toMatchObject({
      action: "user.deactivated",
      before: { status: "active", deactivatedAt: null },
      after: { status: "deactivated", deactivatedAt: "2026-06-10T12:30:00.000Z" },
      occurredAt: "2026-06-10T12:30:00.000Z",
    });
    app.clock.set(new Date(start));
  });

  it("reactivating needs a free seat, and clears deactivatedAt", async () => {
    const org = await organization(2);
    const member = await addUser(org.adminKey, { email: "r@acme.test", name: "R", role: "member" });
    await act(org.adminKey, member.body.id, "deactivate");
    await addUser(org.adminKey, { email: "s@acme.test", name: "S", role: "member" });
    const before = await organizationRows(app, org.id);
    const refused = await act(org.adminKey, member.body.id, "reactivate");
    expectError(refused, 422, "seats_exhausted");
    expect(refused.body.error.message).toBe("All 2 seats are in use. Add seats first.");
    expect(await organizationRows(app, org.id)).toEqual(before);
    await setSeats(app, org.id, 3);
    const reactivated = await act(org.adminKey, member.body.id, "reactivate");
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: "active", deactivatedAt: null });
    expect(await activeUsers(org.id)).toBe(3);
    const again = await act(org.adminKey, member.body.id, "reactivate");
    expect(again.body).toEqual(reactivated.body);
  });

  it("never leaves the organization without an active admin", async () => {
    const org = await organization(5);
    const before = await organizationRows(app, org.id);
    const deactivate = await act(org.adminKey, org.adminId, "deactivate");
    expectError(deactivate, 409, "last_admin");
    expect(deactivate.body.error.message).toBe(
      `admin${counter}@users.test is the organization's only active admin and cannot be deactivated. Make another user admin first.`,
    );
    expectError(await setRole(org.adminKey, org.adminId, "billing"), 409, "last_admin");
    expect(await organizationRows(app, org.id)).toEqual(before);

    // A deactivated admin does not count.
    const other = await addUser(org.adminKey, { email: "other@acme.test", name: "Other", role: "admin" });
    expect((await act(org.adminKey, other.body.id, "deactivate")).status).toBe(200);
    expectError(await act(org.adminKey, org.adminId, "deactivate"), 409, "last_admin");

    // With a second active admin, the first may step down.
    expect((await act(org.adminKey, other.body.id, "reactivate")).status).toBe(200);
    const demoted = await setRole(org.adminKey, org.adminId, "member");
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe("member");
    expectError(await act(org.adminKey, other.body.id, "deactivate"), 409, "last_admin");
  });

  it("changes a role, audits it, and a same-role change writes nothing", async () => {
    const org = await organization(3);
    const member = await addUser(org.adminKey, { email: "p@acme.test", name: "P", role: "member" });
    const changed = await setRole(org.adminKey, member.body.id, "billing");
    expect(changed.status).toBe(200);
    const { invitation: _invitation, ...created } = member.body;
    expect(changed.body).toEqual({ ...created, role: "billing" });
    const events = (await organizationRows(app, org.id)).auditEvents;
    expect((await setRole(org.adminKey, member.body.id, "billing")).body).toEqual(changed.body);
    expect((await organizationRows(app, org.id)).auditEvents).toBe(events);
    const [event] = (await app.request("GET", "/api/v1/audit-events?limit=1", { token: org.adminKey })).body
      .data;
    expect(event).toMatchObject({
      action: "user.role_changed",
      before: { role: "member" },
      after: { role: "billing" },
    });
  });

  it("answers 404 for another organization's user, an unknown id or a malformed id", async () => {
    const org = await organization(3);
    const other = await organization(3);
    const before = await organizationRows(app, other.id);
    for (const id of [
      other.adminId,
      "00000000-0000-4000-8000-000000000000",
      "not-a-uuid",
      "1",
      "' OR 1=1 --",
    ]) {
      const path = encodeURIComponent(id);
      expectError(await act(org.adminKey, path, "deactivate"), 404, "not_found");
      expectError(await act(org.adminKey, path, "reactivate"), 404, "not_found");
      expectError(await setRole(org.adminKey, path, "member"), 404, "not_found");
    }
    expect(await organizationRows(app, other.id)).toEqual(before);
  });

  it("replays an Idempotency-Key with the first response and refuses it with another body", async () => {
    const org = await organization(5);
    const headers = { "idempotency-key": "add-user-1" };
    const body = { email: "idem@acme.test", name: "Idem", role: "member" };
    const first = await addUser(org.adminKey, body, headers);
    const replay = await addUser(org.adminKey, body, headers);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await activeUsers(org.id)).toBe(2);
    expectError(
      await addUser(org.adminKey, { ...body, name: "Else" }, headers),
      422,
      "idempotency_key_reused",
    );
  });

  describe("bad input is refused with a stable code and changes nothing", () => {
    const valid = { email: "ok@acme.test", name: "Ok", role: "member" };
    const cases: {
      name: string;
      body?: unknown;
      rawBody?: string;
      status: number;
      code: string;
      field: string;
    }[] = [
      {
        name: "missing e-mail",
        body: { name: "x", role: "member" },
        status: 400,
        code: "invalid_request",
        field: "email",
      },
      {
        name: "e-mail of the wrong type",
        body: { ...valid, email: 42 },
        status: 400,
        code: "invalid_request",
        field: "email",
      },
      {
        name: "invalid e-mail",
        body: { ...valid, email: "not-an-email" },
        status: 400,
        code: "invalid_request",
        field: "email",
      },
      {
        name: "blank name",
        body: { ...valid, name: "   " },
        status: 400,
        code: "invalid_request",
        field: "name",
      },
      {
        name: "name with a NUL",
        body: { ...valid, name: "a\u0000b" },
        status: 400,
        code: "invalid_request",
        field: "name",
      },
      {
        name: "huge name",
        body: { ...valid, name: "x".repeat(100_000) },
        status: 400,
        code: "invalid_request",
        field: "name",
      },
      {
        name: "huge e-mail",
        body: { ...valid, email: `${"x".repeat(10_000)}@a.test` },
        status: 400,
        code: "invalid_request",
        field: "email",
      },
      {
        name: "unknown role",
        body: { ...valid, role: "owner" },
        status: 400,
        code: "invalid_request",
        field: "role",
      },
      {
        name: "role spend (keys only)",
        body: { ...valid, role: "spend" },
        status: 400,
        code: "invalid_request",
        field: "role",
      },
      {
        name: "unknown field",
        body: { ...valid, seats: 3 },
        status: 400,
        code: "invalid_request",
        field: "seats",
      },
      { name: "array body", body: [valid], status: 400, code: "invalid_request", field: "body" },
      { name: "malformed JSON", rawBody: '{"email": ', status: 400, code: "malformed_json", field: "body" },
      {
        name: "body over 1 MB",
        body: { ...valid, name: "x".repeat(1_100_000) },
        status: 413,
        code: "payload_too_large",
        field: "body",
      },
    ];
    it.each(cases)("POST /users with $name → $status $code", async (testCase) => {
      const org = await organization(5);
      const before = await organizationRows(app, org.id);
      const response = await app.request("POST", "/api/v1/users", {
        token: org.adminKey,
        body: testCase.body,
        rawBody: testCase.rawBody,
      });
      expectError(response, testCase.status, testCase.code, testCase.field);
      expect(typeof response.body.error.message).toBe("string");
      expect(await organizationRows(app, org.id)).toEqual(before);
    });

    it("refuses a role change with a bad role or an unknown field", async () => {
      const org = await organization(3);
      const before = await organizationRows(app, org.id);
      expectError(await setRole(org.adminKey, org.adminId, 7), 400, "invalid_request", "role");
      expectError(
        await app.request("POST", `/api/v1/users/${org.adminId}/role`, {
          token: org.adminKey,
          body: { role: "member", status: "active" },
        }),
        400,
        "invalid_request",
        "status",
      );
      expectError(
        await app.request("POST", `/api/v1/users/${org.adminId}/deactivate`, {
          token: org.adminKey,
          body: { reason: "x" },
        }),
        400,
        "invalid_request",
        "reason",
      );
      expect(await organizationRows(app, org.id)).toEqual(before);
    });
  });

  it("never seats more users than seats when adds race", async () => {
    const org = await organization(4);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        addUser(org.adminKey, { email: `race${index}@acme.test`, name: `Race ${index}`, role: "member" }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 201, 201, 422, 422, 422, 422, 422]);
    expect(await activeUsers(org.id)).toBe(4);
  });

  it("a user add that waited on the subscription lock sees the seats and users committed meanwhile", async () => {
    const org = await organization(3);
    // Hold the lock while a user is added and a seat removed, as a concurrent transaction would.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = app.handle.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM subscriptions WHERE organization_id = ${org.id} FOR UPDATE`);
      await tx.insert(users).values({
        organizationId: org.id,
        email: "inserted@acme.test",
        name: "Inserted",
        role: "member",
        createdAt: app.clock.now(),
      });
      await tx.update(subscriptions).set({ seats: 2 }).where(eq(subscriptions.organizationId, org.id));
      locked();
      await held;
    });
    await lockTaken;
    const add = addUser(org.adminKey, { email: "waiting@acme.test", name: "Waiting", role: "member" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await holder;
    const response = await add;
    expectError(response, 422, "seats_exhausted");
    expect(response.body.error.message).toBe("All 2 seats are in use. Add seats first.");
    expect(await activeUsers(org.id)).toBe(2);
  });

  it("keeps the audit log append-only", async () => {
    const org = await organization(3);
    await expect(
      app.handle.db.delete(auditEvents).where(eq(auditEvents.organizationId, org.id)),
    ).rejects.toThrow();
  });
});
