import { type Catalog, pricesFor } from "./catalog.js";
import type { InvoiceLine } from "./invoice.js";
import type { Interval, Period } from "./period.js";

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The lines of the invoice issued at the start of a period: full price, no proration. */
export function renewalLines(input: {
  catalog: Catalog;
  currency: string;
  interval: Interval;
  seats: number;
  creditBlocks: number;
  period: Period;
}): InvoiceLine[] {
  const prices = pricesFor(input.catalog, input.currency, input.interval);
  const span = { periodStart: input.period.start, periodEnd: input.period.end };
  const every = input.interval === "year" ? "year" : "month";
  const lines: InvoiceLine[] = [
    {
      kind: "seats_period",
      description: `${plural(input.seats, "seat")} × 1 ${every}`,
      quantity: input.seats,
      unitAmount: prices.seat,
      amount: prices.seat * input.seats,
      ...span,
    },
  ];
  if (input.creditBlocks > 0) {
    lines.push({
      kind: "credit_blocks_period",
      description: `${plural(input.creditBlocks, "credit block")} (${(input.creditBlocks * input.catalog.creditsPerBlock).toLocaleString("en-US")} credits a month) × 1 ${every}`,
      quantity: input.creditBlocks,
      unitAmount: prices.creditBlock,
      amount: prices.creditBlock * input.creditBlocks,
      ...span,
    });
  }
  return lines;
}
