import { describe, expect, it } from "vitest";
import { planChange, type SubscriptionState } from "../../src/core/plan-change.js";
import { loadCatalog } from "../../src/server/catalog.js";

describe("a change that waited for a renewal", () => {
  const catalog = loadCatalog();
  // The renewal moved the period to June while the change, which read its clock in May, waited.
  const state: SubscriptionState = {
    currency: "USD",
    seats: 10,
    additionalCreditBlocks: 0,
    scheduled: null,
    interval: "month",
    anchorAt: new Date("2026-05-01T00:00:00Z"),
    periodStart: new Date("2026-06-01T00:00:00Z"),
    periodEnd: new Date("2026-07-01T00:00:00Z"),
    accountCredit: 0,
    activeUsers: 1,
  };

  it("is priced from the new period's start (a full month), not refused with a 500", () => {
    const plan = planChange({
      state,
      change: { seats: 11, additionalCreditBlocks: 0, interval: "month" },
      catalog,
      now: new Date("2026-05-31T23:59:59.900Z"),
    });
    expect(plan.violations).toEqual([]);
    expect(plan.now.toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(plan.total).toBe(4000);
  });

  it("switches to yearly from the new period's start too", () => {
    const plan = planChange({
      state,
      change: { seats: 10, additionalCreditBlocks: 0, interval: "year" },
      catalog,
      now: new Date("2026-05-31T23:59:59Z"),
    });
    expect(plan.next.periodStart.toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(plan.lines.map((line) => line.amount)).toEqual([-40000, 384000]);
  });
});
