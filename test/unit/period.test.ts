import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, daysLeft, nthPeriod, periodContaining } from "../../src/core/period.js";

const iso = (date: Date) => date.toISOString();

describe("calendar periods", () => {
  it("clamps a month-end anchor and returns to the 31st", () => {
    const anchor = new Date("2026-01-31T10:00:00Z");
    expect(iso(addMonths(anchor, 1))).toBe("2026-02-28T10:00:00.000Z");
    expect(iso(addMonths(anchor, 2))).toBe("2026-03-31T10:00:00.000Z");
    expect(iso(addMonths(anchor, 3))).toBe("2026-04-30T10:00:00.000Z");
  });

  it("gives Feb 29 in leap years", () => {
    expect(iso(addMonths(new Date("2024-01-31T00:00:00Z"), 1))).toBe("2024-02-29T00:00:00.000Z");
    expect(iso(nthPeriod(new Date("2024-02-29T00:00:00Z"), "year", 0).end)).toBe("2025-02-28T00:00:00.000Z");
    expect(iso(nthPeriod(new Date("2024-02-29T00:00:00Z"), "year", 3).end)).toBe("2028-02-29T00:00:00.000Z");
  });

  it("never drifts: every period starts on the anchor's day or the month's last day", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2000-01-01T00:00:00Z"),
          max: new Date("2090-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 600 }),
        (anchor, index) => {
          const period = nthPeriod(anchor, "month", index);
          const start = period.start;
          const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
          expect(start.getUTCDate()).toBe(Math.min(anchor.getUTCDate(), lastDay));
          expect(start.getUTCHours()).toBe(anchor.getUTCHours());
          expect(period.end.getTime()).toBeGreaterThan(start.getTime());
          // consecutive periods tile time without gaps or overlaps
          expect(nthPeriod(anchor, "month", index + 1).start.getTime()).toBe(period.end.getTime());
        },
      ),
    );
  });

  it("finds the period that contains an instant", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2000-01-01T00:00:00Z"),
          max: new Date("2050-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.constantFrom("month" as const, "year" as const),
        (anchor, secondsLater, interval) => {
          const instant = new Date(anchor.getTime() + secondsLater * 1000);
          const period = periodContaining(anchor, interval, instant);
          expect(period.start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(period.end.getTime()).toBeGreaterThan(instant.getTime());
        },
      ),
    );
  });
});

describe("daysLeft", () => {
  const june = { start: new Date("2026-06-01T00:00:00Z"), end: new Date("2026-07-01T00:00:00Z") };

  it("counts whole days of the period, a started day as left", () => {
    expect(daysLeft(june, new Date("2026-06-16T00:00:00Z"))).toEqual({ left: 15, total: 30 });
    expect(daysLeft(june, new Date("2026-06-16T00:00:01Z"))).toEqual({ left: 15, total: 30 });
    expect(daysLeft(june, new Date("2026-06-01T00:00:00Z"))).toEqual({ left: 30, total: 30 });
  });

  it("stays within 0 and the period's length outside the period", () => {
    expect(daysLeft(june, new Date("2026-07-02T00:00:00Z")).left).toBe(0);
    expect(daysLeft(june, new Date("2026-05-01T00:00:00Z")).left).toBe(30);
  });
});
