import { z } from "zod";
import { isSupportedCurrency } from "./currency.js";
import type { Interval } from "./period.js";

const amount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const pricePerInterval = z.strictObject({ month: amount, year: amount });
const range = z
  .strictObject({ min: z.number().int().nonnegative(), max: z.number().int().positive() })
  .refine((value) => value.min <= value.max, { message: "min must not exceed max" });

export const catalogSchema = z.strictObject({
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

export type Catalog = z.infer<typeof catalogSchema>;

export interface Prices {
  seat: number;
  creditBlock: number;
}

export function pricesFor(catalog: Catalog, currency: string, interval: Interval): Prices {
  const table = catalog.currencies[currency];
  if (!table) throw new Error(`The catalog has no prices in ${currency}`);
  return { seat: table.seat[interval], creditBlock: table.creditBlock[interval] };
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
  return result.data;
}
