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

/** Parses a catalog, throwing one error that lists every problem with its path. */
export function parseCatalog(input: unknown): Catalog {
  const result = catalogSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid catalog: ${problems}`);
  }
  return result.data;
}
