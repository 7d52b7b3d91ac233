import type { Catalog } from "./catalog.js";
import { type Period, periodContaining } from "./period.js";

/** Monthly allocation = seats × creditsPerSeat + additional blocks × creditsPerBlock. */
export function monthlyAllocation(catalog: Catalog, seats: number, creditBlocks: number): number {
  return seats * catalog.creditsPerSeat + creditBlocks * catalog.creditsPerBlock;
}

/** Credits reset monthly on the subscription anchor, annual subscriptions included. */
export function creditCycleContaining(anchor: Date, instant: Date): Period {
  return periodContaining(anchor, "month", instant);
}

/** Share of the allocation used at which a low-balance notice is recorded, in percent. */
export const noticeThresholds = [80, 100] as const;
export type NoticeThreshold = (typeof noticeThresholds)[number];

/**
 * The thresholds a spend crossed: used went from below `threshold`% of the allocation to at or
 * above it. Integer arithmetic only, so 80% of 1,001 credits is 800.8 and 800 used is below it.
 */
export function crossedThresholds(input: {
  allocation: number;
  usedBefore: number;
  usedAfter: number;
}): NoticeThreshold[] {
  const { allocation, usedBefore, usedAfter } = input;
  if (allocation <= 0) return [];
  const reached = (used: number, threshold: number) =>
    BigInt(used) * 100n >= BigInt(threshold) * BigInt(allocation);
  return noticeThresholds.filter(
    (threshold) => !reached(usedBefore, threshold) && reached(usedAfter, threshold),
  );
}

export interface SpendEvent {
  eventId: string;
  feature: string;
  credits: number;
}

/** What an event already recorded in the ledger resolved to: its first (and only) result. */
export interface RecordedSpend {
  eventId: string;
  feature: string | null;
  credits: number;
  balanceAfter: number | null;
}

export type SpendOutcome =
  | { eventId: string; status: "spent"; credits: number; feature: string; balanceAfter: number }
  | { eventId: string; status: "duplicate"; first: RecordedSpend }
  | { eventId: string; status: "insufficient_credits"; credits: number; balance: number };

/**
 * Spends a batch exactly as if its events arrived one by one in order: an event already in the
 * ledger (or earlier in the batch) returns its first result; one larger than what remains is
 * refused and spends nothing, and later, smaller events may still fit.
 */
export function allocateBatch(input: {
  balance: number;
  events: readonly SpendEvent[];
  recorded: ReadonlyMap<string, RecordedSpend>;
}): { outcomes: SpendOutcome[]; spent: number; balanceAfter: number } {
  let balance = input.balance;
  let spent = 0;
  const seen = new Map<string, RecordedSpend>(input.recorded);
  const outcomes: SpendOutcome[] = [];
  for (const event of input.events) {
    const first = seen.get(event.eventId);
    if (first) {
      outcomes.push({ eventId: event.eventId, status: "duplicate", first });
    } else if (event.credits > balance) {
      outcomes.push({
        eventId: event.eventId,
        status: "insufficient_credits",
        credits: event.credits,
        balance,
      });
    } else {
      balance -= event.credits;
      spent += event.credits;
      seen.set(event.eventId, {
        eventId: event.eventId,
        feature: event.feature,
        credits: event.credits,
        balanceAfter: balance,
      });
      outcomes.push({
        eventId: event.eventId,
        status: "spent",
        credits: event.credits,
        feature: event.feature,
        balanceAfter: balance,
      });
    }
  }
  return { outcomes, spent, balanceAfter: balance };
}
