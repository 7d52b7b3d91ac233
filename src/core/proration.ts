import { roundHalfAwayFromZero, toSafeAmount } from "./money.js";
import type { Period } from "./period.js";

/** An exact fraction of a period, in whole seconds: remaining / length. */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** The unused part of `period` from `now` on: (end - now) / (end - start), to the second. */
export function remainingFraction(period: Period, now: Date): Fraction {
  const start = BigInt(Math.floor(period.start.getTime() / 1000));
  const end = BigInt(Math.floor(period.end.getTime() / 1000));
  const at = BigInt(Math.floor(now.getTime() / 1000));
  if (end <= start) throw new RangeError("empty period");
  if (at < start || at > end) throw new RangeError("instant outside the period");
  return { numerator: end - at, denominator: end - start };
}

/** round(unitAmount × quantity × fraction), rounded once, half away from zero. */
export function prorate(unitAmount: number, quantity: number, fraction: Fraction): number {
  const numerator = BigInt(unitAmount) * BigInt(quantity) * fraction.numerator;
  return toSafeAmount(roundHalfAwayFromZero(numerator, fraction.denominator));
}
