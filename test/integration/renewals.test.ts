import { sql } from "drizzle-orm";
import Fastify from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/server/clock.js";
import { loadConfig } from "../../src/server/config.js";
import { insertApiKey } from "../../src/server/modules/api-keys/api-keys.repository.js";
import { testClockRoutes } from "../../src/server/modules/test-clock/test-clock.routes.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

async function rows<T>(app: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await app.handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function moveClock(app: TestApp, now: string) {
  const response = await app.request("POST", "/api/v1/test-clock", { token: operatorToken, body: { now } });
  if (response.status !== 200)
    throw new Error(`test clock: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const iso = (value: unknown) =>
  new Date(
    String(value)
      .replace(" ", "T")
      .replace(/([+-]\d\d)$/, "$1:00"),
  ).toISOString();

async function renewalInvoices(app: TestApp, organizationId: string) {
  const found = await rows<{
    number: number;
    issued_at: string;
    renewal_period_start: string;
    total: number;
    credit_applied: number;
  }>(
    app,
    sql`SELECT number, issued_at, renewal_period_start, total, credit_applied FROM invoices
        WHERE organization_id = ${organizationId} AND kind = 'renewal' ORDER BY number`,
  );
  return found.map((invoice) => ({
    number: Number(invoice.number),
    issuedAt: iso(invoice.issued_at),
    periodStart: iso(invoice.renewal_period_start),
    total: Number(invoice.total),
    creditApplied: Number(invoice.credit_applied),
  }));
}

async function grants(app: TestApp, organizationId: string) {
  const found = await rows<{ kind: string; credits: number; cycle_start: string }>(
    app,
    sql`SELECT kind, credits, cycle_start FROM credit_ledger
        WHERE organization_id = ${organizationId} AND kind IN ('grant', 'expiry') ORDER BY id`,
  );
  return found.map((entry) => [entry.kind, Number(entry.credits), iso(entry.cycle_start)]);
}

async function subscriptionOf(app: TestApp, adminKey: string) {
  return (await app.request("GET", "/api/v1/subscription", { token: adminKey })).body;
}

describe.each(dialects)("renewals and credit resets on %s", (dialect) => {
  let app: TestApp;
  afterEach(async () => {
    await app?.close();
  });

  it("moves a monthly subscription forward 3 periods: 3 renewal invoices and 3 resets, in order, once each", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { seats: 2, additionalCreditBlocks: 1 });
    const organizationId = created.organization.id;
    const spendKey = (
      await insertApiKey(app.handle.db, {
        organizationId,
        name: "ai",
        role: "spend",
        createdBy: null,
        now: app.clock.now(),
      })
    ).secret;
    await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { eventId: "before", feature: "call_analysis", credits: 500, occurredAt: "2026-06-10T00:00:00Z" },
    });
    const moved = await moveClock(app, "2026-09-01T00:00:00Z");
    expect(moved.ran).toMatchObject({ renewals: 3, creditResets: 3 });
    // Moving again to the same instant, or a second later, does nothing twice.
    expect((await moveClock(app, "2026-09-01T00:00:00Z")).ran).toMatchObject({
      renewals: 0,
      creditResets: 0,
    });
    expect((await moveClock(app, "2026-09-01T00:00:01Z")).ran).toMatchObject({
      renewals: 0,
      creditResets: 0,
    });

    const invoices = await renewalInvoices(app, organizationId);
    expect(invoices.map((invoice) => invoice.periodStart)).toEqual([
      "2026-07-01T00:00:00.000Z",
      "2026-08-01T00:00:00.000Z",
      "2026-09-01T00:00:00.000Z",
    ]);
    expect(invoices.map((invoice) => invoice.issuedAt)).toEqual(
      invoices.map((invoice) => invoice.periodStart),
    );
    expect(invoices.every((invoice) => invoice.total === 2 * 4000 + 1000)).toBe(true);
    const numbers = invoices.map((invoice) => invoice.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));

    expect(await grants(app, organizationId)).toEqual([
      ["grant", 3000, "2026-06-01T00:00:00.000Z"],
      ["expiry", -2500, "2026-06-01T00:00:00.000Z"],
      ["grant", 3000, "2026-07-01T00:00:00.000Z"],
      ["expiry", -3000, "2026-07-01T00:00:00.000Z"],
      ["grant", 3000, "2026-08-01T00:00:00.000Z"],
      ["expiry", -3000, "2026-08-01T00:00:00.000Z"],
      ["grant", 3000, "2026-09-01T00:00:00.000Z"],
    ]);
    const subscription = await subscriptionOf(app, created.adminKey);
    expect(subscription).toMatchObject({
      periodStart: "2026-09-01T00:00:00.000Z",
      periodEnd: "2026-10-01T00:00:00.000Z",
    });
    const credits = (await app.request("GET", "/api/v1/credits", { token: created.adminKey })).body;
    expect(credits).toMatchObject({
      allocation: 3000,
      used: 0,
      remaining: 3000,
      resetAt: "2026-10-01T00:00:00.000Z",
    });
    const audit = await rows<{ action: string; actor_type: string }>(
      app,
      sql`SELECT action, actor_type FROM audit_events WHERE organization_id = ${organizationId} AND actor_type = 'scheduler' ORDER BY id`,
    );
    expect(audit.map((event) => event.action)).toEqual([
      "credits.cycle_reset",
      "subscription.renewed",
      "credits.cycle_reset",
      "subscription.renewed",
      "credits.cycle_reset",
      "subscription.renewed",
    ]);
  });

  it("moves an annual subscription forward 3 months: 3 credit resets and no invoice", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { seats: 3, interval: "year" });
    const moved = await moveClock(app, "2026-09-15T00:00:00Z");
    expect(moved.ran).toMatchObject({ renewals: 0, creditResets: 3 });
    expect(await renewalInvoices(app, created.organization.id)).toEqual([]);
    const cycles = (await grants(app, created.organization.id)).filter(([kind]) => kind === "grant");
    expect(cycles.map(([, , start]) => start)).toEqual([
      "2026-06-01T00:00:00.000Z",
      "2026-07-01T00:00:00.000Z",
      "2026-08-01T00:00:00.000Z",
      "2026-09-01T00:00:00.000Z",
    ]);
    expect(await subscriptionOf(app, created.adminKey)).toMatchObject({
      periodStart: "2026-06-01T00:00:00.000Z",
      periodEnd: "2027-06-01T00:00:00.000Z",
    });
    // The year ends: one renewal invoice for the next year, and the 12th reset.
    const year = await moveClock(app, "2027-06-01T00:00:00Z");
    expect(year.ran).toMatchObject({ renewals: 1, creditResets: 9 });
    expect((await renewalInvoices(app, created.organization.id)).map((invoice) => invoice.total)).toEqual([
      3 * 38400,
    ]);
  });

  it("renews a subscription anchored on Jan 31 on Feb 29 in a leap year, then Mar 31", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    await moveClock(app, "2028-01-31T09:30:00Z");
    const created = await provision(app, { seats: 1 });
    await moveClock(app, "2028-04-01T00:00:00Z");
    expect(
      (await renewalInvoices(app, created.organization.id)).map((invoice) => invoice.periodStart),
    ).toEqual(["2028-02-29T09:30:00.000Z", "2028-03-31T09:30:00.000Z"]);
  });

  it("renews a subscription anchored on Jan 31 on Feb 28 in a common year, then Mar 31", async () => {
    app = await startTestApp(dialect, { now: "2027-01-31T00:00:00Z" });
    const created = await provision(app, { seats: 1 });
    const moved = await moveClock(app, "2027-03-31T00:00:00Z");
    expect(moved.ran).toMatchObject({ renewals: 2, creditResets: 2 });
    expect(
      (await renewalInvoices(app, created.organization.id)).map((invoice) => invoice.periodStart),
    ).toEqual(["2027-02-28T00:00:00.000Z", "2027-03-31T00:00:00.000Z"]);
  });

  it("applies a scheduled decrease of seats and blocks at the renewal, once, and bills the new counts", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { seats: 4, additionalCreditBlocks: 3 });
    await moveClock(app, "2026-06-16T00:00:00Z");
    const change = await app.request("POST", "/api/v1/subscription/changes", {
      token: created.adminKey,
      body: { seats: 2, additionalCreditBlocks: 1, interval: "month" },
    });
    expect(change.status).toBe(200);
    expect(change.body.invoice).toBeNull();
    expect(change.body.subscription).toMatchObject({
      seats: 4,
      additionalCreditBlocks: 3,
      accountCredit: 0,
      scheduled: {
        seats: 2,
        additionalCreditBlocks: 1,
        interval: "month",
        effectiveAt: "2026-07-01T00:00:00.000Z",
      },
    });
    // Still in force until the renewal: the seats and the credits of the blocks.
    await moveClock(app, "2026-06-30T23:59:59Z");
    expect(await subscriptionOf(app, created.adminKey)).toMatchObject({
      seats: 4,
      additionalCreditBlocks: 3,
    });
    await moveClock(app, "2026-07-01T00:00:00Z");
    const credits = (await app.request("GET", "/api/v1/credits", { token: created.adminKey })).body;
    expect(credits).toMatchObject({ allocation: 2000 + 1000, remaining: 3000 });
    expect(await subscriptionOf(app, created.adminKey)).toMatchObject({
      seats: 2,
      additionalCreditBlocks: 1,
      scheduled: null,
      accountCredit: 0,
    });
    await moveClock(app, "2026-08-01T00:00:00Z");
    const invoices = await renewalInvoices(app, created.organization.id);
    expect(invoices.map((invoice) => invoice.total)).toEqual([2 * 4000 + 1000, 2 * 4000 + 1000]);
    const applied = await rows<{ count: number }>(
      app,
      sql`SELECT count(*)::int AS count FROM scheduled_change_applications WHERE organization_id = ${created.organization.id}`,
    );
    expect(Number(applied[0]?.count)).toBe(1);
    const events = await rows<{ action: string }>(
      app,
      sql`SELECT action FROM audit_events WHERE organization_id = ${created.organization.id}
          AND action LIKE 'subscription.scheduled_change%' ORDER BY id`,
    );
    expect(events.map((event) => event.action)).toEqual([
      "subscription.scheduled_change_scheduled",
      "subscription.scheduled_change_applied",
    ]);
  });

  it("restarts the credit cycle on an interval switch and resets monthly on the new anchor", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { seats: 1 });
    await moveClock(app, "2026-06-11T00:00:00Z");
    const change = await app.request("POST", "/api/v1/subscription/changes", {
      token: created.adminKey,
      body: { seats: 1, additionalCreditBlocks: 0, interval: "year" },
    });
    expect(change.status).toBe(200);
    const moved = await moveClock(app, "2026-08-11T00:00:00Z");
    expect(moved.ran).toMatchObject({ renewals: 0, creditResets: 2 });
    const credits = (await app.request("GET", "/api/v1/credits", { token: created.adminKey })).body;
    expect(credits).toMatchObject({
      cycleStart: "2026-08-11T00:00:00.000Z",
      resetAt: "2026-09-11T00:00:00.000Z",
    });
  });

  it("runs an ended cycle's reset before a spend that arrives first, and spends in the new cycle", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { seats: 1 });
    const organizationId = created.organization.id;
    const spendKey = (
      await insertApiKey(app.handle.db, {
        organizationId,
        name: "ai",
        role: "spend",
        createdBy: null,
        now: app.clock.now(),
      })
    ).secret;
    await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { eventId: "june", feature: "call_analysis", credits: 900, occurredAt: "2026-06-20T00:00:00Z" },
    });
    // Time passes without the scheduler (as after downtime): the spend must not use June's credits.
    app.clock.set(new Date("2026-07-01T00:00:05Z"));
    const spend = await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { eventId: "july", feature: "call_analysis", credits: 500, occurredAt: "2026-07-01T00:00:04Z" },
    });
    expect(spend.status).toBe(200);
    expect(spend.body.balance).toBe(500);
    expect(await renewalInvoices(app, organizationId)).toHaveLength(1);
    const credits = (await app.request("GET", "/api/v1/credits", { token: created.adminKey })).body;
    expect(credits).toMatchObject({ cycleStart: "2026-07-01T00:00:00.000Z", used: 500, remaining: 500 });
  });

  it("keeps the balance equal to the ledger while spends race the reset", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { seats: 2 });
    const organizationId = created.organization.id;
    const spendKey = (
      await insertApiKey(app.handle.db, {
        organizationId,
        name: "ai",
        role: "spend",
        createdBy: null,
        now: app.clock.now(),
      })
    ).secret;
    const spends = Array.from({ length: 60 }, (_, index) =>
      app.request("POST", "/api/v1/credits/spend", {
        token: spendKey,
        body: {
          eventId: `r-${index}`,
          feature: "call_analysis",
          credits: 45,
          occurredAt: "2026-06-30T23:00:00Z",
        },
      }),
    );
    const [moved, ...responses] = await Promise.all([moveClock(app, "2026-07-01T00:00:00Z"), ...spends]);
    expect(moved.ran).toMatchObject({ renewals: 1, creditResets: 1 });
    expect(responses.every((response) => response.status === 200 || response.status === 402)).toBe(true);
    const [state] = await rows<Record<string, unknown>>(
      app,
      sql`SELECT b.balance, (SELECT sum(credits) FROM credit_ledger l WHERE l.organization_id = b.organization_id) AS total,
            (SELECT sum(credits) FROM credit_ledger l WHERE l.organization_id = b.organization_id AND l.cycle_start = b.cycle_start) AS cycle_total,
            (SELECT min(balance_after) FROM credit_ledger l WHERE l.organization_id = b.organization_id) AS lowest
          FROM credit_balances b WHERE b.organization_id = ${organizationId}`,
    );
    expect(Number(state?.balance)).toBe(Number(state?.total));
    expect(Number(state?.balance)).toBe(Number(state?.cycle_total));
    expect(Number(state?.lowest)).toBeGreaterThanOrEqual(0);
    const spent = responses.filter((response) => response.status === 200).length;
    // Every accepted spend was charged to June (2,000 credits) or to July (2,000 credits).
    expect(spent).toBeGreaterThanOrEqual(44);
  });
});

describe.each(dialects)("test clock on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("moves anywhere before the first organization, then only forward", async () => {
    expect((await app.request("GET", "/api/v1/test-clock", { token: operatorToken })).body).toEqual({
      now: "2026-06-01T00:00:00.000Z",
      mode: "manual",
    });
    await moveClock(app, "2025-01-01T00:00:00Z");
    await moveClock(app, "2026-05-01T00:00:00Z");
    const created = await provision(app, { seats: 1 });
    const backwards = await app.request("POST", "/api/v1/test-clock", {
      token: operatorToken,
      body: { now: "2026-04-30T23:59:59Z" },
    });
    expect(backwards.status).toBe(409);
    expect(backwards.body.error).toMatchObject({ code: "clock_backwards", field: "now" });
    expect((await app.request("GET", "/api/v1/test-clock", { token: operatorToken })).body.now).toBe(
      "2026-05-01T00:00:00.000Z",
    );
    expect((await app.request("GET", "/api/v1/test-clock", { token: created.adminKey })).status).toBe(401);
    const persisted = await rows<{ now: string }>(app, sql`SELECT now FROM test_clock`);
    expect(iso(persisted[0]?.now)).toBe("2026-05-01T00:00:00.000Z");
    const member = await app.request("POST", "/api/v1/test-clock", {
      token: created.adminKey,
      body: { now: "2026-06-01T00:00:00Z" },
    });
    expect(member.status).toBe(401);
    const bad = await app.request("POST", "/api/v1/test-clock", {
      token: operatorToken,
      body: { now: "soon" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("now");
  });
});

describe("test clock without BILLING_CLOCK=manual", () => {
  it("does not exist: no route is registered", async () => {
    const server = Fastify();
    const config = loadConfig({ BILLING_CLOCK: "system", LOG_LEVEL: "silent" });
    await testClockRoutes(server, { config, clock: systemClock } as never);
    const moved = await server.inject({
      method: "POST",
      url: "/test-clock",
      payload: { now: "2030-01-01T00:00:00Z" },
    });
    expect(moved.statusCode).toBe(404);
    expect((await server.inject({ method: "GET", url: "/test-clock" })).statusCode).toBe(404);
    await server.close();
  });
});
