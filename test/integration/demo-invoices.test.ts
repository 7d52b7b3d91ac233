import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/server/db/adapter.js";
import { seedDemo } from "../../src/server/modules/seed/seed.js";
import { verifyDatabase } from "../../src/server/verify/verify.js";
import { dialects, startTestApp, type TestApp } from "../support/harness.js";

describe.each(dialects)("the demo's invoices on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-16T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows a German seller, domestic VAT, reverse charge and export, paid, open and overdue invoices", async () => {
    await seedDemo(app.deps);
    const rows = rowsOf(
      await app.handle.db.execute(sql`
        SELECT o.name, i.kind, i.tax_treatment, i.status, i.due_at < ${app.clock.now().toISOString()}::timestamptz AS past_due,
          i.seller->>'legalName' AS seller
        FROM invoices i JOIN organizations o ON o.id = i.organization_id ORDER BY i.number`),
    );
    const cases = rows.map((row) => [
      row.name,
      row.kind,
      row.tax_treatment,
      row.status,
      row.past_due === true,
    ]);
    expect(cases).toEqual([
      ["Acme Corp", "initial", "billing_address_missing", "paid", true],
      ["Globex Inc", "initial", "billing_address_missing", "open", true],
      ["Acme Corp", "renewal", "domestic", "open", false],
      ["Globex Inc", "renewal", "export", "paid", false],
      ["Acme Labs", "initial", "billing_address_missing", "open", false],
      ["Acme Labs", "change", "reverse_charge", "open", false],
    ]);
    expect(new Set(rows.map((row) => row.seller))).toEqual(new Set(["WiseParts Demo GmbH"]));
    const report = await verifyDatabase(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 0 });
    expect(report.checks.filter((check) => !check.ok).map((check) => [check.id, check.examples])).toEqual([]);
  });
});
