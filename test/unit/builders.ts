import defaultCatalogJson from "../../catalog/default.json" with { type: "json" };
import type { Catalog } from "../../src/core/catalog.js";
import { parseCatalog } from "../../src/core/catalog-schema.js";
import type { SubscriptionState } from "../../src/core/plan-change.js";

export const defaultCatalog: Catalog = parseCatalog(defaultCatalogJson);

export function catalogWith(prices: {
  seatMonth: number;
  seatYear: number;
  blockMonth?: number;
  blockYear?: number;
  currency?: string;
}): Catalog {
  return parseCatalog({
    ...defaultCatalogJson,
    currencies: {
      [prices.currency ?? "USD"]: {
        seat: { month: prices.seatMonth, year: prices.seatYear },
        creditBlock: { month: prices.blockMonth ?? 1000, year: prices.blockYear ?? 9600 },
      },
    },
  });
}

export function subscriptionState(overrides: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    currency: "USD",
    seats: 10,
    additionalCreditBlocks: 0,
    scheduled: null,
    interval: "month",
    anchorAt: overrides.periodStart ?? new Date("2026-06-01T00:00:00Z"),
    periodStart: new Date("2026-06-01T00:00:00Z"),
    periodEnd: new Date("2026-07-01T00:00:00Z"),
    accountCredit: 0,
    activeUsers: 1,
    ...overrides,
  };
}
