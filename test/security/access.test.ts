import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callers,
  createApiKey,
  type OrganizationWithKeys,
  organizationWithKeys,
} from "../support/fixtures.js";
import { dialects, startTestApp, type TestApp } from "../support/harness.js";
import { browser, givePassword, signIn } from "../support/sessions.js";

type Caller =
  | "admin"
  | "billing"
  | "member"
  | "spend"
  | "none"
  | "otherOrganizationAdmin"
  | "revoked"
  | "operator"
  | "deactivatedSession";

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

const denied = { none: 401, revoked: 401, operator: 403, deactivatedSession: 401 } as const;
const adminOnly = { admin: 200, billing: 403, member: 403, spend: 403, ...denied };
const adminAndBilling = { admin: 200, billing: 200, member: 403, spend: 403, ...denied };
const anyMember = { admin: 200, billing: 200, member: 200, spend: 200, ...denied };
const spenders = { admin: 200, billing: 403, member: 403, spend: 200, ...denied };
const spendOf = (app: TestApp, n: number) => ({
  eventId: `access-${n}-${Math.random()}`,
  feature: "call_analysis",
  credits: 1,
  occurredAt: app.clock.now().toISOString(),
});
const operatorOnly = {
  admin: 401,
  billing: 401,
  member: 401,
  spend: 401,
  none: 401,
  revoked: 401,
  otherOrganizationAdmin: 401,
  operator: 200,
  deactivatedSession: 401,
};

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
    name: "GET /audit-events/export.csv",
    request: async () => ({ method: "GET", path: "/api/v1/audit-events/export.csv" }),
    expected: { ...adminOnly, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /account-credit/history",
    request: async () => ({ method: "GET", path: "/api/v1/account-credit/history" }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /account-credit/history.csv",
    request: async () => ({ method: "GET", path: "/api/v1/account-credit/history.csv" }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /webhook-endpoints (an admin's own, or the operator's)",
    request: async () => ({ method: "GET", path: "/api/v1/webhook-endpoints" }),
    expected: { ...adminOnly, operator: 200, otherOrganizationAdmin: 200 },
  },
  {
    name: "DELETE /webhook-endpoints/:id (an admin's own endpoint)",
    request: async ({ app, org, n }) => {
      const created = await app.request("POST", "/api/v1/webhook-endpoints", {
        token: org.keys.admin,
        body: { url: `https://hooks.example/access-${n}` },
      });
      return { method: "DELETE", path: `/api/v1/webhook-endpoints/${created.body.id}` };
    },
    expected: { ...adminOnly, operator: 404, otherOrganizationAdmin: 404 },
  },
  {
    name: "GET /operator/emails (operator only)",
    request: async () => ({ method: "GET", path: "/api/v1/operator/emails" }),
    expected: { ...operatorOnly },
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
      deactivatedSession: 401,
    },
  },
  {
    name: "GET /me",
    request: async () => ({ method: "GET", path: "/api/v1/me" }),
    expected: {
      admin: 200,
      billing: 200,
      member: 200,
      spend: 200,
      none: 401,
      otherOrganizationAdmin: 200,
      revoked: 401,
      operator: 200,
      deactivatedSession: 401,
    },
  },
  {
    name: "GET /subscription",
    request: async () => ({ method: "GET", path: "/api/v1/subscription" }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "POST /subscription/preview",
    request: async () => ({ method: "POST", path: "/api/v1/subscription/preview", body: { seats: 120 } }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "POST /subscription/changes",
    request: async () => ({ method: "POST", path: "/api/v1/subscription/changes", body: { seatsDelta: 1 } }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 200 },
  },
  {
    name: "PATCH /organization/settings",
    request: async () => ({
      method: "PATCH",
      path: "/api/v1/organization/settings",
      body: { requireApproval: false },
    }),
    expected: { ...adminOnly, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /organization",
    request: async () => ({ method: "GET", path: "/api/v1/organization" }),
    expected: { ...anyMember, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /credits",
    request: async () => ({ method: "GET", path: "/api/v1/credits" }),
    expected: { ...anyMember, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /credits/ledger",
    request: async () => ({ method: "GET", path: "/api/v1/credits/ledger" }),
    expected: { ...anyMember, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /credits/usage/daily",
    request: async () => ({ method: "GET", path: "/api/v1/credits/usage/daily" }),
    expected: { ...anyMember, otherOrganizationAdmin: 200 },
  },
  {
    name: "POST /credits/spend",
    request: async ({ app, n }) => ({
      method: "POST",
      path: "/api/v1/credits/spend",
      body: spendOf(app, n),
    }),
    expected: { ...spenders, otherOrganizationAdmin: 200 },
  },
  {
    name: "POST /credits/spend/batch",
    request: async ({ app, n }) => ({
      method: "POST",
      path: "/api/v1/credits/spend/batch",
      body: { events: [spendOf(app, n), spendOf(app, n + 1000)] },
    }),
    expected: { ...spenders, otherOrganizationAdmin: 200 },
  },
  {
    name: "POST /organizations (operator only)",
    request: async ({ n }) => ({
      method: "POST",
      path: "/api/v1/organizations",
      body: {
        name: `Provisioned ${n}`,
        currency: "USD",
        seats: 3,
        additionalCreditBlocks: 0,
        interval: "month",
        admin: { email: `provisioned-${n}-${Math.random()}@acme.test`, name: "Pro Visioned" },
      },
    }),
    expected: { ...operatorOnly, operator: 201 },
  },
  {
    name: "POST /organizations/:id/subscription/override (operator only)",
    request: async ({ org, n }) => ({
      method: "POST",
      path: `/api/v1/organizations/${org.organizationId}/subscription/override`,
      body: { seats: 100 + n, reason: "support case" },
    }),
    expected: operatorOnly,
  },
  {
    name: "POST /organizations/:id/credits/adjustments (operator only)",
    request: async ({ org }) => ({
      method: "POST",
      path: `/api/v1/organizations/${org.organizationId}/credits/adjustments`,
      body: { credits: 5, reason: "goodwill" },
    }),
    expected: { ...operatorOnly, operator: 201 },
  },
  {
    name: "GET /change-requests (every member sees the pending request's banner)",
    request: async () => ({ method: "GET", path: "/api/v1/change-requests" }),
    expected: { ...adminAndBilling, member: 200, otherOrganizationAdmin: 200 },
  },
  {
    name: "GET /change-requests/:id (every member sees the pending request's banner)",
    request: async ({ app, org, n }) => ({
      method: "GET",
      path: `/api/v1/change-requests/${await pendingRequest(app, org, n)}`,
    }),
    expected: { ...adminAndBilling, member: 200, otherOrganizationAdmin: 404 },
  },
  {
    name: "GET /change-requests/:id/quote",
    request: async ({ app, org, n }) => ({
      method: "GET",
      path: `/api/v1/change-requests/${await pendingRequest(app, org, n)}/quote`,
    }),
    expected: { ...adminAndBilling, otherOrganizationAdmin: 404 },
  },
  {
    name: "GET /test-clock (operator only)",
    request: async () => ({ method: "GET", path: "/api/v1/test-clock" }),
    expected: operatorOnly,
  },
  {
    name: "POST /test-clock (operator only)",
    request: async ({ app }) => ({
      method: "POST",
      path: "/api/v1/test-clock",
      body: { now: new Date(app.clock.now().getTime() + 1000).toISOString() },
    }),
    expected: operatorOnly,
  },
  {
    name: "POST /change-requests",
    request: async ({ app, org, n }) => {
      await clearPending(app, org);
      return { method: "POST", path: "/api/v1/change-requests", body: changeTo(n) };
    },
    expected: { ...adminAndBilling, admin: 201, billing: 201, otherOrganizationAdmin: 201 },
  },
  {
    name: "POST /change-requests/:id/approve",
    request: async ({ app, org, n }) => ({
      method: "POST",
      path: `/api/v1/change-requests/${await pendingRequest(app, org, n)}/approve`,
    }),
    expected: { ...adminOnly, otherOrganizationAdmin: 404 },
  },
  {
    name: "POST /change-requests/:id/reject",
    request: async ({ app, org, n }) => ({
      method: "POST",
      path: `/api/v1/change-requests/${await pendingRequest(app, org, n)}/reject`,
      body: { reason: "not now" },
    }),
    expected: { ...adminOnly, otherOrganizationAdmin: 404 },
  },
  {
    name: "POST /change-requests/:id/withdraw (requested with the billing key)",
    request: async ({ app, org, n }) => ({
      method: "POST",
      path: `/api/v1/change-requests/${await pendingRequest(app, org, n)}/withdraw`,
    }),
    expected: { ...adminAndBilling, admin: 403, otherOrganizationAdmin: 404 },
  },
];

let requested = 150;
/** Every request asks for a seat count not asked before, so none is "no change". */
const changeTo = (_n: number) => ({ seats: ++requested, additionalCreditBlocks: 0, interval: "month" });

async function clearPending(app: TestApp, org: OrganizationWithKeys) {
  const pending = await app.request("GET", "/api/v1/change-requests?status=pending", {
    token: org.keys.admin,
  });
  for (const request of pending.body.data) {
    await app.request("POST", `/api/v1/change-requests/${request.id}/reject`, { token: org.keys.admin });
  }
}

/** A fresh pending request made with the billing key. */
async function pendingRequest(app: TestApp, org: OrganizationWithKeys, n: number) {
  await clearPending(app, org);
  const created = await app.request("POST", "/api/v1/change-requests", {
    token: org.keys.billing,
    body: changeTo(n),
  });
  if (created.status !== 201) throw new Error(`setup failed: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

const codeOf: Record<number, string> = { 401: "unauthorized", 403: "forbidden", 404: "not_found" };

describe.each(dialects)("who may call what, on %s", (dialect) => {
  let app: TestApp;
  let org: OrganizationWithKeys;
  let deactivatedCookie: string;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    org = await organizationWithKeys(app, { seats: 100 });
    // A billing user who signed in, then was deactivated: the cookie they still hold opens nothing.
    const added = await app.request("POST", "/api/v1/users", {
      token: org.keys.admin,
      body: { email: "gone@acme.test", name: "Gone Soon", role: "billing" },
    });
    await givePassword(app, added.body.id);
    deactivatedCookie = (await signIn(app, "gone@acme.test")).cookie;
    await app.request("POST", `/api/v1/users/${added.body.id}/deactivate`, { token: org.keys.admin });
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(endpoints)("$name answers each caller with the status of its role", async (endpoint) => {
    const statuses: Record<string, number> = {};
    let n = 0;
    for (const [caller, token] of Object.entries({ ...callers(org), deactivatedSession: undefined })) {
      n += 1;
      const { method, path, body } = await endpoint.request({ app, org, n });
      const response =
        caller === "deactivatedSession"
          ? await app.request(method, path, { headers: browser(app, deactivatedCookie), body })
          : await app.request(method, path, { token, body });
      statuses[caller] = response.status;
      const code = codeOf[response.status];
      if (code) expect(response.body.error.code, `${caller}: ${JSON.stringify(response.body)}`).toBe(code);
    }
    expect(statuses).toEqual(endpoint.expected);
  });

  it("shows a member the pending request's banner but none of its money", async () => {
    const id = await pendingRequest(app, org, 9_000);
    const asMember = await app.request("GET", "/api/v1/change-requests?status=pending", {
      token: org.keys.member,
    });
    const one = await app.request("GET", `/api/v1/change-requests/${id}`, { token: org.keys.member });
    const asBilling = await app.request("GET", `/api/v1/change-requests/${id}`, { token: org.keys.billing });
    expect(asBilling.body.quoteAtSubmission).not.toBeNull();
    for (const request of [asMember.body.data[0], one.body]) {
      expect(request).toMatchObject({ id, status: "pending", quoteAtSubmission: null });
      expect(request.requested).toEqual(asBilling.body.requested);
      expect(JSON.stringify(request)).not.toMatch(/"(total|amount|subtotal)[A-Za-z]*":/);
    }
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
