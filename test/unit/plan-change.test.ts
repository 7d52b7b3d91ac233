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
    // The seat's credits for this cycle, prorated the same way: 15 of 30 days.
    expect(plan.creditGrant).toBe(500);
    expect(plan.grants).toEqual({ seats: 500, blocks: 0 });
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

  const march2027 = subscriptionState({
    seats: 10,
    activeUsers: 8,
    periodStart: new Date("2027-03-01T00:00:00Z"),
    periodEnd: new Date("2027-04-01T00:00:00Z"),
  });

  it("example 5: 2 seats added on 2027-03-11 cost 5419 now and grant 1354 credits now", () => {
    const plan = planChange({
      state: march2027,
      change: { seats: 12, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now: new Date("2027-03-11T00:00:00Z"),
    });
    expect(plan.violations).toEqual([]);
    expect(plan.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ["seats_added", 2, 5419],
    ]);
    expect(plan.total).toBe(5419);
    expect(plan.creditGrant).toBe(1354);
    expect(plan.next.seats).toBe(12);
    expect(plan.next.scheduled).toBeNull();
  });

  it("example 6: 9 seats on 2027-03-11 charge nothing and schedule 9 seats for 2027-04-01", () => {
    const plan = planChange({
      state: march2027,
      change: { seats: 9, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now: new Date("2027-03-11T00:00:00Z"),
    });
    expect(plan.violations).toEqual([]);
    expect(plan.lines).toEqual([]);
    expect(plan.total).toBe(0);
    expect(plan.creditGrant).toBe(0);
    expect(plan.changed).toBe(true);
    expect(plan.scheduleAction).toBe("scheduled");
    expect(plan.next.seats).toBe(10);
    expect(plan.next.accountCredit).toBe(0);
    expect(plan.next.scheduled).toEqual({
      seats: 9,
      additionalCreditBlocks: 0,
      interval: "month",
      effectiveAt: new Date("2027-04-01T00:00:00Z"),
    });
    expect(plan.scheduledRecurringTotal).toBe(36000);
    expect(plan.recurring.total).toBe(36000);
  });

  it("example 7: 3 blocks monthly cost 3000 and grant 3,000 credits; 1 block yearly with 7 cycles left costs 5600", () => {
    const monthly = planChange({
      state: subscriptionState({ seats: 10 }),
      change: { seats: 10, additionalCreditBlocks: 3, interval: "month" },
      catalog: defaultCatalog,
      now: new Date("2026-06-20T13:14:15Z"),
    });
    expect(monthly.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ["credit_blocks_added", 3, 3000],
    ]);
    expect(monthly.total).toBe(3000);
    expect(monthly.creditGrant).toBe(3000);
    // Yearly from 2026-01-01: on 2026-06-10 the June cycle is the 6th, 7 are left with it.
    const yearly = planChange({
      state: subscriptionState({
        seats: 10,
        interval: "year",
        periodStart: new Date("2026-01-01T00:00:00Z"),
        periodEnd: new Date("2027-01-01T00:00:00Z"),
      }),
      change: { seats: 10, additionalCreditBlocks: 1, interval: "year" },
      catalog: defaultCatalog,
      now: new Date("2026-06-10T00:00:00Z"),
    });
    expect(yearly.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ["credit_blocks_added", 1, 5600],
    ]);
    expect(yearly.total).toBe(5600);
    expect(yearly.creditGrant).toBe(1000);
  });
});

describe("planChange: rules", () => {
  const now = new Date("2026-06-16T00:00:00Z"); // 15 of 30 days left

  it("schedules a seat decrease for the renewal: no line, no refund, no account credit", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 10 }),
      change: { seats: 8, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.lines).toEqual([]);
    expect(plan.total).toBe(0);
    expect(plan.next.accountCredit).toBe(0);
    expect(plan.next.seats).toBe(10);
    expect(plan.next.scheduled).toMatchObject({ seats: 8, effectiveAt: new Date("2026-07-01T00:00:00Z") });
    expect(plan.creditGrant).toBe(0);
  });

  it("a later save replaces the scheduled change, today's values cancel it, raising back grants nothing", () => {
    const scheduled = {
      id: "s1",
      seats: 8,
      additionalCreditBlocks: 0,
      interval: "month" as const,
      effectiveAt: new Date("2026-07-01T00:00:00Z"),
    };
    const state = subscriptionState({ seats: 10, scheduled });
    const replaced = planChange({
      state,
      change: { seats: 9, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(replaced.scheduleAction).toBe("replaced");
    expect(replaced.next.scheduled).toMatchObject({ seats: 9 });
    expect(replaced.next.scheduled?.id).toBeUndefined();
    const same = planChange({
      state,
      change: { seats: 8, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(same.changed).toBe(false);
    expect(same.next.scheduled?.id).toBe("s1");
    const cancelled = planChange({
      state,
      change: { seats: 10, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(cancelled.scheduleAction).toBe("cancelled");
    expect(cancelled.changed).toBe(true);
    expect(cancelled.next.scheduled).toBeNull();
    expect(cancelled.lines).toEqual([]);
    expect(cancelled.creditGrant).toBe(0);
    // Beyond today's seats: only the seats above 10 are charged and granted.
    const beyond = planChange({
      state,
      change: { seats: 11, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(beyond.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ["seats_added", 1, 2000],
    ]);
    expect(beyond.creditGrant).toBe(500);
    expect(beyond.next.scheduled).toBeNull();
  });

  it("lists every rule a change breaks: out of range and below the active users", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 10, activeUsers: 3 }),
      change: { seats: 0, additionalCreditBlocks: 0, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.violations.map((violation) => violation.code)).toEqual([
      "seats_out_of_range",
      "seats_below_active_users",
    ]);
  });

  it("monthly to yearly refuses a decrease in the same save and cancels a scheduled one", () => {
    const scheduled = {
      id: "s1",
      seats: 8,
      additionalCreditBlocks: 0,
      interval: "month" as const,
      effectiveAt: new Date("2026-07-01T00:00:00Z"),
    };
    const state = subscriptionState({ seats: 10, additionalCreditBlocks: 2, scheduled });
    for (const change of [
      { seats: 8, additionalCreditBlocks: 2, interval: "year" as const },
      { seats: 10, additionalCreditBlocks: 1, interval: "year" as const },
    ]) {
      const refused = planChange({ state, change, catalog: defaultCatalog, now });
      expect(refused.violations.map((violation) => violation.code)).toEqual([
        "decrease_with_interval_switch",
      ]);
    }
    const switched = planChange({
      state,
      change: { seats: 10, additionalCreditBlocks: 2, interval: "year" },
      catalog: defaultCatalog,
      now,
    });
    expect(switched.violations).toEqual([]);
    expect(switched.scheduleAction).toBe("cancelled");
    expect(switched.next.scheduled).toBeNull();
    expect(switched.creditGrant).toBe(12_000);
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

  it("bills added credit blocks for the whole cycle and grants their credits at once", () => {
    const plan = planChange({
      state: subscriptionState({ seats: 10, additionalCreditBlocks: 2 }),
      change: { seats: 10, additionalCreditBlocks: 5, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(plan.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ["credit_blocks_added", 3, 3000],
    ]);
    expect(plan.creditGrant).toBe(3000);
    expect(plan.next.additionalCreditBlocks).toBe(5);
    expect(plan.recurring.total).toBe(10 * 4000 + 5 * 1000);
  });

  it("schedules a decrease of credit blocks for the renewal, without refund", () => {
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
    expect(plan.next.scheduled).toMatchObject({ seats: 10, additionalCreditBlocks: 2 });
    expect(plan.recurring.total).toBe(10 * 4000 + 2 * 1000);
    const cancelled = planChange({
      state: { ...state, scheduled: plan.next.scheduled },
      change: { seats: 10, additionalCreditBlocks: 5, interval: "month" },
      catalog: defaultCatalog,
      now,
    });
    expect(cancelled.changed).toBe(true);
    expect(cancelled.next.scheduled).toBeNull();
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
      { numRuns: 1000 },
    );
  });
});
