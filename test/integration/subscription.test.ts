import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import defaultCatalog from "../../catalog/default.json" with { type: "json" };
import { auditEvents, idempotencyKeys, invoices, subscriptions, users } from "../../src/server/db/schema.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

function catalogFile(seat: { month: number; year: number }): string {
  const dir = mkdtempSync(join(tmpdir(), "wp-catalog-"));
  const file = join(dir, "catalog.json");
  writeFileSync(
    file,
    JSON.stringify({
      ...defaultCatalog,
      currencies: { USD: { seat, creditBlock: defaultCatalog.currencies.USD.creditBlock } },
    }),
  );
  return file;
}

async function addActiveUsers(app: TestApp, organizationId: string, howMany: number) {
  await app.handle.db.insert(users).values(
    Array.from({ length: howMany }, (_, index) => ({
      organizationId,
      email: `member${index}@example.test`,
      name: `Member ${index}`,
      role: "member" as const,
      createdAt: app.clock.now(),
    })),
  );
}

async function rowCounts(app: TestApp) {
  const [invoiceCount] = await app.handle.db.select({ value: count() }).from(invoices);
  const [auditCount] = await app.handle.db.select({ value: count() }).from(auditEvents);
  return { invoices: invoiceCount?.value, audit: auditCount?.value };
}

describe.each(dialects)("subscription API on %s", (dialect) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("provisions an organization whose period starts now, with its first invoice", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { name: "Provisioned Inc", seats: 3, additionalCreditBlocks: 1 });
    expect(created.subscription).toMatchObject({
      seats: 3,
      additionalCreditBlocks: 1,
      interval: "month",
      periodStart: "2026-06-01T00:00:00.000Z",
      periodEnd: "2026-07-01T00:00:00.000Z",
      currency: "USD",
      accountCredit: 0,
      activeUsers: 1,
      pendingChangeRequest: null,
    });
    expect(created.invoice.total).toBe(3 * 4000 + 1000);
    const fetched = await app.request("GET", "/api/v1/subscription", { token: created.adminKey });
    expect(fetched.status).toBe(200);
    // GET adds what the renewal will invoice (no billing address yet: no VAT).
    expect(fetched.body).toEqual({
      ...created.subscription,
      nextInvoice: {
        issuedAt: "2026-07-01T00:00:00.000Z",
        subtotal: 13_000,
        creditApplied: 0,
        tax: expect.objectContaining({ treatment: "billing_address_missing", total: 0 }),
        total: 13_000,
      },
    });
  });

  it("SPEC example 1: adding a seat halfway through a 30-day month charges 500", async () => {
    app = await startTestApp(dialect, {
      now: "2026-06-01T00:00:00Z",
      catalogFile: catalogFile({ month: 1000, year: 10000 }),
    });
    const { adminKey } = await provision(app, { seats: 1 });
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const body = { seats: 2, additionalCreditBlocks: 0, interval: "month" };
    const preview = await app.request("POST", "/api/v1/subscription/preview", { token: adminKey, body });
    expect(preview.status).toBe(200);
    expect(preview.body.dueNow.total).toBe(500);
    const applied = await app.request("POST", "/api/v1/subscription/changes", { token: adminKey, body });
    expect(applied.status).toBe(200);
    expect(applied.body.invoice.total).toBe(500);
    expect(applied.body.invoice.lines).toEqual([
      expect.objectContaining({ quantity: 1, unitAmount: 1000, amount: 500 }),
    ]);
    // The quote's line also says what it grants now: the seat's credits, 15 of 30 days.
    expect(preview.body.dueNow.lines.map((line: any) => line.creditsGranted)).toEqual([500]);
    expect(applied.body.invoice.lines).toEqual(
      preview.body.dueNow.lines.map(({ kind, creditsGranted: _, ...line }: any) => ({ kind, ...line })),
    );
    expect(applied.body.subscription.seats).toBe(2);
  });

  it("SPEC example 2: monthly to yearly credits 1548, charges 30000, restarts the period", async () => {
    app = await startTestApp(dialect, {
      now: "2024-03-01T00:00:00Z",
      catalogFile: catalogFile({ month: 3000, year: 30000 }),
    });
    const { adminKey } = await provision(app, { seats: 1 });
    app.clock.set(new Date("2024-03-16T00:00:00Z"));
    const applied = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      body: { seats: 1, additionalCreditBlocks: 0, interval: "year" },
    });
    expect(applied.status).toBe(200);
    expect(applied.body.invoice.lines.map((line: any) => line.amount)).toEqual([-1548, 30000]);
    expect(applied.body.invoice.total).toBe(28452);
    expect(applied.body.subscription).toMatchObject({
      interval: "year",
      periodStart: "2024-03-16T00:00:00.000Z",
      periodEnd: "2025-03-16T00:00:00.000Z",
    });
  });

  it("SPEC example 3: refuses 7 seats with 8 active users and changes nothing", async () => {
    app = await startTestApp(dialect);
    const created = await provision(app, { seats: 10 });
    await addActiveUsers(app, created.organization.id, 7);
    app.clock.set(new Date("2026-06-10T00:00:00Z"));
    const before = await rowCounts(app);
    const response = await app.request("POST", "/api/v1/subscription/changes", {
      token: created.adminKey,
      body: { seats: 7, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: "seats_below_active_users",
      field: "seats",
      message: "You cannot reduce seats below your active user count (8). Deactivate users first.",
    });
    expect(await rowCounts(app)).toEqual(before);
    const after = await app.request("GET", "/api/v1/subscription", { token: created.adminKey });
    expect(after.body).toEqual({ ...created.subscription, activeUsers: 8, nextInvoice: expect.any(Object) });
  });

  it("SPEC example 4: refuses yearly to monthly mid-term", async () => {
    app = await startTestApp(dialect);
    const { adminKey } = await provision(app, { interval: "year" });
    app.clock.set(new Date("2026-09-01T00:00:00Z"));
    const response = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      body: { seats: 10, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("interval_downgrade_mid_term");
    expect(response.body.error.message).toBe(
      "Downgrading from annual to monthly is not available mid-term. Contact support if needed.",
    );
  });

  it("lets the operator move a yearly subscription to monthly mid-term, audited with the reason", async () => {
    app = await startTestApp(dialect, { now: "2026-01-01T00:00:00Z" });
    const { adminKey, organization } = await provision(app, { interval: "year", seats: 2 });
    app.clock.set(new Date("2026-07-02T00:00:00Z")); // 183 of 365 days left
    const body = { interval: "month", reason: "Customer downsizing, ticket 4411" };
    const byAdmin = await app.request(
      "POST",
      `/api/v1/organizations/${organization.id}/subscription/override`,
      {
        token: adminKey,
        body,
      },
    );
    expect(byAdmin.status).toBe(401);
    const overridden = await app.request(
      "POST",
      `/api/v1/organizations/${organization.id}/subscription/override`,
      {
        token: operatorToken,
        body,
      },
    );
    expect(overridden.status).toBe(200);
    // The unused year exceeds the month: the invoice charges the month and a credit note credits
    // the unused time (decision 0074); the proration is the same.
    const unused = Math.round((2 * 38400 * 183) / 365);
    expect(overridden.body.invoice.lines.map((line: any) => [line.kind, line.amount])).toEqual([
      ["seats_period", 2 * 4000],
    ]);
    expect(overridden.body.invoice).toMatchObject({ total: 2 * 4000, status: "paid", amountDue: 0 });
    const notes = await app.request("GET", "/api/v1/credit-notes", { token: adminKey });
    expect(notes.body.data).toMatchObject([
      {
        reason: "interval_switch",
        invoiceId: overridden.body.invoice.id,
        lines: [{ amount: unused }],
        total: unused,
        accountCredit: unused - 2 * 4000,
      },
    ]);
    expect(overridden.body.subscription.accountCredit).toBe(unused - 2 * 4000);
    expect(overridden.body.subscription).toMatchObject({
      interval: "month",
      periodStart: "2026-07-02T00:00:00.000Z",
      periodEnd: "2026-08-02T00:00:00.000Z",
    });
    // The change, then its credit note: the newest event is `credit_note.issued`.
    const events = await app.request("GET", "/api/v1/audit-events?limit=2", { token: adminKey });
    expect(events.body.data.map((event: any) => event.action)).toEqual([
      "credit_note.issued",
      "subscription.overridden",
    ]);
    expect(events.body.data[1]).toMatchObject({
      action: "subscription.overridden",
      actor: { type: "operator" },
      after: { reason: "Customer downsizing, ticket 4411" },
    });
    const unknown = await app.request(
      "POST",
      "/api/v1/organizations/00000000-0000-4000-8000-000000000000/subscription/override",
      {
        token: operatorToken,
        body,
      },
    );
    expect(unknown.status).toBe(404);
  });

  it("schedules removed seats for the renewal (no invoice, no account credit); deltas count from the scheduled seats", async () => {
    app = await startTestApp(dialect);
    const { adminKey } = await provision(app, { seats: 10 });
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const down = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      body: { seats: 8, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(down.body.invoice).toBeNull();
    expect(down.body.subscription).toMatchObject({ seats: 10, accountCredit: 0, scheduled: { seats: 8 } });
    const up = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      body: { seatsDelta: 3, additionalCreditBlocksDelta: 2 },
    });
    // 8 + 3 = 11: one seat beyond today's 10 is charged (half a month), the blocks in full.
    expect(up.body.invoice).toMatchObject({ subtotal: 2000 + 2000, creditApplied: 0, total: 4000 });
    expect(up.body.subscription).toMatchObject({
      seats: 11,
      additionalCreditBlocks: 2,
      accountCredit: 0,
      scheduled: null,
    });
  });

  it("refuses a change reviewed against an older version", async () => {
    app = await startTestApp(dialect);
    const { adminKey } = await provision(app, { seats: 10 });
    const preview = await app.request("POST", "/api/v1/subscription/preview", {
      token: adminKey,
      body: { seats: 12 },
    });
    await app.request("POST", "/api/v1/subscription/changes", { token: adminKey, body: { seats: 11 } });
    const stale = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      body: { seats: 12, expectedVersion: preview.body.version },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
  });

  it("applies 50 concurrent +1 seat requests exactly, with consecutive invoice numbers", async () => {
    app = await startTestApp(dialect);
    const { adminKey, organization } = await provision(app, { seats: 10 });
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        app!.request("POST", "/api/v1/subscription/changes", { token: adminKey, body: { seatsDelta: 1 } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    const [row] = await app.handle.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.organizationId, organization.id));
    expect(row?.seats).toBe(60);
    const totals = responses.map((response) => response.body.invoice.total);
    expect(totals).toEqual(Array(50).fill(2000)); // half of $40.00 each
    const numbers = responses.map((response) => response.body.invoice.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, index) => numbers[0] + index));
  });

  it("applies an Idempotency-Key replayed 20 times in parallel once, same body each time", async () => {
    app = await startTestApp(dialect);
    const { adminKey } = await provision(app, { seats: 10 });
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const before = await rowCounts(app);
    const send = (body: unknown) =>
      app!.request("POST", "/api/v1/subscription/changes", {
        token: adminKey,
        body,
        headers: { "idempotency-key": "add-two-seats-1" },
      });
    const responses = await Promise.all(Array.from({ length: 20 }, () => send({ seatsDelta: 2 })));
    expect(responses.filter((response) => response.status !== 200).map((response) => response.body)).toEqual(
      [],
    );
    const bodies = new Set(responses.map((response) => JSON.stringify(response.body)));
    expect(bodies.size).toBe(1);
    expect(responses[0]?.body.subscription.seats).toBe(12);
    const after = await rowCounts(app);
    expect(after.invoices).toBe((before.invoices ?? 0) + 1);
    const reused = await send({ seatsDelta: 3 });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
  });

  it("counts active users after the lock: a decrease that waited on a user add is refused", async () => {
    app = await startTestApp(dialect);
    const created = await provision(app, { seats: 3 });
    const organizationId = created.organization.id;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lockTaken!: () => void;
    const locked = new Promise<void>((resolve) => {
      lockTaken = resolve;
    });
    const holder = app.handle.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM subscriptions WHERE organization_id = ${organizationId} FOR UPDATE`);
      await tx.insert(users).values({
        organizationId,
        email: "late@example.test",
        name: "Late Joiner",
        role: "member",
        createdAt: app!.clock.now(),
      });
      lockTaken();
      await held;
    });
    await locked;
    const change = app.request("POST", "/api/v1/subscription/changes", {
      token: created.adminKey,
      body: { seats: 1, additionalCreditBlocks: 0, interval: "month" },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await holder;
    const response = await change;
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("seats_below_active_users");
    expect(response.body.error.message).toContain("(2)");
  });

  it("keeps a secret returned once out of the stored replay, yet replays it byte for byte", async () => {
    app = await startTestApp(dialect);
    const { adminKey } = await provision(app, { seats: 10 });
    const create = () =>
      app!.request("POST", "/api/v1/api-keys", {
        token: adminKey,
        body: { name: "AI service", role: "spend" },
        headers: { "idempotency-key": "create-spend-key" },
      });
    const first = await create();
    expect(first.status).toBe(201);
    const replay = await create();
    expect(replay.body).toEqual(first.body);
    const stored = JSON.stringify(await app.handle.db.select().from(idempotencyKeys));
    expect(stored).not.toContain(first.body.secret);
    expect(stored).not.toContain("AI service");
  });

  it("renews an overdue period itself before a change when the scheduler lags", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const { adminKey } = await provision(app, { seats: 10 });
    app.clock.set(new Date("2026-07-16T00:00:00Z")); // the period ended Jul 1; nothing ran since
    const applied = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      body: { seatsDelta: 1 },
    });
    expect(applied.status).toBe(200);
    expect(applied.body.subscription).toMatchObject({
      seats: 11,
      periodStart: "2026-07-01T00:00:00.000Z",
      periodEnd: "2026-08-01T00:00:00.000Z",
    });
    expect(applied.body.invoice.total).toBe(2065); // 16 of 31 days of $40.00, 2064.52 rounded
    const list = await app.request("GET", "/api/v1/invoices", { token: adminKey });
    expect(list.body.data.map((invoice: any) => invoice.kind)).toEqual(["change", "renewal", "initial"]);
  });

  it("previews without writing anything", async () => {
    app = await startTestApp(dialect);
    const { adminKey } = await provision(app, { seats: 10 });
    const before = await rowCounts(app);
    const preview = await app.request("POST", "/api/v1/subscription/preview", {
      token: adminKey,
      body: { seats: 7, additionalCreditBlocks: 0, interval: "year" },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.savings).toBe(12 * 7 * 4000 - 7 * 38400);
    expect(preview.body.recurring).toEqual({ total: 7 * 38400, interval: "year" });
    expect(await rowCounts(app)).toEqual(before);
  });
});
