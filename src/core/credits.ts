import type { Catalog } from "./catalog.js";
import { type Period, periodContaining } from "./period.js";

/** Monthly allocation = seats × creditsPerSeat + additional blocks × creditsPerBlock. */
export function monthlyAllocation(catalog: Catalog, seats: number, creditBlocks: number): number {
  return seats * catalog.creditsPerSeat + creditBlocks * catalog.creditsPerBlock;
}

/** Credits reset monthly on the subscription anchor, annual subscriptions included. */
export function creditCycleContaining(anchor: Date, instant: Date): Period {
  return periodContaining(anchor, "month", instant);
}
