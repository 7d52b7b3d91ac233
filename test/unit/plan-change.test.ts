import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planChange } from "../../src/core/plan-change.js";
import { catalogWith, defaultCatalog, subscriptionState } from "./builders.js";

describe("planChange: SPEC worked examples", () => {
  it("example 1: one seat added halfway through a 30-day month costs half a month", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 1 }),
      change: { seats: 2, additionalCreditBlocks: 0, interval: "month" },
      catalog: catalogWith({ seatMonth: 1000, seatYear: 10000 }),
      now: new Date("2026-06-16T00:00:00Z"),
    });
    expect(plan.violations).toEqual([]);
    expect(plan.lines).toHaveLength(1);
    expect(plan.lines[0]).toMatchObject({ kind: "seats_added", quantity: 1, unitAmount: 1000, amount: 500 });
    expect(plan.total).toBe(500);
    expect(plan.creditGrant).toBe(1000);
  });

  it("example 2: monthly to yearly credits 16 of 31 days and charges the year", () => {
    const plan = planChange({
      state: subscriptionState({
        seats: 1,
        periodStart: new Date("2024-03-01T00:00:00Z"),
        periodEnd: new Date("2024-04-01T00:00:00Z"),
      }),
      change: { seats: 1, additionalCreditBlocks: 0, interval: "year" },
      catalog: catalogWith({ seatMonth: 3000, seatYear: 30000 }),
      now: new Date("2024-03-16T00:00:00Z"),
    });
    expect(plan.lines.map((line) => [line.kind, line.amount])).toEqual([
      ["seats_unused", -1548],
      ["seats_period", 30000],
    ]);
    expect(plan.total).toBe(28452);
    expect(plan.next.periodStart.toISOString()).toBe("2024-03-16T00:00:00.000Z");
    expect(plan.next.periodEnd.toISOString()).toBe("2025-03-16T00:00:00.000Z");
    expect(plan.restartsPeriod).toBe(true);
  });

  it("example 3: refuses seats below the active users and changes nothing", () => {
    const state = subscriptionState({ seats: 10, activeUsers: 8 });
    const plan = planChange({
      state,
      change: { seats: 7, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now: new Date("2026-06-10T00:00:00Z"),
    });
    expect(plan.violations).toEqual([
      {
        code: "seats_below_active_users",
        field: "seats",
        message: "You cannot reduce seats below your active user count (8). Deactivate users first.",
      },
    ]);
    expect(plan.lines).toEqual([]);
    expect(plan.next.seats).toBe(10);
    expect(plan.changed).toBe(false);
  });

  it("example 4: refuses yearly to monthly mid-term unless the operator overrides", () => {
    const state = subscriptionState({
      interval: "year",
      periodStart: new Date("2026-01-01T00:00:00Z"),
      periodEnd: new Date("2027-01-01T00:00:00Z"),
    });
    const change = { seats: 10, additionalCreditBlocks: 0, interval: "month" as const };
    const now = new Date("2026-06-10T00:00:00Z");
    const refused = planChange({ state, change, catalog: defaultCatalog, now });
    expect(refused.violations.map((violation) => violation.code)).toEqual(["interval_downgrade_mid_term"]);
    expect(refused.violations[0]?.message).toBe(
      "Downgrading from annual to monthly is not available mid-term. Contact support if needed.",
    );
    const overridden = planChange({
      state,
      change,
      catalog: defaultCatalog,
      now,
      allowIntervalDowngrade: true,
    });
    expect(overridden.violations).toEqual([]);
    expect(overridden.next.interval).toBe("month");
  });
});

describe("planChange: rules", () => {
  const now = new Date("2026-06-16T00:00:00Z"); // 15 of 30 days left

  it("credits the unused time of removed seats to the account, never as cash", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 10 }),
      change: { seats: 8, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.lines.map((line) => [line.kind, line.amount])).toEqual([["seats_removed", -4000]]);
    expect(plan.total).toBe(-4000);
    expect(plan.next.accountCredit).toBe(4000);
    expect(plan.creditGrant).toBe(0);
  });

  it("applies account credit before charging", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 10, accountCredit: 1500 }),
      change: { seats: 11, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.subtotal).toBe(2000);
    expect(plan.creditApplied).toBe(1500);
    expect(plan.total).toBe(500);
    expect(plan.next.accountCredit).toBe(0);
  });

  it("bills added credit blocks now and grants their credits at once", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 10, additionalCreditBlocks: 2 }),
      change: { seats: 10, additionalCreditBlocks: 5, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ["credit_blocks_added", 3, 1500],
    ]);
    expect(plan.creditGrant).toBe(3000);
    expect(plan.next.additionalCreditBlocks).toBe(5);
    expect(plan.recurring.total).toBe(10 * 4000 + 5 * 1000);
  });

  it("schedules a decrease of credit blocks for the next reset, without refund", () => {
    const state = subscriptionState({ seats: 10, additionalCreditBlocks: 5 });
    const plan = planChange({
      state,
      change: { seats: 10, additionalCreditBlocks: 2, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.lines).toEqual([]);
    expect(plan.changed).toBe(true);
    expect(plan.next.additionalCreditBlocks).toBe(5);
    expect(plan.next.scheduledCreditBlocks).toBe(2);
    expect(plan.recurring.total).toBe(10 * 4000 + 2 * 1000);
    const cancelled = planChange({
      state: { ...state, scheduledCreditBlocks: 2 },
      change: { seats: 10, additionalCreditBlocks: 5, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(cancelled.changed).toBe(true);
    expect(cancelled.next.scheduledCreditBlocks).toBeNull();
    expect(cancelled.lines).toEqual([]);
  });

  it("puts several changes in one invoice", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 10, additionalCreditBlocks: 1 }),
      change: { seats: 12, additionalCreditBlocks: 3, interval: "year" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.lines.map((line) => [line.kind, line.amount])).toEqual([
      ["seats_unused", -20000],
      ["credit_blocks_unused", -500],
      ["seats_period", 12 * 38400],
      ["credit_blocks_period", 3 * 9600],
    ]);
    expect(plan.total).toBe(12 * 38400 + 3 * 9600 - 20500);
    expect(plan.savings).toBe(12 * (12 * 4000 + 3 * 1000) - (12 * 38400 + 3 * 9600));
  });

  it("reports no change when the desired state is the current one", () => {
    const plan = planChange({
      state: subscriptionState(),
      change: { seats: 10, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.changed).toBe(false);
    expect(plan.lines).toEqual([]);
    expect(plan.total).toBe(0);
  });

  it("refuses values outside the catalog limits", () => {
    const plan = planChange({
      state: subscriptionState(),
      change: { seats: 501, additionalCreditBlocks: 101, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.violations.map((violation) => violation.code)).toEqual([
      "seats_out_of_range",
      "credit_blocks_out_of_range",
    ]);
  });

  it("prices JPY with zero decimals", () => {
    const plan = planChange({
      state: subscriptionState({ currency: "JPY", seats: 1 }),
      change: { seats: 2, additionalCreditBlocks: 0, interval: "month" },
      catalog: catalogWith({ currency: "JPY", seatMonth: 6001, seatYear: 57600 }),
      now,
    });
    expect(plan.total).toBe(3001); // 6001 / 2 = 3000.5, half away from zero
    expect(plan.currency).toBe("JPY");
  });
});

describe("planChange: properties", () => {
  const start = new Date("2026-01-31T00:00:00Z").getTime();
  const arbitraryCase = fc.record({
    seats: fc.integer({ min: 1, max: 500 }),
    added: fc.integer({ min: 1, max: 499 }),
    secondsIn: fc.integer({ min: 0, max: 28 * 86400 - 1 }),
    seatMonth: fc.integer({ min: 0, max: 10_000_000 }),
    interval: fc.constantFrom("month" as const, "year" as const),
  });

  it("charges added seats never more than their full-period price, always whole minor units", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ seats, added, secondsIn, seatMonth, interval }) => {
        const target = Math.min(500, seats + added);
        fc.pre(target > seats);
        const periodEnd = interval === "month" ? "2026-02-28T00:00:00Z" : "2027-01-31T00:00:00Z";
        const catalog = catalogWith({ seatMonth, seatYear: seatMonth * 10 });
        const plan = planChange({
          state: subscriptionState({
            seats,
            interval,
            periodStart: new Date(start),
            periodEnd: new Date(periodEnd),
          }),
          change: { seats: target, additionalCreditBlocks: 0, interval },
          catalog,
          now: new Date(start + secondsIn * 1000),
        });
        const unit = interval === "month" ? seatMonth : seatMonth * 10;
        for (const line of plan.lines) expect(Number.isSafeInteger(line.amount)).toBe(true);
        expect(plan.total).toBeGreaterThanOrEqual(0);
        expect(plan.total).toBeLessThanOrEqual(unit * (target - seats));
      }),
    );
  });

  it("adding n seats and removing them at the same instant nets to zero within a minor unit per line", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ seats, added, secondsIn, seatMonth }) => {
        const target = Math.min(500, seats + added);
        fc.pre(target > seats);
        const catalog = catalogWith({ seatMonth, seatYear: seatMonth * 10 });
        const now = new Date(start + secondsIn * 1000);
        const base = subscriptionState({
          seats,
          periodStart: new Date(start),
          periodEnd: new Date("2026-02-28T00:00:00Z"),
        });
        const up = planChange({
          state: base,
          change: { seats: target, additionalCreditBlocks: 0, interval: "month" },
          catalog,
          now,
        });
        const down = planChange({
          state: { ...base, seats: target, accountCredit: 0 },
          change: { seats, additionalCreditBlocks: 0, interval: "month" },
          catalog,
          now,
        });
        expect(Math.abs(up.subtotal + down.subtotal)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("keeps money conserved: account credit moves exactly by what the invoice credits or uses", () => {
    fc.assert(
      fc.property(
        arbitraryCase,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 500 }),
        ({ seats, secondsIn, seatMonth, interval }, accountCredit, target) => {
          const catalog = catalogWith({ seatMonth, seatYear: seatMonth * 10 });
          const plan = planChange({
            state: subscriptionState({
              seats,
              accountCredit,
              periodStart: new Date(start),
              periodEnd: new Date("2026-02-28T00:00:00Z"),
            }),
            change: { seats: target, additionalCreditBlocks: 0, interval },
            catalog,
            now: new Date(start + secondsIn * 1000),
          });
          expect(plan.total).toBe(plan.subtotal - plan.creditApplied);
          expect(plan.next.accountCredit).toBe(accountCredit - plan.creditApplied + Math.max(0, -plan.total));
          expect(plan.next.accountCredit).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
