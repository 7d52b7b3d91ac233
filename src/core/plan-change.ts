import type { Catalog } from "./catalog.js";
import { pricesFor } from "./catalog.js";
import { creditCycleContaining } from "./credits.js";
import { messages, type Violation } from "./errors.js";
import { type InvoiceLine, type Settlement, settle } from "./invoice.js";
import { roundHalfAwayFromZero, sumAmounts, toSafeAmount } from "./money.js";
import { type Interval, nthPeriod, type Period, toWholeSecond } from "./period.js";
import { prorate, remainingFraction } from "./proration.js";

/**
 * A decrease waiting for the renewal (SPEC §3): the counts the renewal bills and applies. `id`
 * names one scheduled change, so its application can be recorded exactly once; the core never
 * makes one (the server does, when a plan schedules or replaces a change).
 */
export interface ScheduledChange {
  id?: string | undefined;
  seats: number;
  additionalCreditBlocks: number;
  interval: Interval;
  effectiveAt: Date;
}

export interface SubscriptionState {
  currency: string;
  seats: number;
  additionalCreditBlocks: number;
  /** A decrease of seats or credit blocks that the next renewal applies. */
  scheduled: ScheduledChange | null;
  interval: Interval;
  /** Periods and credit cycles are anchored on this instant. */
  anchorAt: Date;
  periodStart: Date;
  periodEnd: Date;
  accountCredit: number;
  activeUsers: number;
}

export interface DesiredChange {
  seats: number;
  additionalCreditBlocks: number;
  interval: Interval;
}

export interface NextState {
  seats: number;
  additionalCreditBlocks: number;
  scheduled: ScheduledChange | null;
  interval: Interval;
  periodStart: Date;
  periodEnd: Date;
  accountCredit: number;
}

/** What a save does to the scheduled decrease. */
export type ScheduleAction = "scheduled" | "replaced" | "cancelled" | null;

export interface ChangePlan extends Settlement {
  currency: string;
  now: Date;
  changed: boolean;
  /** True when the period (and the credit cycle with it) restarts now. */
  restartsPeriod: boolean;
  next: NextState;
  lines: InvoiceLine[];
  /** Credits to grant at once: added seats (prorated) and blocks, or a whole allocation on a restart. */
  creditGrant: number;
  /** The parts of `creditGrant`: prorated credits of added seats, credits of added blocks. */
  grants: { seats: number; blocks: number };
  /** What the save does to the scheduled decrease, and what the renewal then bills. */
  scheduleAction: ScheduleAction;
  scheduledRecurringTotal: number | null;
  /** What the renewal bills for the desired seats and credits. */
  recurring: { total: number; interval: Interval };
  /** 12 × the monthly total − the yearly total for the desired seats and credits. */
  savings: number;
  violations: Violation[];
}

export interface PlanChangeInput {
  state: SubscriptionState;
  change: DesiredChange;
  catalog: Catalog;
  now: Date;
  /** Support override: the operator may move a yearly subscription to monthly mid-term. */
  allowIntervalDowngrade?: boolean;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function recurringTotal(
  catalog: Catalog,
  currency: string,
  interval: Interval,
  seats: number,
  creditBlocks: number,
): number {
  const prices = pricesFor(catalog, currency, interval);
  return sumAmounts([prices.seat * seats, prices.creditBlock * creditBlocks]);
}

export function yearlySavings(
  catalog: Catalog,
  currency: string,
  seats: number,
  creditBlocks: number,
): number {
  const monthly = recurringTotal(catalog, currency, "month", seats, creditBlocks);
  const yearly = recurringTotal(catalog, currency, "year", seats, creditBlocks);
  return monthly * 12 - yearly;
}

/** Every rule the change breaks, all of them (a change can break several at once). */
function checkRules(input: PlanChangeInput): Violation[] {
  const { state, change, catalog } = input;
  const violations: Violation[] = [];
  const { seats, creditBlocks } = catalog.limits;
  if (change.seats < seats.min || change.seats > seats.max) {
    violations.push({
      code: "seats_out_of_range",
      field: "seats",
      message: `Seat Count must be between ${seats.min} and ${seats.max}.`,
    });
  }
  if (change.seats < state.activeUsers) {
    violations.push({
      code: "seats_below_active_users",
      field: "seats",
      message: messages.seatFloor(state.activeUsers),
    });
  }
  if (change.additionalCreditBlocks < creditBlocks.min || change.additionalCreditBlocks > creditBlocks.max) {
    const credits = (blocks: number) => (blocks * catalog.creditsPerBlock).toLocaleString("en-US");
    violations.push({
      code: "credit_blocks_out_of_range",
      field: "additionalCreditBlocks",
      message: `Additional Credits must be between ${credits(creditBlocks.min)} and ${credits(creditBlocks.max)} credits (${creditBlocks.min} to ${creditBlocks.max} blocks).`,
    });
  }
  if (state.interval === "year" && change.interval === "month" && !input.allowIntervalDowngrade) {
    violations.push({
      code: "interval_downgrade_mid_term",
      field: "interval",
      message: messages.intervalDowngrade,
    });
  }
  if (
    state.interval === "month" &&
    change.interval === "year" &&
    (change.seats < state.seats || change.additionalCreditBlocks < state.additionalCreditBlocks)
  ) {
    violations.push({
      code: "decrease_with_interval_switch",
      field: change.seats < state.seats ? "seats" : "additionalCreditBlocks",
      message: messages.decreaseWithIntervalSwitch,
    });
  }
  if (input.now.getTime() >= state.periodEnd.getTime()) {
    violations.push({
      code: "renewal_due",
      message: "The current period has ended and its renewal has not run yet. Try again shortly.",
    });
  }
  return violations;
}

/** The credit cycles of a billing period still to come at `now`, the current one included. */
export function creditCyclesLeft(anchorAt: Date, periodEnd: Date, now: Date): number {
  let cycle = creditCycleContaining(anchorAt, now);
  let count = 0;
  while (cycle.start.getTime() < periodEnd.getTime() && count < 12) {
    count++;
    cycle = creditCycleContaining(anchorAt, cycle.end);
  }
  return Math.max(1, count);
}

/**
 * Same interval: added seats are charged prorated to the second and their credits for this cycle
 * granted prorated (rounded down); added blocks are bought for every credit cycle left and granted
 * in full; a decrease is scheduled for the renewal (no line, no refund, no account credit).
 */
function linesWithinPeriod(input: PlanChangeInput, period: Period) {
  const { state, change, catalog, now } = input;
  const prices = pricesFor(catalog, state.currency, state.interval);
  const fraction = remainingFraction(period, now);
  const lines: InvoiceLine[] = [];
  const span = { periodStart: now, periodEnd: period.end };
  const seatsAdded = Math.max(0, change.seats - state.seats);
  const blocksAdded = Math.max(0, change.additionalCreditBlocks - state.additionalCreditBlocks);
  let seatCredits = 0;
  if (seatsAdded > 0) {
    lines.push({
      kind: "seats_added",
      description: `${plural(seatsAdded, "additional seat")}, prorated for the rest of the period`,
      quantity: seatsAdded,
      unitAmount: prices.seat,
      amount: prorate(prices.seat, seatsAdded, fraction),
      ...span,
    });
    const cycle = creditCycleContaining(state.anchorAt, now);
    const cycleFraction = remainingFraction(cycle, now);
    seatCredits = toSafeAmount(
      (BigInt(catalog.creditsPerSeat) * BigInt(seatsAdded) * cycleFraction.numerator) /
        cycleFraction.denominator,
    );
  }
  if (blocksAdded > 0) {
    const credits = (blocksAdded * catalog.creditsPerBlock).toLocaleString("en-US");
    if (state.interval === "month") {
      lines.push({
        kind: "credit_blocks_added",
        description: `${plural(blocksAdded, "additional credit block")} (${credits} credits) for the current credit cycle`,
        quantity: blocksAdded,
        unitAmount: prices.creditBlock,
        amount: toSafeAmount(BigInt(prices.creditBlock) * BigInt(blocksAdded)),
        ...span,
      });
    } else {
      const cyclesLeft = creditCyclesLeft(state.anchorAt, period.end, now);
      lines.push({
        kind: "credit_blocks_added",
        description: `${plural(blocksAdded, "additional credit block")} (${credits} credits a month) for ${plural(cyclesLeft, "credit cycle")} of 12`,
        quantity: blocksAdded,
        unitAmount: prices.creditBlock,
        amount: toSafeAmount(
          roundHalfAwayFromZero(BigInt(prices.creditBlock) * BigInt(blocksAdded) * BigInt(cyclesLeft), 12n),
        ),
        ...span,
      });
    }
  }
  const seats = Math.max(state.seats, change.seats);
  const additionalCreditBlocks = Math.max(state.additionalCreditBlocks, change.additionalCreditBlocks);
  const decrease = change.seats < seats || change.additionalCreditBlocks < additionalCreditBlocks;
  const scheduled: ScheduledChange | null = decrease
    ? {
        seats: change.seats,
        additionalCreditBlocks: change.additionalCreditBlocks,
        interval: state.interval,
        effectiveAt: period.end,
      }
    : null;
  return {
    lines,
    grants: { seats: seatCredits, blocks: blocksAdded * catalog.creditsPerBlock },
    seats,
    additionalCreditBlocks,
    scheduled,
  };
}

/** Interval switch: credit the unused old period, charge the full new one from now. */
function linesForRestart(input: PlanChangeInput, current: Period, next: Period) {
  const { state, change, catalog, now } = input;
  const oldPrices = pricesFor(catalog, state.currency, state.interval);
  const newPrices = pricesFor(catalog, state.currency, change.interval);
  const fraction = remainingFraction(current, now);
  const unused = { periodStart: now, periodEnd: current.end };
  const full = { periodStart: next.start, periodEnd: next.end };
  const intervalWord = change.interval === "year" ? "1 year" : "1 month";
  const candidates: InvoiceLine[] = [
    {
      kind: "seats_unused",
      description: `Unused time on ${plural(state.seats, "seat")} (${state.interval === "year" ? "yearly" : "monthly"})`,
      quantity: state.seats,
      unitAmount: oldPrices.seat,
      amount: -prorate(oldPrices.seat, state.seats, fraction),
      ...unused,
    },
    {
      kind: "credit_blocks_unused",
      description: `Unused time on ${plural(state.additionalCreditBlocks, "credit block")}`,
      quantity: state.additionalCreditBlocks,
      unitAmount: oldPrices.creditBlock,
      amount: -prorate(oldPrices.creditBlock, state.additionalCreditBlocks, fraction),
      ...unused,
    },
    {
      kind: "seats_period",
      description: `${plural(change.seats, "seat")} × ${intervalWord}`,
      quantity: change.seats,
      unitAmount: newPrices.seat,
      amount: newPrices.seat * change.seats,
      ...full,
    },
    {
      kind: "credit_blocks_period",
      description: `${plural(change.additionalCreditBlocks, "credit block")} (${(change.additionalCreditBlocks * catalog.creditsPerBlock).toLocaleString("en-US")} credits a month) × ${intervalWord}`,
      quantity: change.additionalCreditBlocks,
      unitAmount: newPrices.creditBlock,
      amount: newPrices.creditBlock * change.additionalCreditBlocks,
      ...full,
    },
  ];
  const lines = candidates.filter((line) => line.quantity > 0);
  const grants = {
    seats: change.seats * catalog.creditsPerSeat,
    blocks: change.additionalCreditBlocks * catalog.creditsPerBlock,
  };
  return { lines, grants };
}

function sameScheduled(a: ScheduledChange | null, b: ScheduledChange | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.seats === b.seats &&
    a.additionalCreditBlocks === b.additionalCreditBlocks &&
    a.interval === b.interval &&
    a.effectiveAt.getTime() === b.effectiveAt.getTime()
  );
}

function scheduleActionOf(before: ScheduledChange | null, after: ScheduledChange | null): ScheduleAction {
  if (sameScheduled(before, after)) return null;
  if (after === null) return "cancelled";
  return before === null ? "scheduled" : "replaced";
}

/**
 * The pure compute step shared by preview, direct save, approval and operator override:
 * (state, desired change, catalog, now) -> plan. No I/O, no clock.
 */
export function planChange(input: PlanChangeInput): ChangePlan {
  const { state, change, catalog } = input;
  // Callers read the clock after locking the row, so "now" is not before the period; should a
  // stale instant still arrive, the change comes after the renewal and is priced from its start.
  const readAt = input.now.getTime() < state.periodStart.getTime() ? state.periodStart : input.now;
  const now = toWholeSecond(readAt);
  const violations = checkRules({ ...input, now });
  const restartsPeriod = change.interval !== state.interval;
  const current: Period = { start: state.periodStart, end: state.periodEnd };
  const savings = yearlySavings(catalog, state.currency, change.seats, change.additionalCreditBlocks);

  let next: Omit<NextState, "accountCredit">;
  let lines: InvoiceLine[] = [];
  let grants = { seats: 0, blocks: 0 };
  if (violations.length > 0) {
    next = { ...state };
  } else if (restartsPeriod) {
    // The period and the credit cycle restart now; any scheduled decrease is cancelled.
    const nextPeriod = nthPeriod(now, change.interval, 0);
    ({ lines, grants } = linesForRestart({ ...input, now }, current, nextPeriod));
    next = {
      seats: change.seats,
      additionalCreditBlocks: change.additionalCreditBlocks,
      scheduled: null,
      interval: change.interval,
      periodStart: nextPeriod.start,
      periodEnd: nextPeriod.end,
    };
  } else {
    const within = linesWithinPeriod({ ...input, now }, current);
    lines = within.lines;
    grants = within.grants;
    const keepsId = within.scheduled && sameScheduled(state.scheduled, within.scheduled);
    next = {
      seats: within.seats,
      additionalCreditBlocks: within.additionalCreditBlocks,
      scheduled: keepsId ? state.scheduled : within.scheduled,
      interval: state.interval,
      periodStart: state.periodStart,
      periodEnd: state.periodEnd,
    };
  }
  const scheduleAction = violations.length > 0 ? null : scheduleActionOf(state.scheduled, next.scheduled);
  const changed =
    violations.length === 0 &&
    (next.seats !== state.seats ||
      next.additionalCreditBlocks !== state.additionalCreditBlocks ||
      next.interval !== state.interval ||
      next.periodStart.getTime() !== state.periodStart.getTime() ||
      scheduleAction !== null);
  const settlement = settle(lines, state.accountCredit);
  const scheduledRecurringTotal = next.scheduled
    ? recurringTotal(
        catalog,
        state.currency,
        next.scheduled.interval,
        next.scheduled.seats,
        next.scheduled.additionalCreditBlocks,
      )
    : null;
  return {
    currency: state.currency,
    now,
    changed,
    restartsPeriod: restartsPeriod && violations.length === 0,
    next: { ...next, accountCredit: settlement.accountCreditAfter },
    lines,
    ...settlement,
    creditGrant: grants.seats + grants.blocks,
    grants,
    scheduleAction,
    scheduledRecurringTotal,
    recurring: {
      total: recurringTotal(
        catalog,
        state.currency,
        change.interval,
        change.seats,
        change.additionalCreditBlocks,
      ),
      interval: change.interval,
    },
    savings,
    violations,
  };
}

/** A change as a caller may ask for it: absolute values, or deltas resolved under the row lock. */
export interface ChangeRequestBody {
  seats?: number | undefined;
  seatsDelta?: number | undefined;
  additionalCreditBlocks?: number | undefined;
  additionalCreditBlocksDelta?: number | undefined;
  interval?: Interval | undefined;
}

/**
 * Resolves a requested change against the current state. Deltas count from what the customer has
 * now (the counts after any scheduled decrease), so concurrent "+1 seat" requests add up.
 */
export function resolveChange(state: SubscriptionState, body: ChangeRequestBody): DesiredChange {
  const effectiveSeats = state.scheduled?.seats ?? state.seats;
  const effectiveBlocks = state.scheduled?.additionalCreditBlocks ?? state.additionalCreditBlocks;
  return {
    seats: body.seats ?? effectiveSeats + (body.seatsDelta ?? 0),
    additionalCreditBlocks:
      body.additionalCreditBlocks ?? effectiveBlocks + (body.additionalCreditBlocksDelta ?? 0),
    interval: body.interval ?? state.interval,
  };
}
