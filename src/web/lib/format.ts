// Display formatting: money through Intl.NumberFormat in the organization's currency (via the
// shared core, so no float ever holds an amount); dates in the viewer's locale.
import { formatMoney } from "../../core/money.js";
import type { Interval } from "../../core/period.js";

/**
 * One locale for every date and number a person sees (decision 0047): the UI is written in
 * English, so the browser's first English preference (en-GB writes "1 Jul 2026"), else en-US. A
 * de-DE browser gets "$540.00" beside English words, never "540,00 $".
 */
export function pickLocale(preferred: readonly string[]): string {
  for (const tag of preferred) {
    if (!/^en(-|$)/i.test(tag)) continue;
    try {
      return Intl.NumberFormat.supportedLocalesOf([tag])[0] ?? "en-US";
    } catch {
      // A malformed tag: try the next one.
    }
  }
  return "en-US";
}

export const locale: string = pickLocale(
  typeof navigator !== "undefined" ? (navigator.languages ?? [navigator.language]) : [],
);

export function money(amount: number, currency: string): string {
  try {
    return formatMoney(amount, currency, locale);
  } catch {
    return formatMoney(amount, currency, "en-US");
  }
}

const numberFormat = new Intl.NumberFormat(locale);
export const count = (value: number) => numberFormat.format(value);

// Billing periods are calendar periods anchored in UTC (SPEC §3): their dates are shown as UTC
// dates so that "renews on 1 Jul" matches the invoice wherever the viewer sits.
const billingDate = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
const dayLabel = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });

export const date = (iso: string) => billingDate.format(new Date(iso));
/** An instant something happened (a request, a decision), in the viewer's own time zone. */
export const dateTime = (iso: string) => moment.format(new Date(iso));
export const shortDay = (isoDay: string) => dayLabel.format(new Date(`${isoDay}T00:00:00Z`));

export const intervalName = (interval: Interval) => (interval === "year" ? "Yearly" : "Monthly");
export const perInterval = (interval: Interval) => (interval === "year" ? "year" : "month");

export const plural = (value: number, word: string, many = `${word}s`) =>
  `${count(value)} ${value === 1 ? word : many}`;

let regionNames: Intl.DisplayNames | null | undefined;

/** "DE" → "Germany" in the viewer's language (the code itself where Intl has no names). */
export function countryName(code: string): string {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames([locale], { type: "region" });
    } catch {
      regionNames = null;
    }
  }
  return regionNames?.of(code) ?? code;
}

/** What a quote's signed total means today, with no minus sign: a charge, or credit added (decision 0045). */
export const dueToday = (total: number, currency: string) =>
  total < 0
    ? `nothing due, ${money(-total, currency)} to your account credit`
    : `${money(total, currency)} due`;
