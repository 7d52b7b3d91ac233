import { randomUUID } from "node:crypto";
import type { BillingState, CreditCycleState, CreditResetStep, RenewalStep } from "../../../core/due-work.js";
import type { BillTo } from "../../../core/invoice-document.js";
import { invoiceDocument } from "../../../core/invoice-document.js";
import type { AuditEvent } from "../../modules/audit/audit.repository.js";
import {
  type ClaimedSubscription,
  type LedgerEntry,
  type NewRenewalInvoice,
  renewalKey,
  type ScheduledChangeApplication,
} from "../due-work.repository.js";
import type { JobDeps, PlannedDueWork, PlannedRenewal } from "./due-work-types.js";

const schedulerActor = {
  actorType: "scheduler" as const,
  actorId: null,
  source: "scheduler",
  requestId: null,
};

function cycleDto(cycle: CreditCycleState) {
  return {
    cycleStart: cycle.start.toISOString(),
    cycleEnd: cycle.end.toISOString(),
    allocation: cycle.allocation,
    balance: cycle.balance,
  };
}

function scheduledDto(scheduled: BillingState["scheduled"]) {
  return scheduled
    ? {
        id: scheduled.id ?? null,
        seats: scheduled.seats,
        additionalCreditBlocks: scheduled.additionalCreditBlocks,
        interval: scheduled.interval,
        effectiveAt: scheduled.effectiveAt.toISOString(),
      }
    : null;
}

function periodDto(state: BillingState) {
  return {
    seats: state.seats,
    additionalCreditBlocks: state.additionalCreditBlocks,
    scheduled: scheduledDto(state.scheduled),
    interval: state.interval,
    periodStart: state.periodStart.toISOString(),
    periodEnd: state.periodEnd.toISOString(),
    accountCredit: state.accountCredit,
  };
}

/**
 * The renewal invoices (pure), numbered from `firstNumber` in the order given. Numbers follow issue
 * dates: a renewal issued late (after a change invoice of today, or after a server was down) is
 * dated when it is issued (`notBefore`), never before the invoice numbered just before it.
 */
export function renewalInvoices(
  deps: Pick<JobDeps, "seller">,
  toInvoice: readonly PlannedRenewal[],
  billTos: ReadonlyMap<string, BillTo | null>,
  firstNumber: number,
  notBefore: Date | null,
): Map<string, NewRenewalInvoice> {
  const invoices = new Map<string, NewRenewalInvoice>();
  toInvoice.forEach(({ subscription, step }, index) => {
    const issuedAt =
      notBefore && notBefore.getTime() > step.period.start.getTime() ? notBefore : step.period.start;
    const document = deps.seller
      ? invoiceDocument({
          seller: deps.seller,
          billTo: billTos.get(subscription.organizationId) ?? null,
          lines: step.lines,
          settlement: step.settlement,
          issuedAt,
        })
      : undefined;
    invoices.set(renewalKey(subscription.organizationId, step.period.start), {
      id: randomUUID(),
      organizationId: subscription.organizationId,
      number: firstNumber + index,
      issuedAt,
      periodStart: step.period.start,
      currency: subscription.state.currency,
      subtotal: step.settlement.subtotal,
      creditApplied: step.settlement.creditApplied,
      total: document?.total ?? step.settlement.total,
      lines: step.lines,
      document,
    });
  });
  return invoices;
}

/** What a batch writes besides its invoices, and what it did. */
export interface DueWorkRecords {
  ledger: LedgerEntry[];
  cycles: { organizationId: string; cycle: CreditCycleState }[];
  states: { subscriptionId: string; state: BillingState }[];
  audits: AuditEvent[];
  applications: ScheduledChangeApplication[];
  done: { subscriptions: number; renewals: number; creditResets: number };
}

/**
 * The ledger entries, new cycles, new periods, scheduled-change applications and audit events of
 * a batch's plans (pure), each subscription's steps in time order.
 */
export function dueWorkRecords(
  plans: readonly PlannedDueWork[],
  invoices: ReadonlyMap<string, NewRenewalInvoice>,
  now: Date,
): DueWorkRecords {
  const records: DueWorkRecords = {
    ledger: [],
    cycles: [],
    states: [],
    audits: [],
    applications: [],
    done: { subscriptions: 0, renewals: 0, creditResets: 0 },
  };
  for (const { subscription, plan } of plans) {
    let state = subscription.state;
    let cycle = subscription.cycle;
    for (const step of plan.steps) {
      if (step.kind === "credit_reset") {
        cycle = creditReset(records, subscription, cycle, step, now);
        records.done.creditResets++;
      } else {
        state = renewal(records, subscription, state, step, invoices, now);
        records.done.renewals++;
      }
    }
    if (plan.steps.length > 0) {
      records.cycles.push({ organizationId: subscription.organizationId, cycle: plan.cycle });
      records.states.push({ subscriptionId: subscription.subscriptionId, state: plan.state });
      records.done.subscriptions++;
    }
  }
  return records;
}

/** A credit reset's records: the expiry and the grant, and its audit event; comes to the new cycle. */
function creditReset(
  records: DueWorkRecords,
  { organizationId }: ClaimedSubscription,
  cycle: CreditCycleState,
  step: CreditResetStep,
  now: Date,
): CreditCycleState {
  if (step.expired > 0) {
    records.ledger.push({
      organizationId,
      cycleStart: step.endedCycle.start,
      kind: "expiry",
      credits: -step.expired,
      balanceAfter: 0,
      occurredAt: step.at,
    });
  }
  records.ledger.push({
    organizationId,
    cycleStart: step.cycle.start,
    kind: "grant",
    credits: step.allocation,
    balanceAfter: step.allocation,
    occurredAt: step.at,
  });
  const next = {
    start: step.cycle.start,
    end: step.cycle.end,
    allocation: step.allocation,
    balance: step.allocation,
  };
  records.audits.push({
    organizationId,
    ...schedulerActor,
    action: "credits.cycle_reset",
    entityType: "credit_cycle",
    entityId: organizationId,
    before: { ...cycleDto(cycle), additionalCreditBlocks: step.creditBlocksBefore },
    after: {
      ...cycleDto(next),
      expired: step.expired,
      additionalCreditBlocks: step.creditBlocksAfter,
      effectiveAt: step.at.toISOString(),
    },
    occurredAt: now,
  });
  return next;
}

/** A renewal's records: the scheduled change it applies, its audit events; comes to the new period. */
function renewal(
  records: DueWorkRecords,
  { organizationId, subscriptionId }: ClaimedSubscription,
  before: BillingState,
  step: RenewalStep,
  invoices: ReadonlyMap<string, NewRenewalInvoice>,
  now: Date,
): BillingState {
  let state = before;
  if (step.applied) {
    const { applied } = step;
    const applies = applied.scheduled.id;
    if (!applies) throw new Error("a scheduled change without an id");
    records.applications.push({
      scheduledChangeId: applies,
      organizationId,
      effectiveAt: applied.scheduled.effectiveAt,
      appliedAt: step.at,
      seatsBefore: applied.seatsBefore,
      creditBlocksBefore: applied.creditBlocksBefore,
      scheduledSeats: applied.scheduled.seats,
      seats: applied.seats,
      creditBlocks: applied.additionalCreditBlocks,
      activeUsers: state.activeUsers,
    });
    const appliedState = {
      ...state,
      seats: applied.seats,
      additionalCreditBlocks: applied.additionalCreditBlocks,
      interval: applied.scheduled.interval,
      scheduled: null,
    };
    const kept = applied.keptForActiveUsers;
    records.audits.push({
      organizationId,
      ...schedulerActor,
      action: "subscription.scheduled_change_applied",
      entityType: "subscription",
      entityId: subscriptionId,
      before: periodDto(state),
      // The subscription.updated event's object: which subscription, then its state.
      after: {
        id: subscriptionId,
        organizationId,
        ...periodDto(appliedState),
        scheduledChangeId: applies,
        effectiveAt: step.at.toISOString(),
        // More users active than the scheduled seats: one seat kept for each, and why.
        keptForActiveUsers: kept
          ? {
              ...kept,
              reason: `${kept.activeUsers} users were active at the renewal, more than the ${kept.scheduledSeats} scheduled seats: one seat kept for each active user.`,
            }
          : null,
      },
      occurredAt: now,
    });
    state = appliedState;
  }
  const after = {
    ...state,
    periodStart: step.period.start,
    periodEnd: step.period.end,
    accountCredit: step.settlement.accountCreditAfter,
  };
  const invoice = invoices.get(renewalKey(organizationId, step.period.start));
  const invoiceId = invoice?.id ?? null;
  records.audits.push({
    organizationId,
    ...schedulerActor,
    action: "subscription.renewed",
    entityType: "subscription",
    entityId: subscriptionId,
    before: periodDto(state),
    after: {
      id: subscriptionId,
      organizationId,
      ...periodDto(after),
      effectiveAt: step.at.toISOString(),
      invoiceId,
      invoiceNumber: invoice?.number ?? null,
      invoiceTotal: invoice?.total ?? null,
      alreadyInvoiced: invoiceId === null,
    },
    occurredAt: now,
  });
  return after;
}
