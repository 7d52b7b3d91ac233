import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/server/modules/api-keys/api-keys.repository.js";
import { createApiKey, expectError, organizationRows } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const start = "2026-06-01T00:00:00.000Z";

describe.each(dialects)("API keys API on %s", (dialect) => {
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
      name: `Keys Org ${counter}`,
      admin: { email: `admin${counter}@keys.test`, name: "Ada Admin" },
    });
    return {
      id: created.organization.id as string,
      adminKey: created.adminKey as string,
      adminKeyId: created.apiKey.id as string,
    };
  }

  function revoke(token: string, id: string) {
    return app.request("POST", `/api/v1/api-keys/${id}/revoke`, { token });
  }

  it("creates a key whose secret is returned once and stored only as a hash", async () => {
    const org = await organization();
    const created = await app.request("POST", "/api/v1/api-keys", {
      token: org.adminKey,
      body: { name: "  Call analysis  ", role: "spend" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: "Call analysis",
      role: "spend",
      prefix: created.body.secret.slice(0, 12),
      createdAt: start,
      revokedAt: null,
      secret: expect.stringMatching(/^wpk_[A-Za-z0-9_-]{43}$/),
    });
    const list = await app.request("GET", "/api/v1/api-keys", { token: org.adminKey });
    expect(list.body.data.map((key: any) => key.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const rows = await organizationRows(app, org.id);
    const row = rows.apiKeys.find((key) => key.id === created.body.id);
    expect(row?.secretHash).toBe(hashApiKey(created.body.secret));
    expect(row?.createdBy).toBe(`api_key:${org.adminKeyId}`);
    const events = await app.request("GET", "/api/v1/audit-events?limit=1", { token: org.adminKey });
    expect(events.body.data[0]).toMatchObject({ action: "api_key.created", entityId: created.body.id });
    expect(JSON.stringify(events.body)).not.toContain(created.body.secret);
  });

  it("gives each key exactly its role's access", async () => {
    const org = await organization();
    const spend = await createApiKey(app, org.adminKey, "spend");
    const billing = await createApiKey(app, org.adminKey, "billing");
    expect((await app.request("GET", "/api/v1/users", { token: spend.secret })).status).toBe(403);
    expect((await app.request("GET", "/api/v1/users", { token: billing.secret })).status).toBe(200);
    expect((await app.request("GET", "/api/v1/api-keys", { token: billing.secret })).status).toBe(403);
  });

  it("refuses a revoked key from the next request on; revoking twice changes nothing", async () => {
    const org = await organization();
    const key = await createApiKey(app, org.adminKey, "billing");
    expect((await app.request("GET", "/api/v1/invoices", { token: key.secret })).status).toBe(200);
    app.clock.set(new Date("2026-06-04T08:00:00Z"));
    const revoked = await revoke(org.adminKey, key.id);
    app.clock.set(new Date(start));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: key.id, revokedAt: "2026-06-04T08:00:00.000Z" });
    const refused = await app.request("GET", "/api/v1/invoices", { token: key.secret });
    expectError(refused, 401, "unauthorized");
    const events = (await organizationRows(app, org.id)).auditEvents;
    const again = await revoke(org.adminKey, key.id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(revoked.body);
    expect((await organizationRows(app, org.id)).auditEvents).toBe(events);
    const [event] = (await app.request("GET", "/api/v1/audit-events?limit=1", { token: org.adminKey })).body
      .data;
    expect(event).toMatchObject({
      action: "api_key.revoked",
      before: { revokedAt: null },
      after: { revokedAt: "2026-06-04T08:00:00.000Z" },
    });
  });

  it("keeps the last active admin key, and lets a key revoke itself when another admin key exists", async () => {
    const org = await organization();
    const rows = await organizationRows(app, org.id);
    const refused = await revoke(org.adminKey, org.adminKeyId);
    expectError(refused, 409, "last_admin");
    expect(refused.body.error.message).toBe(
      "This is the organization's only active admin API key. Create another admin key before revoking it.",
    );
    expect(await organizationRows(app, org.id)).toEqual(rows);
    const second = await createApiKey(app, org.adminKey, "admin");
    expect((await revoke(org.adminKey, org.adminKeyId)).status).toBe(200);
    expectError(await app.request("GET", "/api/v1/api-keys", { token: org.adminKey }), 401, "unauthorized");
    expectError(await revoke(second.secret, second.id), 409, "last_admin");
  });

  it("never revokes both of the last two admin keys when revocations race", async () => {
    const org = await organization();
    const second = await createApiKey(app, org.adminKey, "admin");
    const responses = await Promise.all([
      revoke(second.secret, org.adminKeyId),
      revoke(org.adminKey, second.id),
    ]);
    // The loser is refused as the last admin key, or, if it ran second, as already revoked.
    const [won, lost] = responses.map((response) => response.status).sort();
    expect(won).toBe(200);
    expect([401, 409]).toContain(lost);
    const active = (await organizationRows(app, org.id)).apiKeys.filter(
      (key) => key.role === "admin" && key.revokedAt === null,
    );
    expect(active).toHaveLength(1);
  });

  it("answers 404 for another organization's key or an id that cannot exist", async () => {
    const org = await organization();
    const other = await organization();
    const otherKey = await createApiKey(app, other.adminKey, "member");
    for (const id of [otherKey.id, other.adminKeyId, "00000000-0000-4000-8000-000000000000", "nope"]) {
      expectError(await revoke(org.adminKey, id), 404, "not_found");
    }
    expect((await app.request("GET", "/api/v1/catalog", { token: otherKey.secret })).status).toBe(200);
  });

  describe("bad input is refused with a stable code and changes nothing", () => {
    const cases: {
      name: string;
      body?: unknown;
      rawBody?: string;
      status: number;
      code: string;
      field: string;
    }[] = [
      { name: "no name", body: { role: "member" }, status: 400, code: "invalid_request", field: "name" },
      {
        name: "a blank name",
        body: { name: " ", role: "member" },
        status: 400,
        code: "invalid_request",
        field: "name",
      },
      {
        name: "a huge name",
        body: { name: "k".repeat(5000), role: "member" },
        status: 400,
        code: "invalid_request",
        field: "name",
      },
      {
        name: "a name with a newline",
        body: { name: "a\nb", role: "member" },
        status: 400,
        code: "invalid_request",
        field: "name",
      },
      {
        name: "an unknown role",
        body: { name: "k", role: "operator" },
        status: 400,
        code: "invalid_request",
        field: "role",
      },
      {
        name: "a role of the wrong type",
        body: { name: "k", role: ["admin"] },
        status: 400,
        code: "invalid_request",
        field: "role",
      },
      {
        name: "an unknown field",
        body: { name: "k", role: "member", secret: "wpk_mine" },
        status: 400,
        code: "invalid_request",
        field: "secret",
      },
      { name: "malformed JSON", rawBody: "{name:", status: 400, code: "malformed_json", field: "body" },
    ];
    it.each(cases)("POST /api-keys with $name → $status $code", async (testCase) => {
      const org = await organization();
      const rows = await organizationRows(app, org.id);
      const response = await app.request("POST", "/api/v1/api-keys", {
        token: org.adminKey,
        body: testCase.body,
        rawBody: testCase.rawBody,
      });
      expectError(response, testCase.status, testCase.code, testCase.field);
      expect(await organizationRows(app, org.id)).toEqual(rows);
    });

    it("refuses a body on revoke", async () => {
      const org = await organization();
      const key = await createApiKey(app, org.adminKey, "member");
      const rows = await organizationRows(app, org.id);
      expectError(
        await app.request("POST", `/api/v1/api-keys/${key.id}/revoke`, {
          token: org.adminKey,
          body: { revokedAt: "2020-01-01T00:00:00Z" },
        }),
        400,
        "invalid_request",
        "revokedAt",
      );
      expect(await organizationRows(app, org.id)).toEqual(rows);
    });

    it.each([
      ["an unknown key", "wpk_unknownunknownunknownunknownunknownunknown"],
      ["a token that is not a key", "hello"],
      ["a huge token", `wpk_${"a".repeat(10_000)}`],
    ])("answers 401 to %s", async (_name, token) => {
      expectError(await app.request("GET", "/api/v1/api-keys", { token }), 401, "unauthorized");
    });
  });
});
