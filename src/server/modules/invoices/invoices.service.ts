import { describeAccountCreditMovement } from "../../../core/account-credit-history.js";
import { type InvoiceBalance, planCreditNote, planPayment } from "../../../core/invoice-settlement.js";
import { toDecimalString } from "../../../core/money.js";
import { formatPercent, type TaxLine } from "../../../core/vat.js";
import { euStandardVatRates } from "../../../core/vat-rates.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Executor, Transaction } from "../../db/client.js";
import { csvOf } from "../../documents/csv.js";
import { renderDocumentPdf } from "../../documents/document-pdf.js";
import { invoicesCsv } from "../../documents/invoices-csv.js";
import { AppError, notFound } from "../../errors.js";
import { existingId } from "../../validation/ids.js";
import { defaultPageSize, type PageQuery, pageOf, readPage } from "../../validation/pagination.js";
import { type AuditEvent, recordAudit } from "../audit/audit.repository.js";
import { requireOperator } from "../auth/authenticate.js";
import { authorize } from "../auth/principal.js";
import { addAccountCredit, loadSubscription } from "../subscriptions/subscriptions.repository.js";
import { type AccountCreditMovement, listAccountCreditMovements } from "./account-credit.repository.js";
import {
  type CreditNoteDto,
  creditNoteEventObject,
  findCreditNote,
  insertCreditNote,
  insertPayment,
  listCreditNotes,
  toCreditNoteDto,
  toPaymentDto,
  updateInvoiceSettlement,
} from "./credit-notes.repository.js";
import {
  findInvoice,
  type InvoiceDto,
  invoiceEventObject,
  listInvoices,
  listInvoicesIssuedBetween,
} from "./invoices.repository.js";
import type { IssueCreditNoteBody, RecordPaymentBody } from "./invoices.schemas.js";

/** Newest first; the cursor is the invoice number. */
export async function getInvoices(deps: AppDeps, caller: Caller, query: PageQuery) {
  const principal = authorize(caller.principal, "invoices.read");
  return readPage(
    query,
    ({ limit, before }) =>
      listInvoices(deps.db, principal.organizationId, { limit, beforeNumber: before }, deps.clock.now()),
    (invoice) => invoice.number,
    (invoice) => invoice,
  );
}

export async function getInvoice(deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "invoices.read");
  const invoice = await findInvoice(
    deps.db,
    principal.organizationId,
    existingId(id, "The invoice"),
    deps.clock.now(),
  );
  if (!invoice) throw notFound("The invoice");
  return invoice;
}

export async function getCreditNotes(deps: AppDeps, caller: Caller, query: PageQuery) {
  const principal = authorize(caller.principal, "invoices.read");
  return readPage(
    query,
    ({ limit, before }) =>
      listCreditNotes(deps.db, principal.organizationId, { limit, beforeNumber: before }),
    (row) => row.note.number,
    (row) => toCreditNoteDto(row.note, row.invoice),
  );
}

export async function getCreditNote(deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "invoices.read");
  const row = await findCreditNote(deps.db, principal.organizationId, existingId(id, "The credit note"));
  if (!row) throw notFound("The credit note");
  return toCreditNoteDto(row.note, row.invoice);
}

const invoicePdf = async (invoice: InvoiceDto) => ({
  pdf: await renderDocumentPdf({ ...invoice, kind: "invoice" }),
  filename: `invoice-${invoice.displayNumber}.pdf`,
});

const creditNotePdf = async (note: CreditNoteDto) => ({
  pdf: await renderDocumentPdf({ ...note, kind: "credit_note", creditedInvoice: note.invoiceNumber }),
  filename: `credit-note-${note.displayNumber}.pdf`,
});

/** The invoice as a PDF (Article 226 fields), named after its number. */
export async function getInvoicePdf(deps: AppDeps, caller: Caller, id: string) {
  return invoicePdf(await getInvoice(deps, caller, id));
}

export async function getCreditNotePdf(deps: AppDeps, caller: Caller, id: string) {
  return creditNotePdf(await getCreditNote(deps, caller, id));
}

/**
 * A document's PDF for a receipt e-mail (the sender has no caller: the message names its
 * organization); rendered from the frozen document, outside any transaction. Undefined if gone.
 */
export async function documentPdf(
  db: Executor,
  organizationId: string,
  document: { kind: "invoice" | "credit_note"; id: string },
  now: Date,
) {
  if (document.kind === "invoice") {
    const invoice = await findInvoice(db, organizationId, document.id, now);
    return invoice ? invoicePdf(invoice) : undefined;
  }
  const row = await findCreditNote(db, organizationId, document.id);
  return row ? creditNotePdf(toCreditNoteDto(row.note, row.invoice)) : undefined;
}

/** Most invoices one export holds; a longer range is refused with a hint to split it. */
export const maxExportedInvoices = 10_000;

/** The accountant's CSV: invoices issued from `from` to `to` (whole UTC days, both included). */
export async function exportInvoicesCsv(deps: AppDeps, caller: Caller, query: { from: string; to: string }) {
  const principal = authorize(caller.principal, "invoices.read");
  const from = new Date(`${query.from}T00:00:00Z`);
  const until = new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000);
  const rows = await listInvoicesIssuedBetween(
    deps.db,
    principal.organizationId,
    { from, until, limit: maxExportedInvoices + 1 },
    deps.clock.now(),
  );
  if (rows.length > maxExportedInvoices) {
    throw new AppError(
      "invalid_request",
      `More than ${maxExportedInvoices} invoices in this range; export a shorter one.`,
      400,
      "to",
    );
  }
  return { csv: invoicesCsv(rows), filename: `invoices-${query.from}-to-${query.to}.csv` };
}

/** GET /seller (operator): the seller profile and the VAT rates in force. */
export function getSellerProfile(deps: AppDeps, caller: Caller) {
  requireOperator(caller.principal);
  const { vatRates, vatRateOverrides, ...seller } = deps.seller;
  return {
    ...seller,
    vatRates: {
      date: euStandardVatRates.date,
      source: euStandardVatRates.source,
      overrides: vatRateOverrides,
      rates: Object.fromEntries(
        Object.entries(vatRates).map(([country, rate]) => [country, formatPercent(rate)]),
      ),
    },
  };
}

function balanceOf(invoice: InvoiceDto): InvoiceBalance {
  const [taxLine] = invoice.tax.lines;
  return {
    status: invoice.status,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    creditApplied: invoice.creditApplied,
    taxTotal: invoice.tax.total,
    total: invoice.total,
    amountPaid: invoice.amountPaid,
    amountCredited: invoice.amountCredited,
    taxRate: taxLine ? taxLine.rateBasisPoints : null,
  };
}

async function lockInvoice(tx: Transaction, deps: AppDeps, organizationId: string, invoiceId: string) {
  const invoice = await findInvoice(
    tx,
    existingId(organizationId, "The invoice"),
    existingId(invoiceId, "The invoice"),
    deps.clock.now(),
    { lock: true },
  );
  if (!invoice) throw notFound("The invoice");
  return invoice;
}

const refusalStatus = { invoice_not_open: 409 } as Record<string, number>;

/**
 * Records a payment (operator or host): partial payments allowed; the invoice is paid once
 * covered. Another currency, more than is due, a paid or void invoice: 4xx, nothing written.
 */
export async function recordPayment(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  organizationId: string,
  invoiceId: string,
  body: RecordPaymentBody,
) {
  requireOperator(caller.principal);
  const now = deps.clock.now();
  const paidAt = new Date(body.paidAt);
  if (paidAt.getTime() > now.getTime()) {
    throw new AppError("invalid_request", "paidAt cannot be in the future.", 400, "paidAt");
  }
  const invoice = await lockInvoice(tx, deps, organizationId, invoiceId);
  const planned = planPayment(balanceOf(invoice), body);
  if (!planned.ok) {
    const field = planned.refusal.code === "payment_currency_mismatch" ? "currency" : "amount";
    throw new AppError(
      planned.refusal.code,
      planned.refusal.message,
      refusalStatus[planned.refusal.code] ?? 422,
      field,
    );
  }
  const payment = await insertPayment(tx, {
    organizationId,
    invoiceId: invoice.id,
    amount: body.amount,
    currency: body.currency,
    method: body.method,
    reference: body.reference,
    paidAt,
    recordedAt: now,
  });
  await updateInvoiceSettlement(tx, invoice.id, {
    status: planned.paid ? "paid" : "open",
    amountPaid: planned.amountPaid,
    amountCredited: invoice.amountCredited,
    paidAt: planned.paid ? paidAt : null,
  });
  const after = await lockInvoice(tx, deps, organizationId, invoiceId);
  const before = { status: invoice.status, amountPaid: invoice.amountPaid, amountDue: invoice.amountDue };
  const events: AuditEvent[] = [
    {
      ...auditBy(caller, organizationId),
      action: "invoice.payment_recorded",
      entityType: "invoice",
      entityId: invoice.id,
      before,
      after: {
        payment: toPaymentDto(payment),
        invoiceNumber: invoice.displayNumber,
        status: after.status,
        amountPaid: after.amountPaid,
        amountDue: after.amountDue,
      },
      occurredAt: now,
    },
  ];
  if (planned.paid) {
    events.push({
      ...auditBy(caller, organizationId),
      action: "invoice.paid",
      entityType: "invoice",
      entityId: invoice.id,
      before,
      // The invoice as paid: the invoice.paid event's object (the OpenAPI webhook schema's type).
      after: invoiceEventObject(after),
      occurredAt: now,
    });
  }
  await recordAudit(tx, events);
  return { payment: toPaymentDto(payment), invoice: after };
}

/**
 * Issues a credit note against an invoice (operator): a void (the whole invoice; the only way an
 * invoice becomes void) or a correction (an amount before tax). Account credit is fed by it.
 */
export async function issueCreditNote(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  organizationId: string,
  invoiceId: string,
  body: IssueCreditNoteBody,
) {
  requireOperator(caller.principal);
  const now = deps.clock.now();
  const invoice = await lockInvoice(tx, deps, organizationId, invoiceId);
  const planned = planCreditNote(
    balanceOf(invoice),
    body.reason === "void" ? { reason: "void" } : { reason: "correction", net: body.amount ?? 0 },
  );
  if (!planned.ok) {
    throw new AppError(
      planned.refusal.code,
      planned.refusal.message,
      refusalStatus[planned.refusal.code] ?? 422,
      body.reason === "void" ? "reason" : "amount",
    );
  }
  const { plan } = planned;
  const taxLines: TaxLine[] = invoice.tax.lines.map((line) => ({
    rate: line.rateBasisPoints,
    country: line.country,
    taxableAmount: plan.subtotal,
    amount: plan.taxTotal,
  }));
  const note = await insertCreditNote(tx, {
    organizationId,
    invoiceId: invoice.id,
    reason: body.reason,
    memo: body.memo,
    issuedAt: now,
    currency: invoice.currency,
    lines: [
      {
        description:
          body.reason === "void"
            ? `Cancellation of invoice ${invoice.displayNumber}`
            : `Correction of invoice ${invoice.displayNumber}: ${body.memo}`,
        amount: plan.subtotal,
      },
    ],
    subtotal: plan.subtotal,
    taxTotal: plan.taxTotal,
    taxLines: taxLines.slice(0, 1),
    total: plan.total,
    accountCredit: plan.accountCredit,
    seller: invoice.seller,
    billTo: invoice.billTo,
  });
  await updateInvoiceSettlement(tx, invoice.id, {
    status: plan.status,
    amountPaid: invoice.amountPaid,
    amountCredited: plan.amountCredited,
    paidAt: plan.status === "paid" ? (invoice.paidAt ? new Date(invoice.paidAt) : now) : null,
  });
  await addAccountCredit(tx, organizationId, plan.accountCredit, now);
  const after = await lockInvoice(tx, deps, organizationId, invoiceId);
  const creditNote = toCreditNoteDto(note, {
    number: invoice.number,
    taxTreatment: invoice.tax.treatment,
    taxMention: invoice.tax.mention,
  });
  const events: AuditEvent[] = [
    {
      ...auditBy(caller, organizationId),
      action: "credit_note.issued",
      entityType: "credit_note",
      entityId: note.id,
      before: null,
      // The credit_note.issued event's object (the OpenAPI webhook schema's type).
      after: creditNoteEventObject(creditNote, after),
      occurredAt: now,
    },
  ];
  if (plan.status === "void") {
    events.push({
      ...auditBy(caller, organizationId),
      action: "invoice.voided",
      entityType: "invoice",
      entityId: invoice.id,
      before: { status: invoice.status, amountDue: invoice.amountDue },
      after: {
        status: "void",
        creditNoteId: note.id,
        creditNoteNumber: creditNote.displayNumber,
        memo: body.memo,
      },
      occurredAt: now,
    });
  }
  await recordAudit(tx, events);
  return { creditNote, invoice: after };
}

/** Most movements one page or export reads; the history of one organization stays far below. */
export const maxExportedMovements = 10_000;

function toMovementDto(movement: AccountCreditMovement) {
  return {
    ...movement,
    occurredAt: movement.occurredAt.toISOString(),
    description: describeAccountCreditMovement(movement),
  };
}

/** GET /account-credit/history: every movement of the account credit, newest first (decision 0110). */
export async function getAccountCreditHistory(deps: AppDeps, caller: Caller, query: PageQuery) {
  const principal = authorize(caller.principal, "invoices.read");
  const limit = query.limit ?? defaultPageSize;
  const rows = await listAccountCreditMovements(deps.db, principal.organizationId, {
    limit: limit + 1,
    beforePosition: query.before,
  });
  const loaded = await loadSubscription(deps.db, principal.organizationId, { lock: false });
  if (!loaded) throw notFound("The subscription");
  return {
    ...pageOf(rows, limit, (row) => row.position, toMovementDto),
    balance: loaded.row.accountCredit,
    currency: loaded.organization.currency,
  };
}

/** The history as CSV, oldest first (as a statement reads), amounts in major units. */
export async function exportAccountCreditCsv(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "invoices.read");
  const rows = await listAccountCreditMovements(deps.db, principal.organizationId, {
    limit: maxExportedMovements,
  });
  const csv = csvOf(
    ["date", "description", "credit_note", "invoice", "currency", "amount", "balance_after"],
    rows
      .reverse()
      .map((row) => [
        row.occurredAt.toISOString(),
        describeAccountCreditMovement(row),
        row.creditNote?.displayNumber ?? null,
        row.invoice.displayNumber,
        row.currency,
        toDecimalString(row.amount, row.currency),
        toDecimalString(row.balanceAfter, row.currency),
      ]),
  );
  return { csv, filename: "account-credit-history.csv" };
}
