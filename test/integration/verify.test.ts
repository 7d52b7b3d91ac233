import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Transaction } from "../../src/server/db/client.js";
import { insertInvoice } from "../../src/server/modules/invoices/invoices.repository.js";
import {
  type CheckId,
  type VerifyReport,
  verifyDatabase,
  verifyInvariants,
} from "../../src/server/verify/verify.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

const run = promisify(execFile);

/** Runs the CLI as an operator would; resolves with its exit code and output. */
async function verifyCli(env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout } = await run("node_modules/.bin/tsx", ["src/cli/billing.ts", "verify", ...args], {
      env: { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: "", DATA_DIR: "", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

class Rollback extends Error {}

const failedChecks = (report: VerifyReport) =>
  report.checks.filter((check) => !check.ok).map((check) => check.id);

describe.each(dialects)("npm run billing -- verify on %s", (dialect) => {
  let app: TestApp;
  let acme: { id: string; key: string };
  let globex: { id: string; key: string };
  let pendingRequestId: string;
  let rejectedRequestId: string;

  const ok = async (response: Promise<{ status: number; body: any }>, status = 200) => {
    const result = await response;
    if (result.status !== status) throw new Error(`${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };

  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const a = await provision(app, { name: "Acme", seats: 5, admin: { email: "a@acme.test", name: "A" } });
    const g = await provision(app, {
      name: "Globex",
      seats: 3,
      interval: "year",
      additionalCreditBlocks: 2,
      admin: { email: "g@globex.test", name: "G" },
    });
    acme = { id: a.organization.id, key: a.adminKey };
    globex = { id: g.organization.id, key: g.adminKey };
    const as = (key: string) => ({ token: key });

    // Every kind of write that the invariants look at: users, seat increases and decreases
    // (invoice and credit note), credits bought and spent, an operator adjustment, change requests
    // approved, rejected and pending, renewals and credit resets through the test clock.
    for (const name of ["Bo", "Cy"]) {
      await ok(
        app.request("POST", "/api/v1/users", {
          ...as(acme.key),
          body: { email: `${name}@acme.test`, name, role: "member" },
        }),
        201,
      );
    }
    await ok(
      app.request("POST", "/api/v1/test-clock", {
        token: operatorToken,
        body: { now: "2026-06-10T00:00:00Z" },
      }),
    );
    await ok(
      app.request("POST", "/api/v1/subscription/changes", { ...as(acme.key), body: { seatsDelta: 2 } }),
    );
    await ok(
      app.request("POST", "/api/v1/subscription/changes", {
        ...as(acme.key),
        body: { seats: 4, additionalCreditBlocks: 1 },
      }),
    );
    await ok(
      app.request("POST", "/api/v1/credits/spend", {
        ...as(acme.key),
        body: {
          eventId: "evt-1",
          feature: "call_analysis",
          credits: 120,
          occurredAt: "2026-06-10T00:00:00Z",
        },
      }),
    );
    await ok(
      app.request("POST", "/api/v1/credits/spend/batch", {
        ...as(globex.key),
        body: {
          events: [1, 2, 3].map((n) => ({
            eventId: `g-${n}`,
            feature: "customer_insights",
            credits: 10 * n,
            occurredAt: "2026-06-10T00:00:00Z",
          })),
        },
      }),
    );
    await ok(
      app.request("POST", `/api/v1/organizations/${globex.id}/credits/adjustments`, {
        token: operatorToken,
        body: { credits: 500, reason: "goodwill" },
      }),
      201,
    );
    const approved = await ok(
      app.request("POST", "/api/v1/change-requests", {
        ...as(acme.key),
        body: { seats: 6, additionalCreditBlocks: 1, interval: "month" },
      }),
      201,
    );
    await ok(app.request("POST", `/api/v1/change-requests/${approved.id}/approve`, as(acme.key)));
    const rejected = await ok(
      app.request("POST", "/api/v1/change-requests", {
        ...as(acme.key),
        body: { seats: 8, additionalCreditBlocks: 1, interval: "year" },
      }),
      201,
    );
    rejectedRequestId = rejected.id;
    await ok(
      app.request("POST", `/api/v1/change-requests/${rejected.id}/reject`, {
        ...as(acme.key),
        body: { reason: "not now" },
      }),
    );
    await ok(
      app.request("POST", "/api/v1/test-clock", {
        token: operatorToken,
        body: { now: "2026-07-15T00:00:00Z" },
      }),
    );
    const pending = await ok(
      app.request("POST", "/api/v1/change-requests", {
        ...as(acme.key),
        body: { seats: 7, additionalCreditBlocks: 0, interval: "month" },
      }),
      201,
    );
    pendingRequestId = pending.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  const verifyNow = (executor: Parameters<typeof verifyInvariants>[0], now = app.clock.now()) =>
    verifyInvariants(executor, { now, overdueToleranceMs: 5_000 });

  /** Corrupts the data inside a transaction, verifies what that transaction sees, rolls it back. */
  async function verifyCorrupted(corrupt: (tx: Transaction) => Promise<unknown>, now?: Date) {
    let report: VerifyReport | undefined;
    await app.handle.db
      .transaction(async (tx) => {
        await corrupt(tx);
        report = await verifyNow(tx, now);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    if (!report) throw new Error("no report");
    return report;
  }

  it("passes on a database written only through the API", async () => {
    const report = await verifyDatabase(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 5_000 });
    expect(report.checks.map((check) => [check.id, check.ok, check.examples])).toEqual(
      report.checks.map((check) => [check.id, true, []]),
    );
    expect(report.checks).toHaveLength(12);
    expect(report.ok).toBe(true);
  });

  const balanceOf = async (tx: Transaction, organizationId: string) => {
    const result = (await tx.execute(
      sql`SELECT balance FROM credit_balances WHERE organization_id = ${organizationId}::uuid`,
    )) as unknown as { rows: { balance: unknown }[] };
    return Number(result.rows[0]?.balance);
  };

  const cases: [string, (tx: Transaction) => Promise<unknown>, CheckId, RegExp][] = [
    [
      "a credit balance that drifted from its ledger",
      (tx) =>
        tx.execute(
          sql`UPDATE credit_balances SET balance = balance + 7 WHERE organization_id = ${acme.id}::uuid`,
        ),
      "credit_balances_match_ledger",
      /^organization [0-9a-f-]{36}: balance \d+, ledger of the current cycle \d+, whole ledger \d+$/,
    ],
    [
      "a spend in the ledger that the balance never saw",
      (tx) =>
        tx.execute(sql`
          INSERT INTO credit_ledger (organization_id, cycle_start, kind, credits, event_id, occurred_at, recorded_at)
          SELECT organization_id, cycle_start, 'spend', -5, 'ghost', now(), now()
          FROM credit_balances WHERE organization_id = ${globex.id}::uuid`),
      "credit_balances_match_ledger",
      new RegExp(`^organization ${"[0-9a-f-]{36}"}: balance \\d+, ledger of the current cycle \\d+`),
    ],
    [
      "a renumbered invoice (a gap, and a counter behind)",
      // Dated as the last invoice, so that only the numbering is wrong (not its order by date).
      (tx) =>
        tx.execute(
          sql`UPDATE invoices SET number = number + 1000, issued_at = (SELECT max(issued_at) FROM invoices) WHERE number = 2`,
        ),
      "invoice_numbers_gapless",
      /^number 2 is missing$/,
    ],
    [
      "a counter that skipped a number",
      (tx) => tx.execute(sql`UPDATE invoice_number_sequence SET last_number = last_number + 1`),
      "invoice_numbers_gapless",
      /^the counter is at (\d+) but the last invoice is number \d+: numbers \1 to \1 are missing$/,
    ],
    [
      "two invoices with one number",
      async (tx) => {
        await tx.execute(sql`DROP INDEX invoices_number_key`);
        await tx.execute(
          sql`UPDATE invoices SET number = 1, issued_at = (SELECT issued_at FROM invoices WHERE number = 1) WHERE number = 3`,
        );
      },
      "invoice_numbers_gapless",
      /^number 1 is used by 2 invoices$/,
    ],
    [
      "an invoice line changed after issue",
      (tx) =>
        tx.execute(
          sql`UPDATE invoice_lines SET amount = amount + 1 WHERE id = (SELECT min(id) FROM invoice_lines)`,
        ),
      "invoice_totals_match_lines",
      /^invoice 1 \([0-9a-f-]{36}\): lines \d+ − credit applied \d+ \+ tax \d+ = \d+, but subtotal \d+ and total \d+$/,
    ],
    [
      "seats below the active users",
      (tx) => tx.execute(sql`UPDATE subscriptions SET seats = 1 WHERE organization_id = ${acme.id}::uuid`),
      "seats_cover_active_users",
      /^organization [0-9a-f-]{36}: 1 seats for 3 active users$/,
    ],
    [
      "two pending change requests",
      async (tx) => {
        await tx.execute(sql`DROP INDEX change_requests_one_pending_key`);
        await tx.execute(
          sql`UPDATE change_requests SET status = 'pending' WHERE id = ${rejectedRequestId}::uuid`,
        );
      },
      "one_pending_request",
      /^organization [0-9a-f-]{36}: 2 pending requests \([0-9a-f-]{36}, [0-9a-f-]{36}\)$/,
    ],
    [
      "an invoice issued without an audit event",
      async (tx) => {
        const now = new Date("2026-07-15T00:00:00Z");
        await insertInvoice(tx, {
          organizationId: acme.id,
          kind: "change",
          issuedAt: now,
          currency: "USD",
          lines: [
            {
              kind: "seats",
              description: "1 seat",
              quantity: 1,
              unitAmount: 4000,
              amount: 4000,
              periodStart: now,
              periodEnd: new Date("2026-08-01T00:00:00Z"),
            },
          ] as never,
          settlement: { subtotal: 4000, creditApplied: 0, total: 4000 },
        });
      },
      "changes_audited",
      /^invoice \d+ \(change, [0-9a-f-]{36}\) of organization [0-9a-f-]{36} has no audit event$/,
    ],
    [
      "a change request withdrawn without an audit event",
      (tx) =>
        tx.execute(sql`UPDATE change_requests SET status = 'withdrawn' WHERE id = ${pendingRequestId}::uuid`),
      "changes_audited",
      /^change request [0-9a-f-]{36} is withdrawn without a change_request.withdrawn event$/,
    ],
    [
      "a credit adjustment without an audit event",
      async (tx) => {
        const balance = await balanceOf(tx, globex.id);
        await tx.execute(
          sql`UPDATE credit_balances SET balance = ${balance + 50} WHERE organization_id = ${globex.id}::uuid`,
        );
        await tx.execute(sql`
          INSERT INTO credit_ledger (organization_id, cycle_start, kind, credits, balance_after, occurred_at, recorded_at)
          SELECT organization_id, cycle_start, 'adjustment', 50, balance, now(), now()
          FROM credit_balances WHERE organization_id = ${globex.id}::uuid`);
      },
      "changes_audited",
      /^credit adjustment \d+ \(50 credits\) of organization [0-9a-f-]{36} has no credits.adjusted event$/,
    ],
    [
      "a renewal the scheduler missed",
      (tx) =>
        tx.execute(sql`
          UPDATE subscriptions SET period_end = '2026-07-14T23:59:00Z' WHERE organization_id = ${acme.id}::uuid`),
      "nothing_overdue",
      /^organization [0-9a-f-]{36}: renewal due at 2026-07-14T23:59:00.000Z \(now 2026-07-15T00:00:00.000Z\)$/,
    ],
    [
      "a scheduled decrease applied before its effective time",
      (tx) =>
        tx.execute(sql`
          INSERT INTO scheduled_change_applications (scheduled_change_id, organization_id, effective_at, applied_at,
            seats_before, credit_blocks_before, scheduled_seats, seats, credit_blocks, active_users, recorded_at)
          VALUES (gen_random_uuid(), ${acme.id}::uuid, '2026-08-01T00:00:00Z', '2026-07-10T00:00:00Z', 10, 0, 8, 8, 0,
            3, now())`),
      "scheduled_changes_applied_once",
      /^scheduled change [0-9a-f-]{36} of organization [0-9a-f-]{36} was applied at 2026-07-10T00:00:00.000Z, before its effective time 2026-08-01T00:00:00.000Z$/,
    ],
    [
      "a scheduled decrease still scheduled after it was applied",
      async (tx) => {
        await tx.execute(sql`
          UPDATE subscriptions SET scheduled_change_id = '00000000-0000-4000-8000-000000000001', scheduled_seats = seats,
            scheduled_credit_blocks = 0, scheduled_interval = interval, scheduled_effective_at = period_end
          WHERE organization_id = ${acme.id}::uuid`);
        await tx.execute(sql`
          INSERT INTO scheduled_change_applications (scheduled_change_id, organization_id, effective_at, applied_at,
            seats_before, credit_blocks_before, scheduled_seats, seats, credit_blocks, active_users, recorded_at)
          VALUES ('00000000-0000-4000-8000-000000000001', ${acme.id}::uuid, '2026-07-01T00:00:00Z',
            '2026-07-01T00:00:00Z', 10, 0, 8, 8, 0, 3, now())`);
        await tx.execute(sql`
          INSERT INTO audit_events (organization_id, actor_type, action, entity_type, after, occurred_at, source)
          VALUES (${acme.id}::uuid, 'scheduler', 'subscription.scheduled_change_applied', 'subscription',
            '{"scheduledChangeId": "00000000-0000-4000-8000-000000000001"}'::jsonb, now(), 'scheduler')`);
      },
      "scheduled_changes_applied_once",
      /^organization [0-9a-f-]{36}: scheduled change 00000000-0000-4000-8000-000000000001 is still scheduled after it was applied$/,
    ],
    [
      "an invoice dated before the invoice numbered before it",
      (tx) =>
        tx.execute(
          sql`UPDATE invoices SET issued_at = (SELECT min(issued_at) FROM invoices) - interval '1 day'
            WHERE number = (SELECT max(number) FROM invoices)`,
        ),
      "invoice_numbers_follow_dates",
      /^invoice \d+ is dated \S+, before invoice \d+ of \S+$/,
    ],
    [
      "a tax line that is not its taxable amount at its rate",
      (tx) =>
        tx.execute(sql`
          UPDATE invoices SET
            tax_lines = jsonb_build_array(jsonb_build_object('rate', 1900, 'country', 'DE', 'taxableAmount', subtotal,
              'amount', 1)),
            tax_total = 1, total = total + 1
          WHERE number = 1`),
      "invoice_tax_matches_rates",
      /^invoice 1 \([0-9a-f-]{36}\): tax 1, tax lines 1 on \d+ \(subtotal \d+\), 1 line\(s\) not at their rate$/,
    ],
    [
      "an invoice recorded as credited without its credit note",
      (tx) => tx.execute(sql`UPDATE invoices SET amount_credited = 100 WHERE number = 1`),
      "credit_notes_linked",
      /^invoice 1 records 100 credited, its credit notes 0$/,
    ],
    [
      "account credit that no credit note gave",
      (tx) =>
        tx.execute(
          sql`UPDATE subscriptions SET account_credit = account_credit + 100
            WHERE organization_id = (SELECT organization_id FROM invoices WHERE number = 1)`,
        ),
      "account_credit_matches_documents",
      /^organization [0-9a-f-]{36} holds \d+ of account credit, its documents \d+$/,
    ],
  ];

  it.each(cases)("fails on %s, naming it, and only that check", async (_name, corrupt, id, example) => {
    const report = await verifyCorrupted(corrupt);
    expect(report.ok).toBe(false);
    expect(failedChecks(report)).toEqual([id]);
    const failed = report.checks.find((check) => check.id === id);
    expect(
      failed?.examples.some((line) => example.test(line)),
      failed?.examples.join("\n"),
    ).toBe(true);
  });

  it("fails when the clock passed a period end by more than one scheduler interval, not less", async () => {
    const [row] = (
      (await app.handle.db.execute(
        sql`SELECT min(least(s.period_end, b.cycle_end)) AS due FROM subscriptions s JOIN credit_balances b USING (organization_id)`,
      )) as unknown as { rows: { due: unknown }[] }
    ).rows;
    const due = new Date(String(row?.due instanceof Date ? row.due.toISOString() : row?.due));
    const within = await verifyNow(app.handle.db, new Date(due.getTime() + 5_000));
    expect(within.ok).toBe(true);
    const late = await verifyNow(app.handle.db, new Date(due.getTime() + 5_001));
    expect(failedChecks(late)).toEqual(["nothing_overdue"]);
  });

  it("left the data untouched: the corruptions were rolled back", async () => {
    expect((await verifyNow(app.handle.db)).ok).toBe(true);
  });

  it("exits 0 on sound data and 1 with a report on a corrupted copy (the CLI)", async () => {
    let env: Record<string, string>;
    let directory: string | undefined;
    if (dialect === "postgres") {
      const url = (app.handle.pool as unknown as { options: { connectionString: string } }).options
        .connectionString;
      env = { DATABASE_URL: url, BILLING_CLOCK: "manual" };
    } else {
      // A copy of the in-memory database in a data directory, as `npm start` keeps it.
      directory = mkdtempSync(join(tmpdir(), "wp-verify-"));
      const source = (app.handle.db as unknown as { $client: PGlite }).$client;
      const copy = new PGlite(directory, { loadDataDir: await source.dumpDataDir("none") });
      await copy.waitReady;
      await copy.close();
      env = { DATA_DIR: directory, BILLING_CLOCK: "manual" };
    }
    try {
      const sound = await verifyCli(env, ["--json"]);
      expect(sound.code).toBe(0);
      const soundReport = JSON.parse(sound.stdout) as VerifyReport;
      expect({ ok: soundReport.ok, now: soundReport.now }).toEqual({
        ok: true,
        now: "2026-07-15T00:00:00.000Z",
      });

      const corrupt = `UPDATE credit_balances SET balance = balance + 7 WHERE organization_id = '${acme.id}'`;
      if (directory) {
        const copy = new PGlite(directory);
        await copy.exec(corrupt);
        await copy.close();
      } else {
        await app.handle.db.execute(sql.raw(corrupt));
      }
      const broken = await verifyCli(env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain("FAIL  each credit balance equals its ledger: 1 problem(s)");
      expect(broken.stdout).toContain(`organization ${acme.id}: balance`);
      expect(broken.stdout).toContain("ok    invoice numbers have no gaps and no duplicates");
      expect(broken.stdout).toContain("verify: 1 of 12 checks failed");
    } finally {
      if (directory) rmSync(directory, { recursive: true, force: true });
    }
  });
});
