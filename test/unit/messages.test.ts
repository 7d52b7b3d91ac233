import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { messageDay, messages } from "../../src/core/errors.js";

describe("dates in the core's messages", () => {
  test("read as the page writes them (en-US, UTC), for any day", () => {
    const format = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2000-01-01T00:00:00Z"),
          max: new Date("2100-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (day) => {
          expect(messageDay(day)).toBe(format.format(day));
        },
      ),
    );
  });

  test("a scheduled decrease names its day in words, not as an ISO date", () => {
    expect(messages.decreaseScheduled(8, new Date("2026-07-01T00:00:00Z"))).toBe(
      "Seats drop to 8 on Jul 1, 2026. Cancel the scheduled change or add seats first.",
    );
  });
});
