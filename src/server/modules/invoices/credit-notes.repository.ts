import { randomUUID } from "node:crypto";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { BillTo, DocumentSeller } from "../../../core/invoice-document.js";
import type { TaxLine, TaxTreatment } from "../../../core/vat.js";
import type { Executor } from "../../db/client.js";
import { onlyRow, ownRow } from "../../db/rows.js";
import { creditNoteNumberSequence, creditNotes, invoicePayments, invoices } from "../../db/schema.js";
import type { CreditNoteEventObject } from "../webhooks/event-types.js";
import { displayNumber, type InvoiceDto, invoiceEventObject, toTaxLineDto } from "./invoices.repository.js";

export type CreditNoteRow = typeof creditNotes.$inferSelect;

/** What a credit note prints of the invoice it credits: its number and its VAT treatment. */
const creditedInvoiceColumns = {
  number: invoices.number,
  taxTreatment: invoices.taxTreatment,
  taxMention: invoices.taxMention,
};
export interface CreditedInvoice {
  number: number;
  taxTreatment: string | null;
  taxMention: string | null;
}
export type PaymentRow = typeof invoicePayments.$inferSelect;

export type CreditNoteLine = {
  description: string;
  amount: number;
};

/** Reserves the next credit-note number: its own gapless series, like invoices (decision 0008). */
async function reserveCreditNoteNumber(executor: Executor): Promise<number> {
  const [row] = await executor
    .update(creditNoteNumberSequence)
    .set({ lastNumber: sql`${creditNoteNumberSequence.lastNumber} + 1` })
    .where(eq(creditNoteNumberSequence.id, 1))
    .returning({ lastNumber: creditNoteNumberSequence.lastNumber });
  if (!row) throw new Error("credit_note_number_sequence is not initialised");
  return Number(row.lastNumber);
}

export async function insertCreditNote(
  executor: Executor,
  note: Omit<CreditNoteRow, "id" | "number">,
): Promise<CreditNoteRow> {
  const number = await reserveCreditNoteNumber(executor);
  const rows = await executor
    .insert(creditNotes)
    .values({ ...note, id: randomUUID(), number })
    .returning();
  return onlyRow(rows, "credit note insert");
}

export async function listCreditNotes(
  executor: Executor,
  organizationId: string,
  page: { limit: number; beforeNumber?: number | undefined },
) {
  return executor
    .select({ note: creditNotes, invoice: creditedInvoiceColumns })
    .from(creditNotes)
    .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
    .where(
      and(
        eq(creditNotes.organizationId, organizationId),
        page.beforeNumber === undefined ? undefined : lt(creditNotes.number, page.beforeNumber),
      ),
    )
    .orderBy(desc(creditNotes.number))
    .limit(page.limit);
}

export async function findCreditNote(executor: Executor, organizationId: string, id: string) {
  const [row] = await executor
    .select({ note: creditNotes, invoice: creditedInvoiceColumns })
    .from(creditNotes)
    .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
    .where(ownRow(creditNotes, organizationId, id));
  return row;
}

export function toCreditNoteDto(row: CreditNoteRow, invoice: CreditedInvoice) {
  return {
    id: row.id,
    number: row.number,
    displayNumber: displayNumber(row.seller, row.number, "creditNoteNumber"),
    invoiceId: row.invoiceId,
    invoiceNumber: displayNumber(row.seller, invoice.number, "invoiceNumber"),
    reason: row.reason,
    memo: row.memo,
    issuedAt: row.issuedAt.toISOString(),
    currency: row.currency,
    lines: row.lines as CreditNoteLine[],
    subtotal: row.subtotal,
    tax: {
      treatment: invoice.taxTreatment as TaxTreatment | null,
      mention: invoice.taxMention,
      lines: (row.taxLines as TaxLine[]).map(toTaxLineDto),
      total: row.taxTotal,
    },
    total: row.total,
    accountCredit: row.accountCredit,
    seller: row.seller as DocumentSeller | null,
    billTo: row.billTo as BillTo | null,
  };
}

export type CreditNoteDto = ReturnType<typeof toCreditNoteDto>;

export async function insertPayment(
  executor: Executor,
  payment: Omit<PaymentRow, "id">,
): Promise<PaymentRow> {
  const rows = await executor
    .insert(invoicePayments)
    .values({ ...payment, id: randomUUID() })
    .returning();
  return onlyRow(rows, "payment insert");
}

export function toPaymentDto(row: PaymentRow) {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    amount: row.amount,
    currency: row.currency,
    method: row.method,
    reference: row.reference,
    paidAt: row.paidAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** Writes what a payment or a credit note changed on the invoice (the row is locked). */
export async function updateInvoiceSettlement(
  executor: Executor,
  invoiceId: string,
  values: {
    status: "open" | "paid" | "void";
    amountPaid: number;
    amountCredited: number;
    paidAt: Date | null;
  },
) {
  await executor.update(invoices).set(values).where(eq(invoices.id, invoiceId));
}

/** The credit note of `credit_note.issued`, with the invoice it credits as it is after it. */
export function creditNoteEventObject(note: CreditNoteDto, invoice: InvoiceDto): CreditNoteEventObject {
  return {
    id: note.id,
    number: note.number,
    displayNumber: note.displayNumber,
    reason: note.reason,
    memo: note.memo,
    issuedAt: note.issuedAt,
    currency: note.currency,
    lines: note.lines.map((line) => ({ description: line.description, amount: line.amount })),
    subtotal: note.subtotal,
    tax: invoiceEventObject({ ...invoice, tax: note.tax }).tax,
    total: note.total,
    accountCredit: note.accountCredit,
    invoiceId: note.invoiceId,
    invoiceNumber: note.invoiceNumber,
    invoice: {
      id: invoice.id,
      number: invoice.number,
      displayNumber: invoice.displayNumber,
      status: invoice.status,
      total: invoice.total,
      amountDue: invoice.amountDue,
    },
  };
}
