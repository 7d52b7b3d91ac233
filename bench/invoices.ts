// `npx tsx bench/invoices.ts [seconds=5] [out.pdf]`: invoice PDFs rendered per second on one core
// (one after another in this process) for a 5-line invoice with German VAT, and the size of one
// PDF (fonts embedded as subsets). Targets: ≥ 100 PDFs/s, ≤ 60 KB. Also a row of `npm run bench`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { documentSeller, invoiceDocument } from "../src/core/invoice-document.js";
import { type PrintableDocument, renderDocumentPdf } from "../src/server/documents/document-pdf.js";
import { loadSeller } from "../src/server/seller.js";

/** A 5-line invoice to a German customer, as the API returns it. */
export function sampleInvoice(): PrintableDocument {
  const seller = loadSeller();
  const issuedAt = new Date("2026-06-16T00:00:00Z");
  const periodEnd = new Date("2026-07-01T00:00:00Z");
  const billTo = {
    companyName: "Müller & Söhne Maschinenbau GmbH",
    taxId: "DE811907980",
    address: {
      line1: "Königsallee 12",
      line2: "3. Etage",
      city: "Düsseldorf",
      postalCode: "40212",
      region: null,
      country: "DE",
    },
    billingEmail: "buchhaltung@mueller-soehne.example",
  };
  const lines = [
    {
      description: "2 additional seats, prorated for the rest of the period",
      quantity: 2,
      unitAmount: 3700,
      amount: 3700,
    },
    {
      description: "3 additional credit blocks (3,000 credits) for the current credit cycle",
      quantity: 3,
      unitAmount: 900,
      amount: 2700,
    },
    { description: "Unused time on 10 seats (monthly)", quantity: 10, unitAmount: 3700, amount: -18500 },
    { description: "12 seats, yearly", quantity: 12, unitAmount: 35520, amount: 426240 },
    { description: "5 credit blocks, yearly", quantity: 5, unitAmount: 8640, amount: 43200 },
  ].map((line) => ({ ...line, periodStart: issuedAt.toISOString(), periodEnd: periodEnd.toISOString() }));
  const settlement = { subtotal: lines.reduce((sum, line) => sum + line.amount, 0), creditApplied: 1500 };
  const document = invoiceDocument({ seller, billTo, lines, settlement, issuedAt });
  return {
    kind: "invoice",
    displayNumber: "WP-000819",
    issuedAt: issuedAt.toISOString(),
    dueAt: document.dueAt.toISOString(),
    currency: "EUR",
    seller: documentSeller(seller),
    billTo,
    lines,
    subtotal: settlement.subtotal,
    creditApplied: settlement.creditApplied,
    tax: {
      mention: document.tax.mention,
      lines: document.tax.lines.map((line) => ({ ...line, rate: String(line.rate / 100) })),
      total: document.tax.total,
    },
    total: document.total,
    status: "open",
    amountPaid: 0,
    amountDue: document.total,
  };
}

export async function measureInvoicePdfs(seconds: number) {
  const invoice = sampleInvoice();
  const sample = await renderDocumentPdf(invoice);
  for (let warm = 0; warm < 20; warm++) await renderDocumentPdf(invoice);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let rendered = 0;
  while (performance.now() - started < seconds * 1000) {
    await renderDocumentPdf(invoice);
    rendered++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // Per second of this process's CPU time: "on one core" even on a machine shared with others.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { perSecond: rendered / elapsed, perCpuSecond: rendered / cpuSeconds, bytes: sample.length, sample };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? 5);
  const result = await measureInvoicePdfs(seconds);
  if (process.argv[3]) writeFileSync(process.argv[3], result.sample);
  console.log(
    `invoice PDFs (5 lines, German VAT): ${result.perCpuSecond.toFixed(0)} per CPU second on one core ` +
      `(${result.perSecond.toFixed(0)}/s wall clock; target ≥ 100/s), ` +
      `${(result.bytes / 1024).toFixed(1)} KB each (target ≤ 60 KB)`,
  );
}
