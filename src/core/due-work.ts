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
    let applied: AppliedScheduledChange | null = null;
    if (
      state.periodEnd.getTime() === at.getTime() &&
      state.scheduled &&
      state.scheduled.effectiveAt.getTime() <= at.getTime()
    ) {
      const scheduled = state.scheduled;
      const seats = Math.max(scheduled.seats, state.activeUsers);
      applied = {
        scheduled,
        seatsBefore: state.seats,
        creditBlocksBefore: state.additionalCreditBlocks,
        seats,
        additionalCreditBlocks: scheduled.additionalCreditBlocks,
        keptForActiveUsers:
          seats > scheduled.seats
            ? { activeUsers: state.activeUsers, scheduledSeats: scheduled.seats }
            : null,
      };
      state = {
        ...state,
        seats,
        additionalCreditBlocks: scheduled.additionalCreditBlocks,
        interval: scheduled.interval,
        scheduled: null,
      };
    }
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
      steps.push({
        kind: "renewal",
        at,
        applied,
        endedPeriod: { start: state.periodStart, end: state.periodEnd },
        period,
        lines,
        settlement,
      });
      state = {
        ...state,
        periodStart: period.start,
        periodEnd: period.end,
        accountCredit: settlement.accountCreditAfter,
      };
    }
  }
  return { steps, state, cycle, more: false };
}
