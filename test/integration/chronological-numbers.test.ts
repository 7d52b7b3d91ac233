import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/server/db/adapter.js";
import { insertInvoices } from "../../src/server/modules/invoices/invoices.repository.js";
import { verifyDatabase } from "../../src/server/verify/verify.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

describe.each(dialects)("invoice numbers follow issue dates on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2028-01-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("numbers the renewals of a five-year catch-up over 20 organizations in issue-date order", async () => {
    // Twenty organizations on different anchors, monthly and yearly.
    for (let index = 0; index < 20; index++) {
      const moved = await app.request("POST", "/api/v1/test-clock", {
        token: operatorToken,
        body: { now: new Date(Date.UTC(2028, 0, 1 + index * 3, index)).toISOString() },
      });
      expect(moved.status).toBe(200);
      await provision(app, {
        name: `Catch-up ${index}`,
        interval: index % 4 === 0 ? "year" : "month",
        admin: { email: `admin${index}@catchup.test`, name: "Ada Admin" },
      });
    }
    const moved = await app.request("POST", "/api/v1/test-clock", {
      token: operatorToken,
      body: { now: "2033-04-20T00:00:00Z" },
    });
    expect(moved.status).toBe(200);
    const rows = rowsOf(
      await app.handle.db.execute(sql`SELECT number, issued_at FROM invoices ORDER BY number`),
    );
    expect(rows.length).toBeGreaterThan(900);
    const dates = rows.map((row) =>
      new Date(String(row.issued_at instanceof Date ? row.issued_at.toISOString() : row.issued_at)).getTime(),
    );
    const outOfOrder = dates.filter((date, index) => index > 0 && date < (dates[index - 1] as number));
    expect(outOfOrder).toEqual([]);
    const report = await verifyDatabase(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 0 });
    expect(report.checks.filter((check) => !check.ok).map((check) => check.examples)).toEqual([]);
  }, 240_000);

  it("dates an invoice no earlier than the number before it, when its clock was read before another issuer took the counter", async () => {
    const created = await provision(app, {
      name: "Late clock",
      admin: { email: "admin@late-clock.test", name: "Ada Admin" },
    });
    const organizationId = created.organization.id as string;
    const latest = rowsOf(
      await app.handle.db.execute(sql`SELECT issued_at FROM invoices ORDER BY number DESC LIMIT 1`),
    )[0]?.issued_at;
    const last = new Date(latest instanceof Date ? latest.getTime() : String(latest));
    // This issuer read its clock an hour before the last invoice was issued, and took the counter after it.
    const read = new Date(last.getTime() - 3_600_000);
    const [issued] = await insertInvoices(app.handle.db, [
      {
        organizationId,
        kind: "change",
        issuedAt: read,
        currency: "USD",
        lines: [],
        settlement: { subtotal: 0, creditApplied: 0, total: 0 },
      },
    ]);
    expect(issued?.issuedAt).toBe(last.toISOString());
    expect(issued?.dueAt).toBe(last.toISOString());
    const stored = rowsOf(
      await app.handle.db.execute(
        sql`SELECT issued_at, due_at FROM invoices WHERE id = ${issued?.id as string}::uuid`,
      ),
    )[0];
    const instant = (value: unknown) =>
      new Date(value instanceof Date ? value.getTime() : String(value)).toISOString();
    expect(instant(stored?.issued_at)).toBe(last.toISOString());
    expect(instant(stored?.due_at)).toBe(last.toISOString());
    const report = await verifyDatabase(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 0 });
    expect(report.checks.find((check) => check.id === "invoice_numbers_follow_dates")?.ok).toBe(true);
  });
});
