import { roundHalfAwayFromZero, toSafeAmount } from "./money.js";

/** What an issued invoice stands at: the figures payments and credit notes move. */
export interface InvoiceBalance {
  status: "open" | "paid" | "void";
  currency: string;
  subtotal: number;
  creditApplied: number;
  taxTotal: number;
  /** subtotal − creditApplied + taxTotal. */
  total: number;
  amountPaid: number;
  /** The credit notes' totals so far (tax included). */
  amountCredited: number;
  /** The invoice's one tax rate in basis points (null: no tax line). */
  taxRate: number | null;
}

export type SettlementRefusal =
  | { code: "invoice_not_open"; message: string }
  | { code: "payment_currency_mismatch"; message: string }
  | { code: "payment_exceeds_amount_due"; message: string }
  | { code: "credit_exceeds_invoice"; message: string };

export function amountDue(balance: InvoiceBalance): number {
  if (balance.status !== "open") return 0;
  return Math.max(0, balance.total - balance.amountPaid - balance.amountCredited);
}

/** A payment against an open invoice: partial allowed, paid once covered, never more than is due. */
export function planPayment(
  balance: InvoiceBalance,
  payment: { amount: number; currency: string },
): { ok: true; amountPaid: number; paid: boolean } | { ok: false; refusal: SettlementRefusal } {
  if (balance.status !== "open") {
    return {
      ok: false,
      refusal: {
        code: "invoice_not_open",
        message: `The invoice is ${balance.status}; it takes no payment.`,
      },
    };
  }
  if (payment.currency !== balance.currency) {
    return {
      ok: false,
      refusal: {
        code: "payment_currency_mismatch",
        message: `The invoice is in ${balance.currency}; a payment in ${payment.currency} cannot be recorded against it.`,
      },
    };
  }
  const due = amountDue(balance);
  if (payment.amount > due) {
    return {
      ok: false,
      refusal: {
        code: "payment_exceeds_amount_due",
        message: `The payment (${payment.amount}) is more than the amount due (${due} minor units of ${balance.currency}).`,
      },
    };
  }
  const amountPaid = balance.amountPaid + payment.amount;
  return { ok: true, amountPaid, paid: amountPaid + balance.amountCredited >= balance.total };
}

export interface CreditNotePlan {
  subtotal: number;
  taxTotal: number;
  total: number;
  /** What goes to the organization's account credit (paid money or consumed credit given back). */
  accountCredit: number;
  amountCredited: number;
  status: "open" | "paid" | "void";
}

/**
 * A credit note against an invoice. A void credits all of it (the invoice becomes void; what was
 * paid and the account credit it consumed go back to account credit). A correction credits `net`
 * plus its tax at the invoice's rate (rounded once), never more than is left to credit; it first
 * reduces what is still due, and the rest becomes account credit.
 */
export function planCreditNote(
  balance: InvoiceBalance,
  request: { reason: "void" } | { reason: "correction"; net: number },
): { ok: true; plan: CreditNotePlan } | { ok: false; refusal: SettlementRefusal } {
  if (balance.status === "void") {
    return { ok: false, refusal: { code: "invoice_not_open", message: "The invoice is already void." } };
  }
  const creditable = balance.total - balance.amountCredited;
  const excess = (credited: number) => Math.max(0, balance.amountPaid + credited - balance.total);
  if (request.reason === "void") {
    if (balance.total <= 0 || creditable <= 0) {
      return {
        ok: false,
        refusal: { code: "credit_exceeds_invoice", message: "Nothing is left on the invoice to credit." },
      };
    }
    const taxLeft = balance.taxTotal - creditedTax(balance);
    return {
      ok: true,
      plan: {
        subtotal: creditable - taxLeft,
        taxTotal: taxLeft,
        total: creditable,
        accountCredit: excess(balance.total) - excess(balance.amountCredited) + balance.creditApplied,
        amountCredited: balance.total,
        status: "void",
      },
    };
  }
  const taxTotal =
    balance.taxRate === null
      ? 0
      : toSafeAmount(roundHalfAwayFromZero(BigInt(request.net) * BigInt(balance.taxRate), 10_000n));
  const total = request.net + taxTotal;
  if (total > creditable) {
    return {
      ok: false,
      refusal: {
        code: "credit_exceeds_invoice",
        message: `The credit (${total} with tax) is more than is left to credit on the invoice (${Math.max(0, creditable)}).`,
      },
    };
  }
  const amountCredited = balance.amountCredited + total;
  return {
    ok: true,
    plan: {
      subtotal: request.net,
      taxTotal,
      total,
      accountCredit: excess(amountCredited) - excess(balance.amountCredited),
      amountCredited,
      status:
        balance.status === "open" && balance.amountPaid + amountCredited >= balance.total
          ? "paid"
          : balance.status,
    },
  };
}

/** The tax already credited, in proportion (the credit notes carried tax at the invoice's rate). */
function creditedTax(balance: InvoiceBalance): number {
  if (balance.amountCredited === 0 || balance.total <= 0) return 0;
  return toSafeAmount(
    roundHalfAwayFromZero(BigInt(balance.taxTotal) * BigInt(balance.amountCredited), BigInt(balance.total)),
  );
}
