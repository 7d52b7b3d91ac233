import { z } from "zod";
import { isoInstant } from "../../validation/responses.js";

export const testClockBody = z.strictObject({
  now: z.iso
    .datetime({
      offset: true,
      error: "now must be an ISO 8601 timestamp, e.g. 2026-07-01T00:00:00Z.",
    })
    // Periods renewed up to a later instant would end past the year 9999, which the database's
    // ISO input cannot read (a move to 9999-12-31 answered 500 after a minute of renewals).
    .refine(
      (value) => {
        const year = new Date(value).getUTCFullYear();
        return year >= 1970 && year < 9000;
      },
      { error: "now must be between 1970 and 8999 (UTC)." },
    ),
});

export type TestClockBody = z.infer<typeof testClockBody>;

// Responses.

export const testClockResponse = z
  .object({ now: isoInstant, mode: z.literal("manual") })
  .meta({ id: "TestClock" });

export const movedTestClockResponse = z
  .object({
    now: isoInstant,
    previous: isoInstant,
    ran: z.object({
      renewals: z.number().int(),
      creditResets: z.number().int(),
      subscriptions: z.number().int(),
    }),
  })
  .meta({ id: "TestClockMoved" });
