// Account credit history in words: what the Invoices page prints and the CSV export writes.

export type AccountCreditReason = "void" | "correction" | "interval_switch" | "negative_invoice";

export interface AccountCreditMovementText {
  type: "credited" | "applied";
  reason: AccountCreditReason | null;
  creditNote: { displayNumber: string } | null;
  invoice: { displayNumber: string };
}

const reasons: Record<AccountCreditReason, string> = {
  void: "invoice voided",
  correction: "invoice corrected",
  interval_switch: "unused time of the billing period switch",
  negative_invoice: "unused time",
};

/** Why the credit arrived, in a few words ("invoice voided"). */
export function creditReason(reason: AccountCreditReason | null): string {
  return reason ? reasons[reason] : "credit";
}

/**
 * "Credit note CN-0003 for invoice INV-0007: invoice voided" or "Applied to invoice INV-0009".
 * An invoice issued negative (before credit notes) is its own document.
 */
export function describeAccountCreditMovement(movement: AccountCreditMovementText): string {
  if (movement.type === "applied") return `Applied to invoice ${movement.invoice.displayNumber}`;
  if (!movement.creditNote)
    return `Invoice ${movement.invoice.displayNumber}: ${creditReason(movement.reason)}`;
  return `Credit note ${movement.creditNote.displayNumber} for invoice ${movement.invoice.displayNumber}: ${creditReason(movement.reason)}`;
}
