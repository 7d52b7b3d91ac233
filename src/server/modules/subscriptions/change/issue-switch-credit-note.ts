import { auditBy } from "../../../context.js";
import type { Transaction } from "../../../db/client.js";
import { recordAudit } from "../../audit/audit.repository.js";
import {
  creditNoteEventObject,
  insertCreditNote,
  toCreditNoteDto,
  updateInvoiceSettlement,
} from "../../invoices/credit-notes.repository.js";
import { findInvoice, type InvoiceDto } from "../../invoices/invoices.repository.js";
import type { ChangeWrite } from "./change-item.js";

/**
 * The credit note of a split change (decision 0074): the unused-time lines credited, with the
 * invoice's VAT treatment. It settles the invoice (paid by credit) and the rest, the excess, is
 * the account credit the subscription row already holds. Audited as `credit_note.issued`.
 */
export async function issueSwitchCreditNote(tx: Transaction, write: ChangeWrite, invoice: InvoiceDto) {
  const { documents, plan, item } = write;
  if (!documents.split) return invoice;
  const { creditNote } = documents;
  const note = await insertCreditNote(tx, {
    organizationId: item.organizationId,
    invoiceId: invoice.id,
    reason: "interval_switch",
    memo: null,
    issuedAt: plan.now,
    currency: invoice.currency,
    lines: creditNote.lines.map(({ description, amount }) => ({ description, amount })),
    subtotal: creditNote.subtotal,
    taxTotal: creditNote.tax.total,
    taxLines: creditNote.tax.lines,
    total: creditNote.total,
    accountCredit: creditNote.accountCredit,
    seller: invoice.seller,
    billTo: invoice.billTo,
  });
  await updateInvoiceSettlement(tx, invoice.id, {
    status: "paid",
    amountPaid: 0,
    amountCredited: creditNote.settlesInvoice,
    paidAt: plan.now,
  });
  const dto = toCreditNoteDto(note, {
    number: invoice.number,
    taxTreatment: invoice.tax.treatment,
    taxMention: invoice.tax.mention,
  });
  const settled = await findInvoice(tx, item.organizationId, invoice.id, plan.now);
  if (!settled) throw new Error("the invoice of a credit note is gone");
  await recordAudit(tx, [
    {
      ...auditBy(item.caller, item.organizationId),
      action: "credit_note.issued",
      entityType: "credit_note",
      entityId: note.id,
      before: null,
      after: creditNoteEventObject(dto, settled),
      occurredAt: plan.now,
    },
  ]);
  return settled;
}
