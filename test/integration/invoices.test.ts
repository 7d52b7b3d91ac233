import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertInvoice } from "../../src/server/modules/invoices/invoices.repository.js";
import { expectError } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const start = "2026-06-01T00:00:00.000Z";

describe.each(dialects)("invoices API on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: start });
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function organization(input: { seats?: number; additionalCreditBlocks?: number } = {}) {
    counter += 1;
    const created = await provision(app, {
      name: `Invoice Org ${counter}`,
      admin: { email: `admin${counter}@invoices.test`, name: "Ada Admin" },
      ...input,
    });
    return {
      id: created.organization.id as string,
      adminKey: created.adminKey as string,
      invoice: created.invoice,
    };
  }

  /** A one-line invoice written straight through the repository, as a renewal would. */
  async function issueInvoice(organizationId: string, amount: number) {
    return insertInvoice(app.handle.db, {
      organizationId,
      kind: "change",
      issuedAt: app.clock.now(),
      currency: "USD",
      lines: [
        {
          kind: "seats_added",
          description: "1 seat added",
          quantity: 1,
          unitAmount: amount,
          amount,
          periodStart: new Date(start),
          periodEnd: new Date("2026-07-01T00:00:00Z"),
        },
      ],
      settlement: { subtotal: amount, creditApplied: 0, total: amount },
    });
  }

  it("lists the provisioning invoice with its lines and exact amounts", async () => {
    const org = await organization({ seats: 3, additionalCreditBlocks: 1 });
    const response = await app.request("GET", "/api/v1/invoices", { token: org.adminKey });
    expect(response.status).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.data).toEqual([org.invoice]);
    expect(response.body.data[0]).toMatchObject({
      kind: "initial",
      issuedAt: start,
      currency: "USD",
      subtotal: 13_000,
      creditApplied: 0,
      total: 13_000,
    });
    expect(
      response.body.data[0].lines.map((line: any) => [line.quantity, line.unitAmount, line.amount]),
    ).toEqual([
      [3, 4000, 12_000],
      [1, 1000, 1000],
    ]);
  });

  it("lists a mid-cycle seat addition first, charged for the remaining half month", async () => {
    const org = await organization({ seats: 2 });
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const change = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.adminKey,
      body: { seats: 3, additionalCreditBlocks: 0, interval: "month" },
    });
    app.clock.set(new Date(start));
    expect(change.status).toBe(200);
    const list = await app.request("GET", "/api/v1/invoices", { token: org.adminKey });
    expect(list.body.data.map((invoice: any) => invoice.total)).toEqual([2000, 8000]);
    expect(list.body.data[0]).toEqual(change.body.invoice);
    expect(list.body.data[0].number).toBeGreaterThan(list.body.data[1].number);
  });

  it("pages newest first with ?limit and ?before, skipping other organizations' numbers", async () => {
    const org = await organization();
    const other = await organization();
    const numbers = [org.invoice.number as number];
    for (const amount of [100, 200, 300, 400, 500]) {
      numbers.push((await issueInvoice(org.id, amount)).number);
      await issueInvoice(other.id, amount);
    }
    const newestFirst = [...numbers].reverse();
    const pages: number[][] = [];
    let before: number | null = null;
    do {
      const query: string = before === null ? "?limit=2" : `?limit=2&before=${before}`;
      const page = await app.request("GET", `/api/v1/invoices${query}`, { token: org.adminKey });
      expect(page.status).toBe(200);
      pages.push(page.body.data.map((invoice: any) => invoice.number));
      before = page.body.nextCursor;
    } while (before !== null);
    expect(pages).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4, 6)]);
  });

  it("returns 20 invoices by default and at most 100", async () => {
    const org = await organization();
    for (let index = 0; index < 21; index += 1) await issueInvoice(org.id, 100 + index);
    const first = await app.request("GET", "/api/v1/invoices", { token: org.adminKey });
    expect(first.body.data).toHaveLength(20);
    expect(first.body.nextCursor).toBe(first.body.data[19].number);
    const rest = await app.request("GET", `/api/v1/invoices?before=${first.body.nextCursor}`, {
      token: org.adminKey,
    });
    expect(rest.body.data.map((invoice: any) => invoice.kind)).toEqual(["change", "initial"]);
    expect(rest.body.nextCursor).toBeNull();
    const all = await app.request("GET", "/api/v1/invoices?limit=100", { token: org.adminKey });
    expect(all.body.data).toHaveLength(22);
  });

  it("reads one invoice of the organization by id", async () => {
    const org = await organization();
    const response = await app.request("GET", `/api/v1/invoices/${org.invoice.id}`, { token: org.adminKey });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(org.invoice);
    const upper = await app.request("GET", `/api/v1/invoices/${org.invoice.id.toUpperCase()}`, {
      token: org.adminKey,
    });
    expect(upper.body.id).toBe(org.invoice.id);
  });

  it("answers 404, never 500, for another organization's invoice or an id that cannot exist", async () => {
    const org = await organization();
    const other = await organization();
    for (const id of [
      other.invoice.id,
      "00000000-0000-4000-8000-000000000000",
      "not-a-uuid",
      "12345",
      `${org.invoice.id}x`,
      "%27%3B%20DROP%20TABLE%20invoices%3B--",
    ]) {
      const response = await app.request("GET", `/api/v1/invoices/${id}`, { token: org.adminKey });
      expectError(response, 404, "not_found");
      expect(response.body.error.message).toBe("The invoice was not found.");
    }
    // Longer than the router accepts for a path parameter.
    expectError(
      await app.request("GET", `/api/v1/invoices/${"x".repeat(150)}`, { token: org.adminKey }),
      404,
      "not_found",
    );
    expectError(
      await app.request("GET", "/api/v1/invoices/%E0%A4%A", { token: org.adminKey }),
      400,
      "invalid_request",
    );
  });

  const badQueries: { query: string; field: string; message: string }[] = [
    { query: "limit=0", field: "limit", message: "limit: limit must be at least 1." },
    { query: "limit=101", field: "limit", message: "limit: limit must be at most 100." },
    { query: "limit=abc", field: "limit", message: "limit: limit must be a whole number." },
    { query: "limit=1.5", field: "limit", message: "limit: limit must be a whole number." },
    { query: "limit=-1", field: "limit", message: "limit: limit must be a whole number." },
    { query: "limit=", field: "limit", message: "limit: limit must be a whole number." },
    { query: "limit=1&limit=2", field: "limit", message: "limit: limit must be a whole number." },
    { query: "before=0", field: "before", message: "before: before must be at least 1." },
    { query: "before=abc", field: "before", message: "before: before must be a whole number." },
    { query: `before=${"9".repeat(40)}`, field: "before", message: "before: before must be a whole number." },
    { query: "cursor=5", field: "cursor", message: "Unknown field 'cursor'." },
  ];
  it.each(badQueries)("refuses ?$query with 400 naming $field", async ({ query, field, message }) => {
    const org = await organization();
    const response = await app.request("GET", `/api/v1/invoices?${query}`, { token: org.adminKey });
    expectError(response, 400, "invalid_request", field);
    expect(response.body.error.message).toBe(message);
  });
});
