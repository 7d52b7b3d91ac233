import { sumAmounts } from "./money.js";

export type LineKind =
  | "seats_added"
  | "seats_removed"
  | "credit_blocks_added"
  | "seats_unused"
  | "credit_blocks_unused"
  | "seats_period"
  | "credit_blocks_period";

export interface InvoiceLine {
  kind: LineKind;
  description: string;
  quantity: number;
  /** The full-period price of one unit; `amount` is the prorated figure. */
  unitAmount: number;
  amount: number;
  periodStart: Date;
  periodEnd: Date;
}

export interface Settlement {
  subtotal: number;
  /** Account credit consumed by this invoice (never more than the subtotal or the balance). */
  creditApplied: number;
  /** subtotal − creditApplied. Negative for a credit note: that much is added to account credit. */
  total: number;
  accountCreditAfter: number;
}

/**
 * Applies account credit before anything is charged. A negative subtotal (unused time of removed
 * seats) is never paid out: it becomes account credit for the next invoices.
 */
export function settle(lines: readonly InvoiceLine[], accountCredit: number): Settlement {
  const subtotal = sumAmounts(lines.map((line) => line.amount));
  const creditApplied = subtotal > 0 ? Math.min(subtotal, accountCredit) : 0;
  const total = subtotal - creditApplied;
  const accountCreditAfter = total < 0 ? accountCredit - total : accountCredit - creditApplied;
  return { subtotal, creditApplied, total, accountCreditAfter };
}
