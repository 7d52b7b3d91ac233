import type { Transaction } from "../../db/client.js";
import { recordAudit } from "../../modules/audit/audit.repository.js";
import { findBillTos } from "../../modules/billing-info/billing-info.repository.js";
import {
  lastInvoiceIssuedAt,
  newInvoiceDto,
  publishInvoicesIssued,
  reserveInvoiceNumbers,
} from "../../modules/invoices/invoices.repository.js";
import {
  insertLedgerEntries,
  insertRenewalInvoices,
  insertScheduledChangeApplications,
  updateCreditCycles,
  updateSubscriptionStates,
} from "../due-work.repository.js";
import { dueWorkRecords, renewalInvoices } from "./due-work-records.js";
import type { JobDeps, PlannedDueWork, PlannedRenewal } from "./due-work-types.js";

/**
 * Step 4 of a due-work batch, execute: reserves the invoice numbers last (the counter row stays
 * locked only for the rest of this transaction), then writes every invoice, ledger entry, new
 * cycle, new period, scheduled-change application and audit event of the batch in a handful of
 * set-based statements.
 */
export async function executeDueWork(
  tx: Transaction,
  deps: Pick<JobDeps, "seller">,
  plans: readonly PlannedDueWork[],
  toInvoice: readonly PlannedRenewal[],
  now: Date,
) {
  const billTos = deps.seller
    ? await findBillTos(
        tx,
        toInvoice.map(({ subscription }) => subscription.organizationId),
      )
    : new Map();
  const firstNumber = toInvoice.length > 0 ? await reserveInvoiceNumbers(tx, toInvoice.length) : 0;
  // The counter row is locked, so every lower-numbered invoice is committed and read here.
  const notBefore = toInvoice.length > 0 ? await lastInvoiceIssuedAt(tx) : null;
  const invoices = renewalInvoices(deps, toInvoice, billTos, firstNumber, notBefore);
  const records = dueWorkRecords(plans, invoices, now);
  await insertRenewalInvoices(tx, [...invoices.values()]);
  // invoice.issued, in the same transaction, typed by its OpenAPI schema (decision 0083).
  await publishInvoicesIssued(
    tx,
    [...invoices.values()].map((invoice) => ({
      organizationId: invoice.organizationId,
      invoice: newInvoiceDto(invoice.id, invoice.number, {
        kind: "renewal",
        issuedAt: invoice.issuedAt,
        currency: invoice.currency,
        lines: invoice.lines,
        settlement: invoice,
        document: invoice.document,
      }),
    })),
  );
  await insertLedgerEntries(tx, records.ledger, now);
  await updateCreditCycles(tx, records.cycles);
  await updateSubscriptionStates(tx, records.states, now);
  await insertScheduledChangeApplications(tx, records.applications, now);
  await recordAudit(tx, records.audits);
  return records.done;
}
