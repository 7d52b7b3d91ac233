import { minorUnitDigits } from "./currency.js";

/** An amount in integer minor units (cents for USD, yen for JPY) of an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * The one rounding function of the product: numerator / denominator rounded half away from zero
 * to an integer. Every amount that is not already whole passes through here exactly once.
 */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) return roundHalfAwayFromZero(-numerator, -denominator);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

/** Converts an exact bigint amount to a JS number, refusing anything outside the safe range. */
export function toSafeAmount(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount ${amount} is out of range`);
  return value;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not an integer`);
  return { amount, currency };
}

export function sumAmounts(amounts: readonly number[]): number {
  return toSafeAmount(amounts.reduce((total, amount) => total + BigInt(amount), 0n));
}

/** Formats minor units for display with Intl, e.g. 1548 USD -> "$15.48", 1548 JPY -> "¥1,548". */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  // Intl.NumberFormat accepts a decimal string, so no float ever holds the amount.
  const decimal = toDecimalString(amount, currency);
  return currencyFormat(locale, currency, minorUnitDigits(currency)).format(decimal as unknown as number);
}

/** Minor units as a plain decimal in major units: 1548 USD → "15.48", -5 EUR → "-0.05", 1548 JPY → "1548". */
export function toDecimalString(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const negative = amount < 0;
  const magnitude = BigInt(Math.abs(amount));
  const scale = 10n ** BigInt(digits);
  const whole = magnitude / scale;
  const fraction = (magnitude % scale).toString().padStart(digits, "0");
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
}

// Building an Intl.NumberFormat costs far more than formatting with one (a PDF formats dozens).
const currencyFormats = new Map<string, Intl.NumberFormat>();
function currencyFormat(locale: string, currency: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    currencyFormats.set(key, format);
  }
  return format;
}
