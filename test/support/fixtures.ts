import { count, eq } from "drizzle-orm";
import { expect } from "vitest";
import {
  apiKeys,
  auditEvents,
  billingProfiles,
  invoices,
  subscriptions,
  users,
} from "../../src/server/db/schema.js";
import { operatorToken, type ProvisionInput, provision, type TestApp } from "./harness.js";

export type KeyRole = "admin" | "billing" | "member" | "spend";

/** Creates an API key through the API with an admin key; returns its id and secret. */
export async function createApiKey(app: TestApp, adminKey: string, role: KeyRole, name = `${role} key`) {
  const response = await app.request("POST", "/api/v1/api-keys", { token: adminKey, body: { name, role } });
  if (response.status !== 201) {
    throw new Error(`creating a ${role} key failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { id: response.body.id as string, secret: response.body.secret as string };
}

/**
 * An organization with a key per role, a revoked billing key, and a second organization whose
 * admin key must never reach the first one's data.
 */
export async function organizationWithKeys(app: TestApp, input: ProvisionInput = {}) {
  const suffix = Math.random().toString(36).slice(2, 8);
  const organization = await provision(app, {
    name: `Acme ${suffix}`,
    admin: { email: `admin-${suffix}@acme.test`, name: "Ada Admin" },
    ...input,
  });
  const adminKey = organization.adminKey as string;
  const keys: Record<KeyRole, string> = {
    admin: adminKey,
    billing: (await createApiKey(app, adminKey, "billing")).secret,
    member: (await createApiKey(app, adminKey, "member")).secret,
    spend: (await createApiKey(app, adminKey, "spend")).secret,
  };
  const revoked = await createApiKey(app, adminKey, "billing", "revoked key");
  const revokedResponse = await app.request("POST", `/api/v1/api-keys/${revoked.id}/revoke`, {
    token: adminKey,
  });
  if (revokedResponse.status !== 200) throw new Error(`revoking failed: ${revokedResponse.status}`);
  const other = await provision(app, {
    name: `Other ${suffix}`,
    admin: { email: `admin-${suffix}@other.test`, name: "Otto Other" },
  });
  return {
    organizationId: organization.organization.id as string,
    adminUserId: organization.admin.id as string,
    keys,
    revokedKey: revoked.secret,
    otherOrganizationId: other.organization.id as string,
    otherAdminKey: other.adminKey as string,
    otherAdminUserId: other.admin.id as string,
  };
}

export type OrganizationWithKeys = Awaited<ReturnType<typeof organizationWithKeys>>;

/** The callers of the access tables, by name. */
export function callers(org: OrganizationWithKeys): Record<string, string | undefined> {
  return {
    admin: org.keys.admin,
    billing: org.keys.billing,
    member: org.keys.member,
    spend: org.keys.spend,
    none: undefined,
    otherOrganizationAdmin: org.otherAdminKey,
    revoked: org.revokedKey,
    operator: operatorToken,
  };
}

/** Every row an organization owns in the tables these modules write, to prove nothing changed. */
export async function organizationRows(app: TestApp, organizationId: string) {
  const db = app.handle.db;
  const [userRows, profile, keyRows, subscriptionRows, [auditCount], [invoiceCount]] = await Promise.all([
    db.select().from(users).where(eq(users.organizationId, organizationId)).orderBy(users.email),
    db.select().from(billingProfiles).where(eq(billingProfiles.organizationId, organizationId)),
    db.select().from(apiKeys).where(eq(apiKeys.organizationId, organizationId)).orderBy(apiKeys.id),
    db.select().from(subscriptions).where(eq(subscriptions.organizationId, organizationId)),
    db.select({ value: count() }).from(auditEvents).where(eq(auditEvents.organizationId, organizationId)),
    db.select({ value: count() }).from(invoices).where(eq(invoices.organizationId, organizationId)),
  ]);
  return {
    users: userRows,
    billingProfile: profile,
    apiKeys: keyRows,
    subscription: subscriptionRows,
    auditEvents: Number(auditCount?.value),
    invoices: Number(invoiceCount?.value),
  };
}

/** Sets the seat count directly, for tests of other modules that need a given number of seats. */
export async function setSeats(app: TestApp, organizationId: string, seats: number) {
  await app.handle.db
    .update(subscriptions)
    .set({ seats })
    .where(eq(subscriptions.organizationId, organizationId));
}

/** Asserts the error shape of the API: status, stable code and, when given, the field. */
export function expectError(
  response: { status: number; body: any },
  status: number,
  code: string,
  field?: string,
) {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  if (field !== undefined) expect(response.body.error.field).toBe(field);
}
