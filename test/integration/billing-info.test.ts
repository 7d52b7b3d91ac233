import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, organizationRows } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const start = "2026-06-01T00:00:00.000Z";

const complete = {
  companyName: "Acme GmbH",
  taxId: "de 123 456 789",
  address: {
    line1: "Hauptstraße 1",
    line2: "3. OG",
    city: "Berlin",
    postalCode: "10115",
    region: "Berlin",
    country: "de",
  },
  billingEmail: "invoices@acme.test",
};

describe.each(dialects)("billing info API on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: start });
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function organization() {
    counter += 1;
    const created = await provision(app, {
      name: `Billing Org ${counter}`,
      admin: { email: `admin${counter}@billing.test`, name: "Ada Admin" },
    });
    return { id: created.organization.id as string, adminKey: created.adminKey as string };
  }

  function put(token: string, body: unknown) {
    return app.request("PUT", "/api/v1/billing-info", { token, body });
  }

  it("starts from the provisioning: company name and the admin's e-mail", async () => {
    const org = await organization();
    const response = await app.request("GET", "/api/v1/billing-info", { token: org.adminKey });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      companyName: `Billing Org ${counter}`,
      taxId: null,
      address: { line1: null, line2: null, city: null, postalCode: null, region: null, country: null },
      billingEmail: `admin${counter}@billing.test`,
      updatedAt: start,
    });
  });

  it("saves the whole profile, normalising the VAT number and country, and audits before and after", async () => {
    const org = await organization();
    const before = await app.request("GET", "/api/v1/billing-info", { token: org.adminKey });
    app.clock.set(new Date("2026-06-05T09:00:00Z"));
    const saved = await put(org.adminKey, complete);
    app.clock.set(new Date(start));
    const expected = {
      companyName: "Acme GmbH",
      taxId: "DE123456789",
      address: {
        line1: "Hauptstraße 1",
        line2: "3. OG",
        city: "Berlin",
        postalCode: "10115",
        region: "Berlin",
        country: "DE",
      },
      billingEmail: "invoices@acme.test",
      updatedAt: "2026-06-05T09:00:00.000Z",
    };
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(expected);
    expect((await app.request("GET", "/api/v1/billing-info", { token: org.adminKey })).body).toEqual(
      expected,
    );
    const [event] = (await app.request("GET", "/api/v1/audit-events?limit=1", { token: org.adminKey })).body
      .data;
    expect(event).toMatchObject({
      action: "billing_info.updated",
      entityType: "billing_profile",
      entityId: org.id,
      before: before.body,
      after: expected,
      occurredAt: "2026-06-05T09:00:00.000Z",
    });
  });

  it("writes nothing when saved unchanged", async () => {
    const org = await organization();
    const first = await put(org.adminKey, complete);
    const rows = await organizationRows(app, org.id);
    app.clock.set(new Date("2026-06-06T00:00:00Z"));
    const second = await put(org.adminKey, { ...complete, taxId: "DE123456789" });
    app.clock.set(new Date(start));
    expect(second.body).toEqual(first.body);
    expect(await organizationRows(app, org.id)).toEqual(rows);
  });

  it("clears what a PUT leaves out", async () => {
    const org = await organization();
    await put(org.adminKey, complete);
    const cleared = await put(org.adminKey, { companyName: "Acme GmbH", billingEmail: "invoices@acme.test" });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({
      taxId: null,
      address: { line1: null, line2: null, city: null, postalCode: null, region: null, country: null },
    });
  });

  it("lets the billing role save too", async () => {
    const org = await organization();
    const key = await app.request("POST", "/api/v1/api-keys", {
      token: org.adminKey,
      body: { name: "Billing", role: "billing" },
    });
    const saved = await put(key.body.secret, { ...complete, companyName: "Saved By Billing" });
    expect(saved.status).toBe(200);
    expect(saved.body.companyName).toBe("Saved By Billing");
  });

  describe("tax IDs", () => {
    const taxCases: { name: string; taxId: string; country: string | null; stored: string }[] = [
      { name: "a German VAT number", taxId: "DE123456789", country: "DE", stored: "DE123456789" },
      {
        name: "a German VAT number without its prefix",
        taxId: "123456789",
        country: "DE",
        stored: "DE123456789",
      },
      {
        name: "an Austrian VAT number with separators",
        taxId: "atu-1234.5678",
        country: "AT",
        stored: "ATU12345678",
      },
      { name: "a Greek VAT number (prefix EL)", taxId: "123456789", country: "GR", stored: "EL123456789" },
      { name: "a Dutch VAT number", taxId: "NL123456789B01", country: "NL", stored: "NL123456789B01" },
      {
        name: "a French VAT number for a German address",
        taxId: "FR12345678901",
        country: "DE",
        stored: "FR12345678901",
      },
      { name: "a US EIN, kept as written", taxId: "12-3456789", country: "US", stored: "12-3456789" },
      {
        name: "a Swiss UID, kept as written",
        taxId: "CHE-123.456.789 MWST",
        country: "CH",
        stored: "CHE-123.456.789 MWST",
      },
    ];
    it.each(taxCases)("accepts $name", async ({ taxId, country, stored }) => {
      const org = await organization();
      const saved = await put(org.adminKey, {
        ...complete,
        taxId,
        address: { ...complete.address, country },
      });
      expect(saved.status).toBe(200);
      expect(saved.body.taxId).toBe(stored);
    });

    const refused: { name: string; taxId: string; country: string | null; message: string }[] = [
      {
        name: "a German VAT number one digit short",
        taxId: "DE12345678",
        country: "DE",
        message:
          "taxId: DE12345678 is not a valid VAT number for Germany (expected a format like DE123456789).",
      },
      {
        name: "letters for a German company",
        taxId: "ABC",
        country: "DE",
        message: "taxId: ABC is not a valid VAT number for Germany (expected a format like DE123456789).",
      },
      {
        name: "GR as the Greek prefix",
        taxId: "GR123456789",
        country: "GR",
        message:
          "taxId: GR123456789 is not a valid VAT number for Greece (expected a format like EL123456789).",
      },
      {
        name: "an EU-prefixed number of the wrong format for a US address",
        taxId: "FR1234",
        country: "US",
        message: "taxId: FR1234 is not a valid VAT number for France (expected a format like FR12345678901).",
      },
    ];
    it.each(refused)("refuses $name", async ({ taxId, country, message }) => {
      const org = await organization();
      const rows = await organizationRows(app, org.id);
      const response = await put(org.adminKey, {
        ...complete,
        taxId,
        address: { ...complete.address, country },
      });
      expectError(response, 400, "invalid_request", "taxId");
      expect(response.body.error.message).toBe(message);
      expect(await organizationRows(app, org.id)).toEqual(rows);
    });
  });

  describe("bad input is refused with a stable code, names the field and changes nothing", () => {
    const cases: {
      name: string;
      body?: unknown;
      rawBody?: string;
      status: number;
      code: string;
      field: string;
      message?: string;
    }[] = [
      {
        name: "no company name",
        body: { ...complete, companyName: undefined },
        status: 400,
        code: "invalid_request",
        field: "companyName",
        message: "companyName: Company name is required.",
      },
      {
        name: "a blank company name",
        body: { ...complete, companyName: "  " },
        status: 400,
        code: "invalid_request",
        field: "companyName",
      },
      {
        name: "a company name that is a number",
        body: { ...complete, companyName: 5 },
        status: 400,
        code: "invalid_request",
        field: "companyName",
      },
      {
        name: "a huge company name",
        body: { ...complete, companyName: "x".repeat(50_000) },
        status: 400,
        code: "invalid_request",
        field: "companyName",
      },
      {
        name: "a company name with a NUL",
        body: { ...complete, companyName: "Acme\u0000" },
        status: 400,
        code: "invalid_request",
        field: "companyName",
      },
      {
        name: "no billing e-mail",
        body: { ...complete, billingEmail: undefined },
        status: 400,
        code: "invalid_request",
        field: "billingEmail",
      },
      {
        name: "an invalid billing e-mail",
        body: { ...complete, billingEmail: "invoices at acme" },
        status: 400,
        code: "invalid_request",
        field: "billingEmail",
        message: "billingEmail: billingEmail must be a valid e-mail address.",
      },
      {
        name: "an unknown country",
        body: { ...complete, address: { ...complete.address, country: "XX" } },
        status: 400,
        code: "invalid_request",
        field: "address.country",
        message:
          "address.country: address.country must be a two-letter ISO 3166 country code such as US or DE.",
      },
      {
        name: "a country name instead of a code",
        body: { ...complete, address: { ...complete.address, country: "Germany" } },
        status: 400,
        code: "invalid_request",
        field: "address.country",
      },
      {
        name: "an address without a country",
        body: { ...complete, taxId: null, address: { line1: "1 Main St", city: "Springfield" } },
        status: 400,
        code: "invalid_request",
        field: "address.country",
        message: "address.country: address.country is required when an address is given.",
      },
      {
        name: "a huge postal code",
        body: { ...complete, address: { ...complete.address, postalCode: "1".repeat(21) } },
        status: 400,
        code: "invalid_request",
        field: "address.postalCode",
      },
      {
        name: "an address that is a string",
        body: { ...complete, address: "Berlin" },
        status: 400,
        code: "invalid_request",
        field: "address",
      },
      {
        name: "a tax ID that is a number",
        body: { ...complete, taxId: 123456789 },
        status: 400,
        code: "invalid_request",
        field: "taxId",
      },
      {
        name: "an unknown field",
        body: { ...complete, vatExempt: true },
        status: 400,
        code: "invalid_request",
        field: "vatExempt",
        message: "Unknown field 'vatExempt'.",
      },
      {
        name: "an unknown address field",
        body: { ...complete, address: { ...complete.address, street: "x" } },
        status: 400,
        code: "invalid_request",
        field: "address.street",
        message: "Unknown field 'address.street'.",
      },
      {
        name: "malformed JSON",
        rawBody: '{"companyName": "x",',
        status: 400,
        code: "malformed_json",
        field: "body",
      },
      { name: "an empty body", rawBody: "", status: 400, code: "malformed_json", field: "body" },
      { name: "null", body: null, status: 400, code: "invalid_request", field: "body" },
    ];
    it.each(cases)("PUT /billing-info with $name → $status $code", async (testCase) => {
      const org = await organization();
      const rows = await organizationRows(app, org.id);
      const response = await app.request("PUT", "/api/v1/billing-info", {
        token: org.adminKey,
        body: testCase.body,
        rawBody: testCase.rawBody,
        headers: { "content-type": "application/json" },
      });
      expectError(response, testCase.status, testCase.code, testCase.field);
      if (testCase.message) expect(response.body.error.message).toBe(testCase.message);
      expect(await organizationRows(app, org.id)).toEqual(rows);
    });
  });
});
