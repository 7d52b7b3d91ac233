import { toDecimalString } from "../../core/money.js";

/** What the accountant's CSV reads of an invoice (the API's invoice shape). */
export interface CsvInvoice {
  displayNumber: string;
  number: number;
  issuedAt: string;
  dueAt: string | null;
  status: string;
  overdue: boolean;
  currency: string;
  subtotal: number;
  creditApplied: number;
  tax: { treatment: string | null; lines: { rate: string; country: string }[]; total: number };
  total: number;
  amountPaid: number;
  amountDue: number;
  billTo: { companyName: string; taxId: string | null; address: { country: string | null } } | null;
}

const columns = [
  "number",
  "issued_on",
  "due_on",
  "status",
  "customer",
  "customer_vat_id",
  "customer_country",
  "currency",
  "net",
  "credit_applied",
  "vat_treatment",
  "vat_rate",
  "vat",
  "total",
  "paid",
  "due",
] as const;

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with '. */
function cell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Invoices as CSV, one row each, amounts as decimals in major units with the currency beside. */
export function invoicesCsv(invoices: readonly CsvInvoice[]): string {
  const rows = invoices.map((invoice) => {
    const amount = (value: number) => toDecimalString(value, invoice.currency);
    return [
      invoice.displayNumber,
      invoice.issuedAt.slice(0, 10),
      invoice.dueAt?.slice(0, 10) ?? null,
      invoice.status === "open" && invoice.overdue ? "overdue" : invoice.status,
      invoice.billTo?.companyName ?? null,
      invoice.billTo?.taxId ?? null,
      invoice.billTo?.address.country ?? null,
      invoice.currency,
      amount(invoice.subtotal),
      amount(invoice.creditApplied),
      invoice.tax.treatment,
      invoice.tax.lines.map((line) => `${line.rate}% ${line.country}`).join("; ") || null,
      amount(invoice.tax.total),
      amount(invoice.total),
      amount(invoice.amountPaid),
      amount(invoice.amountDue),
    ].map(cell);
  });
  return `${[columns.join(","), ...rows.map((row) => row.join(","))].join("\r\n")}\r\n`;
}
