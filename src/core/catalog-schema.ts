import { z } from "zod";
import type { Catalog } from "./catalog.js";
import { isSupportedCurrency } from "./currency.js";

// Kept apart from catalog.ts so the web bundle, which imports the pricing core, does not ship zod.
const amount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const pricePerInterval = z.strictObject({ month: amount, year: amount });
const range = z
  .strictObject({ min: z.number().int().nonnegative(), max: z.number().int().positive() })
  .refine((value) => value.min <= value.max, { message: "min must not exceed max" });

export const catalogSchema: z.ZodType<Catalog> = z.strictObject({
  currencies: z
    .record(
      z.string().refine(isSupportedCurrency, { message: "unknown ISO 4217 currency" }),
      z.strictObject({ seat: pricePerInterval, creditBlock: pricePerInterval }),
    )
    .refine((value) => Object.keys(value).length > 0, { message: "at least one currency" }),
  creditsPerSeat: z.number().int().positive(),
  creditsPerBlock: z.number().int().positive(),
  limits: z.strictObject({
    seats: range.refine((value) => value.min >= 1, { message: "seats.min must be at least 1" }),
    creditBlocks: range,
  }),
});

/**
 * The largest invoice a catalog can produce (every currency, the maximum seats and credit blocks,
 * yearly; and 12 × monthly, the figure the savings compare against), with room for tax on top, must
 * fit in the amounts the product holds exactly (safe integers). Returns the problems found.
 */
export function amountRangeProblems(catalog: Catalog): string[] {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  const seats = BigInt(catalog.limits.seats.max);
  const blocks = BigInt(catalog.limits.creditBlocks.max);
  const problems: string[] = [];
  for (const [currency, prices] of Object.entries(catalog.currencies)) {
    const yearly = BigInt(prices.seat.year) * seats + BigInt(prices.creditBlock.year) * blocks;
    const monthlyTimesTwelve =
      12n * (BigInt(prices.seat.month) * seats + BigInt(prices.creditBlock.month) * blocks);
    const largest = yearly > monthlyTimesTwelve ? yearly : monthlyTimesTwelve;
    // Twice the largest invoice: room for VAT and the credit lines of an interval switch.
    if (largest * 2n > limit) {
      problems.push(
        `currencies.${currency}: the largest possible invoice (${catalog.limits.seats.max} seats and ${catalog.limits.creditBlocks.max} credit blocks, yearly) is ${largest} minor units; with room for tax it must not exceed ${limit / 2n}`,
      );
    }
  }
  return problems;
}

/** Parses a catalog, throwing one error that lists every problem with its path. */
export function parseCatalog(input: unknown): Catalog {
  const result = catalogSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid catalog: ${problems}`);
  }
  const range = amountRangeProblems(result.data);
  if (range.length > 0) throw new Error(`Invalid catalog: ${range.join("; ")}`);
  return result.data;
}
