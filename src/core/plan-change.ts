import type { Catalog } from "./catalog.js";
import { pricesFor } from "./catalog.js";
import { messages, type Violation } from "./errors.js";
import { type InvoiceLine, type Settlement, settle } from "./invoice.js";
import { sumAmounts } from "./money.js";
import { type Interval, nthPeriod, type Period, toWholeSecond } from "./period.js";
import { prorate, remainingFraction } from "./proration.js";

export interface SubscriptionState {
  currency: string;
  seats: number;
  additionalCreditBlocks: number;
  /** A decrease of credit blocks waiting for the next credit-cycle reset. */
  scheduledCreditBlocks: number | null;
  interval: Interval;
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
  scheduledCreditBlocks: number | null;
  interval: Interval;
  periodStart: Date;
  periodEnd: Date;
  accountCredit: number;
}

export interface ChangePlan extends Settlement {
  currency: string;
  now: Date;
  changed: boolean;
  /** True when the period (and the credit cycle with it) restarts now. */
  restartsPeriod: boolean;
  next: NextState;
  lines: InvoiceLine[];
  /** Credits to grant at once: added seats and blocks, or a whole allocation on a restart. */
  creditGrant: number;
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
  } else if (change.seats < state.activeUsers) {
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
  if (input.now.getTime() >= state.periodEnd.getTime()) {
    violations.push({
      code: "renewal_due",
      message: "The current period has ended and its renewal has not run yet. Try again shortly.",
    });
  }
  return violations;
}

/** Same interval: prorated charges for what is added, account credit for removed seats. */
function linesWithinPeriod(input: PlanChangeInput, period: Period) {
  const { state, change, catalog, now } = input;
  const prices = pricesFor(catalog, state.currency, state.interval);
  const fraction = remainingFraction(period, now);
  const lines: InvoiceLine[] = [];
  const span = { periodStart: now, periodEnd: period.end };
  const seatDelta = change.seats - state.seats;
  if (seatDelta > 0) {
    lines.push({
      kind: "seats_added",
      description: `${plural(seatDelta, "additional seat")}, prorated for the rest of the period`,
      quantity: seatDelta,
      unitAmount: prices.seat,
      amount: prorate(prices.seat, seatDelta, fraction),
      ...span,
    });
  } else if (seatDelta < 0) {
    lines.push({
      kind: "seats_removed",
      description: `Unused time on ${plural(-seatDelta, "removed seat")}`,
      quantity: -seatDelta,
      unitAmount: prices.seat,
      amount: -prorate(prices.seat, -seatDelta, fraction),
      ...span,
    });
  }
  const blockDelta = change.additionalCreditBlocks - state.additionalCreditBlocks;
  if (blockDelta > 0) {
    lines.push({
      kind: "credit_blocks_added",
      description: `${plural(blockDelta, "additional credit block")} (${(blockDelta * catalog.creditsPerBlock).toLocaleString("en-US")} credits), prorated for the rest of the period`,
      quantity: blockDelta,
      unitAmount: prices.creditBlock,
      amount: prorate(prices.creditBlock, blockDelta, fraction),
      ...span,
    });
  }
  const creditGrant =
    Math.max(0, seatDelta) * catalog.creditsPerSeat + Math.max(0, blockDelta) * catalog.creditsPerBlock;
  // A decrease of blocks waits for the next credit-cycle reset; keeping the level cancels one.
  const scheduledCreditBlocks = blockDelta < 0 ? change.additionalCreditBlocks : null;
  const additionalCreditBlocks =
    blockDelta > 0 ? change.additionalCreditBlocks : state.additionalCreditBlocks;
  return { lines, creditGrant, scheduledCreditBlocks, additionalCreditBlocks };
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
  const creditGrant =
    change.seats * catalog.creditsPerSeat + change.additionalCreditBlocks * catalog.creditsPerBlock;
  return { lines, creditGrant };
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
  const effectiveBlocks = state.scheduledCreditBlocks ?? state.additionalCreditBlocks;
  const changed =
    change.seats !== state.seats ||
    change.interval !== state.interval ||
    change.additionalCreditBlocks !== effectiveBlocks ||
    (state.scheduledCreditBlocks !== null && change.additionalCreditBlocks === state.additionalCreditBlocks);

  let next: Omit<NextState, "accountCredit">;
  let lines: InvoiceLine[] = [];
  let creditGrant = 0;
  if (violations.length > 0) {
    next = { ...state };
  } else if (restartsPeriod) {
    const nextPeriod = nthPeriod(now, change.interval, 0);
    ({ lines, creditGrant } = linesForRestart({ ...input, now }, current, nextPeriod));
    next = {
      seats: change.seats,
      additionalCreditBlocks: change.additionalCreditBlocks,
      scheduledCreditBlocks: null,
      interval: change.interval,
      periodStart: nextPeriod.start,
      periodEnd: nextPeriod.end,
    };
  } else {
    const within = linesWithinPeriod({ ...input, now }, current);
    lines = within.lines;
    creditGrant = within.creditGrant;
    next = {
      seats: change.seats,
      additionalCreditBlocks: within.additionalCreditBlocks,
      scheduledCreditBlocks: within.scheduledCreditBlocks,
      interval: state.interval,
      periodStart: state.periodStart,
      periodEnd: state.periodEnd,
    };
  }
  const settlement = settle(lines, state.accountCredit);
  const recurringBlocks = next.scheduledCreditBlocks ?? next.additionalCreditBlocks;
  return {
    currency: state.currency,
    now,
    changed: changed && violations.length === 0,
    restartsPeriod: restartsPeriod && violations.length === 0,
    next: { ...next, accountCredit: settlement.accountCreditAfter },
    lines,
    ...settlement,
    creditGrant,
    recurring: {
      total: recurringTotal(catalog, state.currency, change.interval, change.seats, recurringBlocks),
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
 * now (the effective blocks after any scheduled decrease), so concurrent "+1 seat" requests add up.
 */
export function resolveChange(state: SubscriptionState, body: ChangeRequestBody): DesiredChange {
  const effectiveBlocks = state.scheduledCreditBlocks ?? state.additionalCreditBlocks;
  return {
    seats: body.seats ?? state.seats + (body.seatsDelta ?? 0),
    additionalCreditBlocks:
      body.additionalCreditBlocks ?? effectiveBlocks + (body.additionalCreditBlocksDelta ?? 0),
    interval: body.interval ?? state.interval,
  };
}
