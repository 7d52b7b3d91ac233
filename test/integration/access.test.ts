import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callers,
  createApiKey,
  type OrganizationWithKeys,
  organizationWithKeys,
} from "../support/fixtures.js";
import { dialects, startTestApp, type TestApp } from "../support/harness.js";

type Caller =
  | "admin"
  | "billing"
  | "member"
  | "spend"
  | "none"
  | "otherOrganizationAdmin"
  | "revoked"
  | "operator";

interface Endpoint {
  name: string;
  /** Builds a fresh request, so each caller acts on its own target. */
  request: (context: { app: TestApp; org: OrganizationWithKeys; n: number }) => Promise<{
    method: string;
    path: string;
    body?: unknown;
  }>;
  expected: Record<Caller, number>;
}

const denied = { none: 401, revoked: 401, operator: 403 } as const;
const adminOnly = { admin: 200, billing: 403, member: 403, spend: 403, ...denied };
const adminAndBilling = { admin: 200, billing: 200, member: 403, spend: 403, ...denied };

async function newMember(app: TestApp, org: OrganizationWithKeys, n: number) {
  const response = await app.request("POST", "/api/v1/users", {
    token: org.keys.admin,
    body: { email: `target${n}-${Math.random()}@acme.test`, name: `Target ${n}`, role: "member" },
  });
  if (response.status !== 201) throw new Error(`setup failed: ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

const billingInfo = {
  companyName: "Acme GmbH",
  taxId: "DE123456789",
  address: { line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" },
  billingEmail: "billing@acme.test",
};

const endpoints: Endpoint[] = [
  {
    name: "GET /users",
    request: async () => ({ method: "GET", path: "/api/v1/users" }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "POST /users",
    request: async ({ n }) => ({
      method: "POST",
      path: "/api/v1/users",
      body: { email: `new${n}-${Math.random()}@acme.test`, name: "New User", role: "member" },
    }),
    expected: { ...adminOnly, admin: 201, otherOrganizationAdmin: 201 },
  },
  {
    name: "POST /users/:id/deactivate",
    request: async ({ app, org, n }) => ({
      method: "POST",
      path: `/api/v1/users/${await newMember(app, org, n)}/deactivate`,
    }),
    expected: { ...adminOnly, otherOrganizationAdmin: 404 },
  },
  {
    name: "POST /users/:id/reactivate",
    request: async ({ app, org, n }) => ({
      method: "POST",
      path: `/api/v1/users/${await newMember(app, org, n)}/reactivate`,
    }),
    expected: { ...adminOnly, otherOrganizationAdmin: 404 },
  },
  {
    name: "POST /users/:id/role",
    request: async ({ app, org, n }) => ({
      method: "POST",
      path: `/api/v1/users/${await newMember(app, org, n)}/role`,
      body: { role: "billing" },
    }),
    expected: { ...adminOnly, otherOrganizationAdmin: 404 },
  },
  {
    name: "GET /billing-info",
    request: async () => ({ method: "GET", path: "/api/v1/billing-info" }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "PUT /billing-info",
    request: async () => ({ method: "PUT", path: "/api/v1/billing-info", body: billingInfo }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /invoices",
    request: async () => ({ method: "GET", path: "/api/v1/invoices" }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /invoices/:id",
    request: async ({ app, org }) => {
      const list = await app.request("GET", "/api/v1/invoices", { token: org.keys.admin });
      return { method: "GET", path: `/api/v1/invoices/${list.body.data[0].id}` };
    },
    expected: { ...adminAndBilling, otherOrganizationAdmin: 404 },
  },
  {
    name: "GET /audit-events",
    request: async () => ({ method: "GET", path: "/api/v1/audit-events" }),
    expected: { ...adminOnly, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /api-keys",
    request: async () => ({ method: "GET", path: "/api/v1/api-keys" }),
    expected: { ...adminOnly, otherOrganizationAdmin: 200 },
  },
  {
    name: "POST /api-keys",
    request: async ({ n }) => ({
      method: "POST",
      path: "/api/v1/api-keys",
      body: { name: `Key ${n}`, role: "member" },
    }),
    expected: { ...adminOnly, admin: 201, otherOrganizationAdmin: 201 },
  },
  {
    name: "POST /api-keys/:id/revoke",
    request: async ({ app, org }) => {
      const key = await createApiKey(app, org.keys.admin, "member", "to revoke");
      return { method: "POST", path: `/api/v1/api-keys/${key.id}/revoke` };
    },
    expected: { ...adminOnly, otherOrganizationAdmin: 404 },
  },
  {
    name: "GET /catalog",
    request: async () => ({ method: "GET", path: "/api/v1/catalog" }),
    expected: {
      admin: 200,
      billing: 200,
      member: 200,
      spend: 200,
      none: 401,
      otherOrganizationAdmin: 200,
      revoked: 401,
      operator: 200,
    },
  },
];

const codeOf: Record<number, string> = { 401: "unauthorized", 403: "forbidden", 404: "not_found" };

describe.each(dialects)("who may call what, on %s", (dialect) => {
  let app: TestApp;
  let org: OrganizationWithKeys;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    org = await organizationWithKeys(app, { seats: 100 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(endpoints)("$name answers each caller with the status of its role", async (endpoint) => {
    const statuses: Record<string, number> = {};
    let n = 0;
    for (const [caller, token] of Object.entries(callers(org))) {
      n += 1;
      const { method, path, body } = await endpoint.request({ app, org, n });
      const response = await app.request(method, path, { token, body });
      statuses[caller] = response.status;
      const code = codeOf[response.status];
      if (code) expect(response.body.error.code, `${caller}: ${JSON.stringify(response.body)}`).toBe(code);
    }
    expect(statuses).toEqual(endpoint.expected);
  });

  it("shows another organization's admin nothing of this organization", async () => {
    const org = await organizationWithKeys(app);
    const token = org.otherAdminKey;
    const [usersList, info, invoiceList, events, keys] = await Promise.all(
      ["/users", "/billing-info", "/invoices", "/audit-events", "/api-keys"].map((path) =>
        app.request("GET", `/api/v1${path}`, { token }),
      ),
    );
    const own = await app.request("GET", "/api/v1/users", { token: org.keys.admin });
    const ownIds = new Set(own.body.data.map((user: { id: string }) => user.id));
    expect(usersList?.body.data.map((user: { id: string }) => user.id)).toEqual([org.otherAdminUserId]);
    expect(usersList?.body.data.some((user: { id: string }) => ownIds.has(user.id))).toBe(false);
    expect(info?.body.companyName).toMatch(/^Other /);
    expect(invoiceList?.body.data).toHaveLength(1);
    expect(events?.body.data.every((event: { entityId: string }) => !ownIds.has(event.entityId))).toBe(true);
    expect(events?.body.data.map((event: { action: string }) => event.action)).toEqual([
      "organization.provisioned",
    ]);
    expect(keys?.body.data).toHaveLength(1);
  });
});
