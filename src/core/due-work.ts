import type { Catalog } from "./catalog.js";
import { monthlyAllocation } from "./credits.js";
import { type InvoiceLine, type Settlement, settle } from "./invoice.js";
import { type Interval, type Period, periodContaining } from "./period.js";
import type { ScheduledChange } from "./plan-change.js";
import { renewalLines } from "./renewal.js";

/** The parts of a subscription that renewals and credit resets read and move. */
export interface BillingState {
  currency: string;
  seats: number;
  additionalCreditBlocks: number;
  /** A decrease of seats or credit blocks that the next renewal applies. */
  scheduled: ScheduledChange | null;
  /** Active users: a renewal never applies fewer seats than this. */
  activeUsers: number;
  interval: Interval;
  anchorAt: Date;
  periodStart: Date;
  periodEnd: Date;
  accountCredit: number;
}

export interface CreditCycleState {
  start: Date;
  end: Date;
  allocation: number;
  balance: number;
}

export interface CreditResetStep {
  kind: "credit_reset";
  at: Date;
  /** The cycle that ends and what was left of it (expires now). */
  endedCycle: Period;
  expired: number;
  cycle: Period;
  allocation: number;
  creditBlocksBefore: number;
  creditBlocksAfter: number;
}

/** A scheduled change as the renewal applied it. */
export interface AppliedScheduledChange {
  scheduled: ScheduledChange;
  seatsBefore: number;
  creditBlocksBefore: number;
  seats: number;
  additionalCreditBlocks: number;
  /** Seats kept beyond the scheduled count, one per active user (null when none were). */
  keptForActiveUsers: { activeUsers: number; scheduledSeats: number } | null;
}

export interface RenewalStep {
  kind: "renewal";
  at: Date;
  /** The scheduled decrease this renewal applied (before the credit reset of the same instant). */
  applied: AppliedScheduledChange | null;
  endedPeriod: Period;
  period: Period;
  lines: InvoiceLine[];
  settlement: Settlement;
}

export type DueStep = CreditResetStep | RenewalStep;

export interface DueWorkPlan {
  steps: DueStep[];
  state: BillingState;
  cycle: CreditCycleState;
  /** True when more work was due than `maxSteps` allowed: run the plan again from `state`. */
  more: boolean;
}

/** The instant at which the next renewal or credit reset falls due. */
export function nextDueAt(
  state: Pick<BillingState, "periodEnd">,
  cycle: Pick<CreditCycleState, "end">,
): Date {
  return cycle.end.getTime() <= state.periodEnd.getTime() ? cycle.end : state.periodEnd;
}

/** The cycle or period that follows one ending at `end`, on the anchor's calendar. */
export function following(anchor: Date, interval: Interval, end: Date): Period {
  if (end.getTime() < anchor.getTime()) {
    // Not on the anchor's calendar (cannot happen with consistent data): restart from `end`.
    return periodContaining(end, interval, end);
  }
  return { start: end, end: periodContaining(anchor, interval, end).end };
}

/**
 * Everything that fell due up to `now`, in time order: at a renewal's instant the scheduled
 * decrease is applied first (keeping a seat per active user), then the credit reset, then the
 * renewal, which bills the new counts. Pure: the caller locks the rows, hands in their state and writes the steps.
 */
export function planDueWork(input: {
  state: BillingState;
  cycle: CreditCycleState;
  catalog: Catalog;
  now: Date;
  maxSteps?: number;
}): DueWorkPlan {
  const { catalog, now } = input;
  const maxSteps = input.maxSteps ?? 100;
  let state = { ...input.state };
  let cycle = { ...input.cycle };
  const steps: DueStep[] = [];
  while (nextDueAt(state, cycle).getTime() <= now.getTime()) {
    // Both steps of one instant go together, so the plan never stops between them.
    if (steps.length + 2 > maxSteps) return { steps, state, cycle, more: true };
    const at = nextDueAt(state, cycle);
    // A scheduled decrease takes effect at the renewal, before the credit reset of that instant:
    // the new cycle's allocation and the renewal invoice both count the new seats and blocks.
    const applied = state.periodEnd.getTime() === at.getTime() ? scheduledChangeAt(state, at) : null;
    if (applied) state = afterScheduledChange(state, applied);
    if (cycle.end.getTime() === at.getTime()) {
      const next = following(state.anchorAt, "month", cycle.end);
      const allocation = monthlyAllocation(catalog, state.seats, state.additionalCreditBlocks);
      steps.push({
        kind: "credit_reset",
        at,
        endedCycle: { start: cycle.start, end: cycle.end },
        expired: cycle.balance,
        cycle: next,
        allocation,
        creditBlocksBefore: applied?.creditBlocksBefore ?? state.additionalCreditBlocks,
        creditBlocksAfter: state.additionalCreditBlocks,
      });
      cycle = { start: next.start, end: next.end, allocation, balance: allocation };
    }
    if (state.periodEnd.getTime() === at.getTime()) {
      const step = renewalStep(catalog, state, at, applied);
      steps.push(step);
      state = {
        ...state,
        periodStart: step.period.start,
        periodEnd: step.period.end,
        accountCredit: step.settlement.accountCreditAfter,
      };
    }
  }
  return { steps, state, cycle, more: false };
}

/**
 * The scheduled decrease a renewal at `at` applies, if one is due: never below one seat per
 * active user.
 */
function scheduledChangeAt(state: BillingState, at: Date): AppliedScheduledChange | null {
  const scheduled = state.scheduled;
  if (!scheduled || scheduled.effectiveAt.getTime() > at.getTime()) return null;
  const seats = Math.max(scheduled.seats, state.activeUsers);
  return {
    scheduled,
    seatsBefore: state.seats,
    creditBlocksBefore: state.additionalCreditBlocks,
    seats,
    additionalCreditBlocks: scheduled.additionalCreditBlocks,
    keptForActiveUsers:
      seats > scheduled.seats ? { activeUsers: state.activeUsers, scheduledSeats: scheduled.seats } : null,
  };
}

function afterScheduledChange(state: BillingState, applied: AppliedScheduledChange): BillingState {
  return {
    ...state,
    seats: applied.seats,
    additionalCreditBlocks: applied.additionalCreditBlocks,
    interval: applied.scheduled.interval,
    scheduled: null,
  };
}

/** The renewal at the end of `state`'s period (`at`), billing its counts for the next period. */
function renewalStep(
  catalog: Catalog,
  state: BillingState,
  at: Date,
  applied: AppliedScheduledChange | null,
): RenewalStep {
  const period = following(state.anchorAt, state.interval, state.periodEnd);
  const lines = renewalLines({
    catalog,
    currency: state.currency,
    interval: state.interval,
    seats: state.seats,
    creditBlocks: state.additionalCreditBlocks,
    period,
  });
  const settlement = settle(lines, state.accountCredit);
  return {
    kind: "renewal",
    at,
    applied,
    endedPeriod: { start: state.periodStart, end: state.periodEnd },
    period,
    lines,
    settlement,
  };
}

/**
 * The renewal that ends the current period, as `planDueWork` will run it if nothing changes
 * before then: the scheduled change applied (a seat kept per active user), the next period's
 * lines, the account credit settled. What the Billing page shows as the next invoice.
 */
export function nextRenewal(catalog: Catalog, state: BillingState): RenewalStep {
  const at = state.periodEnd;
  const applied = scheduledChangeAt(state, at);
  return renewalStep(catalog, applied ? afterScheduledChange(state, applied) : state, at, applied);
}
