// The bridge between the API's shapes and the shared pure core: the dialog redraws its cost
// preview with the very functions the server bills with.
import type { Catalog } from "../../../core/catalog.js";
import type { Interval } from "../../../core/period.js";
import {
  type ChangePlan,
  type DesiredChange,
  planChange,
  type SubscriptionState,
} from "../../../core/plan-change.js";
import { formatPercent, invoiceTax, type TaxRule, totalWithTax } from "../../../core/vat.js";
import type { CatalogResponse, Invoice, PlanLevels, Quote, Subscription } from "../../lib/api.js";

export function stateOf(subscription: Subscription): SubscriptionState {
  return {
    currency: subscription.currency,
    seats: subscription.seats,
    additionalCreditBlocks: subscription.additionalCreditBlocks,
    scheduled: subscription.scheduled
      ? { ...subscription.scheduled, effectiveAt: new Date(subscription.scheduled.effectiveAt) }
      : null,
    interval: subscription.interval,
    anchorAt: new Date(subscription.anchorAt ?? subscription.periodStart),
    periodStart: new Date(subscription.periodStart),
    periodEnd: new Date(subscription.periodEnd),
    accountCredit: subscription.accountCredit,
    activeUsers: subscription.activeUsers,
  };
}

/** The catalog as the core wants it (the API adds each currency's minor unit). */
export function catalogOf(response: CatalogResponse): Catalog {
  const currencies: Catalog["currencies"] = {};
  for (const [code, prices] of Object.entries(response.currencies)) {
    currencies[code] = { seat: prices.seat, creditBlock: prices.creditBlock };
  }
  return {
    currencies,
    creditsPerSeat: response.creditsPerSeat,
    creditsPerBlock: response.creditsPerBlock,
    limits: response.limits,
  };
}

/** What the customer has chosen: a scheduled decrease counts as chosen. */
export function currentLevels(subscription: Subscription): PlanLevels {
  return {
    seats: subscription.scheduled?.seats ?? subscription.seats,
    additionalCreditBlocks:
      subscription.scheduled?.additionalCreditBlocks ?? subscription.additionalCreditBlocks,
    interval: subscription.interval,
  };
}

export const sameLevels = (a: PlanLevels, b: PlanLevels) =>
  a.seats === b.seats && a.additionalCreditBlocks === b.additionalCreditBlocks && a.interval === b.interval;

/** The figures the cost preview shows, from the local plan or from the server's quote alike. */
export interface PreviewFigures {
  source: "local" | "server";
  currency: string;
  changed: boolean;
  lines: { kind: string; description: string; amount: number }[];
  subtotal: number;
  creditApplied: number;
  /** The VAT the invoice will carry (the rule comes from the server's last quote). */
  tax: {
    /** As an invoice prints them (the server's schema). */
    lines: Invoice["tax"]["lines"];
    total: number;
    mention: string | null;
  };
  /** subtotal − credit applied + tax. */
  total: number;
  recurring: { total: number; interval: Interval };
  savings: number;
  nextPeriodEnd: string;
  restartsPeriod: boolean;
  /** Credits granted today: prorated for added seats, in full for added blocks. */
  creditsGranted: { seats: number; blocks: number };
  /** What the save leaves scheduled for the renewal, and what that renewal bills. */
  scheduled: {
    seats: number;
    additionalCreditBlocks: number;
    effectiveAt: string;
    recurringTotal: number;
  } | null;
  violations: { code: string; message: string; field?: string | undefined }[];
  /**
   * A change whose unused time exceeds its charges is issued as an invoice and a credit note
   * (decision 0074): their figures as the server's quote states them (null on a local estimate).
   */
  documents: QuoteDocuments | null;
}

export type QuoteDocuments = NonNullable<Quote["documents"]>;

/** The tax rule of a server quote, to redraw the tax locally on every move (null: none known). */
export function taxRuleOfQuote(quote: Quote): TaxRule | null {
  const [line] = quote.dueNow.tax.lines;
  if (!line) return null;
  return {
    treatment: (quote.dueNow.tax.treatment ?? "domestic") as TaxRule["treatment"],
    rate: line.rateBasisPoints,
    rateCountry: line.country,
    mention: quote.dueNow.tax.mention,
  };
}

export function figuresOfPlan(plan: ChangePlan, rule: TaxRule | null = null): PreviewFigures {
  const tax = rule ? invoiceTax({ rule, lines: plan.lines }) : null;
  return {
    source: "local",
    currency: plan.currency,
    changed: plan.changed,
    lines: plan.lines.map((line) => ({
      kind: line.kind,
      description: line.description,
      amount: line.amount,
    })),
    subtotal: plan.subtotal,
    creditApplied: plan.creditApplied,
    tax: tax
      ? {
          lines: tax.lines.map((line) => ({
            ...line,
            rate: formatPercent(line.rate),
            rateBasisPoints: line.rate,
          })),
          total: tax.total,
          mention: tax.mention,
        }
      : { lines: [], total: 0, mention: null },
    total: totalWithTax(plan, tax?.total ?? 0),
    recurring: plan.recurring,
    savings: plan.savings,
    nextPeriodEnd: plan.next.periodEnd.toISOString(),
    restartsPeriod: plan.restartsPeriod,
    creditsGranted: plan.grants,
    scheduled:
      plan.next.scheduled && plan.scheduledRecurringTotal !== null
        ? {
            seats: plan.next.scheduled.seats,
            additionalCreditBlocks: plan.next.scheduled.additionalCreditBlocks,
            effectiveAt: plan.next.scheduled.effectiveAt.toISOString(),
            recurringTotal: plan.scheduledRecurringTotal,
          }
        : null,
    violations: plan.violations,
    documents: null,
  };
}

export function figuresOfQuote(quote: Quote, state: SubscriptionState): PreviewFigures {
  return {
    source: "server",
    currency: quote.currency,
    changed: quote.changed,
    lines: quote.dueNow.lines.map((line) => ({
      kind: line.kind,
      description: line.description,
      amount: line.amount,
    })),
    subtotal: quote.dueNow.subtotal,
    creditApplied: quote.dueNow.creditApplied,
    tax: { lines: quote.dueNow.tax.lines, total: quote.dueNow.tax.total, mention: quote.dueNow.tax.mention },
    total: quote.dueNow.total,
    recurring: quote.recurring,
    savings: quote.savings,
    nextPeriodEnd: quote.next.periodEnd,
    restartsPeriod: quote.next.periodStart !== state.periodStart.toISOString(),
    creditsGranted: quote.creditsGranted ?? { seats: 0, blocks: 0 },
    scheduled: quote.scheduled
      ? {
          seats: quote.scheduled.seats,
          additionalCreditBlocks: quote.scheduled.additionalCreditBlocks,
          effectiveAt: quote.scheduled.effectiveAt,
          recurringTotal: quote.scheduled.recurringTotal ?? quote.recurring.total,
        }
      : null,
    violations: quote.violations,
    documents: quote.documents ?? null,
  };
}

/** Same money on screen: what the user reviewed is what the server would charge. */
export const sameFigures = (a: PreviewFigures, b: PreviewFigures) =>
  a.total === b.total &&
  a.subtotal === b.subtotal &&
  a.creditApplied === b.creditApplied &&
  a.recurring.total === b.recurring.total &&
  a.creditsGranted.seats === b.creditsGranted.seats &&
  a.creditsGranted.blocks === b.creditsGranted.blocks &&
  (a.scheduled?.recurringTotal ?? null) === (b.scheduled?.recurringTotal ?? null) &&
  a.lines.length === b.lines.length &&
  a.lines.every((line, index) => line.amount === b.lines[index]?.amount);

export function localPlan(input: {
  state: SubscriptionState;
  change: DesiredChange;
  catalog: Catalog;
  now: Date;
}): ChangePlan {
  return planChange(input);
}

/** Whether the figures carry VAT at a positive rate (the recurring price is then said "excl. VAT"). */
export const chargesVat = (figures: Pick<PreviewFigures, "tax">) =>
  figures.tax.lines.some((line) => line.rateBasisPoints > 0);
