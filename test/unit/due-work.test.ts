import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BillingState,
  type CreditCycleState,
  nextDueAt,
  nextRenewal,
  planDueWork,
} from "../../src/core/due-work.js";
import { nthPeriod } from "../../src/core/period.js";
import { defaultCatalog } from "./builders.js";

function billing(overrides: Partial<BillingState> = {}): BillingState {
  const anchorAt = overrides.anchorAt ?? new Date("2026-06-01T00:00:00Z");
  const interval = overrides.interval ?? "month";
  const period = nthPeriod(anchorAt, interval, 0);
  return {
    currency: "USD",
    seats: 2,
    additionalCreditBlocks: 1,
    scheduled: null,
    activeUsers: 1,
    interval,
    anchorAt,
    periodStart: period.start,
    periodEnd: period.end,
    accountCredit: 0,
    ...overrides,
  };
}

function firstCycle(state: BillingState, balance = 3000): CreditCycleState {
  const cycle = nthPeriod(state.anchorAt, "month", 0);
  return { start: cycle.start, end: cycle.end, allocation: 3000, balance };
}

const iso = (date: Date) => date.toISOString();

describe("planDueWork", () => {
  it("renews a monthly subscription 3 times with a reset before each renewal", () => {
    const state = billing();
    const plan = planDueWork({
      state,
      cycle: firstCycle(state, 1200),
      catalog: defaultCatalog,
      now: new Date("2026-09-01T00:00:00Z"),
    });
    expect(plan.steps.map((step) => [step.kind, iso(step.at)])).toEqual([
      ["credit_reset", "2026-07-01T00:00:00.000Z"],
      ["renewal", "2026-07-01T00:00:00.000Z"],
      ["credit_reset", "2026-08-01T00:00:00.000Z"],
      ["renewal", "2026-08-01T00:00:00.000Z"],
      ["credit_reset", "2026-09-01T00:00:00.000Z"],
      ["renewal", "2026-09-01T00:00:00.000Z"],
    ]);
    const [firstReset] = plan.steps;
    expect(firstReset).toMatchObject({ kind: "credit_reset", expired: 1200, allocation: 3000 });
    expect(plan.steps[2]).toMatchObject({ kind: "credit_reset", expired: 3000 });
    const renewal = plan.steps[1];
    if (renewal?.kind !== "renewal") throw new Error("expected a renewal");
    expect(renewal.lines.map((line) => [line.kind, line.quantity, line.amount])).toEqual([
      ["seats_period", 2, 8000],
      ["credit_blocks_period", 1, 1000],
    ]);
    expect(iso(plan.state.periodEnd)).toBe("2026-10-01T00:00:00.000Z");
    expect(iso(plan.cycle.end)).toBe("2026-10-01T00:00:00.000Z");
    expect(plan.more).toBe(false);
  });

  it("resets an annual subscription's credits monthly and renews it only at the year's end", () => {
    const state = billing({ interval: "year" });
    const plan = planDueWork({
      state,
      cycle: firstCycle(state),
      catalog: defaultCatalog,
      now: new Date("2026-09-15T00:00:00Z"),
    });
    expect(plan.steps.map((step) => step.kind)).toEqual(["credit_reset", "credit_reset", "credit_reset"]);
    const year = planDueWork({
      state,
      cycle: firstCycle(state),
      catalog: defaultCatalog,
      now: new Date("2027-06-01T00:00:00Z"),
    });
    expect(year.steps.filter((step) => step.kind === "credit_reset")).toHaveLength(12);
    expect(year.steps.at(-1)).toMatchObject({ kind: "renewal", settlement: { total: 2 * 38400 + 9600 } });
  });

  it("follows a Jan 31 anchor: Feb 28 (29 in leap years), then Mar 31", () => {
    for (const [year, february] of [
      [2027, "2027-02-28"],
      [2028, "2028-02-29"],
    ] as const) {
      const state = billing({ anchorAt: new Date(`${year}-01-31T10:00:00Z`) });
      const plan = planDueWork({
        state,
        cycle: firstCycle(state),
        catalog: defaultCatalog,
        now: new Date(`${year}-04-01T00:00:00Z`),
      });
      expect(plan.steps.filter((step) => step.kind === "renewal").map((step) => iso(step.at))).toEqual([
        `${february}T10:00:00.000Z`,
        `${year}-03-31T10:00:00.000Z`,
      ]);
    }
  });

  it("applies a scheduled decrease at the renewal, before the reset, and bills the new counts with account credit", () => {
    const scheduled = {
      id: "s1",
      seats: 1,
      additionalCreditBlocks: 1,
      interval: "month" as const,
      effectiveAt: new Date("2026-07-01T00:00:00Z"),
    };
    const state = billing({ seats: 2, additionalCreditBlocks: 5, scheduled, accountCredit: 2500 });
    const early = planDueWork({
      state,
      cycle: firstCycle(state),
      catalog: defaultCatalog,
      now: new Date("2026-06-30T23:59:59Z"),
    });
    expect(early.steps).toEqual([]);
    const plan = planDueWork({
      state,
      cycle: firstCycle(state),
      catalog: defaultCatalog,
      now: new Date("2026-08-01T00:00:00Z"),
    });
    expect(plan.steps[0]).toMatchObject({
      kind: "credit_reset",
      creditBlocksBefore: 5,
      creditBlocksAfter: 1,
      allocation: 2000,
    });
    expect(plan.steps[1]).toMatchObject({
      kind: "renewal",
      applied: { scheduled, seats: 1, additionalCreditBlocks: 1, keptForActiveUsers: null },
      settlement: { subtotal: 5000, creditApplied: 2500, total: 2500, accountCreditAfter: 0 },
    });
    // Applied exactly once: the next renewal applies nothing.
    expect(plan.steps[3]).toMatchObject({ kind: "renewal", applied: null });
    expect(plan.state).toMatchObject({
      seats: 1,
      additionalCreditBlocks: 1,
      scheduled: null,
      accountCredit: 0,
    });
  });

  it("keeps a seat per active user when more are active than the scheduled seats", () => {
    const scheduled = {
      seats: 3,
      additionalCreditBlocks: 0,
      interval: "month" as const,
      effectiveAt: new Date("2026-07-01T00:00:00Z"),
    };
    const state = billing({ seats: 10, additionalCreditBlocks: 0, scheduled, activeUsers: 5 });
    const plan = planDueWork({
      state,
      cycle: firstCycle(state),
      catalog: defaultCatalog,
      now: new Date("2026-07-01T00:00:00Z"),
    });
    expect(plan.steps[1]).toMatchObject({
      kind: "renewal",
      applied: { seats: 5, keptForActiveUsers: { activeUsers: 5, scheduledSeats: 3 } },
      settlement: { subtotal: 20000 },
    });
    expect(plan.steps[0]).toMatchObject({ kind: "credit_reset", allocation: 5000 });
  });

  it("a yearly subscription keeps its seats and blocks through the monthly resets until the renewal", () => {
    const scheduled = {
      seats: 1,
      additionalCreditBlocks: 0,
      interval: "year" as const,
      effectiveAt: new Date("2027-06-01T00:00:00Z"),
    };
    const state = billing({ interval: "year", seats: 2, additionalCreditBlocks: 1, scheduled });
    const plan = planDueWork({
      state,
      cycle: firstCycle(state),
      catalog: defaultCatalog,
      now: new Date("2027-06-01T00:00:00Z"),
    });
    const resets = plan.steps.filter((step) => step.kind === "credit_reset");
    expect(resets.slice(0, 11).every((step) => step.allocation === 3000)).toBe(true);
    expect(resets[11]).toMatchObject({ allocation: 1000 });
    expect(plan.steps.at(-1)).toMatchObject({ kind: "renewal", settlement: { total: 38400 } });
  });

  it("does nothing before anything is due", () => {
    const state = billing();
    const plan = planDueWork({
      state,
      cycle: firstCycle(state),
      catalog: defaultCatalog,
      now: new Date("2026-06-30T23:59:59Z"),
    });
    expect(plan.steps).toEqual([]);
  });

  it("catches up period by period, each exactly once, whether in one plan or in slices", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2030-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("month" as const, "year" as const),
        fc.integer({ min: 0, max: 3 * 366 * 24 * 3600 }),
        fc.integer({ min: 2, max: 9 }),
        (anchor, interval, secondsLater, maxSteps) => {
          const anchorAt = new Date(Math.floor(anchor.getTime() / 1000) * 1000);
          const state = billing({ anchorAt, interval });
          const cycle = firstCycle(state);
          const now = new Date(anchorAt.getTime() + secondsLater * 1000);
          const whole = planDueWork({ state, cycle, catalog: defaultCatalog, now, maxSteps: 10_000 });
          // Steps are in time order, every monthly boundary up to now is reset once, every period renewed once.
          const times = whole.steps.map((step) => step.at.getTime());
          expect(times).toEqual([...times].sort((a, b) => a - b));
          const resets = whole.steps
            .filter((step) => step.kind === "credit_reset")
            .map((step) => step.at.getTime());
          const expectedResets: number[] = [];
          for (let index = 1; nthPeriod(anchorAt, "month", index).start.getTime() <= now.getTime(); index++) {
            expectedResets.push(nthPeriod(anchorAt, "month", index).start.getTime());
          }
          expect(resets).toEqual(expectedResets);
          const renewals = whole.steps
            .filter((step) => step.kind === "renewal")
            .map((step) => step.at.getTime());
          const expectedRenewals: number[] = [];
          for (
            let index = 1;
            nthPeriod(anchorAt, interval, index).start.getTime() <= now.getTime();
            index++
          ) {
            expectedRenewals.push(nthPeriod(anchorAt, interval, index).start.getTime());
          }
          expect(renewals).toEqual(expectedRenewals);
          expect(nextDueAt(whole.state, whole.cycle).getTime()).toBeGreaterThan(now.getTime());
          // The same work in slices of at most maxSteps ends in the same place.
          let sliced = { state, cycle };
          let count = 0;
          for (let round = 0; round < 1000; round++) {
            const part = planDueWork({ ...sliced, catalog: defaultCatalog, now, maxSteps });
            count += part.steps.length;
            sliced = { state: part.state, cycle: part.cycle };
            if (!part.more) break;
          }
          expect(count).toBe(whole.steps.length);
          expect(sliced).toEqual({ state: whole.state, cycle: whole.cycle });
        },
      ),
    );
  });

  it("applies a scheduled change exactly once, at its renewal and never before, keeping a seat per active user", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2030-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("month" as const, "year" as const),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 2 * 366 * 24 * 3600 }),
        fc.integer({ min: 2, max: 9 }),
        (anchor, interval, scheduledSeats, scheduledBlocks, activeUsers, secondsLater, maxSteps) => {
          const anchorAt = new Date(Math.floor(anchor.getTime() / 1000) * 1000);
          const base = billing({ anchorAt, interval, seats: 20, additionalCreditBlocks: 5, activeUsers });
          const state = {
            ...base,
            scheduled: {
              id: "s1",
              seats: scheduledSeats,
              additionalCreditBlocks: scheduledBlocks,
              interval,
              effectiveAt: base.periodEnd,
            },
          };
          const now = new Date(anchorAt.getTime() + secondsLater * 1000);
          // In slices, as batches run it: the change is applied once in all of them together.
          let sliced = { state: state as BillingState, cycle: firstCycle(state) };
          const applied: { at: number; seats: number }[] = [];
          for (let round = 0; round < 1000; round++) {
            const part = planDueWork({ ...sliced, catalog: defaultCatalog, now, maxSteps });
            for (const step of part.steps) {
              if (step.kind === "renewal" && step.applied)
                applied.push({ at: step.at.getTime(), seats: step.applied.seats });
              if (step.kind === "credit_reset" && step.at.getTime() < base.periodEnd.getTime()) {
                expect(step.allocation).toBe(20 * 1000 + 5 * 1000);
              }
            }
            sliced = { state: part.state, cycle: part.cycle };
            if (!part.more) break;
          }
          if (now.getTime() < base.periodEnd.getTime()) {
            expect(applied).toEqual([]);
            expect(sliced.state.scheduled).not.toBeNull();
          } else {
            expect(applied).toEqual([
              { at: base.periodEnd.getTime(), seats: Math.max(scheduledSeats, activeUsers) },
            ]);
            expect(sliced.state).toMatchObject({
              seats: Math.max(scheduledSeats, activeUsers),
              additionalCreditBlocks: scheduledBlocks,
              scheduled: null,
            });
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("nextRenewal (the Billing page's next invoice)", () => {
  it("is the renewal planDueWork runs at the period's end: scheduled change, seats kept per active user, interval, account credit", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2030-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("month" as const, "year" as const),
        fc.option(
          fc.record({
            seats: fc.integer({ min: 1, max: 20 }),
            additionalCreditBlocks: fc.integer({ min: 0, max: 5 }),
            interval: fc.constantFrom("month" as const, "year" as const),
          }),
        ),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 500_000 }),
        (anchor, interval, scheduled, activeUsers, accountCredit) => {
          const anchorAt = new Date(Math.floor(anchor.getTime() / 1000) * 1000);
          const base = billing({
            anchorAt,
            interval,
            seats: 25,
            additionalCreditBlocks: 5,
            activeUsers,
            accountCredit,
          });
          const state: BillingState = {
            ...base,
            scheduled: scheduled && { id: "s1", ...scheduled, effectiveAt: base.periodEnd },
          };
          const plan = planDueWork({
            state,
            cycle: firstCycle(state),
            catalog: defaultCatalog,
            now: state.periodEnd,
          });
          const renewal = plan.steps.find((step) => step.kind === "renewal");
          expect(nextRenewal(defaultCatalog, state)).toEqual(renewal);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("bills a seat per active user when more are active than the scheduled decrease leaves", () => {
    const state = billing({
      seats: 10,
      activeUsers: 7,
      scheduled: {
        id: "s1",
        seats: 4,
        additionalCreditBlocks: 0,
        interval: "month",
        effectiveAt: billing().periodEnd,
      },
    });
    const renewal = nextRenewal(defaultCatalog, state);
    expect(renewal.applied?.keptForActiveUsers).toEqual({ activeUsers: 7, scheduledSeats: 4 });
    expect(renewal.lines[0]).toMatchObject({ quantity: 7 });
  });
});
