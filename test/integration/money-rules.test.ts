import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import defaultCatalog from "../../catalog/default.json" with { type: "json" };
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

/** SPEC §3, §4 and worked examples 5–7 through the HTTP API, with the test clock (issue 12). */

async function moveClock(app: TestApp, now: string) {
  const response = await app.request("POST", "/api/v1/test-clock", { token: operatorToken, body: { now } });
  if (response.status !== 200)
    throw new Error(`test clock: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function rows<T>(app: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await app.handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function addUsers(app: TestApp, adminKey: string, count: number, prefix = "user") {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const response = await app.request("POST", "/api/v1/users", {
      token: adminKey,
      body: { email: `${prefix}${index}@acme.test`, name: `User ${index}`, role: "member" },
    });
    if (response.status !== 201)
      throw new Error(`add user: ${response.status} ${JSON.stringify(response.body)}`);
    ids.push(response.body.id);
  }
  return ids;
}

async function auditActions(app: TestApp, organizationId: string, like: string) {
  return (
    await rows<{ action: string; after: unknown }>(
      app,
      sql`SELECT action, after FROM audit_events WHERE organization_id = ${organizationId} AND action LIKE ${like} ORDER BY id`,
    )
  ).map((row) => ({
    action: row.action,
    after: (typeof row.after === "string" ? JSON.parse(row.after) : row.after) as Record<string, any>,
  }));
}

const change = (app: TestApp, token: string, body: unknown) =>
  app.request("POST", "/api/v1/subscription/changes", { token, body });
const preview = (app: TestApp, token: string, body: unknown) =>
  app.request("POST", "/api/v1/subscription/preview", { token, body });
const subscriptionOf = async (app: TestApp, token: string) =>
  (await app.request("GET", "/api/v1/subscription", { token })).body;
const creditsOf = async (app: TestApp, token: string) =>
  (await app.request("GET", "/api/v1/credits", { token })).body;

describe.each(dialects)("money rules on %s", (dialect) => {
  let app: TestApp;
  afterEach(async () => {
    await app?.close();
  });

  /** Default catalog, 10 seats, monthly, period 2027-03-01 → 2027-04-01, 8 active users. */
  async function march2027() {
    app = await startTestApp(dialect, { now: "2027-03-01T00:00:00Z" });
    const created = await provision(app, { seats: 10 });
    await addUsers(app, created.adminKey, 7);
    await moveClock(app, "2027-03-11T00:00:00Z");
    const subscription = await subscriptionOf(app, created.adminKey);
    expect(subscription).toMatchObject({ seats: 10, activeUsers: 8, periodEnd: "2027-04-01T00:00:00.000Z" });
    return created;
  }

  it("example 5: adding 2 seats on 2027-03-11 is due 5419 now and grants 1354 credits now", async () => {
    const { adminKey } = await march2027();
    const body = { seats: 12, additionalCreditBlocks: 0, interval: "month" };
    const quote = await preview(app, adminKey, body);
    expect(quote.body.dueNow).toMatchObject({ total: 5419, subtotal: 5419 });
    expect(quote.body.dueNow.lines).toEqual([
      expect.objectContaining({
        kind: "seats_added",
        quantity: 2,
        unitAmount: 4000,
        amount: 5419,
        creditsGranted: 1354,
      }),
    ]);
    expect(quote.body).toMatchObject({ creditGrant: 1354, scheduled: null });
    const before = await creditsOf(app, adminKey);
    const applied = await change(app, adminKey, body);
    expect(applied.status).toBe(200);
    expect(applied.body.invoice).toMatchObject({ total: 5419 });
    expect(applied.body.subscription).toMatchObject({ seats: 12, scheduled: null });
    const after = await creditsOf(app, adminKey);
    expect(after.remaining - before.remaining).toBe(1354);
    expect(after.allocation - before.allocation).toBe(1354);
  });

  it("example 6: 9 seats on 2027-03-11 charge nothing, schedule 9 seats for 2027-04-01, and the renewal bills 36000", async () => {
    const { adminKey, organization } = await march2027();
    const body = { seats: 9, additionalCreditBlocks: 0, interval: "month" };
    const quote = await preview(app, adminKey, body);
    expect(quote.body.dueNow).toMatchObject({ lines: [], total: 0 });
    expect(quote.body.scheduled).toEqual({
      seats: 9,
      additionalCreditBlocks: 0,
      interval: "month",
      effectiveAt: "2027-04-01T00:00:00.000Z",
      recurringTotal: 36000,
    });
    const before = await creditsOf(app, adminKey);
    const applied = await change(app, adminKey, body);
    expect(applied.status).toBe(200);
    expect(applied.body.invoice).toBeNull();
    const subscription = await subscriptionOf(app, adminKey);
    expect(subscription).toMatchObject({
      seats: 10,
      accountCredit: 0,
      scheduled: {
        seats: 9,
        additionalCreditBlocks: 0,
        interval: "month",
        effectiveAt: "2027-04-01T00:00:00.000Z",
      },
      recurring: { total: 36000 },
    });
    expect((await creditsOf(app, adminKey)).remaining).toBe(before.remaining);
    await moveClock(app, "2027-04-01T00:00:00Z");
    const renewal = await rows<{ total: number; subtotal: number }>(
      app,
      sql`SELECT total, subtotal FROM invoices WHERE organization_id = ${organization.id} AND kind = 'renewal'`,
    );
    expect(renewal.map((invoice) => Number(invoice.total))).toEqual([36000]);
    expect(await subscriptionOf(app, adminKey)).toMatchObject({ seats: 9, scheduled: null });
    expect((await creditsOf(app, adminKey)).allocation).toBe(9000);
    const events = await auditActions(app, organization.id, "subscription.scheduled_change%");
    expect(events.map((event) => event.action)).toEqual([
      "subscription.scheduled_change_scheduled",
      "subscription.scheduled_change_applied",
    ]);
    expect(events[1]?.after).toMatchObject({
      seats: 9,
      effectiveAt: "2027-04-01T00:00:00.000Z",
      keptForActiveUsers: null,
    });
  });

  it("example 7: 3 blocks monthly are due 3000 and grant 3,000 credits now; 1 block yearly with 7 cycles left is due 5600", async () => {
    app = await startTestApp(dialect, { now: "2026-01-01T00:00:00Z" });
    const monthly = await provision(app, {
      seats: 10,
      name: "Monthly Co",
      admin: { email: "m@m.test", name: "M" },
    });
    const yearly = await provision(app, {
      seats: 10,
      interval: "year",
      name: "Yearly Co",
      admin: { email: "y@y.test", name: "Y" },
    });
    await moveClock(app, "2026-06-10T00:00:00Z");
    const before = await creditsOf(app, monthly.adminKey);
    const blocks = await change(app, monthly.adminKey, {
      seats: 10,
      additionalCreditBlocks: 3,
      interval: "month",
    });
    expect(blocks.body.invoice).toMatchObject({ total: 3000 });
    expect(blocks.body.invoice.lines).toEqual([
      expect.objectContaining({ kind: "credit_blocks_added", quantity: 3, amount: 3000 }),
    ]);
    expect((await creditsOf(app, monthly.adminKey)).remaining - before.remaining).toBe(3000);
    // The yearly period 2026-01-01 → 2027-01-01: June to December are 7 credit cycles.
    const quote = await preview(app, yearly.adminKey, {
      seats: 10,
      additionalCreditBlocks: 1,
      interval: "year",
    });
    expect(quote.body.dueNow.total).toBe(5600);
    const yearlyBefore = await creditsOf(app, yearly.adminKey);
    const block = await change(app, yearly.adminKey, {
      seats: 10,
      additionalCreditBlocks: 1,
      interval: "year",
    });
    expect(block.body.invoice).toMatchObject({ total: 5600 });
    expect((await creditsOf(app, yearly.adminKey)).remaining - yearlyBefore.remaining).toBe(1000);
  });

  it("a later save replaces the scheduled change, today's values cancel it, and raising back grants nothing", async () => {
    const { adminKey, organization } = await march2027();
    expect((await change(app, adminKey, { seats: 9 })).status).toBe(200);
    expect((await change(app, adminKey, { seats: 8 })).body.subscription.scheduled).toMatchObject({
      seats: 8,
    });
    const credits = await creditsOf(app, adminKey);
    const back = await change(app, adminKey, { seats: 10 });
    expect(back.body.invoice).toBeNull();
    expect(back.body.subscription).toMatchObject({ seats: 10, scheduled: null });
    expect((await creditsOf(app, adminKey)).remaining).toBe(credits.remaining);
    const events = await auditActions(app, organization.id, "subscription.scheduled_change%");
    expect(events.map((event) => event.action)).toEqual([
      "subscription.scheduled_change_scheduled",
      "subscription.scheduled_change_replaced",
      "subscription.scheduled_change_cancelled",
    ]);
    await moveClock(app, "2027-04-01T00:00:00Z");
    expect(await subscriptionOf(app, adminKey)).toMatchObject({ seats: 10 });
  });

  it("refuses a user beyond the scheduled seats (409 decrease_scheduled) and keeps a seat per active user at the renewal", async () => {
    app = await startTestApp(dialect, { now: "2027-03-01T00:00:00Z" });
    const { adminKey, organization } = await provision(app, { seats: 10 });
    const [first] = await addUsers(app, adminKey, 2);
    await moveClock(app, "2027-03-11T00:00:00Z");
    expect((await change(app, adminKey, { seats: 3 })).status).toBe(200);
    const refused = await app.request("POST", "/api/v1/users", {
      token: adminKey,
      body: { email: "late@acme.test", name: "Late", role: "member" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "decrease_scheduled",
      message: "Seats drop to 3 on Apr 1, 2027. Cancel the scheduled change or add seats first.",
    });
    // Deactivate and reactivate: the reactivation fits in the scheduled 3 seats again.
    expect((await app.request("POST", `/api/v1/users/${first}/deactivate`, { token: adminKey })).status).toBe(
      200,
    );
    expect((await app.request("POST", `/api/v1/users/${first}/reactivate`, { token: adminKey })).status).toBe(
      200,
    );
    // An operator's data (or a race) leaves 4 active users: the renewal keeps 4 seats and says why.
    await app.handle.db.execute(
      sql`INSERT INTO users (organization_id, email, name, role, status, created_at)
          VALUES (${organization.id}, 'extra@acme.test', 'Extra', 'member', 'active', now())`,
    );
    await moveClock(app, "2027-04-01T00:00:00Z");
    expect(await subscriptionOf(app, adminKey)).toMatchObject({ seats: 4, scheduled: null });
    const [applied] = await auditActions(app, organization.id, "subscription.scheduled_change_applied");
    expect(applied?.after.keptForActiveUsers).toMatchObject({ activeUsers: 4, scheduledSeats: 3 });
    expect(applied?.after.keptForActiveUsers.reason).toMatch(/4 users were active at the renewal/);
  });

  it("monthly to yearly refuses a decrease in the same save and cancels a scheduled decrease", async () => {
    const { adminKey } = await march2027();
    expect((await change(app, adminKey, { seats: 9 })).status).toBe(200);
    const refused = await change(app, adminKey, { seats: 9, additionalCreditBlocks: 0, interval: "year" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("decrease_with_interval_switch");
    const switched = await change(app, adminKey, { seats: 10, additionalCreditBlocks: 0, interval: "year" });
    expect(switched.status).toBe(200);
    expect(switched.body.subscription).toMatchObject({ interval: "year", seats: 10, scheduled: null });
    expect((await creditsOf(app, adminKey)).allocation).toBe(10_000);
  });

  it("lists every rule a change breaks in the quote: below the catalog minimum and below the active users", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wp-catalog-"));
    const file = join(dir, "catalog.json");
    writeFileSync(
      file,
      JSON.stringify({
        ...defaultCatalog,
        limits: { ...defaultCatalog.limits, seats: { min: 9, max: 500 } },
      }),
    );
    app = await startTestApp(dialect, { now: "2027-03-01T00:00:00Z", catalogFile: file });
    const { adminKey } = await provision(app, { seats: 10 });
    await addUsers(app, adminKey, 7);
    const both = await preview(app, adminKey, { seats: 7, additionalCreditBlocks: 0, interval: "month" });
    expect(both.status).toBe(200);
    expect(both.body.violations.map((violation: any) => violation.code)).toEqual([
      "seats_out_of_range",
      "seats_below_active_users",
    ]);
  });

  it("a change request with a decrease schedules it when approved; cancelling it goes through a request too", async () => {
    app = await startTestApp(dialect, { now: "2027-03-01T00:00:00Z" });
    const created = await provision(app, { seats: 10, requireApproval: true });
    const billing = await app.request("POST", "/api/v1/api-keys", {
      token: created.adminKey,
      body: { name: "Finance", role: "billing" },
    });
    const billingKey = billing.body.secret as string;
    await moveClock(app, "2027-03-11T00:00:00Z");
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: billingKey,
      body: { seats: 9, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.quoteAtSubmission.scheduled).toMatchObject({
      seats: 9,
      effectiveAt: "2027-04-01T00:00:00.000Z",
      recurringTotal: 36000,
    });
    const approved = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/approve`, {
      token: created.adminKey,
      body: {},
    });
    expect(approved.status).toBe(200);
    expect(approved.body.invoice).toBeNull();
    expect(approved.body.subscription).toMatchObject({ seats: 10, scheduled: { seats: 9 } });
    // Cancel scheduled change = today's values, submitted as a request by a billing user.
    const cancel = await app.request("POST", "/api/v1/change-requests", {
      token: billingKey,
      body: { seats: 10, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(cancel.status).toBe(201);
    expect(cancel.body.current).toMatchObject({ seats: 9 });
    const cancelled = await app.request("POST", `/api/v1/change-requests/${cancel.body.id}/approve`, {
      token: created.adminKey,
      body: {},
    });
    expect(cancelled.body.subscription).toMatchObject({ seats: 10, scheduled: null });
  });

  it("documents scheduled, the quote's scheduled and the credits granted in the OpenAPI document", async () => {
    app = await startTestApp(dialect);
    const document = (await app.request("GET", "/api/openapi.json")).body;
    // Named shapes are components: follow a $ref to the schema it names.
    const resolved = (schema: { $ref?: string }) =>
      schema.$ref ? document.components.schemas[schema.$ref.split("/").at(-1) as string] : schema;
    const subscription = resolved(
      document.paths["/api/v1/subscription"].get.responses["200"].content["application/json"].schema,
    );
    expect(Object.keys(subscription.properties)).toEqual(
      expect.arrayContaining(["scheduled", "accountCredit"]),
    );
    const quote = resolved(
      document.paths["/api/v1/subscription/preview"].post.responses["200"].content["application/json"].schema,
    );
    expect(Object.keys(quote.properties)).toEqual(
      expect.arrayContaining(["scheduled", "creditGrant", "dueNow"]),
    );
  });

  it("refuses reactivating a user beyond the scheduled seats with the same 409", async () => {
    app = await startTestApp(dialect, { now: "2027-03-01T00:00:00Z" });
    const { adminKey } = await provision(app, { seats: 10 });
    const [first] = await addUsers(app, adminKey, 2);
    expect((await app.request("POST", `/api/v1/users/${first}/deactivate`, { token: adminKey })).status).toBe(
      200,
    );
    await moveClock(app, "2027-03-11T00:00:00Z");
    // 2 active users, 2 seats scheduled; a third user fits today's 10 seats but not the 2.
    expect((await change(app, adminKey, { seats: 2 })).status).toBe(200);
    const refused = await app.request("POST", `/api/v1/users/${first}/reactivate`, { token: adminKey });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("decrease_scheduled");
    // Cancelling the scheduled change lets it through.
    expect((await change(app, adminKey, { seats: 10 })).status).toBe(200);
    expect((await app.request("POST", `/api/v1/users/${first}/reactivate`, { token: adminKey })).status).toBe(
      200,
    );
  });

  it("migration 0008 turns a block decrease scheduled under the old rules into a scheduled change, rewriting nothing else", async () => {
    app = await startTestApp(dialect, { now: "2027-03-01T00:00:00Z" });
    const { adminKey, organization } = await provision(app, { seats: 3, additionalCreditBlocks: 5 });
    const before = await rows<{ count: unknown }>(app, sql`SELECT count(*) AS count FROM invoices`);
    // Data as the old rules left it: only scheduled_credit_blocks set.
    await app.handle.db.execute(
      sql`ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_scheduled_complete`,
    );
    await app.handle.db.execute(
      sql`UPDATE subscriptions SET scheduled_credit_blocks = 2 WHERE organization_id = ${organization.id}`,
    );
    const file = readFileSync(join("src/server/db/migrations", "0008_scheduled_changes.sql"), "utf8");
    const handWritten = file.slice(file.indexOf("-- hand-written:"));
    for (const statement of handWritten.split("--> statement-breakpoint")) {
      await app.handle.db.execute(sql.raw(statement));
    }
    expect(await subscriptionOf(app, adminKey)).toMatchObject({
      additionalCreditBlocks: 5,
      scheduled: {
        seats: 3,
        additionalCreditBlocks: 2,
        interval: "month",
        effectiveAt: "2027-04-01T00:00:00.000Z",
      },
    });
    const after = await rows<{ count: unknown }>(app, sql`SELECT count(*) AS count FROM invoices`);
    expect(Number(after[0]?.count)).toBe(Number(before[0]?.count));
    await moveClock(app, "2027-04-01T00:00:00Z");
    expect(await subscriptionOf(app, adminKey)).toMatchObject({ additionalCreditBlocks: 2, scheduled: null });
  });
});
