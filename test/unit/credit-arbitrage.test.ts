import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { creditCycleContaining } from "../../src/core/credits.js";
import type { Interval } from "../../src/core/period.js";
import { nthPeriod } from "../../src/core/period.js";
import { creditCyclesLeft, planChange, type SubscriptionState } from "../../src/core/plan-change.js";
import { catalogWith } from "./builders.js";

/**
 * The point of the money rules (SPEC §3, issue 12): whatever a customer saves, in whatever order,
 * at whatever instant of a period, the credits granted never exceed what was paid for them at
 * catalog prices, and no save lowers what was already charged. Saves happen within one credit
 * cycle of one billing period; the credits counted are those granted now plus, for units added,
 * the full allocations of the later cycles of the period that they were paid for.
 */

const arbitrarySubscription = fc.record({
  interval: fc.constantFrom<Interval>("month", "year"),
  anchor: fc.date({
    min: new Date("2024-01-01T00:00:00Z"),
    max: new Date("2030-12-31T00:00:00Z"),
    noInvalidDate: true,
  }),
  periodIndex: fc.integer({ min: 0, max: 3 }),
  cycleIndex: fc.integer({ min: 0, max: 11 }),
  seats: fc.integer({ min: 1, max: 60 }),
  blocks: fc.integer({ min: 0, max: 20 }),
  activeShare: fc.integer({ min: 0, max: 100 }),
  accountCredit: fc.integer({ min: 0, max: 50_000 }),
  seatMonth: fc.integer({ min: 1, max: 100_000 }),
  seatYear: fc.integer({ min: 1, max: 1_000_000 }),
  blockMonth: fc.integer({ min: 1, max: 50_000 }),
  blockYear: fc.integer({ min: 1, max: 500_000 }),
});

const arbitrarySaves = fc.array(
  fc.record({
    // Fractions of the cycle's length, in millionths: saves move forward in time within the cycle,
    // the first and the last second of it included.
    at: fc.oneof(fc.constant(0), fc.constant(1_000_000), fc.integer({ min: 0, max: 1_000_000 })),
    seats: fc.oneof(fc.integer({ min: 1, max: 160 }), fc.constant(-1)),
    blocks: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(-1)),
    spend: fc.integer({ min: 0, max: 100 }),
  }),
  { minLength: 1, maxLength: 12 },
);

type Sub = typeof arbitrarySubscription extends fc.Arbitrary<infer T> ? T : never;
type Saves = typeof arbitrarySaves extends fc.Arbitrary<infer T> ? T : never;

interface Outcome {
  paid: bigint;
  lines: number;
  seatCredits: bigint;
  blockCredits: bigint;
  seatsAdded: number;
  blocksAdded: number;
  cyclesAfter: number;
  balance: number;
  steps: {
    subtotal: number;
    negativeLines: number;
    accountCreditBefore: number;
    accountCreditAfter: number;
  }[];
}

function replay(sub: Sub, saves: Saves) {
  const catalog = catalogWith({
    seatMonth: sub.seatMonth,
    seatYear: sub.seatYear,
    blockMonth: sub.blockMonth,
    blockYear: sub.blockYear,
  });
  const anchor = new Date(Math.floor(sub.anchor.getTime() / 1000) * 1000);
  const period = nthPeriod(anchor, sub.interval, sub.periodIndex);
  const cycle =
    sub.interval === "month"
      ? period
      : creditCycleContaining(
          anchor,
          nthPeriod(anchor, "month", sub.periodIndex * 12 + sub.cycleIndex).start,
        );
  let state: SubscriptionState = {
    currency: "USD",
    seats: sub.seats,
    additionalCreditBlocks: sub.blocks,
    scheduled: null,
    interval: sub.interval,
    anchorAt: anchor,
    periodStart: period.start,
    periodEnd: period.end,
    accountCredit: sub.accountCredit,
    activeUsers: Math.max(1, Math.floor((sub.seats * sub.activeShare) / 100)),
  };
  const start = cycle.start.getTime() / 1000;
  const length = cycle.end.getTime() / 1000 - start;
  const instants = saves
    .map((save) => start + Math.min(length - 1, Math.floor((length * save.at) / 1_000_000)))
    .sort((a, b) => a - b);
  const outcome: Outcome = {
    paid: 0n,
    lines: 0,
    seatCredits: 0n,
    blockCredits: 0n,
    seatsAdded: 0,
    blocksAdded: 0,
    cyclesAfter: creditCyclesLeft(anchor, period.end, cycle.start) - 1,
    balance: 0,
    steps: [],
  };
  saves.forEach((save, index) => {
    const plan = planChange({
      state,
      change: {
        seats: save.seats === -1 ? sub.seats : save.seats,
        additionalCreditBlocks: save.blocks === -1 ? sub.blocks : save.blocks,
        interval: state.interval,
      },
      catalog,
      now: new Date((instants[index] as number) * 1000),
    });
    outcome.steps.push({
      subtotal: plan.subtotal,
      negativeLines: plan.lines.filter((line) => line.amount < 0).length,
      accountCreditBefore: state.accountCredit,
      accountCreditAfter: plan.next.accountCredit,
    });
    if (plan.violations.length > 0) return;
    outcome.paid += BigInt(plan.subtotal);
    outcome.lines += plan.lines.length;
    outcome.seatCredits += BigInt(plan.grants.seats);
    outcome.blockCredits += BigInt(plan.grants.blocks);
    outcome.balance += plan.creditGrant;
    // Spends take what the customer can: the credits are gone whatever the saves do next.
    outcome.balance -= Math.floor((outcome.balance * save.spend) / 100);
    state = { ...state, ...plan.next };
  });
  outcome.seatsAdded = state.seats - sub.seats;
  outcome.blocksAdded = state.additionalCreditBlocks - sub.blocks;
  return { outcome, catalog, state };
}

describe("money rules: no credit arbitrage (properties)", () => {
  it("credits granted within a period never exceed what was paid for them at catalog prices", () => {
    fc.assert(
      fc.property(arbitrarySubscription, arbitrarySaves, (sub, saves) => {
        const { outcome, catalog } = replay(sub, saves);
        const cps = BigInt(catalog.creditsPerSeat);
        const cpb = BigInt(catalog.creditsPerBlock);
        const yearly = sub.interval === "year";
        const seatPrice = BigInt(yearly ? sub.seatYear : sub.seatMonth);
        const blockPrice = BigInt(yearly ? sub.blockYear : sub.blockMonth);
        const perPeriod = yearly ? 12n : 1n;
        // Everything scaled by D = 2 × 12 × cps × cpb × 365 to stay in integers.
        const scale = 2n * 12n * cps * cpb * 365n;
        const later = BigInt(outcome.cyclesAfter);
        const seatCredits = outcome.seatCredits + BigInt(outcome.seatsAdded) * cps * later;
        const blockCredits = outcome.blockCredits + BigInt(outcome.blocksAdded) * cpb * later;
        // A credit of a seat is worth seatPrice / creditsPerSeat for one credit cycle's share.
        const value =
          seatCredits * seatPrice * ((2n * 12n) / perPeriod) * cpb * 365n +
          blockCredits * blockPrice * ((2n * 12n) / perPeriod) * cps * 365n;
        // Rounding: half a minor unit per line. Yearly: a seat's cycle is 1/12 of the year, its
        // price runs by the second, so short months hold up to 5 days' worth of the year.
        const rounding = BigInt(outcome.lines) * (scale / 2n);
        const calendar = yearly
          ? BigInt(Math.max(0, outcome.seatsAdded)) * seatPrice * 5n * 2n * 12n * cps * cpb
          : 0n;
        expect(value).toBeLessThanOrEqual(outcome.paid * scale + rounding + calendar);
        expect(outcome.balance).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });

  it("no save within a period lowers what was already charged: no refund, no account credit", () => {
    fc.assert(
      fc.property(arbitrarySubscription, arbitrarySaves, (sub, saves) => {
        const { outcome } = replay(sub, saves);
        for (const step of outcome.steps) {
          expect(step.subtotal).toBeGreaterThanOrEqual(0);
          expect(step.negativeLines).toBe(0);
          expect(step.accountCreditAfter).toBeLessThanOrEqual(step.accountCreditBefore);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("adding 100 seats, spending and lowering them at one instant costs what the credits are worth", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Interval>("month", "year"),
        fc.integer({ min: 0, max: 30 * 86400 - 1 }),
        (interval, secondsIn) => {
          const catalog = catalogWith({ seatMonth: 4000, seatYear: 38400 });
          const periodStart = new Date("2027-03-01T00:00:00Z");
          const period = nthPeriod(periodStart, interval, 0);
          const state: SubscriptionState = {
            currency: "USD",
            seats: 1,
            additionalCreditBlocks: 0,
            scheduled: null,
            interval,
            anchorAt: periodStart,
            periodStart: period.start,
            periodEnd: period.end,
            accountCredit: 0,
            activeUsers: 1,
          };
          const now = new Date(periodStart.getTime() + Math.min(secondsIn, 31 * 86400 - 1) * 1000);
          const up = planChange({
            state,
            change: { seats: 101, additionalCreditBlocks: 0, interval },
            catalog,
            now,
          });
          const down = planChange({
            state: { ...state, ...up.next },
            change: { seats: 1, additionalCreditBlocks: 0, interval },
            catalog,
            now,
          });
          expect(down.lines).toEqual([]);
          expect(down.next.accountCredit).toBe(0);
          const back = planChange({
            state: { ...state, ...down.next },
            change: { seats: 101, additionalCreditBlocks: 0, interval },
            catalog,
            now,
          });
          expect(back.lines).toEqual([]);
          expect(back.creditGrant).toBe(0);
          // 1,000 credits of a monthly seat are worth 4000; of a yearly seat, 38400 / 12 = 3200.
          const perCredit = interval === "month" ? 4 : 3.2;
          expect(up.creditGrant * perCredit).toBeLessThanOrEqual(up.total + 0.5);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
