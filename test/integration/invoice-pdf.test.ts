import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSeller } from "../../src/core/invoice-document.js";
import { renderDocumentPdf } from "../../src/server/documents/document-pdf.js";
import { loadSeller } from "../../src/server/seller.js";
import { expectError } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

const folder = mkdtempSync(join(tmpdir(), "invoice-pdf-"));
let files = 0;

/** The text of a PDF as Debian's pdftotext reads it, and its page size from pdfinfo. */
function readPdf(bytes: Buffer) {
  files += 1;
  const file = join(folder, `document-${files}.pdf`);
  writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
  return { text, info, fonts };
}

async function pdfOf(app: TestApp, path: string, token: string) {
  const response = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe.each(dialects)("invoice and credit-note PDFs on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function customer(billing: {
    country: string;
    taxId: string | null;
    companyName: string;
    city: string;
  }) {
    counter += 1;
    const created = await provision(app, {
      name: billing.companyName,
      currency: "EUR",
      seats: 10,
      admin: { email: `admin${counter}@pdf.test`, name: "Ada Admin" },
    });
    const key = created.adminKey as string;
    await app.request("PUT", "/api/v1/billing-info", {
      token: key,
      body: {
        companyName: billing.companyName,
        taxId: billing.taxId,
        address: {
          line1: "29 boulevard Haussmann",
          line2: null,
          city: billing.city,
          postalCode: "75009",
          region: null,
          country: billing.country,
        },
        billingEmail: `compta${counter}@pdf.test`,
      },
    });
    const saved = await app.request("POST", "/api/v1/subscription/changes", {
      token: key,
      body: { seats: 12 },
    });
    return { id: created.organization.id as string, key, invoice: saved.body.invoice };
  }

  it("prints every field Article 226 asks for, reverse charge included, in embedded fonts on A4", async () => {
    const org = await customer({
      country: "FR",
      taxId: "FR12345678901",
      companyName: "Société Générale Logiciels SARL",
      city: "Paris",
    });
    const { response, bytes } = await pdfOf(app, `/api/v1/invoices/${org.invoice.id}/pdf`, org.key);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="invoice-${org.invoice.displayNumber}.pdf"`,
    );
    const { text, info, fonts } = readPdf(bytes);
    const article226: Record<string, string[]> = {
      "(1) date of issue": ["Date of issue: 2026-06-01"],
      "(2) a sequential number": [`Number: ${org.invoice.displayNumber}`],
      "(3) the supplier's VAT ID": ["VAT ID: DE123456789"],
      "(4) the customer's VAT ID (reverse charge)": ["VAT ID: FR12345678901"],
      "(5) the supplier's full name and address": [
        "WiseParts Demo GmbH",
        "Friedrichstraße 68",
        "10117 Berlin",
        "Germany",
      ],
      "(5) the customer's full name and address": [
        "Société Générale Logiciels SARL",
        "29 boulevard Haussmann",
        "75009 Paris",
        "France",
      ],
      "(6) the extent and nature of the services": ["2 additional seats", "Qty", "Unit price"],
      "(7) the date of supply": ["Service period 2026-06-01 – 2026-07-01"],
      "(8) the taxable amount per rate, unit price excl. VAT": ["Subtotal (excl. VAT)", "€74.00", "€37.00"],
      "(9) the VAT rate": ["VAT 0% (FR) on €74.00"],
      "(10) the VAT amount payable": ["€0.00"],
      "(11) the reverse-charge mention": ["Reverse charge — Article 196, Council Directive 2006/112/EC"],
      "payment terms and due date": ["Payment terms: 14 days, due by 2026-06-15", "IBAN DE89"],
    };
    const missing = Object.entries(article226).flatMap(([field, needles]) =>
      needles.filter((needle) => !text.includes(needle)).map((needle) => `${field}: ${needle}`),
    );
    expect(missing).toEqual([]);
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1\b/);
    // Every font is embedded and subset (the size stays small).
    expect(fonts).toMatch(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(bytes.length).toBeLessThan(60 * 1024);

    // Its credit note carries the same reverse-charge mention and both VAT IDs.
    const voided = await app.request(
      "POST",
      `/api/v1/organizations/${org.id}/invoices/${org.invoice.id}/credit-notes`,
      { token: operatorToken, body: { reason: "void", memo: "Duplicate order" } },
    );
    const note = readPdf(
      (await pdfOf(app, `/api/v1/credit-notes/${voided.body.creditNote.id}/pdf`, org.key)).bytes,
    );
    for (const needle of ["Reverse charge — Article 196", "VAT ID: DE123456789", "VAT ID: FR12345678901"]) {
      expect(note.text).toContain(needle);
    }
  });

  it("prints German VAT at home and a credit note that names the invoice it credits", async () => {
    const org = await customer({
      country: "DE",
      taxId: null,
      companyName: "Müller & Söhne GmbH",
      city: "Köln",
    });
    const invoicePdf = readPdf(
      (await pdfOf(app, `/api/v1/invoices/${org.invoice.id}/pdf`, org.key)).bytes,
    ).text;
    expect(invoicePdf).toContain("Müller & Söhne GmbH");
    expect(invoicePdf).toContain("75009 Köln");
    expect(invoicePdf).toContain("VAT 19% (DE) on €74.00");
    expect(invoicePdf).toContain("€14.06");
    expect(invoicePdf).toMatch(/Amount due\s+€88\.06/);

    const voided = await app.request(
      "POST",
      `/api/v1/organizations/${org.id}/invoices/${org.invoice.id}/credit-notes`,
      { token: operatorToken, body: { reason: "void", memo: "Ordered twice" } },
    );
    expect(voided.status).toBe(201);
    const note = voided.body.creditNote;
    const { response, bytes } = await pdfOf(app, `/api/v1/credit-notes/${note.id}/pdf`, org.key);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="credit-note-${note.displayNumber}.pdf"`,
    );
    const text = readPdf(bytes).text;
    for (const needle of [
      "Credit note",
      `Number: ${note.displayNumber}`,
      `Credits invoice: ${org.invoice.displayNumber}`,
      `Cancellation of invoice ${org.invoice.displayNumber}`,
      "VAT 19% (DE) on €74.00",
      "Total credited",
      "€88.06",
      "Reason: Ordered twice",
      "VAT ID: DE123456789",
    ]) {
      expect(text).toContain(needle);
    }
    const after = readPdf((await pdfOf(app, `/api/v1/invoices/${org.invoice.id}/pdf`, org.key)).bytes).text;
    expect(after).toContain("Status: VOID");
  });

  it("serves a PDF only to the organization's billing readers", async () => {
    const org = await customer({ country: "DE", taxId: null, companyName: "Eigen GmbH", city: "Bonn" });
    const other = await customer({ country: "DE", taxId: null, companyName: "Fremd GmbH", city: "Bonn" });
    expectError(
      await app.request("GET", `/api/v1/invoices/${org.invoice.id}/pdf`, { token: other.key }),
      404,
      "not_found",
    );
    expectError(await app.request("GET", `/api/v1/invoices/${org.invoice.id}/pdf`), 401, "unauthorized");
    expectError(
      await app.request("GET", "/api/v1/credit-notes/nope/pdf", { token: org.key }),
      404,
      "not_found",
    );
  });
});

describe("paper size", () => {
  it("is US Letter for a seller in the United States, with the dollar sign", async () => {
    const german = documentSeller(loadSeller());
    const seller = {
      ...german,
      address: {
        ...german.address,
        line1: "1 Market St",
        city: "San Francisco",
        postalCode: "94105",
        country: "US",
      },
      vatId: null,
      vatRegistered: false,
    };
    const bytes = await renderDocumentPdf({
      kind: "invoice",
      displayNumber: "WP-000001",
      issuedAt: "2026-06-01T00:00:00Z",
      dueAt: "2026-06-15T00:00:00Z",
      currency: "USD",
      seller,
      billTo: null,
      lines: [{ description: "10 seats", quantity: 10, unitAmount: 4000, amount: 40000 }],
      subtotal: 40000,
      tax: { mention: null, lines: [], total: 0 },
      total: 40000,
      amountDue: 40000,
    });
    const { text, info } = readPdf(bytes);
    expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    expect(text).toContain("$400.00");
    expect(text).toContain("United States");
  });
});
