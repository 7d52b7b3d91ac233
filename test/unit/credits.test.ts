import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateBatch,
  crossedThresholds,
  type RecordedSpend,
  type SpendEvent,
} from "../../src/core/credits.js";

/** The reference: events one by one against a balance, each id once. */
function sequential(
  balance: number,
  events: readonly SpendEvent[],
  recorded: ReadonlyMap<string, RecordedSpend>,
) {
  const seen = new Set(recorded.keys());
  const accepted: string[] = [];
  for (const event of events) {
    if (seen.has(event.eventId) || event.credits > balance) continue;
    seen.add(event.eventId);
    balance -= event.credits;
    accepted.push(event.eventId);
  }
  return { balance, accepted };
}

const events = fc.array(
  fc.record({
    eventId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
    feature: fc.constantFrom("call_analysis", "customer_insights"),
    credits: fc.integer({ min: 1, max: 60 }),
  }),
  { maxLength: 40 },
);

describe("allocateBatch", () => {
  it("decides a batch exactly as one-by-one spends would, and never goes below zero", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        events,
        fc.subarray(["a", "b", "c"]),
        (balance, batch, old) => {
          const recorded = new Map(
            old.map((eventId) => [
              eventId,
              { eventId, feature: "call_analysis", credits: 5, balanceAfter: 1 },
            ]),
          );
          const result = allocateBatch({ balance, events: batch, recorded });
          const reference = sequential(balance, batch, recorded);
          expect(result.balanceAfter).toBe(reference.balance);
          expect(result.spent).toBe(balance - reference.balance);
          expect(
            result.outcomes.filter((outcome) => outcome.status === "spent").map((outcome) => outcome.eventId),
          ).toEqual(reference.accepted);
          expect(result.outcomes).toHaveLength(batch.length);
          for (const outcome of result.outcomes) {
            if (outcome.status === "spent") expect(outcome.balanceAfter).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it("answers a repeated id with the first result, inside the batch and across batches", () => {
    const recorded = new Map([
      ["old", { eventId: "old", feature: "call_analysis", credits: 7, balanceAfter: 93 }],
    ]);
    const result = allocateBatch({
      balance: 100,
      recorded,
      events: [
        { eventId: "old", feature: "call_analysis", credits: 50 },
        { eventId: "new", feature: "customer_insights", credits: 30 },
        { eventId: "new", feature: "customer_insights", credits: 99 },
      ],
    });
    expect(result.outcomes).toEqual([
      { eventId: "old", status: "duplicate", first: recorded.get("old") },
      { eventId: "new", status: "spent", credits: 30, feature: "customer_insights", balanceAfter: 70 },
      {
        eventId: "new",
        status: "duplicate",
        first: { eventId: "new", feature: "customer_insights", credits: 30, balanceAfter: 70 },
      },
    ]);
    expect(result.spent).toBe(30);
  });
});

describe("crossedThresholds", () => {
  it("notes 80% and 100% when a spend crosses them", () => {
    expect(crossedThresholds({ allocation: 1000, usedBefore: 799, usedAfter: 800 })).toEqual([80]);
    expect(crossedThresholds({ allocation: 1000, usedBefore: 800, usedAfter: 999 })).toEqual([]);
    expect(crossedThresholds({ allocation: 1000, usedBefore: 999, usedAfter: 1000 })).toEqual([100]);
    expect(crossedThresholds({ allocation: 1000, usedBefore: 0, usedAfter: 1000 })).toEqual([80, 100]);
    expect(crossedThresholds({ allocation: 0, usedBefore: 0, usedAfter: 0 })).toEqual([]);
  });

  it("compares exactly: 800 of 1,001 credits is below 80%", () => {
    expect(crossedThresholds({ allocation: 1001, usedBefore: 0, usedAfter: 800 })).toEqual([]);
    expect(crossedThresholds({ allocation: 1001, usedBefore: 0, usedAfter: 801 })).toEqual([80]);
  });

  it("notes each threshold at most once over any sequence of spends", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 3000 })),
        (allocation, spends) => {
          let used = 0;
          const noted: number[] = [];
          for (const spend of spends) {
            const after = Math.min(allocation, used + spend);
            noted.push(...crossedThresholds({ allocation, usedBefore: used, usedAfter: after }));
            used = after;
          }
          expect(new Set(noted).size).toBe(noted.length);
          expect(noted.includes(100)).toBe(used === allocation);
          expect(noted.includes(80)).toBe(used * 100 >= 80 * allocation);
        },
      ),
    );
  });
});
