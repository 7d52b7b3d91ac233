import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import defaultCatalog from "../../catalog/default.json" with { type: "json" };
import { verifyDatabase } from "../../src/server/verify/verify.js";
import { createApiKey, expectError } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

const folder = mkdtempSync(join(tmpdir(), "wp-credit-history-"));

/** A year (1000) cheaper than half a month (3000): the switch credits more than it charges. */
function catalogFile(): string {
  const file = join(folder, "catalog.json");
  writeFileSync(
    file,
    JSON.stringify({
      ...defaultCatalog,
      currencies: {
        USD: { seat: { month: 3000, year: 1000 }, creditBlock: defaultCatalog.currencies.USD.creditBlock },
      },
    }),
  );
  return file;
}

interface Movement {
  position: number;
  type: "credited" | "applied";
  amount: number;
  balanceAfter: number;
  reason: string | null;
  description: string;
  creditNote: { id: string; displayNumber: string } | null;
  invoice: { id: string; displayNumber: string };
}

describe.each(dialects)("account credit history on %s", (dialect) => {
  let app: TestApp;
  let key = "";
  let organizationId = "";
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z", catalogFile: catalogFile() });
    const created = await provision(app, { seats: 10 });
    key = created.adminKey;
    organizationId = created.organization.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  const at = (instant: string) => app.clock.set(new Date(instant));
  const change = async (body: Record<string, unknown>) => {
    const saved = await app.request("POST", "/api/v1/subscription/changes", { token: key, body });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    return saved.body.invoice;
  };
  const creditNote = async (invoiceId: string, body: Record<string, unknown>) => {
    const issued = await app.request(
      "POST",
      `/api/v1/organizations/${organizationId}/invoices/${invoiceId}/credit-notes`,
      { token: operatorToken, body },
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    return issued.body.creditNote;
  };
  const history = async (query = "", token = key) =>
    app.request("GET", `/api/v1/account-credit/history${query}`, { token });

  it("lists a correction, credit applied, a void, an interval switch and credit applied again, summing to the balance", async () => {
    const first = (await app.request("GET", "/api/v1/invoices", { token: key })).body.data[0];
    at("2026-06-02T00:00:00Z");
    const paid = await app.request(
      "POST",
      `/api/v1/organizations/${organizationId}/invoices/${first.id}/payments`,
      {
        token: operatorToken,
        body: {
          amount: first.total,
          currency: "USD",
          method: "bank_transfer",
          paidAt: "2026-06-02T00:00:00Z",
        },
      },
    );
    expect(paid.status).toBe(201);
    // Paid in full: the whole correction becomes account credit.
    const correction = await creditNote(first.id, { reason: "correction", amount: 5000, memo: "Goodwill" });
    expect(correction.accountCredit).toBe(5000);

    at("2026-06-04T00:00:00Z");
    // 1 seat × 3000 × 27/30 = 2700, all of it from account credit.
    const second = await change({ seats: 11, additionalCreditBlocks: 0, interval: "month" });
    expect(second.creditApplied).toBe(2700);

    at("2026-06-07T00:00:00Z");
    // 1 seat × 3000 × 24/30 = 2400: the last 2300 of credit, 100 due.
    const third = await change({ seats: 12, additionalCreditBlocks: 0, interval: "month" });
    expect(third.creditApplied).toBe(2300);

    at("2026-06-08T00:00:00Z");
    const voided = await creditNote(third.id, { reason: "void", memo: "Added by mistake" });
    // The credit the invoice consumed goes back.
    expect(voided.accountCredit).toBe(2300);

    at("2026-06-16T00:00:00Z");
    // 12 seats × 3000 × 15/30 = 18000 unused, the year 12 × 1000: 6000 beyond the charge.
    const switched = await change({ seats: 12, additionalCreditBlocks: 0, interval: "year" });
    const switchNote = (await app.request("GET", "/api/v1/credit-notes?limit=1", { token: key })).body
      .data[0];
    expect(switchNote).toMatchObject({
      reason: "interval_switch",
      invoiceId: switched.id,
      accountCredit: 6000,
    });

    at("2026-06-20T00:00:00Z");
    const fifth = await change({ seats: 13, additionalCreditBlocks: 0, interval: "year" });
    expect(fifth.creditApplied).toBeGreaterThan(0);

    const subscription = (await app.request("GET", "/api/v1/subscription", { token: key })).body;
    const page = await history();
    expect(page.status).toBe(200);
    expect(page.body.balance).toBe(subscription.accountCredit);
    expect(page.body.currency).toBe("USD");
    const movements: Movement[] = page.body.data;
    expect(
      movements.map(({ type, amount, reason, creditNote, invoice }) => ({
        type,
        amount,
        reason,
        creditNote: creditNote?.id ?? null,
        invoice: invoice.id,
      })),
    ).toEqual([
      { type: "applied", amount: -fifth.creditApplied, reason: null, creditNote: null, invoice: fifth.id },
      {
        type: "credited",
        amount: 6000,
        reason: "interval_switch",
        creditNote: switchNote.id,
        invoice: switched.id,
      },
      { type: "credited", amount: 2300, reason: "void", creditNote: voided.id, invoice: third.id },
      { type: "applied", amount: -2300, reason: null, creditNote: null, invoice: third.id },
      { type: "applied", amount: -2700, reason: null, creditNote: null, invoice: second.id },
      { type: "credited", amount: 5000, reason: "correction", creditNote: correction.id, invoice: first.id },
    ]);
    expect(movements.map((movement) => movement.balanceAfter)).toEqual([
      8300 - fifth.creditApplied,
      8300,
      2300,
      0,
      2300,
      5000,
    ]);
    // Each balance is the one before plus the movement; the newest is the balance now.
    const sum = movements.reduce((total, movement) => total + movement.amount, 0);
    expect(sum).toBe(subscription.accountCredit);
    expect(movements[0]?.balanceAfter).toBe(subscription.accountCredit);
    expect(movements[2]?.description).toBe(
      `Credit note ${voided.displayNumber} for invoice ${third.displayNumber}: invoice voided`,
    );
    expect(movements[3]?.description).toBe(`Applied to invoice ${third.displayNumber}`);

    // Pages of two read the same list.
    const pages: Movement[] = [];
    let cursor: number | null = null;
    do {
      const next = await history(`?limit=2${cursor ? `&before=${cursor}` : ""}`);
      expect(next.status).toBe(200);
      expect(next.body.data.length).toBeLessThanOrEqual(2);
      pages.push(...next.body.data);
      cursor = next.body.nextCursor;
    } while (cursor !== null);
    expect(pages).toEqual(movements);

    const csv = await fetch(`${app.baseUrl}/api/v1/account-credit/history.csv`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const [header, ...rows] = (await csv.text()).trimEnd().split("\r\n");
    expect(header).toBe("date,description,credit_note,invoice,currency,amount,balance_after");
    expect(rows).toHaveLength(6);
    expect(rows[0]).toBe(
      `2026-06-02T00:00:00.000Z,Credit note ${correction.displayNumber} for invoice ${first.displayNumber}: invoice corrected,${correction.displayNumber},${first.displayNumber},USD,50.00,50.00`,
    );
    expect(rows[1]).toBe(
      `2026-06-04T00:00:00.000Z,Applied to invoice ${second.displayNumber},,${second.displayNumber},USD,-27.00,23.00`,
    );

    const report = await verifyDatabase(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 0 });
    expect(report.checks.find((check) => check.id === "account_credit_matches_documents")?.ok).toBe(true);
    expect(report.checks.filter((check) => !check.ok).map((check) => check.examples)).toEqual([]);
  });

  it("answers billing users, refuses members and shows another organization nothing", async () => {
    const billing = await createApiKey(app, key, "billing");
    const member = await createApiKey(app, key, "member");
    const own = await history("", billing.secret);
    expect(own.status).toBe(200);
    expect(own.body.data.length).toBeGreaterThan(0);
    expectError(await history("", member.secret), 403, "forbidden");
    const memberCsv = await app.request("GET", "/api/v1/account-credit/history.csv", {
      token: member.secret,
    });
    expectError(memberCsv, 403, "forbidden");
    expectError(await app.request("GET", "/api/v1/account-credit/history"), 401, "unauthorized");

    const other = await provision(app, {
      name: "Other Corp",
      admin: { email: "o@other.test", name: "Otto" },
    });
    const theirs = await history("", other.adminKey);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual({ data: [], nextCursor: null, balance: 0, currency: "USD" });
    // A cursor from the first organization's list reads nothing of it.
    expect((await history("?before=100", other.adminKey)).body.data).toEqual([]);
    const theirCsv = await app.request("GET", "/api/v1/account-credit/history.csv", {
      token: other.adminKey,
    });
    expect(theirCsv.body).toBe("date,description,credit_note,invoice,currency,amount,balance_after\r\n");
  });

  it("refuses a bad page, naming the field", async () => {
    expectError(await history("?before=abc"), 400, "invalid_request", "before");
    expectError(await history("?limit=0"), 400, "invalid_request", "limit");
    expectError(await history("?since=2026-01-01"), 400, "invalid_request", "since");
  });
});
