import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, expectError } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const start = "2026-06-01T00:00:00.000Z";

describe.each(dialects)("audit events API on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: start });
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function organization() {
    counter += 1;
    const created = await provision(app, {
      name: `Audit Org ${counter}`,
      admin: { email: `admin${counter}@audit.test`, name: "Ada Admin" },
    });
    return {
      id: created.organization.id as string,
      adminKey: created.adminKey as string,
      adminKeyId: created.apiKey.id as string,
    };
  }

  it("records who did what, from where and when, newest first", async () => {
    const org = await organization();
    app.clock.set(new Date("2026-06-02T10:00:00Z"));
    const user = await app.request("POST", "/api/v1/users", {
      token: org.adminKey,
      body: { email: "u@audit.test", name: "U", role: "member" },
      headers: { "user-agent": "audit-test/1.0" },
    });
    app.clock.set(new Date("2026-06-03T11:00:00Z"));
    await app.request("POST", `/api/v1/users/${user.body.id}/role`, {
      token: org.adminKey,
      body: { role: "billing" },
    });
    app.clock.set(new Date(start));
    const response = await app.request("GET", "/api/v1/audit-events", { token: org.adminKey });
    expect(response.status).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.data.map((event: any) => [event.action, event.occurredAt])).toEqual([
      ["user.role_changed", "2026-06-03T11:00:00.000Z"],
      ["user.created", "2026-06-02T10:00:00.000Z"],
      ["organization.provisioned", start],
    ]);
    const [roleChanged, created, provisioned] = response.body.data;
    expect(created).toEqual({
      id: expect.any(Number),
      occurredAt: "2026-06-02T10:00:00.000Z",
      actor: { type: "api_key", id: org.adminKeyId },
      action: "user.created",
      entityType: "user",
      entityId: user.body.id,
      before: null,
      after: { ...user.body, invitation: undefined },
      source: "api 127.0.0.1 audit-test/1.0",
      requestId: expect.any(String),
    });
    expect(roleChanged.before.role).toBe("member");
    expect(roleChanged.after.role).toBe("billing");
    expect(provisioned.actor).toEqual({ type: "operator", id: "operator" });
    expect(roleChanged.id).toBeGreaterThan(created.id);
  });

  it("pages with ?limit and ?before=<id> and shows only the organization's own events", async () => {
    const org = await organization();
    const other = await organization();
    for (const role of ["member", "billing", "spend", "member"] as const) {
      await createApiKey(app, org.adminKey, role);
      await createApiKey(app, other.adminKey, role);
    }
    const all = await app.request("GET", "/api/v1/audit-events?limit=100", { token: org.adminKey });
    expect(all.body.data).toHaveLength(5);
    const ids = all.body.data.map((event: any) => event.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const pages: number[][] = [];
    let before: number | null = null;
    do {
      const query: string = before === null ? "?limit=2" : `?limit=2&before=${before}`;
      const page = await app.request("GET", `/api/v1/audit-events${query}`, { token: org.adminKey });
      pages.push(page.body.data.map((event: any) => event.id));
      before = page.body.nextCursor;
    } while (before !== null);
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    const otherIds = new Set(
      (await app.request("GET", "/api/v1/audit-events?limit=100", { token: other.adminKey })).body.data.map(
        (event: any) => event.id,
      ),
    );
    expect(ids.some((id: number) => otherIds.has(id))).toBe(false);
  });

  it("offers no way to edit or delete an event", async () => {
    const org = await organization();
    const [event] = (await app.request("GET", "/api/v1/audit-events", { token: org.adminKey })).body.data;
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const response = await app.request(method, `/api/v1/audit-events/${event.id}`, {
        token: org.adminKey,
        body: method === "DELETE" ? undefined : { action: "forged" },
      });
      expectError(response, 404, "not_found");
    }
    const after = (await app.request("GET", "/api/v1/audit-events", { token: org.adminKey })).body.data;
    expect(after).toEqual([event]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=1000", "limit"],
    ["before=x", "before"],
    ["before=-5", "before"],
    ["action=user", "action"],
    ["entityType=user", "entityType"],
  ])("refuses ?%s with 400 naming %s", async (query, field) => {
    const org = await organization();
    expectError(
      await app.request("GET", `/api/v1/audit-events?${query}`, { token: org.adminKey }),
      400,
      "invalid_request",
      field,
    );
  });
});
