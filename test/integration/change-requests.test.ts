import { and, count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvents, invoices } from "../../src/server/db/schema.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";
import { browser, givePassword, signIn } from "../support/sessions.js";

async function keyFor(app: TestApp, adminKey: string, role: "billing" | "admin", name: string) {
  const created = await app.request("POST", "/api/v1/api-keys", { token: adminKey, body: { name, role } });
  expect(created.status).toBe(201);
  return created.body.secret as string;
}

async function invoiceCount(app: TestApp, organizationId: string) {
  const [row] = await app.handle.db
    .select({ value: count() })
    .from(invoices)
    .where(eq(invoices.organizationId, organizationId));
  return row?.value ?? 0;
}

describe.each(dialects)("change requests on %s", (dialect) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function organizationRequiringApproval(name = "Approvals Inc") {
    const created = await provision(app!, {
      name,
      seats: 10,
      requireApproval: true,
      admin: { email: `admin@${name.toLowerCase().replace(/\W/g, "")}.test`, name: "Ada Admin" },
    });
    const billingKey = await keyFor(app!, created.adminKey, "billing", "Finance");
    return { ...created, billingKey };
  }

  it("runs the approval flow and bills exactly what a direct save at that instant bills", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const org = await organizationRequiringApproval();
    const twin = await provision(app, {
      name: "Twin Corp",
      seats: 10,
      admin: { email: "a@twin.test", name: "T" },
    });
    app.clock.set(new Date("2026-06-10T00:00:00Z"));
    const change = { seats: 12, additionalCreditBlocks: 3, interval: "month" };

    const direct = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.billingKey,
      body: change,
    });
    expect(direct.status).toBe(403);
    expect(direct.body.error.code).toBe("approval_required");

    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: org.billingKey,
      body: { ...change, note: "Two new hires" },
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      status: "pending",
      note: "Two new hires",
      current: { seats: 10, additionalCreditBlocks: 0, interval: "month" },
      requested: change,
      requestedBy: { name: 'API key "Finance"' },
    });
    expect(submitted.body.quoteAtSubmission.dueNow.total).toBeGreaterThan(0);

    const banner = await app.request("GET", "/api/v1/subscription", { token: org.billingKey });
    expect(banner.body.pendingChangeRequest).toMatchObject({ id: submitted.body.id, status: "pending" });

    const second = await app.request("POST", "/api/v1/change-requests", {
      token: org.billingKey,
      body: { ...change, seats: 13 },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("change_request_pending");
    const adminSave = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.adminKey,
      body: change,
    });
    expect(adminSave.status).toBe(409);
    expect(adminSave.body.error.code).toBe("change_request_pending");
    const preview = await app.request("POST", "/api/v1/subscription/preview", {
      token: org.adminKey,
      body: change,
    });
    expect(preview.body.violations.map((violation: any) => violation.code)).toContain(
      "change_request_pending",
    );

    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const pending = await app.request("GET", "/api/v1/change-requests?status=pending", {
      token: org.adminKey,
    });
    expect(pending.body.data.map((request: any) => request.id)).toEqual([submitted.body.id]);
    const quoteNow = await app.request("GET", `/api/v1/change-requests/${submitted.body.id}/quote`, {
      token: org.adminKey,
    });
    expect(quoteNow.status).toBe(200);

    const approved = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/approve`, {
      token: org.adminKey,
    });
    expect(approved.status).toBe(200);
    expect(approved.body.changeRequest.status).toBe("approved");
    expect(approved.body.subscription).toMatchObject({ seats: 12, additionalCreditBlocks: 3 });
    expect(approved.body.invoice.total).toBe(quoteNow.body.dueNow.total);

    const twinSave = await app.request("POST", "/api/v1/subscription/changes", {
      token: twin.adminKey,
      body: change,
    });
    // Two organizations: their numbers and bill-to differ, the figures must not.
    const strip = (invoice: any) => ({
      ...invoice,
      id: undefined,
      number: undefined,
      displayNumber: undefined,
      billTo: undefined,
    });
    expect(strip(approved.body.invoice)).toEqual(strip(twinSave.body.invoice));

    const before = await invoiceCount(app, org.organization.id);
    const again = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/approve`, {
      token: org.adminKey,
    });
    expect(again.status).toBe(200);
    expect(again.body.invoice.id).toBe(approved.body.invoice.id);
    expect(await invoiceCount(app, org.organization.id)).toBe(before);

    const after = await app.request("GET", "/api/v1/subscription", { token: org.billingKey });
    expect(after.body.pendingChangeRequest).toBeNull();
    expect(after.body.lastDecidedChangeRequest).toMatchObject({ id: submitted.body.id, status: "approved" });

    const actions = await app.handle.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.organizationId, org.organization.id), eq(auditEvents.entityId, submitted.body.id)),
      );
    expect(actions.map((row) => row.action).sort()).toEqual([
      "change_request.approved",
      "change_request.submitted",
    ]);
  });

  it("rejects with a reason and changes nothing; the requester sees the outcome", async () => {
    app = await startTestApp(dialect);
    const org = await organizationRequiringApproval();
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: org.billingKey,
      body: { seats: 20, additionalCreditBlocks: 0, interval: "year" },
    });
    const rejected = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/reject`, {
      token: org.adminKey,
      body: { reason: "Budget is frozen this quarter" },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected", reason: "Budget is frozen this quarter" });
    const subscription = await app.request("GET", "/api/v1/subscription", { token: org.billingKey });
    expect(subscription.body).toMatchObject({ seats: 10, interval: "month", pendingChangeRequest: null });
    expect(subscription.body.lastDecidedChangeRequest).toMatchObject({
      status: "rejected",
      reason: "Budget is frozen this quarter",
    });
    expect(await invoiceCount(app, org.organization.id)).toBe(1);
    const approveRejected = await app.request(
      "POST",
      `/api/v1/change-requests/${submitted.body.id}/approve`,
      { token: org.adminKey },
    );
    expect(approveRejected.status).toBe(409);
    const billingApproves = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/reject`, {
      token: org.billingKey,
    });
    expect(billingApproves.status).toBe(403);
  });

  it("lets only the requester withdraw, after which a new request may be submitted", async () => {
    app = await startTestApp(dialect);
    const org = await organizationRequiringApproval();
    const body = { seats: 11, additionalCreditBlocks: 0, interval: "month" };
    const submitted = await app.request("POST", "/api/v1/change-requests", { token: org.billingKey, body });
    const byAdmin = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/withdraw`, {
      token: org.adminKey,
    });
    expect(byAdmin.status).toBe(403);
    const withdrawn = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/withdraw`, {
      token: org.billingKey,
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe("withdrawn");
    const next = await app.request("POST", "/api/v1/change-requests", { token: org.billingKey, body });
    expect(next.status).toBe(201);
  });

  it("refuses an approval whose rule now fails and keeps the request pending", async () => {
    app = await startTestApp(dialect);
    const org = await organizationRequiringApproval();
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: org.billingKey,
      body: { seats: 3, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(submitted.status).toBe(201);
    for (const index of [1, 2, 3]) {
      const added = await app.request("POST", "/api/v1/users", {
        token: org.adminKey,
        body: { email: `hire${index}@approvals.test`, name: `Hire ${index}`, role: "member" },
      });
      expect(added.status).toBe(201);
    }
    const approval = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/approve`, {
      token: org.adminKey,
    });
    expect(approval.status).toBe(422);
    expect(approval.body.error.message).toBe(
      "You cannot reduce seats below your active user count (4). Deactivate users first.",
    );
    const still = await app.request("GET", `/api/v1/change-requests/${submitted.body.id}`, {
      token: org.adminKey,
    });
    expect(still.body.status).toBe("pending");
  });

  it("applies a request once when two admins approve at the same moment", async () => {
    app = await startTestApp(dialect);
    const org = await organizationRequiringApproval();
    const secondAdmin = await keyFor(app, org.adminKey, "admin", "Second admin");
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: org.billingKey,
      body: { seats: 15, additionalCreditBlocks: 0, interval: "month" },
    });
    const before = await invoiceCount(app, org.organization.id);
    const results = await Promise.all(
      [org.adminKey, secondAdmin, org.adminKey, secondAdmin].map((token) =>
        app!.request("POST", `/api/v1/change-requests/${submitted.body.id}/approve`, { token }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(results.map((result) => result.body.invoice.id)).size).toBe(1);
    expect(await invoiceCount(app, org.organization.id)).toBe(before + 1);
    const subscription = await app.request("GET", "/api/v1/subscription", { token: org.adminKey });
    expect(subscription.body.seats).toBe(15);
  });

  it("shows Submit Request to a signed-in billing user and lets an admin turn approval off", async () => {
    app = await startTestApp(dialect);
    const org = await organizationRequiringApproval();
    const added = await app.request("POST", "/api/v1/users", {
      token: org.adminKey,
      body: { email: "bea@approvals.test", name: "Bea Billing", role: "billing" },
    });
    const userId = added.body.user?.id ?? added.body.id;
    await givePassword(app, userId);
    const session = await signIn(app, "bea@approvals.test");
    const me = await app.request("GET", "/api/v1/me", { headers: { cookie: session.cookie } });
    expect(me.body.mustRequestApproval).toBe(true);
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      headers: browser(app, session.cookie),
      body: { seats: 11, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(submitted.body.requestedBy).toMatchObject({
      id: userId,
      name: "Bea Billing",
      email: "bea@approvals.test",
    });
    const byBilling = await app.request("PATCH", "/api/v1/organization/settings", {
      headers: browser(app, session.cookie),
      body: { requireApproval: false },
    });
    expect(byBilling.status).toBe(403);
    const off = await app.request("PATCH", "/api/v1/organization/settings", {
      token: org.adminKey,
      body: { requireApproval: false },
    });
    expect(off.body.requireApproval).toBe(false);
    const meAfter = await app.request("GET", "/api/v1/me", { headers: { cookie: session.cookie } });
    expect(meAfter.body.mustRequestApproval).toBe(false);
  });
});
