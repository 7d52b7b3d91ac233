import { monthlyAllocation } from "../../../core/credits.js";
import { nextRenewal } from "../../../core/due-work.js";
import { type BillTo, taxOf, taxRuleOf } from "../../../core/invoice-document.js";
import { type ChangePlan, recurringTotal, type ScheduledChange } from "../../../core/plan-change.js";
import { type SwitchDocuments, splitNegativeChange } from "../../../core/switch-credit-note.js";
import { type InvoiceTax, totalWithTax } from "../../../core/vat.js";
import type { AppDeps } from "../../context.js";
import { toTaxLineDto } from "../invoices/invoices.repository.js";
import type { SubscriptionSnapshot } from "./load-subscription-snapshot.js";
import { type LoadedSubscription, scheduledOf } from "./subscriptions.repository.js";

/*
 * What the API shows of a subscription and of a quote, from the rows and the pure plan: the same
 * code serves GET /subscription, quotes, changes and change requests.
 */

/** The scheduled decrease as the API shows it (SPEC §9), or null. */
export function toScheduledDto(scheduled: ScheduledChange | null) {
  return scheduled
    ? {
        seats: scheduled.seats,
        additionalCreditBlocks: scheduled.additionalCreditBlocks,
        interval: scheduled.interval,
        effectiveAt: scheduled.effectiveAt.toISOString(),
      }
    : null;
}

export function toSubscriptionDto(deps: Pick<AppDeps, "catalog">, loaded: LoadedSubscription) {
  const { row, state } = loaded;
  const scheduled = scheduledOf(row);
  // What the next renewal bills: the scheduled counts when a decrease stands.
  const recurringSeats = scheduled?.seats ?? row.seats;
  const recurringBlocks = scheduled?.additionalCreditBlocks ?? row.additionalCreditBlocks;
  return {
    id: row.id,
    organizationId: row.organizationId,
    seats: row.seats,
    additionalCreditBlocks: row.additionalCreditBlocks,
    scheduled: toScheduledDto(scheduled),
    interval: row.interval,
    anchorAt: row.anchorAt.toISOString(),
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    activeUsers: state.activeUsers,
    currency: state.currency,
    accountCredit: row.accountCredit,
    monthlyCredits: monthlyAllocation(deps.catalog, row.seats, row.additionalCreditBlocks),
    recurring: {
      total: recurringTotal(deps.catalog, state.currency, row.interval, recurringSeats, recurringBlocks),
      interval: row.interval,
      nextBillingAt: row.periodEnd.toISOString(),
    },
    requireApproval: loaded.organization.requireApproval,
    // Filled in by GET /subscription from the change-requests module.
    pendingChangeRequest: null as unknown,
    lastDecidedChangeRequest: null as unknown,
    version: row.version,
  };
}

export type SubscriptionDto = ReturnType<typeof toSubscriptionDto>;
export type QuoteDto = ReturnType<typeof toQuoteDto>;

/** The tax of a plan's due-now lines, for the organization's bill-to (none without lines). */
export function quoteTax(
  deps: Pick<AppDeps, "seller">,
  billTo: BillTo | null,
  plan: Pick<ChangePlan, "lines">,
) {
  return taxOf({ seller: deps.seller, billTo, lines: plan.lines });
}

/**
 * A change whose invoice would be negative, as the documents it is issued as: an invoice for the
 * charges and a credit note for the unused time (decision 0074); `{ split: false }` otherwise.
 */
export function switchDocuments(
  deps: Pick<AppDeps, "seller">,
  billTo: BillTo | null,
  plan: Pick<ChangePlan, "lines">,
): SwitchDocuments {
  return splitNegativeChange({ lines: plan.lines, rule: taxRuleOf(deps.seller, billTo) });
}

/** The quote of a plan for the organization's bill-to: its tax and the documents it issues. */
export function quoteOf(deps: Pick<AppDeps, "seller">, billTo: BillTo | null, plan: ChangePlan) {
  return toQuoteDto(plan, quoteTax(deps, billTo, plan), switchDocuments(deps, billTo, plan));
}

/**
 * The account credit after a change: the credit note of a split change feeds it with the excess,
 * tax included (the plan's figure is the excess before tax).
 */
export function accountCreditAfter(plan: ChangePlan, documents: SwitchDocuments): number {
  return documents.split
    ? plan.next.accountCredit + plan.subtotal + documents.creditNote.accountCredit
    : plan.next.accountCredit;
}

/** The credits a line of a change grants now (added seats prorated, added blocks in full). */
function creditsGrantedBy(plan: ChangePlan, kind: string): number {
  if (kind === "seats_added" || kind === "seats_period") return plan.grants.seats;
  if (kind === "credit_blocks_added" || kind === "credit_blocks_period") return plan.grants.blocks;
  return 0;
}

export function toQuoteDto(plan: ChangePlan, tax: InvoiceTax, documents: SwitchDocuments) {
  return {
    currency: plan.currency,
    quotedAt: plan.now.toISOString(),
    changed: plan.changed,
    dueNow: {
      lines: plan.lines.map((line) => ({
        ...line,
        periodStart: line.periodStart.toISOString(),
        periodEnd: line.periodEnd.toISOString(),
        creditsGranted: creditsGrantedBy(plan, line.kind),
      })),
      subtotal: plan.subtotal,
      creditApplied: plan.creditApplied,
      // The tax the invoice will carry, computed as it computes it: what is reviewed is charged.
      tax: { ...tax, lines: tax.lines.map(toTaxLineDto) },
      total: totalWithTax(plan, tax.total),
      currency: plan.currency,
    },
    // A negative change is issued as an invoice for the charges and a credit note for the unused
    // time: their figures, exactly as issued (invoice total − credit note total = dueNow.total).
    documents: documents.split
      ? {
          invoice: {
            subtotal: documents.invoice.subtotal,
            tax: { ...documents.invoice.tax, lines: documents.invoice.tax.lines.map(toTaxLineDto) },
            total: documents.invoice.total,
          },
          creditNote: {
            lines: documents.creditNote.lines.map(({ description, amount }) => ({ description, amount })),
            subtotal: documents.creditNote.subtotal,
            tax: { ...documents.creditNote.tax, lines: documents.creditNote.tax.lines.map(toTaxLineDto) },
            total: documents.creditNote.total,
            accountCredit: documents.creditNote.accountCredit,
          },
        }
      : null,
    recurring: { total: plan.recurring.total, interval: plan.recurring.interval },
    savings: plan.savings,
    creditGrant: plan.creditGrant,
    creditsGranted: plan.grants,
    // What the save schedules for the renewal (null: nothing scheduled after it), and how.
    scheduled: plan.next.scheduled
      ? { ...toScheduledDto(plan.next.scheduled)!, recurringTotal: plan.scheduledRecurringTotal }
      : null,
    scheduleAction: plan.scheduleAction,
    next: {
      seats: plan.next.seats,
      additionalCreditBlocks: plan.next.additionalCreditBlocks,
      interval: plan.next.interval,
      periodStart: plan.next.periodStart.toISOString(),
      periodEnd: plan.next.periodEnd.toISOString(),
      accountCredit: accountCreditAfter(plan, documents),
    },
    violations: plan.violations,
  };
}

/**
 * What the renewal at the end of the period invoices, as the renewal computes it today: the
 * renewal lines (a scheduled decrease counted), account credit applied, and the tax for the
 * organization's bill-to. The Billing page shows this, never a figure without the VAT.
 */
export function nextInvoiceOf(deps: Pick<AppDeps, "catalog" | "seller">, snapshot: SubscriptionSnapshot) {
  const { row, state } = snapshot.loaded;
  const { lines, settlement } = nextRenewal(deps.catalog, state);
  const tax = taxOf({ seller: deps.seller, billTo: snapshot.billTo, lines });
  return {
    issuedAt: row.periodEnd.toISOString(),
    subtotal: settlement.subtotal,
    creditApplied: settlement.creditApplied,
    tax: { ...tax, lines: tax.lines.map(toTaxLineDto) },
    total: totalWithTax(settlement, tax.total),
  };
}
