import { z } from "zod";

export const testClockBody = z.strictObject({
  now: z.iso.datetime({
    offset: true,
    error: "now must be an ISO 8601 timestamp, e.g. 2026-07-01T00:00:00Z.",
  }),
});

export type TestClockBody = z.infer<typeof testClockBody>;
