import type { Interval } from "./period.js";

interface PricePerInterval {
  month: number;
  year: number;
}

interface Range {
  min: number;
  max: number;
}

/** The price catalog (SPEC §2). Validated by catalog-schema.ts where it is loaded. */
export interface Catalog {
  currencies: Record<string, { seat: PricePerInterval; creditBlock: PricePerInterval }>;
  creditsPerSeat: number;
  creditsPerBlock: number;
  limits: { seats: Range; creditBlocks: Range };
}
export interface Prices {
  seat: number;
  creditBlock: number;
}

export function pricesFor(catalog: Catalog, currency: string, interval: Interval): Prices {
  const table = catalog.currencies[currency];
  if (!table) throw new Error(`The catalog has no prices in ${currency}`);
  return { seat: table.seat[interval], creditBlock: table.creditBlock[interval] };
}
