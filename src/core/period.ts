export type Interval = "month" | "year";

export interface Period {
  start: Date;
  end: Date;
}

const monthsPerInterval: Record<Interval, number> = { month: 1, year: 12 };

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** Truncates an instant to the whole second: periods and proration count whole seconds. */
export function toWholeSecond(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000);
}

/**
 * The anchor moved by whole calendar months in UTC, the day clamped to the month's last day:
 * anchor Jan 31 + 1 month = Feb 28 (29 in leap years), + 2 months = Mar 31. Always computed
 * from the anchor, never from the previous period, so a series never drifts.
 */
export function addMonths(anchor: Date, months: number): Date {
  const totalMonths = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const monthIndex = totalMonths - year * 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, monthIndex));
  return new Date(
    Date.UTC(
      year,
      monthIndex,
      day,
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/** The k-th period (k = 0 is the first) of an interval anchored on `anchor`. */
export function nthPeriod(anchor: Date, interval: Interval, index: number): Period {
  const months = monthsPerInterval[interval];
  return { start: addMonths(anchor, months * index), end: addMonths(anchor, months * (index + 1)) };
}

/** The period of `interval` anchored on `anchor` that contains `instant` (anchor <= instant). */
export function periodContaining(anchor: Date, interval: Interval, instant: Date): Period {
  if (instant.getTime() < anchor.getTime()) {
    throw new RangeError("instant is before the anchor");
  }
  const months = monthsPerInterval[interval];
  const monthsApart =
    (instant.getUTCFullYear() - anchor.getUTCFullYear()) * 12 +
    (instant.getUTCMonth() - anchor.getUTCMonth());
  // The calendar guess can be one period too far; step back until it contains the instant.
  let index = Math.max(0, Math.floor(monthsApart / months));
  while (index > 0 && addMonths(anchor, months * index).getTime() > instant.getTime()) index--;
  while (addMonths(anchor, months * (index + 1)).getTime() <= instant.getTime()) index++;
  return nthPeriod(anchor, interval, index);
}

export function isWithin(period: Period, instant: Date): boolean {
  const time = instant.getTime();
  return period.start.getTime() <= time && time < period.end.getTime();
}

const dayMs = 86_400_000;

/** "15 of 30 days left": whole days of the period, a started day counted as left (for labels). */
export function daysLeft(period: Period, now: Date): { left: number; total: number } {
  const end = period.end.getTime();
  const total = Math.max(1, Math.round((end - period.start.getTime()) / dayMs));
  const left = Math.min(total, Math.max(0, Math.ceil((end - now.getTime()) / dayMs)));
  return { left, total };
}
