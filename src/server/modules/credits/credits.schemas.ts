import { z } from "zod";
import { isoInstant } from "../../validation/responses.js";
import { requiredText } from "../../validation/text.js";

export const spendEvent = z
  .strictObject({
    eventId: z
      .string({ error: "eventId must be a string." })
      .min(1, { error: "eventId is required." })
      .max(200, { error: "eventId must be at most 200 characters." })
      .regex(/^[\x21-\x7e]+$/, { error: "eventId must be visible ASCII characters without spaces." }),
    feature: z
      .string({ error: "feature must be a string." })
      .min(1, { error: "feature is required." })
      .max(64, { error: "feature must be at most 64 characters." })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, {
        error: "feature must be letters, digits, '_', '.', ':' or '-' (e.g. call_analysis).",
      }),
    credits: z
      .number({ error: "credits must be a whole number." })
      .int({ error: "credits must be a whole number." })
      .min(1, { error: "credits must be at least 1." })
      .max(1_000_000_000, { error: "credits is too large." }),
    occurredAt: z.iso
      .datetime({ offset: true, error: "occurredAt must be an ISO 8601 timestamp." })
      // PostgreSQL has no year 0 (JavaScript's 1 BC) and our ISO strings no year 10000.
      .refine(
        (value) => {
          const year = new Date(value).getUTCFullYear();
          return year >= 1 && year <= 9999;
        },
        { error: "occurredAt must be between the years 1 and 9999 (UTC)." },
      ),
  })
  .meta({
    example: {
      eventId: "call-analysis:8f14e45f",
      feature: "call_analysis",
      credits: 25,
      occurredAt: "2026-06-01T10:00:00Z",
    },
  });

export type SpendEventBody = z.infer<typeof spendEvent>;

export const maxBatchEvents = 1000;

export const spendBatchBody = z.strictObject({
  events: z
    .array(spendEvent, { error: "events must be an array of spend events." })
    .min(1, { error: "events must hold at least one event." })
    .max(maxBatchEvents, { error: `events must hold at most ${maxBatchEvents} events.` }),
});

export type SpendBatchBody = z.infer<typeof spendBatchBody>;

export const ledgerQuery = z.strictObject({
  limit: z.coerce
    .number({ error: "limit must be a whole number." })
    .int({ error: "limit must be a whole number." })
    .min(1, { error: "limit must be at least 1." })
    .max(500, { error: "limit must be at most 500." })
    .default(50),
  before: z.coerce
    .number({ error: "before must be a ledger entry id." })
    .int({ error: "before must be a ledger entry id." })
    .positive({ error: "before must be a ledger entry id." })
    .optional(),
});

export const dailyUsageQuery = z.strictObject({
  cycleStart: z.iso.datetime({ offset: true, error: "cycleStart must be an ISO 8601 timestamp." }).optional(),
});

export const organizationParams = z.strictObject({ organizationId: z.string().max(200) });

export const adjustmentBody = z.strictObject({
  credits: z
    .number({ error: "credits must be a whole number." })
    .int({ error: "credits must be a whole number." })
    .min(-1_000_000_000, { error: "credits is too small." })
    .max(1_000_000_000, { error: "credits is too large." })
    .refine((value) => value !== 0, { error: "credits must not be 0." }),
  // One line of text: a NUL cannot be stored (it answered 500 before).
  reason: requiredText("reason", 500),
});

export type AdjustmentBody = z.infer<typeof adjustmentBody>;

// Responses.

const whole = z.number().int();

export const creditsResponse = z
  .object({
    cycleStart: isoInstant,
    cycleEnd: isoInstant,
    resetAt: isoInstant,
    allocation: whole,
    used: whole,
    remaining: whole,
    nextAllocation: whole.describe("What the next reset grants"),
    byFeature: z.array(z.object({ feature: z.string(), credits: whole, events: whole })),
    addedThisCycle: z
      .array(z.object({ credits: whole, occurredAt: isoInstant }))
      .describe("Credits granted since the reset for seats (prorated) and blocks (in full) added this cycle"),
    notices: z.array(
      z.object({
        threshold: whole.describe("Percent of the allocation used, e.g. 80 or 100"),
        used: whole,
        allocation: whole,
        createdAt: isoInstant,
        message: z.string(),
      }),
    ),
  })
  .meta({ id: "Credits" });

export const ledgerResponse = z
  .object({
    entries: z.array(
      z.object({
        id: whole,
        kind: z.enum(["grant", "spend", "expiry", "adjustment"]),
        credits: whole.describe("Negative for spends and expiries"),
        balanceAfter: whole.nullable(),
        eventId: z.string().nullable(),
        feature: z.string().nullable(),
        cycleStart: isoInstant,
        occurredAt: isoInstant,
        recordedAt: isoInstant,
      }),
    ),
    nextBefore: whole.nullable().describe("Pass as `before` for the next page; null on the last page"),
  })
  .meta({ id: "CreditLedgerPage" });

export const dailyUsageResponse = z
  .object({
    cycleStart: isoInstant,
    cycleEnd: isoInstant.nullable().describe("null for a past cycle"),
    days: z.array(
      z.object({
        date: z.string().describe("YYYY-MM-DD (UTC)"),
        credits: whole,
        byFeature: z.record(z.string(), whole),
      }),
    ),
  })
  .meta({ id: "DailyCreditUsage" });

export const spendResponse = z
  .object({
    eventId: z.string(),
    status: z.literal("spent"),
    duplicate: z.boolean().describe("true: this eventId was spent before; this is the first result"),
    feature: z.string(),
    credits: whole,
    occurredAt: isoInstant,
    balance: whole.nullable().describe("Credits left in the cycle after this event"),
  })
  .meta({
    id: "Spend",
    example: {
      eventId: "call-analysis:8f14e45f",
      status: "spent",
      duplicate: false,
      feature: "call_analysis",
      credits: 25,
      occurredAt: "2026-06-01T10:00:00.000Z",
      balance: 1975,
    },
  });

export const spendBatchResponse = z
  .object({
    results: z.array(
      z.union([
        z.object({
          eventId: z.string(),
          status: z.literal("spent"),
          duplicate: z.boolean(),
          feature: z.string().nullable(),
          credits: whole,
          balance: whole.nullable(),
        }),
        z.object({
          eventId: z.string(),
          status: z.literal("insufficient_credits"),
          duplicate: z.boolean(),
          credits: whole,
          balance: whole,
          error: z.object({ code: z.literal("insufficient_credits"), message: z.string() }),
        }),
      ]),
    ),
    spent: whole.describe("Credits spent by this batch"),
    balance: whole,
    cycleStart: isoInstant,
    cycleEnd: isoInstant,
  })
  .meta({ id: "SpendBatch" });

export const adjustmentResponse = z
  .object({
    cycleStart: isoInstant,
    cycleEnd: isoInstant,
    allocation: whole,
    remaining: whole,
    credits: whole,
    reason: z.string(),
    ledgerEntryId: whole,
  })
  .meta({ id: "CreditAdjustment" });
